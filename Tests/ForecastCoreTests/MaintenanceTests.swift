import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import ForecastCore

/// `forecast doctor` and `forecast backup`.
@Suite struct MaintenanceTests {
    @Test func doctorOnAHealthyRootFindsNothing() throws {
        let t = try TestRoot()
        try FileManager.default.createDirectory(at: t.workspace.output, withIntermediateDirectories: true)
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let findings = Doctor.check(workspace: t.workspace)
        let wrong = findings.filter { !$0.ok }.map { $0.what }
        #expect(wrong.isEmpty, "\(wrong)")
        #expect(findings.contains { $0.what == "database integrity: ok" })
        #expect(findings.contains { $0.what == "database references: ok" })
        #expect(findings.contains { $0.what == "database migrations: up to date" })
    }

    @Test func doctorSaysWhatIsWrongAndHowToFixIt() throws {
        let t = try TestRoot()
        try "large_audience = \"many\"".write(to: t.root.appendingPathComponent("forecast.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: t.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: t.workspace.databasePath))
        let held = LockBox(try RunLock(databasePath: t.workspace.databasePath))
        let findings = Doctor.check(workspace: t.workspace)
        held.release()
        let problems = findings.filter { !$0.ok }
        #expect(problems.contains { $0.what.hasPrefix("config:") && $0.fix.contains("forecast.toml") })
        #expect(problems.contains { $0.what.contains("output folder") && $0.fix.hasPrefix("mkdir -p") })
        #expect(problems.contains { $0.what.hasPrefix("database") && $0.fix.contains("backup") })
        #expect(problems.contains { $0.what.contains("another forecast run is in progress") })
        #expect(problems.allSatisfy { !$0.fix.isEmpty })
    }

    /// Only the ingest's batches store without SQLite's foreign key checks: they are back on
    /// after a batch, whether it commits or throws, so any other write with a broken
    /// reference is refused; one that got in anyway is what `doctor` reports.
    @Test func foreignKeysAreCheckedOutsideTheIngestAndByDoctor() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let store = try t.store()
        struct Stop: Error {}
        let inside = try store.ingestBatch { batch in try Int.fetchOne(batch.db, sql: "PRAGMA foreign_keys") }
        #expect(inside == 0)
        #expect(throws: Stop.self) { try store.ingestBatch { _ in throw Stop() } }
        #expect(try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in try db.execute(sql: "UPDATE activity_version SET activity_id = 999") }
        }
        #expect(try store.brokenReferences().isEmpty)

        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE activity_version SET activity_id = 999")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        #expect(try store.brokenReferences() == ["activity_version row 1: activity"])
        let finding = Doctor.check(workspace: t.workspace).first { $0.what.hasPrefix("database references") }
        #expect(finding?.ok == false && finding?.what.contains("1 broken") == true && finding?.fix.contains("backup") == true)
    }

    @Test func backupRestoresToTheSameOutputs() throws {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        try t.run()
        let backup = t.root.appendingPathComponent("backups/forecast-2016-W50.sqlite")
        try t.store().backup(to: backup.path)

        let restored = try TestRoot()
        try FileManager.default.createDirectory(at: restored.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backup.path, toPath: restored.workspace.databasePath)
        #expect(try restored.store().integrityCheck() == "ok")
        _ = try WeeklyReport.regenerate(workspace: restored.workspace, config: restored.config, store: restored.store(),
                                        week: ExampleInbox.week, now: restored.now)
        let original = try t.tree(t.output()), again = try restored.tree(restored.output())
        #expect(again.keys.sorted() == original.keys.sorted())
        for (path, data) in original where path != "run.json" {
            #expect(again[path] == data, "\(path)")
        }
        #expect(try restored.report().totals == Tally(activities: 32, audience: 2917))
    }
}

/// Migrations that rebuild a table keep its rows and its rules.
@Suite struct MigrationTests {
    /// A store as the migrations up to `migration` left it, holding run 1 and its file 1
    /// (`old.csv`, received at epoch 0) and whatever `sql` adds.
    private func oldStore(_ t: TestRoot, upTo migration: String, _ sql: String, arguments: StatementArguments = []) throws {
        try FileManager.default.createDirectory(at: t.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        let pool = try DatabasePool(path: t.workspace.databasePath)
        try Store.migrator.migrate(pool, upTo: migration)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO run (id, kind, week, clock, started_at, finished_at) VALUES (1, 'run', '2016-W50', 'c', 's', 'f');
                INSERT INTO file (id, run_id, name, sha256, size, received_at, received_epoch, outcome, destination, placed)
                    VALUES (1, 1, 'old.csv', 'ab', 1, 'r', 0, 'ingested', 'archive/old.csv', 1);
                """)
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    /// A new store is made with 16 KB pages; a store made before keeps its 4 KB pages (SQLite
    /// cannot change the page size of a WAL database) and goes on working.
    /// The placer's own connection checkpoints what the writer committed without syncing:
    /// the database file alone (no WAL beside it) then holds the commit.
    @Test func theCheckpointerPutsUnsyncedCommitsInTheDatabaseFile() throws {
        let t = try TestRoot()
        let store = try t.store()
        let checkpointer = try store.checkpointer()
        try store.deferSync(true)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO organization (identity, name) VALUES ('name:甲', '甲')")
        }
        func fileAloneHasIt() throws -> Bool {
            let copy = t.root.appendingPathComponent("copy-\(UUID().uuidString).sqlite")
            try FileManager.default.copyItem(atPath: t.workspace.databasePath, toPath: copy.path)
            return try DatabaseQueue(path: copy.path).read { db in
                try db.tableExists("organization")
                    && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM organization WHERE identity = 'name:甲'") == 1
            }
        }
        #expect(try !fileAloneHasIt())   // the commit (and the schema) are in the WAL only
        try checkpointer.checkpoint()
        #expect(try fileAloneHasIt())
        try store.deferSync(false)
    }

    /// A passive checkpoint does not wait for another connection's checkpoint; the placer's
    /// must, or a batch's files would stay in the inbox for nothing. Here another connection's
    /// restarting checkpoint holds the lock while it waits for a reader, in a busy handler
    /// that lets it go only when told.
    @Test func theCheckpointerWaitsForAnotherCheckpoint() throws {
        let t = try TestRoot()
        let store = try t.store()
        let checkpointer = try store.checkpointer()
        try store.deferSync(true)
        defer { try? store.deferSync(false) }
        func insert(_ name: String) throws {
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO organization (identity, name) VALUES (?, ?)", arguments: ["name:\(name)", name])
            }
        }
        /// Raw connections: GRDB ends every access's transaction, and has no busy handler to hold.
        final class Connection: @unchecked Sendable {
            var handle: OpaquePointer?
            init(_ path: String) { sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) }
            deinit { sqlite3_close_v2(handle) }
            func exec(_ sql: String) -> Int32 { sqlite3_exec(handle, sql, nil, nil, nil) }
        }
        final class Gate: @unchecked Sendable {
            let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        }
        try insert("甲")
        let reader = Connection(t.workspace.databasePath)
        #expect(reader.exec("BEGIN; SELECT COUNT(*) FROM organization;") == SQLITE_OK)
        try insert("乙")   // past the reader's snapshot: a restart waits for the reader

        let other = Connection(t.workspace.databasePath), gate = Gate()
        #expect(other.exec("SELECT COUNT(*) FROM sqlite_master") == SQLITE_OK)   // finds the WAL
        sqlite3_busy_handler(other.handle, { context, _ in
            let gate = Unmanaged<Gate>.fromOpaque(context!).takeUnretainedValue()
            gate.holding.signal()
            gate.release.wait()
            return 0   // give up: the restart ends, and its lock with it
        }, Unmanaged.passUnretained(gate).toOpaque())
        let restart = Thread { _ = sqlite3_wal_checkpoint_v2(other.handle, nil, SQLITE_CHECKPOINT_RESTART, nil, nil) }
        restart.start()
        gate.holding.wait()   // the restart holds the checkpoint lock now
        Thread { usleep(50_000); gate.release.signal() }.start()
        #expect(try checkpointer.checkpoint() > 0)   // it waited for the restart
        _ = reader.exec("ROLLBACK")
        withExtendedLifetime((other, gate)) {}
    }

    /// A new store is made from the baseline in one step, and it is the store the migrations
    /// make one by one: the same schema to the byte, the same migrations recorded as applied,
    /// none left to run. The stepwise store has free pages (of the table and indexes the
    /// migrations dropped); the new one has none, so it was not made by the migrations.
    @Test func aNewStoreIsTheStoreTheMigrationsMake() throws {
        let t = try TestRoot()
        let store = try t.store()
        let stepwise = try DatabaseQueue(path: t.root.appendingPathComponent("stepwise.sqlite").path)
        try Store.migrator.migrate(stepwise)

        func schema(_ reader: some DatabaseReader) throws -> [String] {
            try reader.read { db in
                try String.fetchAll(db, sql: """
                    SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name
                    """)
            }
        }
        let expected = try stepwise.read { db in
            try String.fetchAll(db, sql: "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rootpage")
        }
        #expect(try schema(store.pool) == schema(stepwise),
                "Store.baselineSchema should read:\n\(expected.joined(separator: "\n"))")
        let all = try stepwise.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(try store.pool.read { db in try Store.migrator.appliedIdentifiers(db) } == all)
        #expect(all == Set(Store.baselineMigrations))
        #expect(try store.pool.read { db in try Store.migrator.hasCompletedMigrations(db) })
        #expect(try stepwise.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 } > 0)
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") } == 0)
        #expect(try store.integrityCheck() == "ok")
    }

    /// Every connection, the writer's and the readers', leaves deleted records' space as it is
    /// (the Debian build zeroes it by default; see `Store.init`).
    @Test func connectionsDoNotZeroDeletedRecords() throws {
        let t = try TestRoot()
        let store = try t.store()
        #expect(try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 0)
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 0)
    }

    /// The outputs read a small store through a memory map, dropped when the read ends; a
    /// store past the limit is read as before.
    @Test func smallStoresAreReadThroughAMap() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let store = try t.store()
        func mapSize(_ db: Database) throws -> Int? { try Int.fetchOne(db, sql: "PRAGMA mmap_size") }
        #expect(try store.readMapped { db in try mapSize(db) } == Store.mappedReadLimit)
        #expect(try store.readMapped(limit: 4096) { db in try mapSize(db) } == 0)   // the store is larger
        #expect(try store.pool.read { db in try mapSize(db) } == 0)
        #expect(try store.readMapped { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity") } == 1)
    }

    /// An outputs read gives its page cache back when it ends; a plain read keeps it for the
    /// next read of the same (idle, reused) connection.
    @Test func outputReadsGiveTheirPageCacheBack() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "第二场")), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let store = try t.store()
        func cacheUsed(_ db: Database) -> Int32 {
            var used: Int32 = 0, highest: Int32 = 0
            sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0)
            return used
        }
        let scan = "SELECT COUNT(*) FROM activity a JOIN activity_version v ON v.id = a.current_version_id"
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: scan) } == 2)
        let kept = try store.pool.read { db in cacheUsed(db) }
        #expect(kept > 0)
        for limit in [0, Store.mappedReadLimit] {   // read through SQLite's cache, and through a map
            #expect(try store.readMapped(limit: limit) { db in try Int.fetchOne(db, sql: scan) } == 2)
            #expect(try store.pool.read { db in cacheUsed(db) } < kept)
        }
    }

    @Test func newStoresGetLargerPagesAndOldStoresKeepTheirs() throws {
        let fresh = try TestRoot()
        #expect(try fresh.store().pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 16384)

        let t = try TestRoot()
        try oldStore(t, upTo: "v7-narrow-activity", "SELECT 1")
        let store = try t.store()
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        #expect(try t.run().counts.files.ingested == 1)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
    }

    /// v8 drops the two indexes of `activity_version`: an activity's revised flag and a file's
    /// range of version ids are worked out from the versions a store already holds, and a
    /// store migrated so goes on counting both the same way.
    @Test func versionRangesAndRevisedFlagsComeFromTheStoredVersions() throws {
        let t = try TestRoot()
        // a store as v7 left it: file 1 gave activity 1 and activity 2, file 2 revised activity 1
        try oldStore(t, upTo: "v7-narrow-activity", """
                    INSERT INTO file (id, run_id, name, sha256, size, received_at, received_epoch, outcome, destination, placed)
                        VALUES (2, 1, 'later.csv', 'cd', 1, 'r', 1, 'ingested', 'archive/later.csv', 1),
                               (3, 1, 'bad.csv', 'ef', 1, 'r', 2, 'rejected', 'rejected/bad.csv', 1);
                    INSERT INTO organization (identity, name) VALUES ('name:老', '老组织');
                    INSERT INTO activity (id, key, org_identity, org_name, title, date, week, category, venue, audience, contact,
                        phone, notes, withdrawn, current_version_id, current_received, current_row)
                        VALUES (1, 'name:老|2016-12-13|旧', 'name:老', '老组织', '旧', '2016-12-13', '2016-W50', '其他', '馆', 50, '甲',
                            '13800000000', '', 0, 3, 1, 2),
                               (2, 'name:老|2016-12-14|新', 'name:老', '老组织', '新', '2016-12-14', '2016-W50', '其他', '馆', 7, '甲',
                            '13800000000', '', 0, 2, 0, 3);
                    INSERT INTO activity_version (id, activity_id, file_id, row, change, org_name, title, category, date, venue,
                        audience, contact, phone, notes, cancelled)
                        VALUES (1, 1, 1, 2, 'new', '老组织', '旧', '其他', '2016-12-13', '馆', 5, '甲', '13800000000', '', 0),
                               (2, 2, 1, 3, 'new', '老组织', '新', '其他', '2016-12-14', '馆', 7, '甲', '13800000000', '', 0),
                               (3, 1, 2, 2, 'revised', '老组织', '旧', '其他', '2016-12-13', '馆', 50, '甲', '13800000000', '', 0);
                    """)
        let store = try t.store()   // migrates to the newest
        #expect(try store.integrityCheck() == "ok")
        try store.pool.read { db in
            #expect(try Int.fetchAll(db, sql: "SELECT revised FROM activity ORDER BY id") == [1, 0])
            let ranges: [[Int?]] = try Row.fetchAll(db, sql: "SELECT first_version, last_version FROM file ORDER BY id")
                .map { [$0[0] as Int?, $0[1] as Int?] }
            let expected: [[Int?]] = [[1, 2], [3, 3], [nil, nil]]
            #expect(ranges == expected)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'activity_version' AND type = 'index'") == 0)
        }
        let audience = try store.submissions(forRunsOf: ExampleInbox.week).map { "\($0.fileName) \($0.audience)" }
        #expect(audience == ["old.csv 12", "later.csv 50", "bad.csv 0"])
        // A new file after the migration gets its own range, after the stored versions.
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        #expect(try t.run().counts.files.ingested == 1)
        try store.pool.read { db in
            let range = try Row.fetchOne(db, sql: "SELECT first_version, last_version FROM file WHERE name = 'a.csv'")!
            let bounds: [Int] = [range[0], range[1]]
            #expect(bounds == [4, 4])
        }
    }

    @Test func versionCheckRebuildKeepsRowsAndTheRule() throws {
        let t = try TestRoot()
        // a store as v5 left it, with one activity and its version
        try oldStore(t, upTo: "v5-problem-file", """
                    INSERT INTO organization (identity, name) VALUES ('name:老', '老组织');
                    INSERT INTO activity (id, key, org_identity, org_name, title, date, week, category, venue, audience, contact,
                        phone, notes, withdrawn, comparable, current_version_id, current_received, current_file_name, current_row)
                        VALUES (1, 'name:老|2016-12-13|旧', 'name:老', '老组织', '旧', '2016-12-13', '2016-W50', '其他', '馆', 5, '甲',
                        '13800000000', '', 0, 'x', 1, 0, 'old.csv', 2);
                    INSERT INTO activity_version (id, activity_id, file_id, row, change, org_name, title, category, date, venue,
                        audience, contact, phone, notes, cancelled)
                        VALUES (1, 1, 1, 2, 'new', '老组织', '旧', '其他', '2016-12-13', '馆', 5, '甲', '13800000000', '', 0);
                    """)
        let store = try t.store()   // migrates to the newest
        #expect(try store.integrityCheck() == "ok")
        try store.pool.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity_version WHERE change = 'new' AND file_id = 1") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // v6 rebuilt both indexes; v8 then dropped them (see its test)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity_version'")
            #expect(indexes.isEmpty)
        }
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO activity_version (activity_id, file_id, row, change, org_name, title, category, date, venue,
                        contact, phone, notes, cancelled) VALUES (1, 1, 3, 'bogus', '老组织', '旧', '其他', '2016-12-13', '馆', '甲', '', '', 0)
                    """)
            }
        }
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files.ingested == 1)
        #expect(try t.report().totals.activities == 2)
    }

    /// v7 drops `comparable` and `current_file_name`: ingest compares the stored content
    /// fields instead and reads the current file's name through the current version. A
    /// store written before keeps its rows and tells duplicates from revisions the same way
    /// (its stale `comparable` here would have called the same content a revision).
    @Test func narrowActivityKeepsRowsAndTellsDuplicatesFromRevisions() throws {
        let t = try TestRoot()
        let key = "code:51511802MJ0000001N|2016-12-13|\(TextNormalizer.key("社区老人健康讲座"))"
        // a store as v6 left it: the activity Sheet.row() describes, from an older file
        try oldStore(t, upTo: "v6-version-check", """
                    INSERT INTO organization (identity, name, credit_code)
                        VALUES ('code:51511802MJ0000001N', '雅安市雨城区阳光社会工作服务中心', '51511802MJ0000001N');
                    INSERT INTO activity (id, key, org_identity, org_name, credit_code, title, date, week, category, start, "end",
                        county_code, venue, audience, contact, phone, notes, withdrawn, comparable, current_version_id,
                        current_received, current_file_name, current_row)
                        VALUES (1, ?, 'code:51511802MJ0000001N', '雅安市雨城区阳光社会工作服务中心', '51511802MJ0000001N',
                        '社区老人健康讲座', '2016-12-13', '2016-W50', '健康扶助', '09:00', '11:00', '511802', '西城街道文化站', 60,
                        '王芳', '13908161234', '', 0, 'stale', 1, 0, 'old.csv', 2);
                    INSERT INTO activity_version (id, activity_id, file_id, row, change, org_name, credit_code, title, category, date,
                        start, "end", county_code, venue, audience, contact, phone, notes, cancelled)
                        VALUES (1, 1, 1, 2, 'new', '雅安市雨城区阳光社会工作服务中心', '51511802MJ0000001N', '社区老人健康讲座', '健康扶助',
                        '2016-12-13', '09:00', '11:00', '511802', '西城街道文化站', 60, '王芳', '13908161234', '', 0);
                    """, arguments: [key])
        let store = try t.store()   // migrates to the newest
        #expect(try store.integrityCheck() == "ok")
        try store.pool.read { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(activity)").map { $0["name"] as String }
            #expect(!columns.contains("comparable") && !columns.contains("current_file_name"))
            #expect(try String.fetchOne(db, sql: "SELECT key FROM activity WHERE id = 1") == key)
        }
        try t.drop("same.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.drop("moved.csv", text: Sheet.csv(Sheet.row(venue: "东城街道文化站")), received: "2016-12-06T11:00:00+08:00")
        _ = try t.run()
        try store.pool.read { db in
            let changes = try String.fetchAll(db, sql: "SELECT change FROM activity_version WHERE activity_id = 1 ORDER BY id")
            #expect(changes == ["new", "duplicate", "revised"])
            #expect(try String.fetchOne(db, sql: "SELECT venue FROM activity WHERE id = 1") == "东城街道文化站")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity") == 1)
        }
    }
}
