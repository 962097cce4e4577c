/// A stream of UTF-8 text in chunks: what every text reader consumes.
protocol UTF8Source {
    /// The next chunk of UTF-8 bytes, or nil at the end. Chunk boundaries may split characters.
    mutating func nextChunk() throws -> [UInt8]?
}

/// UTF-8 text already in memory (tests, probes).
struct MemoryUTF8Source: UTF8Source {
    private var bytes: [UInt8]?
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { self.bytes = Array(text.utf8) }
    mutating func nextChunk() throws -> [UInt8]? {
        let out = bytes
        bytes = nil
        return out
    }
}

/// A file decoded to UTF-8 chunk by chunk, whatever its detected encoding.
///
/// Holds one raw chunk and one decoded chunk at a time, so memory does not grow with the file.
final class FileUTF8Source: UTF8Source {
    private let file: ByteFile
    private let transcoder: Transcoder?
    private var skip: Int
    private var done = false
    private let chunkSize: Int
    /// True once the whole file has been read.
    var isExhausted: Bool { done }

    init(path: String, encoding: TextEncoding, chunkSize: Int = ByteFile.chunkSize) throws {
        file = try ByteFile(path: path)
        transcoder = try encoding.iconvName.map { try Transcoder(from: $0) }
        skip = encoding.bomLength
        self.chunkSize = chunkSize
    }

    func nextChunk() throws -> [UInt8]? {
        while !done {
            var raw = try file.read(upTo: chunkSize)
            let last = raw.count < chunkSize
            if last { done = true }
            // UTF-8 is handed on as read, its BOM moved out in place, not copied into a second
            // array of its size: past 128 KB that is a block of its own
            // (`ProcessMemory.mapLargeBlocks`), a fresh mapping with its page faults per file.
            guard let transcoder else {
                let dropped = min(skip, raw.count)
                if dropped > 0 { raw.removeFirst(dropped) }
                skip -= dropped
                if raw.isEmpty { continue }
                return raw
            }
            var out: [UInt8] = []
            try raw.withUnsafeBytes { buffer in
                let body = UnsafeRawBufferPointer(rebasing: buffer[min(skip, buffer.count)...])
                skip = max(0, skip - buffer.count)
                try transcoder.convert(body, last: last, into: &out)
            }
            if !out.isEmpty { return out }
        }
        return nil
    }
}
