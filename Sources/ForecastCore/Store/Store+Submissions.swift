import GRDB

/// One file received by the runs for a week, with what became of it: the matter of a receipt.
public struct Submission: Sendable, Equatable {
    /// The store's file id (0 for a file not stored yet).
    public var fileID: Int64 = 0
    public var fileName: String
    public var receivedAt: String
    public var outcome: FileOutcome
    /// The organization the sheet names (first organization cell), if any row was read.
    public var orgName: String?
    /// The first credit code the sheet gives, if any.
    public var creditCode: String?
    /// When the file was received (seconds since 1970), for timeliness.
    public var receivedEpoch: Double
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int
    /// Expected audience of the accepted, non-cancelling rows.
    public var audience: Int
}

extension Store {
    /// Every file taken by the runs for a week, in received order (problems: `forEachProblemGroup`).
    public func submissions(forRunsOf week: ForecastWeek) throws -> [Submission] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.id, f.name, f.received_at, f.received_epoch, f.outcome, f.org_name, f.credit_code,
                       f.rows_read, f.rows_accepted, f.rows_rejected, f.audience
                FROM file f JOIN run r ON r.id = f.run_id
                WHERE r.week = ? ORDER BY f.received_epoch, f.name, f.id
                """, arguments: [week.description]).map { row in
                Submission(fileID: row["id"], fileName: row["name"], receivedAt: row["received_at"],
                           outcome: FileOutcome(rawValue: row["outcome"]) ?? .rejected, orgName: row["org_name"],
                           creditCode: row["credit_code"], receivedEpoch: row["received_epoch"],
                           rowsRead: row["rows_read"], rowsAccepted: row["rows_accepted"], rowsRejected: row["rows_rejected"],
                           audience: row["audience"])
            }
        }
    }

    /// For each organization (by identity), the latest week before `week` with a check.
    public func lastChecked(before week: ForecastWeek) throws -> [String: ForecastWeek] {
        try pool.read { db in
            var out: [String: ForecastWeek] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.org_identity AS org, MAX(a.week) AS week FROM supervision_check c
                JOIN activity a ON a.id = c.activity_id WHERE a.week < ? GROUP BY a.org_identity
                """, arguments: [week.description]) {
                if let w = ForecastWeek.parse(row["week"]) { out[row["org"]] = w }
            }
            return out
        }
    }

    /// Records the outcome of a video spot-check.
    public func recordCheck(activityID: Int64, result: String, checker: String?, note: String?,
                            evidencePath: String?, evidenceSHA256: String?, at time: String) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO supervision_check (activity_id, result, checker, note, evidence_path, evidence_sha256, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [activityID, result, checker, note, evidencePath, evidenceSHA256, time])
        }
    }
}
