import GRDB

/// An input file as recorded in the store.
public struct FileEntry: Sendable {
    public var name: String
    public var sha256: String
    public var size: Int
    public var receivedAt: String
    public var receivedEpoch: Double
    public var format: String?
    public var encoding: String?
    public var outcome: FileOutcome
    public var problemCode: String?
    public var destination: String
}

/// What storing one accepted row did to the activity it belongs to.
public enum VersionChange: String, Sendable {
    case new, revised, duplicate, cancelled
}

/// The writes for one input file, all inside one transaction.
public final class IngestTransaction {
    let db: Database
    let runID: Int64
    public let fileID: Int64
    let file: FileEntry
    let city: String
    /// Identities resolved in this transaction, by name and code as the row gave them: a
    /// sheet names its organization on every row, and this saves two statements per row
    /// (a third of the store's time on a 100k-row inbox). Per transaction, so a rollback
    /// never leaves the cache ahead of the database.
    private var identities: [String: String] = [:]

    init(db: Database, runID: Int64, fileID: Int64, file: FileEntry, city: String) {
        self.db = db
        self.runID = runID
        self.fileID = fileID
        self.file = file
        self.city = city
    }

    /// Stores one accepted row: resolves the organization, finds the activity by its key,
    /// records the version and makes it current when it is the latest received.
    /// Returns the change and whether the key existed before.
    public func store(_ draft: ActivityDraft, row: Int) throws -> (change: VersionChange, existed: Bool) {
        let identity = try resolveIdentity(draft)
        let week = ForecastWeek(containing: draft.date)
        let key = "\(identity)|\(draft.date.iso)|\(TextNormalizer.key(draft.title))"
        let existing = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, withdrawn, comparable, current_received, current_file_name, current_row
            FROM activity WHERE key = ?
            """), arguments: [key])
        let change: VersionChange
        let activityID: Int64
        var makeCurrent = true
        if let existing {
            activityID = existing["id"]
            let withdrawn: Bool = existing["withdrawn"]
            if draft.cancelled {
                change = .cancelled
            } else if !withdrawn && existing["comparable"] == draft.comparable {
                change = .duplicate
            } else {
                change = .revised
            }
            // Later received wins: (received time, file name, row) order.
            let current: (Double, String, Int) = (existing["current_received"], existing["current_file_name"], existing["current_row"])
            makeCurrent = (file.receivedEpoch, file.name, row) > current
        } else {
            change = draft.cancelled ? .cancelled : .new
            try db.cachedStatement(sql: """
                INSERT INTO activity (key, org_identity, org_name, credit_code, title, date, week, category, start, "end",
                    county_code, venue, audience, contact, phone, notes, withdrawn, comparable,
                    current_received, current_file_name, current_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    key, identity, draft.orgName, draft.creditCode, draft.title, draft.date.iso, week.description,
                    draft.category, draft.start?.hhmm, draft.end?.hhmm, draft.countyCode, draft.venue, draft.audience,
                    draft.contact, draft.phone, draft.notes, draft.cancelled, draft.comparable,
                    file.receivedEpoch, file.name, row,
                ])
            activityID = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: """
            INSERT INTO activity_version (activity_id, file_id, row, change, org_name, credit_code, title, category, date,
                start, "end", county_code, venue, audience, contact, phone, notes, cancelled)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                activityID, fileID, row, change.rawValue, draft.orgName, draft.creditCode, draft.title, draft.category,
                draft.date.iso, draft.start?.hhmm, draft.end?.hhmm, draft.countyCode, draft.venue, draft.audience,
                draft.contact, draft.phone, draft.notes, draft.cancelled,
            ])
        let versionID = db.lastInsertedRowID
        if makeCurrent {
            if draft.cancelled {
                // A cancellation withdraws the activity but keeps what it last said.
                try db.cachedStatement(sql: """
                    UPDATE activity SET withdrawn = 1, current_version_id = ?, current_received = ?,
                        current_file_name = ?, current_row = ? WHERE id = ?
                    """).execute(arguments: [versionID, file.receivedEpoch, file.name, row, activityID])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE activity SET org_name = ?, credit_code = ?, title = ?, category = ?, start = ?, "end" = ?,
                        county_code = ?, venue = ?, audience = ?, contact = ?, phone = ?, notes = ?, withdrawn = 0,
                        comparable = ?, current_version_id = ?, current_received = ?, current_file_name = ?, current_row = ?
                    WHERE id = ?
                    """).execute(arguments: [
                        draft.orgName, draft.creditCode, draft.title, draft.category, draft.start?.hhmm, draft.end?.hhmm,
                        draft.countyCode, draft.venue, draft.audience, draft.contact, draft.phone, draft.notes,
                        draft.comparable, versionID, file.receivedEpoch, file.name, row, activityID,
                    ])
            }
        }
        return (change, existing != nil)
    }

    /// Organization identity per SPEC: the credit code when it has the 18-character form;
    /// else the code last seen with the same normalized name; else the normalized name.
    func resolveIdentity(_ draft: ActivityDraft) throws -> String {
        let cacheKey = "\(draft.orgName)\u{1F}\(draft.creditCode ?? "")"
        if let known = identities[cacheKey] { return known }
        let nameKey = TextNormalizer.placeKey(draft.orgName, city: city)
        let identity: String
        if let code = draft.creditCode {
            identity = "code:\(code)"
            try db.cachedStatement(sql: """
                INSERT INTO org_name_code (name_key, credit_code) VALUES (?, ?)
                ON CONFLICT(name_key) DO UPDATE SET credit_code = excluded.credit_code
                """).execute(arguments: [nameKey, code])
        } else if let code = try String.fetchOne(db.cachedStatement(sql: "SELECT credit_code FROM org_name_code WHERE name_key = ?"),
                                                 arguments: [nameKey]) {
            identity = "code:\(code)"
        } else {
            identity = "name:\(nameKey)"
        }
        try db.cachedStatement(sql: """
            INSERT INTO organization (identity, name, credit_code) VALUES (?, ?, ?)
            ON CONFLICT(identity) DO UPDATE SET name = excluded.name, credit_code = COALESCE(excluded.credit_code, credit_code)
            """).execute(arguments: [identity, draft.orgName, draft.creditCode])
        identities[cacheKey] = identity
        return identity
    }

    /// Records a problem found in this file.
    public func record(_ problem: Problem) throws {
        try db.cachedStatement(sql: """
            INSERT INTO problem (run_id, file_id, file_name, row, field, code, level, value, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [runID, fileID, problem.file, problem.row, problem.field, problem.code.rawValue,
                                     problem.level.rawValue, problem.value, problem.message])
    }

    /// Records the file's row counts once all rows are stored.
    public func finish(read: Int, accepted: Int, rejected: Int, merged: Int, warnings: Int, orgName: String?,
                       creditCode: String?) throws {
        try db.execute(sql: """
            UPDATE file SET rows_read = ?, rows_accepted = ?, rows_rejected = ?, rows_merged = ?, warnings = ?, org_name = ?,
                credit_code = ? WHERE id = ?
            """, arguments: [read, accepted, rejected, merged, warnings, orgName, creditCode, fileID])
    }
}

extension Store {
    /// Records a file and everything `body` stores for it in one transaction.
    public func ingest<T>(_ file: FileEntry, run runID: Int64, city: String,
                          _ body: (IngestTransaction) throws -> T) throws -> (fileID: Int64, result: T) {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO file (run_id, name, sha256, size, received_at, received_epoch, format, encoding, outcome,
                    problem_code, destination)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [runID, file.name, file.sha256, file.size, file.receivedAt, file.receivedEpoch,
                                 file.format, file.encoding, file.outcome.rawValue, file.problemCode, file.destination])
            let tx = IngestTransaction(db: db, runID: runID, fileID: db.lastInsertedRowID, file: file, city: city)
            return (tx.fileID, try body(tx))
        }
    }
}
