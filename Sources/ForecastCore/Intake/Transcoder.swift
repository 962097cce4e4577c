#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming conversion of GB18030 or UTF-16 to UTF-8 through the C library's iconv.
///
/// iconv rather than Foundation's `String(data:encoding:)`: it converts chunk by chunk
/// (Foundation needs the whole file as one `Data`), and carries a sequence split across a
/// chunk boundary over to the next call.
final class Transcoder {
    private let handle: iconv_t
    /// Bytes of an incomplete sequence left from the previous chunk.
    private var carry: [UInt8] = []

    init(from encoding: String, to target: String = "UTF-8") throws(DecodeError) {
        let h = iconv_open(target, encoding)
        guard let h, Int(bitPattern: h) != -1 else { throw .unsupported(encoding) }
        handle = h
    }

    deinit { iconv_close(handle) }

    /// Converts one chunk, appending UTF-8 to `out`. `last` says no more input follows.
    func convert(_ input: UnsafeRawBufferPointer, last: Bool, into out: inout [UInt8]) throws(DecodeError) {
        var source = carry
        source.append(contentsOf: input)
        carry.removeAll(keepingCapacity: true)
        if source.isEmpty { return }
        let outCapacity = source.count * 2 + 16   // GB18030 → UTF-8 grows by at most 3/2; UTF-16 by 3/2
        let start = out.count
        out.reserveCapacity(start + outCapacity)
        var scratch = [UInt8](repeating: 0, count: outCapacity)
        var consumed = 0
        var produced = 0
        var failure: DecodeError?
        source.withUnsafeMutableBytes { src in
            scratch.withUnsafeMutableBytes { dst in
                var inPtr: UnsafeMutablePointer<CChar>? = src.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = src.count
                var outPtr: UnsafeMutablePointer<CChar>? = dst.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = dst.count
                let rc = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                consumed = src.count - inLeft
                produced = dst.count - outLeft
                if rc == -1 {
                    switch errno {
                    case EINVAL where !last: break              // incomplete tail: carried over below
                    case EINVAL: failure = .truncated
                    default: failure = .invalidSequence
                    }
                }
            }
        }
        if let failure { throw failure }
        out.append(contentsOf: scratch[0..<produced])
        if consumed < source.count { carry = Array(source[consumed...]) }
    }
}

/// Why bytes could not be decoded as the detected encoding.
enum DecodeError: Error, Equatable {
    case unsupported(String)
    case invalidSequence
    case truncated
}
