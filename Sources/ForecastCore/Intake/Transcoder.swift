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
    ///
    /// iconv reads the chunk where it lies (copied only behind a carried-over tail) and
    /// writes into the new bytes' uninitialized room: no scratch buffer to zero and copy.
    func convert(_ input: UnsafeRawBufferPointer, last: Bool, into out: inout [UInt8]) throws(DecodeError) {
        if carry.isEmpty {
            try convert(from: input, last: last, into: &out)
        } else {
            var source = carry
            source.append(contentsOf: input)
            carry.removeAll(keepingCapacity: true)
            var failure: DecodeError?
            source.withUnsafeBytes { bytes in
                do throws(DecodeError) { try convert(from: bytes, last: last, into: &out) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    private func convert(from source: UnsafeRawBufferPointer, last: Bool, into out: inout [UInt8]) throws(DecodeError) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        let outCapacity = source.count * 2 + 16   // GB18030 → UTF-8 grows by at most 3/2; UTF-16 by 3/2
        var consumed = 0
        var failure: DecodeError?
        let converted = [UInt8](unsafeUninitializedCapacity: outCapacity) { dst, produced in
            // iconv's input is `char **` but it never writes through it.
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = source.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(dst.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = outCapacity
            let rc = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
            consumed = source.count - inLeft
            produced = outCapacity - outLeft
            if rc == -1 {
                switch errno {
                case EINVAL where !last: break              // incomplete tail: carried over below
                case EINVAL: failure = .truncated
                default: failure = .invalidSequence
                }
            }
        }
        if let failure { throw failure }
        if out.isEmpty { out = converted } else { out.append(contentsOf: converted) }
        if consumed < source.count { carry = Array(UnsafeRawBufferPointer(rebasing: source[consumed...])) }
    }
}

/// Why bytes could not be decoded as the detected encoding.
enum DecodeError: Error, Equatable {
    case unsupported(String)
    case invalidSequence
    case truncated
}
