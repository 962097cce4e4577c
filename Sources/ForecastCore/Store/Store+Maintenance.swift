import Foundation
import GRDB
import GRDBSQLite

extension Store {
    /// Copies the live database to `path` with SQLite's online backup (safe while runs read
    /// or write), through a temporary file renamed into place.
    public func backup(to path: String) throws {
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temp)
        do {
            let copy = try DatabaseQueue(path: temp.path)
            try pool.backup(to: copy)
            try copy.close()
            guard rename(temp.path, target.path) == 0 else {
                throw AtomicWriteError(path: target.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// Migrations known to this program that the database has not applied, and applied
    /// ones this program does not know (a database from a newer version).
    public func migrationState() throws -> (pending: [String], unknown: [String]) {
        try pool.read { db in
            let applied = try Self.migrator.appliedIdentifiers(db)
            let known = Self.migrator.migrations
            return (known.filter { !applied.contains($0) }, applied.filter { !known.contains($0) }.sorted())
        }
    }
}

extension Store {
    /// Group commit for ingest. With `deferred`, commits no longer wait for the disk
    /// (`PRAGMA synchronous = NORMAL`: in WAL mode still atomic and safe against a killed
    /// process, but the last commits can be lost to a power cut) until a checkpoint
    /// (`Checkpointer`).
    /// A sync costs 1.2 ms here; two per inbox file were 0.36 s of a 152-file week. (Now
    /// that a batch of files is one transaction, a synced commit per batch without the
    /// checkpoint was tried: no faster on 15.7k or 1.5M rows, so the checkpoint stays.)
    public func deferSync(_ deferred: Bool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(deferred ? "NORMAL" : "FULL")")
            // Deferred, the placer's connection checkpoints after each batch (`Checkpointer`);
            // this one only past 256 MB of WAL, inside a very large batch.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(deferred ? 16384 : 1000)")
        }
    }

    /// The size of the WAL file (0 when there is none).
    public var walBytes: Int {
        var st = stat()
        return lstat(pool.path + "-wal", &st) == 0 ? Int(st.st_size) : 0
    }

    /// A connection that only checkpoints (`Store.Checkpointer`).
    public func checkpointer() throws -> Checkpointer {
        try Checkpointer(path: pool.path)
    }

    /// A second connection to the store, used only to make commits durable: a passive
    /// checkpoint syncs the WAL before it copies it into the database file (and syncs that).
    /// Its own connection, so that one thread can checkpoint a committed batch while the
    /// writer stores the next one: on the writer, the busy week's three checkpoints were
    /// 13% of its samples (perf), a time when the reading thread could only wait.
    /// Used by one thread at a time.
    public final class Checkpointer: @unchecked Sendable {
        private let handle: OpaquePointer

        init(path: String) throws {
            var db: OpaquePointer?
            let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX
            let code = sqlite3_open_v2(path, &db, flags, nil)
            guard code == SQLITE_OK, let db else {
                let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close_v2(db)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
            }
            handle = db
            try exec("PRAGMA synchronous = FULL")   // synced checkpoints, whatever the build's default
            // A connection that has read nothing has not found the WAL yet, and its checkpoints
            // do nothing and succeed (SQLite 3.40): read once (the pragma above reads the
            // schema too, but that is not its purpose).
            try exec("SELECT COUNT(*) FROM sqlite_master")
        }

        deinit { sqlite3_close_v2(handle) }

        /// Makes every commit so far durable (and copies what no reader still needs into the
        /// database file). Another connection's checkpoint (the writer's automatic one inside a
        /// very large batch, another command's on the same store) holds the checkpoint lock,
        /// and a passive checkpoint does not wait for it: this one retries for up to 10 s.
        /// Returns the retries it took.
        @discardableResult
        public func checkpoint() throws -> Int {
            var code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            var retries = 0
            while code == SQLITE_BUSY && retries < 10_000 {
                usleep(1000)
                retries += 1
                code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(handle)))
            }
            return retries
        }

        private func exec(_ sql: String) throws {
            let code = sqlite3_exec(handle, sql, nil, nil, nil)
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(handle)))
            }
        }
    }
}
