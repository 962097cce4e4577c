import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per data folder: an advisory `flock(2)` on `<data>/forecast.lock`.
///
/// The kernel drops the lock when the holding process ends, however it ends, so a lock
/// left by a killed run never blocks the next one.
public final class RunLock: Sendable {
    private let fd: Int32
    public let path: String

    /// Another run holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another forecast run is in progress (\(holder.isEmpty ? "lock" : holder) holds \(path)); try again later or pass --wait SECONDS"
        }
    }

    /// Takes the lock beside the database, waiting up to `wait` seconds for another run.
    public init(databasePath: String, wait: Double = 0) throws {
        let dir = (databasePath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        path = (dir.isEmpty ? "." : dir) + "/forecast.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw AtomicWriteError(path: path, reason: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                var buffer = [UInt8](repeating: 0, count: 128)
                let n = pread(fd, &buffer, buffer.count, 0)
                // No close here: `self` is whole, so `deinit` runs on the throw and closes the
                // descriptor. Closing it here too closed it twice, and the second close could
                // hit a file another thread had just opened with the same number (a parallel
                // test failed with EBADF writing its inbox).
                throw Busy(path: path, holder: n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "")
            }
            usleep(100_000)
        }
        // Who holds it, for the message another run prints.
        let note = "pid \(getpid()) since \(Date().formatted(.iso8601))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
