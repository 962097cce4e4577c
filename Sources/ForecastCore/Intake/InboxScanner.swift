import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file found in the inbox, with the facts intake decides on before reading it.
public struct InboxEntry: Sendable, Equatable {
    public var name: String
    public var path: String
    /// Modification time: SPEC's "received".
    public var received: Date
    public var size: Int
    public var isSymlink: Bool
}

/// Lists the inbox in received order, leaving out what SPEC says to ignore or to leave.
public enum InboxScanner {
    /// Names left alone: hidden files, Office lock files, partial downloads.
    public static func isIgnored(_ name: String) -> Bool {
        let lower = name.lowercased()
        return name.hasPrefix(".") || name.hasPrefix("~$")
            || [".tmp", ".part", ".crdownload"].contains { lower.hasSuffix($0) }
    }

    /// The files to take this run, ordered by (received, name in code-point order), and the
    /// names left for a later run because they changed less than `settleSeconds` ago.
    /// Symbolic links are returned at once (they are refused, never waited for).
    public static func scan(inbox: URL, wallClock: Date, settleSeconds: Int) throws -> (take: [InboxEntry], unsettled: [String]) {
        var take: [InboxEntry] = []
        var unsettled: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: inbox.path) where !isIgnored(name) {
            let path = inbox.appendingPathComponent(name).path
            // lstat(2), not `attributesOfItem`: Foundation also looks up the owner's and the
            // group's names, reading /etc/passwd and /etc/group for every file (two opens
            // and reads per file, 304 on the busy week).
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }   // vanished meanwhile
            let received = modificationDate(st)
            let size = Int(st.st_size)
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK {
                take.append(InboxEntry(name: name, path: path, received: received, size: size, isSymlink: true))
                continue
            }
            guard type == S_IFREG else { continue }   // archive/, rejected/ and other folders
            if wallClock.timeIntervalSince(received) < Double(settleSeconds) {
                unsettled.append(name)
                continue
            }
            take.append(InboxEntry(name: name, path: path, received: received, size: size, isSymlink: false))
        }
        take.sort { a, b in
            a.received != b.received ? a.received < b.received : Array(a.name.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.name.unicodeScalars.map(\.value))
        }
        return (take, unsettled.sorted())
    }

    /// The modification time as Foundation's `attributesOfItem` gives it, to the same bit:
    /// SPEC's received order and the stored `received_epoch` must not move.
    static func modificationDate(_ st: stat) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(st.st_mtim.tv_sec) - Date.timeIntervalBetween1970AndReferenceDate
             + Double(st.st_mtim.tv_nsec) / 1_000_000_000)
    }
}
