import CPosix
import Foundation
import GRDB

/// The SQLite store: files, activities with their versions, problems, weeks and runs.
///
/// Every change made for one input file commits in one transaction, before the file moves.
public final class Store: Sendable {
    let pool: DatabasePool

    /// Opens (creating when absent) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        Self.sqliteConfigured
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "forecast"
        config.prepareDatabase { db in
            // The writer gets 32 MB of page cache instead of SQLite's 2 MB, for the activity
            // key index of a million-row store. Readers keep 2 MB: each pass of the outputs
            // reads the week once through (the scan, the sort, the problems), so a larger cache
            // held pages that were not read again, and three passes run at once. A sort spills
            // runs of at least 4 MB either way (SQLite's floor of 250 pages). With 8 MB each,
            // the outputs of a 1.5M-row week peaked at 105-115 MB and of a 300k-row week at
            // 96 MB; with 2 MB, 93-94 and 82 MB, and the 300k-row outputs took 1.69 -> 1.58 s.
            // A new store gets 16 KB pages instead of 4 KB: fewer, shallower B-tree pages to
            // walk and split per row stored. Busy week (15.7k rows) 0.480 -> 0.450 s end to
            // end, a 300k-row week 6.6 -> 6.2 s (medians of 10 and 2 alternating runs; 32 KB
            // was no better). A store that has pages keeps its size: SQLite ignores this then.
            // Set before the cache size: after it, a 300k-row week peaked at 208 MB, not 110.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA page_size = 16384") }
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -2048" : "PRAGMA cache_size = -32768")
            // Each file's savepoint journals the pages it changes. SQLite spills that journal
            // to a temporary file past 64 KB: 8.9k of the 18.4k page writes of the busy week.
            // In memory it holds the pages of one file's savepoint at most; readers keep
            // temporary files, for the sorts that may exceed their cache.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
            // Debian builds SQLite to zero the space of every deleted or rewritten record.
            // Nothing is deleted here: a revision rewrites an activity's row, but every
            // version it had stays in `activity_version`, so the zeroing hid nothing and cost
            // the busy week's writer 11 M instructions (776 -> 765 M, callgrind).
            try db.execute(sql: "PRAGMA secure_delete = OFF")
            // Readers sort on one thread. `PRAGMA threads = 2` once took a 1.5M-activity sort
            // from 14.2 to 9.7 s, but its helper threads only competed with the work beside
            // the sort (outputs 13.6 -> 12.8 s without them, peak 157 -> 141 MB), and on a week
            // sorting alone they left the reading of rows into the sorter on one thread (1.5M
            // outputs 8.4/8.9/8.6 s with a helper, 8.3/8.5/8.8 s without). A week that sorts
            // alone is split in two sorts on two connections instead (`ReportRows`).
        }
        pool = try DatabasePool(path: path, configuration: config)
        try Self.makeBaselineIfEmpty(pool)
        try Self.migrator.migrate(pool)
    }

    /// Debian builds SQLite without its lookaside allocator, so every small allocation goes
    /// to malloc, and the default memory statistics take a global mutex around each one.
    /// Nothing here reads those statistics; they are turned off once, before the first
    /// connection (busy-week ingest 248 -> 239 ms, median of 10 alternating runs).
    private static let sqliteConfigured: Void = { _ = forecast_sqlite_skip_memory_statistics() }()

    /// Migrations, registered by name; a migration is never edited once it has shipped. A new
    /// store skips them: it is made from their end state at once (`makeBaselineIfEmpty`).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    week TEXT NOT NULL,
                    clock TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT
                );
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES run(id),
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    received_at TEXT NOT NULL,
                    received_epoch REAL NOT NULL,
                    format TEXT,
                    encoding TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('ingested', 'duplicate', 'rejected')),
                    problem_code TEXT,
                    rows_read INTEGER NOT NULL DEFAULT 0,
                    rows_accepted INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0,
                    rows_merged INTEGER NOT NULL DEFAULT 0,
                    warnings INTEGER NOT NULL DEFAULT 0,
                    destination TEXT NOT NULL,
                    placed INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX file_sha256 ON file(sha256);
                CREATE INDEX file_unplaced ON file(placed) WHERE placed = 0;
                CREATE TABLE organization (
                    identity TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    credit_code TEXT
                );
                CREATE TABLE org_name_code (
                    name_key TEXT PRIMARY KEY,
                    credit_code TEXT NOT NULL
                );
                CREATE TABLE activity (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    org_identity TEXT NOT NULL REFERENCES organization(identity),
                    org_name TEXT NOT NULL,
                    credit_code TEXT,
                    title TEXT NOT NULL,
                    date TEXT NOT NULL,
                    week TEXT NOT NULL,
                    category TEXT NOT NULL,
                    start TEXT,
                    "end" TEXT,
                    county_code TEXT,
                    venue TEXT NOT NULL,
                    audience INTEGER,
                    contact TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    withdrawn INTEGER NOT NULL,
                    comparable TEXT NOT NULL,
                    current_version_id INTEGER,
                    current_received REAL NOT NULL,
                    current_file_name TEXT NOT NULL,
                    current_row INTEGER NOT NULL
                );
                CREATE INDEX activity_week ON activity(week, withdrawn);
                CREATE TABLE activity_version (
                    id INTEGER PRIMARY KEY,
                    activity_id INTEGER NOT NULL REFERENCES activity(id),
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    change TEXT NOT NULL CHECK (change IN ('new', 'revised', 'duplicate', 'cancelled')),
                    org_name TEXT NOT NULL,
                    credit_code TEXT,
                    title TEXT NOT NULL,
                    category TEXT NOT NULL,
                    date TEXT NOT NULL,
                    start TEXT,
                    "end" TEXT,
                    county_code TEXT,
                    venue TEXT NOT NULL,
                    audience INTEGER,
                    contact TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    cancelled INTEGER NOT NULL
                );
                CREATE INDEX activity_version_activity ON activity_version(activity_id);
                CREATE TABLE problem (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES run(id),
                    file_id INTEGER REFERENCES file(id),
                    file_name TEXT NOT NULL,
                    row INTEGER,
                    field TEXT NOT NULL,
                    code TEXT NOT NULL,
                    level TEXT NOT NULL,
                    value TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE INDEX problem_run ON problem(run_id);
                CREATE TABLE week (
                    week TEXT PRIMARY KEY,
                    issue INTEGER NOT NULL UNIQUE,
                    issued_at TEXT NOT NULL,
                    source TEXT NOT NULL DEFAULT 'run' CHECK (source IN ('run', 'history')),
                    activities INTEGER,
                    audience INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-reports") { db in
            try db.execute(sql: """
                ALTER TABLE file ADD COLUMN org_name TEXT;
                CREATE TABLE supervision_check (
                    id INTEGER PRIMARY KEY,
                    activity_id INTEGER NOT NULL REFERENCES activity(id),
                    result TEXT NOT NULL CHECK (result IN ('held', 'not-held', 'changed', 'unreachable')),
                    checker TEXT,
                    note TEXT,
                    evidence_path TEXT,
                    evidence_sha256 TEXT,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX supervision_check_activity ON supervision_check(activity_id);
                """)
        }
        migrator.registerMigration("v3-registry") { db in
            try db.execute(sql: """
                ALTER TABLE file ADD COLUMN credit_code TEXT;
                CREATE TABLE registry_org (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    credit_code TEXT,
                    county_code TEXT,
                    category TEXT,
                    local INTEGER NOT NULL DEFAULT 1,
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE UNIQUE INDEX registry_org_code ON registry_org(credit_code) WHERE credit_code IS NOT NULL;
                CREATE INDEX registry_org_name ON registry_org(name_key);
                CREATE TABLE registry_alias (
                    alias_key TEXT PRIMARY KEY,
                    alias TEXT NOT NULL,
                    org_id INTEGER NOT NULL REFERENCES registry_org(id)
                );
                """)
        }
        migrator.registerMigration("v4-file-index") { db in
            // Receipts and completeness sum each file's versions: without this, a scan per file.
            try db.execute(sql: "CREATE INDEX activity_version_file ON activity_version(file_id)")
        }
        migrator.registerMigration("v5-problem-file") { db in
            // Receipts read each file's problems: without this, a scan of every problem per file
            // (1500 files × 120k problems on a 1.5M-row inbox).
            try db.execute(sql: "CREATE INDEX problem_file ON problem(file_id)")
        }
        migrator.registerMigration("v6-version-check") { db in
            // SQLite 3.40 checks `change IN (...)` through a temporary B-tree built on every
            // insert: 20% of the store's instructions per row (callgrind, 15k-row week). The
            // same rule as comparisons needs none. SQLite cannot alter a CHECK: rebuild.
            try db.execute(sql: """
                CREATE TABLE activity_version_new (
                    id INTEGER PRIMARY KEY,
                    activity_id INTEGER NOT NULL REFERENCES activity(id),
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    change TEXT NOT NULL
                        CHECK (change = 'new' OR change = 'revised' OR change = 'duplicate' OR change = 'cancelled'),
                    org_name TEXT NOT NULL,
                    credit_code TEXT,
                    title TEXT NOT NULL,
                    category TEXT NOT NULL,
                    date TEXT NOT NULL,
                    start TEXT,
                    "end" TEXT,
                    county_code TEXT,
                    venue TEXT NOT NULL,
                    audience INTEGER,
                    contact TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    cancelled INTEGER NOT NULL
                );
                INSERT INTO activity_version_new SELECT * FROM activity_version;
                DROP TABLE activity_version;
                ALTER TABLE activity_version_new RENAME TO activity_version;
                CREATE INDEX activity_version_activity ON activity_version(activity_id);
                CREATE INDEX activity_version_file ON activity_version(file_id);
                """)
        }
        migrator.registerMigration("v7-narrow-activity") { db in
            // Two columns of every activity row repeated what the row or its current version
            // holds: `comparable` (its content fields, joined) and `current_file_name` (the
            // current version's file). They were 160 of an activity row's 405 bytes; ingest
            // now compares the content fields and reads the name through the version.
            try db.execute(sql: """
                ALTER TABLE activity DROP COLUMN comparable;
                ALTER TABLE activity DROP COLUMN current_file_name;
                """)
        }
        migrator.registerMigration("v8-version-ranges") { db in
            // The two indexes of `activity_version` were two of the six B-tree inserts of every
            // stored row, for two questions asked per week, not per row: which activities were
            // ever revised (now a flag on the activity, set as a revision is stored) and what a
            // file's versions add up to (now the file's range of version ids: one file's
            // versions get consecutive ids, `IngestBatch`). Ingest of a 300k-row week 3.3 ->
            // 3.0 s. The ranges are read with the file id checked too, so a range is only ever
            // a way to find a file's versions, never what says which they are.
            try db.execute(sql: """
                ALTER TABLE activity ADD COLUMN revised INTEGER NOT NULL DEFAULT 0;
                UPDATE activity SET revised = 1 WHERE id IN (SELECT activity_id FROM activity_version WHERE change = 'revised');
                ALTER TABLE file ADD COLUMN first_version INTEGER;
                ALTER TABLE file ADD COLUMN last_version INTEGER;
                UPDATE file SET first_version = r.first, last_version = r.last
                    FROM (SELECT file_id, MIN(id) AS first, MAX(id) AS last FROM activity_version GROUP BY file_id) AS r
                    WHERE r.file_id = file.id;
                DROP INDEX activity_version_activity;
                DROP INDEX activity_version_file;
                """)
        }
        migrator.registerMigration("v9-file-audience") { db in
            // What a file's versions add up to, summed as they are stored instead of read back
            // from them each run: the receipts and the summary ask it of every file of the
            // week, and reading it was 35 M instructions of the busy week's outputs, before
            // anything else could start.
            try db.execute(sql: """
                ALTER TABLE file ADD COLUMN audience INTEGER NOT NULL DEFAULT 0;
                UPDATE file SET audience = (SELECT COALESCE(SUM(v.audience), 0) FROM activity_version v
                    WHERE v.id BETWEEN file.first_version AND file.last_version AND v.file_id = file.id AND v.cancelled = 0)
                    WHERE first_version IS NOT NULL;
                """)
        }
        return migrator
    }

    /// A read of the outputs' passes over a week. A store of up to 32 MB is read through a
    /// memory map for it, not a copy of each page into SQLite's cache: `pread` was 10 ms of
    /// the busy week's outputs (perf); outputs 133 -> 119 ms, medians of 16 alternating runs,
    /// and the peak 68 -> 65 MB.
    /// A larger store is read as before: each reader would map up to the limit, and three read
    /// at once (a 300k-row week peaked at 245 MB with 64 MB maps, against 107 MB). The map is
    /// dropped when the read ends.
    ///
    /// The connection also gives back its page cache when the read ends. A pass fills it and
    /// the pool keeps the connection idle until the run ends, so the passes done went on
    /// holding their caches through the summary and the sort: with readers' caches of 8 MB,
    /// peaks of 115-123 MB for a 1.5M-row week and 104-105 MB for 300k rows, 105-116 and
    /// 96 MB with this (three and two runs). A later read of the same pages takes them from
    /// the OS again.
    func readMapped<T>(limit: Int = mappedReadLimit, _ body: (Database) throws -> T) throws -> T {
        var st = stat()
        let mapped = lstat(pool.path, &st) == 0 && st.st_size <= limit
        return try pool.read { db in
            defer { db.releaseMemory() }
            guard mapped else { return try body(db) }
            try db.execute(sql: "PRAGMA mmap_size = \(limit)")
            defer { try? db.execute(sql: "PRAGMA mmap_size = 0") }
            return try body(db)
        }
    }

    static let mappedReadLimit = 32 * 1024 * 1024

    /// `PRAGMA integrity_check`: "ok" when the database file is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Rows that refer to a row that does not exist (`PRAGMA foreign_key_check`), as
    /// "table row N: parent"; none in a sound store.
    public func brokenReferences() throws -> [String] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "\(row[0] as String? ?? "?") row \(row[1] as Int64? ?? 0): \(row[2] as String? ?? "?")"
            }
        }
    }
}
