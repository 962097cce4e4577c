#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file opened without following symbolic links, read in fixed-size chunks.
///
/// Plain POSIX rather than `FileHandle`: `O_NOFOLLOW` closes the window between the
/// intake's `lstat` and the open, and chunked `read(2)` keeps memory flat for any size.
///
/// Buffers are sized by what `fstat` says is left (plus one byte, to meet the end), not by
/// the chunk size: most sheets are tens of KB, and two 1 MB buffers per file were 304 of
/// the busy week's 747 mapped blocks (each a page-table teardown on both cores when freed).
/// A file that grows after the `fstat` is still read whole, in more chunks.
final class ByteFile {
    static let chunkSize = 1 << 20
    private let fd: Int32
    /// The size `fstat` gave at open, and the bytes read since.
    private let size: Int
    private var consumed = 0

    init(path: String) throws(FileReadError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw errno == ELOOP ? .symlink : .cannotOpen(errno)
        }
        self.fd = fd
        var st = stat()
        size = fstat(fd, &st) == 0 ? Int(st.st_size) : Self.chunkSize
    }

    /// A buffer size for a chunk of at most `limit` bytes: what is left, and one more.
    private func bufferSize(_ limit: Int) -> Int { max(1, min(limit, size - consumed + 1)) }

    deinit { close(fd) }

    /// Calls `body` with each chunk of the file, in order, until the end or `body` returns false.
    func forEachChunk(size limit: Int = ByteFile.chunkSize, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let capacity = max(bufferSize(limit), min(limit, 4096))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, capacity)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError.cannotRead(errno)
            }
            if n == 0 { return }
            consumed += n
            guard try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) else { return }
        }
    }

    /// Reads up to `count` bytes into a fresh array (a short read only at the end of the file).
    ///
    /// The array is filled straight from read(2), never zeroed first: a 1 MB chunk zeroed
    /// per call was 169 M of the busy week's 4.7 G instructions (two calls per file).
    func read(upTo count: Int) throws -> [UInt8] {
        let first = bufferSize(count)
        var out = try fill(first)
        guard out.count == first else { return out }   // the end of the file
        // Full, yet short of `count`: the file was longer than `fstat` said; read on.
        while out.count < count {
            let want = min(count - out.count, 64 * 1024)
            let more = try fill(want)
            out.append(contentsOf: more)
            if more.count < want { break }
        }
        return out
    }

    /// Up to `capacity` bytes, fewer only at the end of the file.
    private func fill(_ capacity: Int) throws -> [UInt8] {
        var failure: Int32?
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, filled in
            filled = 0
            while filled < capacity {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, capacity - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                filled += n
            }
        }
        if let failure { throw FileReadError.cannotRead(failure) }
        consumed += out.count
        return out
    }
}

/// Why a file could not be read at the operating-system level.
enum FileReadError: Error, Equatable {
    case symlink
    case cannotOpen(Int32)
    case cannotRead(Int32)

    var detail: String {
        switch self {
        case .symlink: return "symbolic link"
        case .cannotOpen(let e), .cannotRead(let e): return String(cString: strerror(e))
        }
    }
}
