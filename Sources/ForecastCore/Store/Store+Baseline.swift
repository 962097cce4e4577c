import GRDB

extension Store {
    /// A new store gets the schema the migrations end with in one step instead of running them
    /// one by one: nine migrations, each a transaction after which SQLite parses the whole
    /// schema again, were 33 M instructions (about 9 ms) of a first run, and of every test
    /// that makes a store. The text is what `sqlite_master` holds after the nine steps, to the
    /// byte (hence columns appended after a closing parenthesis and the quoted name of the
    /// rebuilt table), and the same migrations are recorded as applied: a store made either way
    /// is the same store, which `MigrationTests` checks. A later migration runs after this on a
    /// new store as on an old one. To move the baseline past it, take the text the test prints
    /// and add the migration's name.
    static let baselineMigrations = [
        "v1-core",
        "v2-reports",
        "v3-registry",
        "v4-file-index",
        "v5-problem-file",
        "v6-version-check",
        "v7-narrow-activity",
        "v8-version-ranges",
        "v9-file-audience"
    ]

    static let baselineSchema = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
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
        , org_name TEXT, credit_code TEXT, first_version INTEGER, last_version INTEGER, audience INTEGER NOT NULL DEFAULT 0);
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
            current_version_id INTEGER,
            current_received REAL NOT NULL,
            current_row INTEGER NOT NULL
        , revised INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX activity_week ON activity(week, withdrawn);
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
        CREATE INDEX problem_file ON problem(file_id);
        CREATE TABLE "activity_version" (
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
        """

    /// Makes the baseline schema when the database has no schema at all, in one immediate
    /// transaction (a second process making the same store waits, then finds it made).
    /// Anything else, a store of an earlier version included, is left to the migrator.
    static func makeBaselineIfEmpty(_ writer: some DatabaseWriter) throws {
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") == 0 else { return .rollback }
                try db.execute(sql: baselineSchema)
                for identifier in baselineMigrations {
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
                }
                return .commit
            }
        }
    }
}
