#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file opened without following symbolic links, read in fixed-size chunks.
///
/// Plain POSIX rather than `FileHandle`: `O_NOFOLLOW` closes the window between the
/// intake's `lstat` and the open, and chunked `read(2)` keeps memory flat for any size.
final class ByteFile {
    static let chunkSize = 1 << 20
    private let fd: Int32

    init(path: String) throws(FileReadError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw errno == ELOOP ? .symlink : .cannotOpen(errno)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Calls `body` with each chunk of the file, in order, until the end or `body` returns false.
    func forEachChunk(size: Int = ByteFile.chunkSize, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError.cannotRead(errno)
            }
            if n == 0 { return }
            guard try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) else { return }
        }
    }

    /// Reads up to `count` bytes into a fresh array (a short read only at the end of the file).
    func read(upTo count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = out.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + filled, count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError.cannotRead(errno)
            }
            if n == 0 { break }
            filled += n
        }
        out.removeSubrange(filled...)
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
