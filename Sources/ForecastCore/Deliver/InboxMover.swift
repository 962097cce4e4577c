import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Moves inbox files to `archive/<week>/` or `rejected/`, only ever after the store committed.
public struct InboxMover: Sendable {
    public let inbox: URL

    public init(inbox: URL) { self.inbox = inbox }

    /// A free inbox-relative destination for `name` under `folder` ("archive/2016-W49").
    /// Taken names get "-2", "-3"… before the extension, so nothing is overwritten.
    public func destination(for name: String, in folder: String) -> String {
        let dir = inbox.appendingPathComponent(folder)
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        var candidate = name
        var n = 2
        while exists(dir.appendingPathComponent(candidate).path) {
            candidate = ext.isEmpty ? "\(stem)-\(n)" : "\(stem)-\(n).\(ext)"
            n += 1
        }
        return "\(folder)/\(candidate)"
    }

    /// Moves the inbox file `name` to `destination` (inbox-relative). The link itself moves
    /// for a symbolic link; its target is never touched.
    public func move(_ name: String, to destination: String) throws {
        let target = inbox.appendingPathComponent(destination)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(inbox.appendingPathComponent(name).path, target.path) == 0 else {
            throw AtomicWriteError(path: target.path, reason: String(cString: strerror(errno)))
        }
    }

    /// True when the inbox file `name` is still there (lstat: a dangling link counts).
    public func isInInbox(_ name: String) -> Bool {
        exists(inbox.appendingPathComponent(name).path)
    }

    /// True when the inbox-relative `destination` exists.
    public func isPlaced(_ destination: String) -> Bool {
        exists(inbox.appendingPathComponent(destination).path)
    }

    private func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }
}
