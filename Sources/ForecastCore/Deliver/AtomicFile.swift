import CPosix
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way this program writes a file: to a temporary name beside it, flushed, then
/// renamed over the target, so a reader never sees half a file and a crash leaves the old one.
public enum AtomicFile {
    /// Writes `data` to `url` atomically with the given permissions (default 0644).
    /// Refuses to write where the target is a symbolic link.
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        let file = try StreamedFile(url, permissions: permissions)
        try file.write(data)
        try file.commit()
    }

    /// Writes many files atomically with one disk sync for all of them: each goes to its
    /// temporary name unsynced, `syncfs` flushes the file system once, then each is renamed.
    /// A sync costs 1.2 ms here, and a busy week has 150 receipts.
    public static func writeGroup(_ files: [(url: URL, data: Data)], permissions: mode_t = 0o644) throws {
        try writeGroup(permissions: permissions) { emit in
            for (url, data) in files { try emit(url, data) }
        }
    }

    /// `writeGroup`, with the files handed over one at a time by `make` and each written
    /// (unsynced) as it comes, so memory holds one file, not the group: a 1.5M-row week's
    /// 1,500 receipts are 12 MB.
    public static func writeGroup(permissions: mode_t = 0o644,
                                  _ make: (_ emit: (URL, Data) throws -> Void) throws -> Void) throws {
        var written: [StreamedFile] = []
        try make { url, data in
            let file = try StreamedFile(url, permissions: permissions)
            try file.write(data)
            try file.close(sync: false)
            written.append(file)
        }
        guard let first = written.first else { return }
        let dir = open(first.url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw AtomicWriteError(path: first.url.path, reason: String(cString: strerror(errno))) }
        defer { close(dir) }
        guard forecast_syncfs(dir) == 0 else { throw AtomicWriteError(path: first.url.path, reason: String(cString: strerror(errno))) }
        for file in written { try file.publish() }
    }

    /// Refuses folders that are symbolic links (an `output/2016-W50 -> /etc` planted in the
    /// tree): the report folders are this program's own, so a link there is never meant.
    public static func refuseLinkedFolders(_ folders: [URL]) throws {
        for folder in folders {
            var st = stat()
            if lstat(folder.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
                throw AtomicWriteError(path: folder.path, reason: "folder is a symbolic link; outputs are never written through one")
            }
        }
    }

    /// Removes temporary files a killed writer left under `dir` (".name.tmp-PID"). Only
    /// called while holding the run lock, so no live writer owns them.
    public static func removeStale(under dir: URL) {
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return }
        for case let rel as String in walker {
            let name = (rel as NSString).lastPathComponent
            guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards),
                  name[range.upperBound...].allSatisfy(\.isNumber) else { continue }
            unlink(dir.appendingPathComponent(rel).path)
        }
    }

    /// Writes UTF-8 text atomically, straight from the String (no Data copy: a 1.5M-row
    /// week's summary is megabytes of large-event rows).
    public static func write(_ text: String, to url: URL, permissions: mode_t = 0o644) throws {
        let file = try StreamedFile(url, permissions: permissions)
        try file.write(text)
        try file.commit()
    }
}

/// A file that could not be written.
public struct AtomicWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
