import Foundation

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
        let fm = FileManager.default
        var take: [InboxEntry] = []
        var unsettled: [String] = []
        for name in try fm.contentsOfDirectory(atPath: inbox.path) where !isIgnored(name) {
            let path = inbox.appendingPathComponent(name).path
            guard let attributes = try? fm.attributesOfItem(atPath: path) else { continue }   // vanished meanwhile
            let type = attributes[.type] as? FileAttributeType
            let received = attributes[.modificationDate] as? Date ?? wallClock
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if type == .typeSymbolicLink {
                take.append(InboxEntry(name: name, path: path, received: received, size: size, isSymlink: true))
                continue
            }
            guard type == .typeRegular else { continue }   // archive/, rejected/ and other folders
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
}
