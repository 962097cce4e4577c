import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one pass over a file's bytes tells: its digest, its first bytes and its text encoding.
public struct FileFacts: Sendable {
    public var sha256: String
    public var size: Int
    /// The first bytes of the file (up to 8), for format signatures.
    public var head: [UInt8]
    /// The text encoding, or nil when the bytes are valid in none of them.
    public var encoding: TextEncoding?
}

/// Reads a file once, computing SHA-256 and checking the candidate encodings as it goes,
/// so intake never holds a whole file and never reads it more than once before parsing.
public enum FileSniffer {
    public static func sniff(path: String) throws -> FileFacts {
        let file = try ByteFile(path: path)
        var hasher = SHA256()
        var utf8 = UTF8Validator()
        // GB18030 decides only for a file that is not UTF-8 (SPEC's rule), so it is checked
        // in this pass only when UTF-8 fails in the first chunk, as a GBK sheet's does (its
        // header row is Chinese), not beside UTF-8 on every byte of every file; any other file
        // that is not UTF-8 gets a second pass. With NUL looked for by memchr, not a byte at a
        // time, the busy week's sniffing went from 156 to 140 M instructions.
        var gb: GB18030Validator?
        var sawNUL = false
        var head: [UInt8] = []
        var size = 0
        try file.forEachChunk { chunk in
            if head.count < 8 { head.append(contentsOf: chunk.prefix(8 - head.count)) }
            hasher.update(bufferPointer: chunk)
            if !sawNUL, let base = chunk.baseAddress, memchr(base, 0, chunk.count) != nil { sawNUL = true }
            if utf8.isValid {
                utf8.feed(chunk)
                if !utf8.isValid, size == 0 { gb = GB18030Validator() }
            }
            gb?.feed(chunk)
            size += chunk.count
            return true
        }
        let digest = hex(hasher.finalize())
        let encoding = try detect(head: head, size: size, sawNUL: sawNUL, utf8: utf8.finished) {
            // UTF-8 failed past the first chunk, or only at the very end (no check was
            // started): GB18030 from the start in a second pass, which few files ever need.
            if let gb { return gb.finished }
            var whole = GB18030Validator()
            try ByteFile(path: path).forEachChunk { whole.feed($0); return whole.isValid }
            return whole.finished
        }
        return FileFacts(sha256: digest, size: size, head: head, encoding: encoding)
    }

    /// The encoding rule of SPEC: a BOM decides; otherwise UTF-8 when valid, else GB18030;
    /// NUL bytes outside UTF-16 mean the file is not text.
    /// `gb18030` is asked only when the answer depends on it.
    static func detect(head: [UInt8], size: Int, sawNUL: Bool, utf8: Bool,
                       gb18030: () throws -> Bool) rethrows -> TextEncoding? {
        if head.starts(with: [0xFF, 0xFE]) { return size % 2 == 0 ? .utf16LE : nil }
        if head.starts(with: [0xFE, 0xFF]) { return size % 2 == 0 ? .utf16BE : nil }
        if sawNUL { return nil }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8 ? .utf8BOM : nil }
        if utf8 { return .utf8 }
        if try gb18030() { return .gb18030 }
        return nil
    }

    /// The SHA-256 of bytes in memory, as lower-case hex (as `sha256sum` prints it).
    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lower-case hex of a digest.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
