import CPosix
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written a piece at a time and put in place atomically: the bytes go to a
/// temporary name beside the target (`.name.tmp-PID`, which `AtomicFile.removeStale` clears
/// after a crash), and `commit` flushes, syncs and renames it over the target. A file that is
/// never committed is removed, so a reader sees the old file or the whole new one.
///
/// The filing and the notices of a 1.5M-activity week are over a gigabyte together; written
/// this way they pass through a 256 KB buffer instead of living in memory whole.
public final class StreamedFile {
    public let url: URL
    /// The target's path and the temporary file's, worked out once as strings: Foundation's
    /// `URL` parses and percent-decodes on every path operation, and the five a file took
    /// (`path` twice, the folder, the name, the temporary name) were 100k instructions a file,
    /// 16 M for the busy week's 150 receipts alone (callgrind).
    private let path: String
    private let tempPath: String
    private let permissions: mode_t
    private var fd: Int32
    /// The bytes not yet written. The buffer grows to its full 256 KB only for a file that
    /// needs it: most files written this way (receipts, tables) are a few KB, and a 260 KB
    /// block each, mapped and unmapped, was 179 of the busy week's 294 mappings.
    private let buffer = ByteBuffer(capacity: 16 * 1024)
    private var hasher: SHA256?
    /// Bytes written so far, and how many of them the disk has been asked to take.
    private var written = 0
    private var writebackStarted = 0
    /// Unwritten bytes past which their writeback starts (see `flush`).
    private static let writebackStep = 4 * 1024 * 1024
    /// A flush comes before the buffer, doubling from 16 KB, outgrows 256 KB (for appends
    /// of up to 4 KB, which is all but a rendered page's head or tail).
    private static let flushSize = 256 * 1024 - 4096

    /// Opens the temporary file. `hashing` keeps a SHA-256 of everything written.
    public init(_ url: URL, permissions: mode_t = 0o644, hashing: Bool = false) throws {
        let path = url.path
        let (dir, name) = Self.split(path)
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            throw AtomicWriteError(path: path, reason: "target is a symbolic link")
        }
        self.url = url
        self.path = path
        self.permissions = permissions
        tempPath = "\(dir)/.\(name).tmp-\(getpid())"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, permissions)
        if fd < 0 && errno == ENOENT {   // the folder is made when it is missing, not checked for every file
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, permissions)
        }
        guard fd >= 0 else { throw AtomicWriteError(path: tempPath, reason: String(cString: strerror(errno))) }
        hasher = hashing ? SHA256() : nil
    }

    /// A file path's folder and name: split at its last slash ("." for a bare name).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    /// The memory the file's buffer holds.
    var bufferCapacity: Int { buffer.capacity }

    /// True once closed and not yet renamed into place.
    private var closedUnpublished = false

    deinit {
        if fd >= 0 {   // never committed: leave nothing behind
            Glibc.close(fd)
            unlink(tempPath)
        } else if closedUnpublished {
            unlink(tempPath)
        }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try append($0) }
    }

    public func write(_ data: some Sequence<UInt8>) throws {
        if try data.withContiguousStorageIfAvailable({ try append($0) }) == nil {
            try Array(data).withUnsafeBufferPointer { try append($0) }
        }
    }

    // MARK: Bytes written in place
    //
    // The report pass writes a million activities' fields straight from SQLite's buffers:
    // building a String per cell and per row cost 27 µs an activity (perf, 300k-row week),
    // of which most was String growth and generic UTF-8 scans.

    /// Raw bytes, as they are. A piece larger than the buffer (a rendered summary) goes to
    /// the file from where it lies, not through a copy.
    public func append(_ raw: UnsafeBufferPointer<UInt8>) throws {
        if raw.count >= Self.flushSize {
            try flush()
            try emit(UnsafeRawBufferPointer(raw))
            return
        }
        put(raw)
        try flushIfFull()
    }

    /// A literal's bytes, without the generic UTF-8 copy of `write(_: String)` (170
    /// instructions a call; the filing writes 35 literals an activity).
    @inline(__always)
    public func append(_ literal: StaticString) throws {
        put(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        try flushIfFull()
    }

    /// A number in decimal.
    public func append(_ n: Int) throws {
        buffer.append(decimal: n)
    }

    /// Text escaped for XML and HTML content and attributes (& < > " ').
    public func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) throws {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        var start = 0
        var i = ByteScan.first(in: text, below: 0x3F, where: special)
        while i < text.count {
            let entity: StaticString
            switch text[i] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            default: entity = "&apos;"
            }
            put(UnsafeBufferPointer(rebasing: text[start..<i]))
            put(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            start = i + 1
            i = ByteScan.first(in: text, from: start, below: 0x3F, where: special)
        }
        try append(UnsafeBufferPointer(rebasing: text[start...]))
    }

    public func appendEscaped(_ text: String) throws {
        var text = text
        try text.withUTF8 { try appendEscaped($0) }
    }

    /// One CSV cell, as `CSVWriter.cell` makes it: a leading `'` before = + - @ tab or CR,
    /// quoted (quotes doubled) when it holds a comma, quote or line break.
    public func appendCSVCell(_ cell: UnsafeBufferPointer<UInt8>) throws {
        let (formulaLead, quoted) = CSVWriter.form(of: cell)
        if !formulaLead && !quoted {
            put(cell)
        } else {
            if quoted { put(UInt8(ascii: "\"")) }
            if formulaLead { put(UInt8(ascii: "'")) }
            if quoted {
                var start = 0
                for i in 0..<cell.count where cell[i] == UInt8(ascii: "\"") {
                    put(UnsafeBufferPointer(rebasing: cell[start...i]))   // the quote, then its double
                    start = i
                }
                put(UnsafeBufferPointer(rebasing: cell[start...]))
                put(UInt8(ascii: "\""))
            } else {
                put(cell)
            }
        }
        try flushIfFull()
    }

    public func appendCSVCell(_ text: String) throws {
        var text = text
        try text.withUTF8 { try appendCSVCell($0) }
    }

    // MARK: The buffer

    @inline(__always)
    private func put(_ raw: UnsafeBufferPointer<UInt8>) { buffer.append(raw) }

    @inline(__always)
    private func put(_ byte: UInt8) { buffer.append(byte) }

    @inline(__always)
    private func flushIfFull() throws {
        if buffer.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        guard buffer.count > 0 else { return }
        try emit(UnsafeRawBufferPointer(buffer.bytes))
        buffer.removeAll()
    }

    /// Hashes and writes bytes to the temporary file.
    private func emit(_ raw: UnsafeRawBufferPointer) throws {
        hasher?.update(bufferPointer: raw)
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicWriteError(path: tempPath, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        written += raw.count
        // A large file's bytes go to disk while the rest is written, not all in the fsync
        // of its commit: the kernel otherwise holds them until its dirty limit (10% of
        // memory), and a 1.5M-activity week ended with 1.8 s of waiting on 2.3 GB of syncs.
        // Only a hint: an error here leaves the bytes to that fsync.
        if written - writebackStarted >= Self.writebackStep {
            _ = forecast_start_writeback(fd, Int64(writebackStarted), Int64(written - writebackStarted))
            writebackStarted = written
        }
    }

    /// Flushes, syncs and renames the file into place; returns its SHA-256 (hex) when hashing.
    @discardableResult
    public func commit() throws -> String? {
        let sum = try seal()
        try publish()
        return sum
    }

    /// Flushes, syncs and closes the temporary file, for `publish` to put in place later (the
    /// report pass syncs on its writers' threads and publishes on the caller's, once both are
    /// done); returns its SHA-256 (hex) when hashing.
    func seal() throws -> String? {
        try close(sync: true)
        return hasher.map { FileSniffer.hex($0.finalize()) }
    }

    /// Flushes and closes the temporary file; `sync: false` leaves the disk sync to the
    /// caller (`AtomicFile.writeGroup` syncs many files at once).
    func close(sync: Bool) throws {
        try flush()
        // A closed file waits to be renamed, in `AtomicFile.writeGroup` beside the rest of its
        // group: its buffer is given back now. A 1.5M-row week's 1,500 receipts held 16 KB
        // each (24 MB) until the last was written; that week's peak was 112-137 MB over ten
        // runs, 115-123 MB over three with this.
        buffer.release()
        let ok = fchmod(fd, permissions) == 0 && (!sync || fsync(fd) == 0)
        Glibc.close(fd)
        fd = -1
        closedUnpublished = true
        guard ok else {
            let reason = String(cString: strerror(errno))
            throw AtomicWriteError(path: tempPath, reason: reason)
        }
    }

    /// Renames the closed temporary file over the target.
    func publish() throws {
        guard rename(tempPath, path) == 0 else {
            throw AtomicWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        closedUnpublished = false
    }
}
