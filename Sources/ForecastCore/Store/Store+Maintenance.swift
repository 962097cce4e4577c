import Foundation
import GRDB

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
    /// process, but the last commits can be lost to a power cut) until `makeDurable()`.
    /// A sync costs 1.2 ms here; two per inbox file were 0.36 s of a 152-file week. (Now
    /// that a batch of files is one transaction, a synced commit per batch without the
    /// checkpoint was tried: no faster on 15.7k or 1.5M rows, so the checkpoint stays.)
    public func deferSync(_ deferred: Bool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(deferred ? "NORMAL" : "FULL")")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(deferred ? 16384 : 1000)")
        }
    }

    /// Makes every commit so far durable: a checkpoint syncs the WAL before it copies it
    /// into the database file. Called before the files those commits came from move.
    public func makeDurable() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
    }
}
