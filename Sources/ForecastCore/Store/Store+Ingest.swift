import GRDB
import GRDBSQLite

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

/// The writes for one input file, all inside one savepoint of its batch's transaction.
public final class IngestTransaction {
    let db: Database
    let runID: Int64
    public let fileID: Int64
    let file: FileEntry
    let city: String
    /// Identities resolved in this transaction, by name and code as the row gave them: a
    /// sheet names its organization on every row, and this saves two statements per row
    /// (a third of the store's time on a 100k-row inbox). Per file, so a rollback never
    /// leaves the cache ahead of the database.
    private var identities: [String: String] = [:]
    private var lastIdentity: (name: String, code: String?, identity: String)?
    /// The current row's texts, bound in place (see `TextArena`).
    private let arena = TextArena()

    /// The row statements, prepared once per file and bound in place (see `RawStatement`).
    private let insertActivity: RawStatement
    private let findActivity: RawStatement
    private let insertVersion: RawStatement
    private let reviseActivity: RawStatement
    private let withdrawActivity: RawStatement
    private let markRevised: RawStatement
    private let insertProblem: RawStatement
    /// The batch this file's savepoint belongs to; it hands out version ids.
    private unowned let batch: IngestBatch
    /// The id of this file's first version: its versions take ids one after another.
    private let firstVersionID: Int64

    init(batch: IngestBatch, runID: Int64, fileID: Int64, file: FileEntry, city: String) throws {
        self.batch = batch
        firstVersionID = batch.nextVersionID
        self.db = batch.db
        self.runID = runID
        self.fileID = fileID
        self.file = file
        self.city = city
        insertActivity = try RawStatement(db, """
            INSERT INTO activity (key, org_identity, org_name, credit_code, title, date, week, category, start, "end",
                county_code, venue, audience, contact, phone, notes, withdrawn,
                current_received, current_row, current_version_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO NOTHING
            """)
        // The current content, to compare with the row's (`ActivityDraft.comparable`), and
        // the (received, file name, row) of the current version.
        findActivity = try RawStatement(db, """
            SELECT a.id, a.withdrawn, a.category, a.start, a."end", a.county_code, a.venue, a.audience, a.contact, a.phone,
                a.notes, a.current_received, f.name, a.current_row
            FROM activity a JOIN activity_version v ON v.id = a.current_version_id JOIN file f ON f.id = v.file_id
            WHERE a.key = ?
            """)
        insertVersion = try RawStatement(db, """
            INSERT INTO activity_version (id, activity_id, file_id, row, change, org_name, credit_code, title, category, date,
                start, "end", county_code, venue, audience, contact, phone, notes, cancelled)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        reviseActivity = try RawStatement(db, """
            UPDATE activity SET org_name = ?, credit_code = ?, title = ?, category = ?, start = ?, "end" = ?,
                county_code = ?, venue = ?, audience = ?, contact = ?, phone = ?, notes = ?, withdrawn = 0,
                current_version_id = ?, current_received = ?, current_row = ?, revised = MAX(revised, ?)
            WHERE id = ?
            """)
        // A revision received before the current version: the activity was still revised.
        markRevised = try RawStatement(db, "UPDATE activity SET revised = 1 WHERE id = ?")
        // A cancellation withdraws the activity but keeps what it last said.
        withdrawActivity = try RawStatement(db, """
            UPDATE activity SET withdrawn = 1, current_version_id = ?, current_received = ?, current_row = ? WHERE id = ?
            """)
        insertProblem = try RawStatement(db, """
            INSERT INTO problem (run_id, file_id, file_name, row, field, code, level, value, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Stores one accepted row: resolves the organization, finds the activity by its key,
    /// records the version and makes it current when it is the latest received.
    /// Returns the change and whether the key existed before.
    public func store(_ draft: ActivityDraft, form: StoredForm? = nil, row: Int) throws -> (change: VersionChange, existed: Bool) {
        let form = form ?? StoredForm(draft)
        let identity = try resolveIdentity(draft)
        let versionID = batch.nextVersionID

        // Every text of the row goes into the arena once and is bound in place by both inserts.
        arena.reset()
        let key = arena.add(identity, form.dateISO, form.titleKey, separator: UInt8(ascii: "|")), org = arena.add(identity)
        let orgName = arena.add(draft.orgName), code = arena.add(draft.creditCode), title = arena.add(draft.title)
        let date = arena.add(form.dateISO), week = arena.add(form.week), category = arena.add(draft.category)
        let start = arena.add(form.start), end = arena.add(form.end), county = arena.add(draft.countyCode)
        let venue = arena.add(draft.venue), contact = arena.add(draft.contact), phone = arena.add(draft.phone)
        let notes = arena.add(draft.notes)

        // The statements this row binds with the arena's bytes give them back before the next
        // row changes them; the others hold none (cleared when they last ran, or given numbers
        // only: withdrawing, marking revised).
        var boundFind = false, boundRevise = false
        defer {
            insertActivity.clearBindings(); insertVersion.clearBindings()
            if boundFind { findActivity.clearBindings() }
            if boundRevise { reviseActivity.clearBindings() }
        }
        return try arena.withBytes { bytes in
            // Most rows are new activities: try the insert first, and look the key up only when it exists.
            let s = insertActivity
            s.bind(1, key, in: bytes); s.bind(2, org, in: bytes); s.bind(3, orgName, in: bytes); s.bind(4, code, in: bytes)
            s.bind(5, title, in: bytes); s.bind(6, date, in: bytes); s.bind(7, week, in: bytes); s.bind(8, category, in: bytes)
            s.bind(9, start, in: bytes); s.bind(10, end, in: bytes); s.bind(11, county, in: bytes); s.bind(12, venue, in: bytes)
            s.bind(13, draft.audience); s.bind(14, contact, in: bytes); s.bind(15, phone, in: bytes); s.bind(16, notes, in: bytes)
            s.bind(17, draft.cancelled); s.bind(18, file.receivedEpoch); s.bind(19, row); s.bind(20, versionID)
            try s.run(db)

            let change: VersionChange
            let activityID: Int64
            let existed = s.changes(db) == 0
            var makeCurrent = false
            if existed {
                boundFind = true
                findActivity.bind(1, key, in: bytes)
                guard let found = try findActivity.first(db, { r in
                    (id: r.int(0), withdrawn: r.int(1) != 0,
                     comparable: ActivityDraft.comparable(category: r.text(2), start: r.isNull(3) ? nil : r.text(3),
                                                          end: r.isNull(4) ? nil : r.text(4), countyCode: r.isNull(5) ? nil : r.text(5),
                                                          venue: r.text(6), audience: r.isNull(7) ? nil : Int(r.int(7)),
                                                          contact: r.text(8), phone: r.text(9), notes: r.text(10)),
                     current: (r.double(11), r.text(12), Int(r.int(13))))
                }) else { throw DatabaseError(message: "activity \(identity)|\(form.dateISO)|\(form.titleKey) vanished inside its transaction") }
                activityID = found.id
                if draft.cancelled {
                    change = .cancelled
                } else if !found.withdrawn && found.comparable == draft.comparable {
                    change = .duplicate
                } else {
                    change = .revised
                }
                // Later received wins: (received time, file name, row) order.
                makeCurrent = (file.receivedEpoch, file.name, row) > found.current
            } else {
                change = draft.cancelled ? .cancelled : .new
                // From SQLite, not GRDB's `lastInsertedRowID`, whose check of the calling
                // queue was 430 instructions a row (6.6 M of the busy week's writer).
                activityID = sqlite3_last_insert_rowid(db.sqliteConnection)
            }

            let v = insertVersion
            v.bind(1, versionID); v.bind(2, activityID); v.bind(3, fileID); v.bind(4, row); v.bind(5, change.rawValue)
            v.bind(6, orgName, in: bytes); v.bind(7, code, in: bytes); v.bind(8, title, in: bytes); v.bind(9, category, in: bytes)
            v.bind(10, date, in: bytes); v.bind(11, start, in: bytes); v.bind(12, end, in: bytes); v.bind(13, county, in: bytes)
            v.bind(14, venue, in: bytes); v.bind(15, draft.audience); v.bind(16, contact, in: bytes); v.bind(17, phone, in: bytes)
            v.bind(18, notes, in: bytes); v.bind(19, draft.cancelled)
            try v.run(db)
            batch.nextVersionID += 1

            if makeCurrent {
                if draft.cancelled {
                    let w = withdrawActivity
                    w.bind(1, versionID); w.bind(2, file.receivedEpoch); w.bind(3, row); w.bind(4, activityID)
                    try w.run(db)
                } else {
                    boundRevise = true
                    let u = reviseActivity
                    u.bind(1, orgName, in: bytes); u.bind(2, code, in: bytes); u.bind(3, title, in: bytes)
                    u.bind(4, category, in: bytes); u.bind(5, start, in: bytes); u.bind(6, end, in: bytes)
                    u.bind(7, county, in: bytes); u.bind(8, venue, in: bytes); u.bind(9, draft.audience)
                    u.bind(10, contact, in: bytes); u.bind(11, phone, in: bytes); u.bind(12, notes, in: bytes)
                    u.bind(13, versionID); u.bind(14, file.receivedEpoch); u.bind(15, row); u.bind(16, change == .revised)
                    u.bind(17, activityID)
                    try u.run(db)
                }
            } else if change == .revised {
                markRevised.bind(1, activityID)
                try markRevised.run(db)
            }
            return (change, existed)
        }
    }

    /// Organization identity per SPEC: the credit code when it has the 18-character form;
    /// else the code last seen with the same normalized name; else the normalized name.
    func resolveIdentity(_ draft: ActivityDraft) throws -> String {
        // Most sheets name one organization on every row: compare with the last row first,
        // before building a cache key and hashing it.
        if let last = lastIdentity, Self.sameBytes(last.name, draft.orgName), last.code == draft.creditCode { return last.identity }
        let cacheKey = "\(draft.orgName)\u{1F}\(draft.creditCode ?? "")"
        if let known = identities[cacheKey] {
            lastIdentity = (draft.orgName, draft.creditCode, known)
            return known
        }
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
        lastIdentity = (draft.orgName, draft.creditCode, identity)
        return identity
    }

    /// Byte equality. Each row names its organization in a String of its own, and `==`
    /// compares two such Chinese names through Unicode normalization (the busy week's writer
    /// spent 23 M instructions there); names whose bytes differ still meet in the cache.
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var b = b
        return b.withUTF8 { ByteScan.same(a, $0) }
    }

    /// Records a problem found in this file.
    public func record(_ problem: Problem) throws {
        let p = insertProblem
        p.bind(1, runID); p.bind(2, fileID); p.bind(3, problem.file); p.bind(4, problem.row); p.bind(5, problem.field)
        p.bind(6, problem.code.rawValue); p.bind(7, problem.level.rawValue); p.bind(8, problem.value); p.bind(9, problem.message)
        try p.run(db)
    }

    /// Records the file's row counts, and the range of its version ids, once all rows are
    /// stored. `audience` is what the file's versions add up to, cancellations left out.
    public func finish(read: Int, accepted: Int, rejected: Int, merged: Int, warnings: Int, orgName: String?,
                       creditCode: String?, audience: Int = 0) throws {
        let stored = batch.nextVersionID > firstVersionID
        try db.cachedStatement(sql: """
            UPDATE file SET rows_read = ?, rows_accepted = ?, rows_rejected = ?, rows_merged = ?, warnings = ?, org_name = ?,
                credit_code = ?, audience = ?, first_version = ?, last_version = ? WHERE id = ?
            """).execute(arguments: [read, accepted, rejected, merged, warnings, orgName, creditCode, audience,
                                     stored ? firstVersionID : nil, stored ? batch.nextVersionID - 1 : nil, fileID])
    }
}

/// Several input files' writes in one SQLite transaction, each file in a savepoint of its own.
///
/// A commit writes every page the transaction changed to the WAL, and a transaction per
/// file (plus GRDB's work around each) cost the 152-file, 15.7k-row week 1.15 s -> 0.76 s
/// end to end when batched. A file that fails part-way rolls back its savepoint only.
/// Nothing is durable, and no file may move, until the batch has committed (`WeeklyRun`).
public final class IngestBatch {
    let db: Database
    /// The id the next version gets: set here so the activity row can point at its current
    /// version when it is inserted, instead of a second statement to update it. Safe: this
    /// transaction is the only writer.
    var nextVersionID: Int64

    /// The file's row, inserted once per file and bound in place like the rows'
    /// (`RawStatement`): GRDB's arguments cost 22k instructions a file more (busy week).
    private let insertFile: RawStatement

    init(db: Database) throws {
        self.db = db
        nextVersionID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM activity_version") ?? 1
        insertFile = try RawStatement(db, """
            INSERT INTO file (run_id, name, sha256, size, received_at, received_epoch, format, encoding, outcome,
                problem_code, destination)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Records a file and everything `body` stores for it, in a savepoint: when `body`
    /// throws, none of it stays and the error goes on.
    public func ingest<T>(_ file: FileEntry, run runID: Int64, city: String,
                          _ body: (IngestTransaction) throws -> T) throws -> (fileID: Int64, result: T) {
        let firstVersionID = nextVersionID
        var outcome: (Int64, T)?
        do {
            try db.inSavepoint {
                let f = insertFile
                f.bind(1, runID); f.bind(2, file.name); f.bind(3, file.sha256); f.bind(4, file.size); f.bind(5, file.receivedAt)
                f.bind(6, file.receivedEpoch); f.bind(7, file.format); f.bind(8, file.encoding); f.bind(9, file.outcome.rawValue)
                f.bind(10, file.problemCode); f.bind(11, file.destination)
                try f.run(db)
                let tx = try IngestTransaction(batch: self, runID: runID, fileID: db.lastInsertedRowID, file: file, city: city)
                outcome = (tx.fileID, try body(tx))
                return .commit
            }
        } catch {
            nextVersionID = firstVersionID
            throw error
        }
        return outcome!
    }

    /// The name and organization of the ingested file with these bytes, if one was ingested
    /// before, this batch included.
    public func ingestedFile(sha256: String) throws -> (name: String, orgName: String?)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT name, org_name FROM file WHERE sha256 = ? AND outcome = 'ingested' ORDER BY id LIMIT 1"),
                         arguments: [sha256]).map { ($0["name"], $0["org_name"]) }
    }
}

extension Store {
    /// Runs `body` in one write transaction that commits when it returns and rolls back
    /// whole when it throws.
    ///
    /// Without SQLite's foreign key checks, which are on for every other write: the ingest
    /// takes every reference it stores from a row of the same transaction (the activity it
    /// just inserted or found, the file it just recorded, the organization it resolved), so
    /// the three lookups a stored row cost checked what cannot fail: the busy week's writer
    /// 765 -> 696 M instructions (callgrind), ingest 163 -> 156 ms (medians of 20 alternating
    /// runs). The references are checked after every run of the tests and by `forecast
    /// doctor` (`brokenReferences`).
    public func ingestBatch<T>(_ body: (IngestBatch) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")   // outside a transaction, or SQLite ignores it
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var result: T?
            try db.inTransaction {
                result = try body(IngestBatch(db: db))
                return .commit
            }
            return result!
        }
    }

    /// Records a file and everything `body` stores for it in one transaction of its own.
    public func ingest<T>(_ file: FileEntry, run runID: Int64, city: String,
                          _ body: (IngestTransaction) throws -> T) throws -> (fileID: Int64, result: T) {
        try ingestBatch { try $0.ingest(file, run: runID, city: city, body) }
    }
}
