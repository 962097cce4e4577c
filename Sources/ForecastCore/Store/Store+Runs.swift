import GRDB

/// A file the store knows about whose move out of the inbox may not have happened yet.
public struct UnplacedFile: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var sha256: String
    public var outcome: FileOutcome
    /// Inbox-relative destination ("archive/2016-W49/x.csv" or "rejected/x.csv").
    public var destination: String
}

/// What became of an input file.
public enum FileOutcome: String, Sendable, Codable {
    case ingested, duplicate, rejected
}

/// Per-run counts of files and rows, as `run.json` reports them.
public struct RunCounts: Sendable, Equatable, Codable {
    public struct Files: Sendable, Equatable, Codable {
        public var seen = 0, ingested = 0, duplicate = 0, rejected = 0
    }
    public struct Rows: Sendable, Equatable, Codable {
        public var read = 0, accepted = 0, rejected = 0, merged = 0, warnings = 0
    }
    public var files = Files()
    public var rows = Rows()
}

extension Store {
    /// Starts a run and adopts the files of runs that never finished (a crash), so this run's
    /// counts include them exactly once. Returns the run's id.
    public func beginRun(kind: String, week: ForecastWeek, clock: String, startedAt: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO run (kind, week, clock, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [kind, week.description, clock, startedAt])
            let id = db.lastInsertedRowID
            try db.execute(sql: """
                UPDATE file SET run_id = ? WHERE run_id IN (SELECT id FROM run WHERE finished_at IS NULL AND id <> ?)
                """, arguments: [id, id])
            try db.execute(sql: """
                UPDATE problem SET run_id = ? WHERE run_id IN (SELECT id FROM run WHERE finished_at IS NULL AND id <> ?)
                """, arguments: [id, id])
            try db.execute(sql: "UPDATE run SET finished_at = 'abandoned' WHERE finished_at IS NULL AND id <> ?", arguments: [id])
            return id
        }
    }

    /// Marks a run finished.
    public func finishRun(_ id: Int64, at time: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ? WHERE id = ?", arguments: [time, id])
        }
    }

    /// Files committed but not yet moved out of the inbox (a crash between commit and move).
    public func unplacedFiles() throws -> [UnplacedFile] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, sha256, outcome, destination FROM file WHERE placed = 0 ORDER BY id")
                .map { row in
                    UnplacedFile(id: row["id"], name: row["name"], sha256: row["sha256"],
                                 outcome: FileOutcome(rawValue: row["outcome"]) ?? .rejected,
                                 destination: row["destination"])
                }
        }
    }

    /// Records that a file has reached its place outside the inbox.
    public func markPlaced(fileID: Int64, destination: String) throws {
        try markPlaced([(fileID, destination)])
    }

    /// Records, in one transaction, that these files have reached their places.
    public func markPlaced(_ files: [(fileID: Int64, destination: String)]) throws {
        guard !files.isEmpty else { return }
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE file SET placed = 1, destination = ? WHERE id = ?")
            for (id, destination) in files { try statement.execute(arguments: [destination, id]) }
        }
    }

    /// The counts of a run, summed over the files it recorded.
    public func counts(run id: Int64) throws -> RunCounts {
        try pool.read { db in
            var counts = RunCounts()
            let rows = try Row.fetchAll(db, sql: """
                SELECT outcome, COUNT(*) AS n, SUM(rows_read) AS r, SUM(rows_accepted) AS a, SUM(rows_rejected) AS j,
                       SUM(rows_merged) AS m, SUM(warnings) AS w
                FROM file WHERE run_id = ? GROUP BY outcome
                """, arguments: [id])
            for row in rows {
                let n: Int = row["n"]
                counts.files.seen += n
                switch FileOutcome(rawValue: row["outcome"]) {
                case .ingested: counts.files.ingested += n
                case .duplicate: counts.files.duplicate += n
                case .rejected, nil: counts.files.rejected += n
                }
                counts.rows.read += row["r"] ?? 0
                counts.rows.accepted += row["a"] ?? 0
                counts.rows.rejected += row["j"] ?? 0
                counts.rows.merged += row["m"] ?? 0
                counts.rows.warnings += row["w"] ?? 0
            }
            return counts
        }
    }

    /// The issue number of a week, giving it the next number when it has none yet.
    public func issue(for week: ForecastWeek, offset: Int, issuedAt: String) throws -> Int {
        try pool.write { db in
            if let issue = try Int.fetchOne(db, sql: "SELECT issue FROM week WHERE week = ?", arguments: [week.description]) {
                return issue
            }
            let last = try Int.fetchOne(db, sql: "SELECT MAX(issue) FROM week") ?? offset
            let issue = max(last, offset) + 1
            try db.execute(sql: "INSERT INTO week (week, issue, issued_at) VALUES (?, ?, ?)",
                           arguments: [week.description, issue, issuedAt])
            return issue
        }
    }

    /// The problems recorded for one file.
    public func problems(ofFile id: Int64) throws -> [Problem] {
        var problems: [Problem] = []
        try forEachProblemGroup([[id]]) { _, found in problems = found }
        return problems
    }

    /// For each group of files, its index and the problems recorded for its files (file by
    /// file, in the order found), all read in one snapshot: a read per file cost a transaction and a
    /// connection hand-off each, 150 of them for a busy week's receipts.
    public func forEachProblemGroup(_ groups: [[Int64]], _ body: (Int, [Problem]) throws -> Void) throws {
        try readMapped { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Self.problemColumns) FROM problem WHERE file_id = ? ORDER BY id")
            for (index, files) in groups.enumerated() {
                var problems: [Problem] = []
                for id in files {
                    problems += try Row.fetchAll(statement, arguments: [id]).map(Self.problem)
                }
                try body(index, problems)
            }
        }
    }

    /// The columns `problem(_:)` reads, by position: GRDB's lookup by name folds case on each
    /// access, which made a problem cost 90k instructions to read (callgrind).
    static let problemColumns = "code, file_name, row, field, value, message"

    static func problem(_ row: Row) -> Problem {
        Problem(code: ProblemCode(rawValue: row[0]) ?? .unreadableFile, file: row[1], row: row[2], field: row[3],
                value: row[4], message: row[5])
    }

    /// Hands every problem recorded by the runs for a week to `body`, in the order they were found.
    public func forEachProblem(forRunsOf week: ForecastWeek, _ body: (Problem) throws -> Void) throws {
        try readMapped { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT \(Self.problemColumns) FROM problem p JOIN run r ON r.id = p.run_id WHERE r.week = ? ORDER BY p.id
                """, arguments: [week.description])
            while let row = try cursor.next() { try body(Self.problem(row)) }
        }
    }
}
