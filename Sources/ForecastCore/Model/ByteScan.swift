#if canImport(Glibc)
import Glibc
#endif

/// Finding the few bytes that need escaping in text that mostly needs none.
///
/// The bytes CSV quotes (`,` `"` CR LF) are all below 0x2D, and those XML escapes (`&` `<`
/// `>` `"` `'`) below 0x3F; the Chinese text of most cells is bytes of 0x80 and up. So eight
/// bytes at a time are first asked whether any is below the limit, in three operations on a
/// word, and only a word that has one is looked at byte by byte. The filing's writer, the last
/// thread of the busy week's outputs to end, spent 47 of its 162 samples scanning cells a byte
/// at a time; its XML escaping went from 48 to 33 M instructions and its CSV cells' from 48 to
/// 22 M (callgrind), and the outputs from 124 to 120 ms (medians of 16 alternating runs).
enum ByteScan {
    /// The index of the first byte from `start` on that is below `limit` (at most 0x80) and
    /// for which `match` holds, or `bytes.count` when there is none. `match` must hold for no
    /// byte at or above `limit`.
    @inline(__always)
    static func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, below limit: UInt8,
                      where match: (UInt8) -> Bool) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        // Per byte: b - limit borrows (sets the high bit) when b < limit; ~b keeps only bytes
        // under 0x80. A borrow into a byte happens only when a lower byte was below the limit,
        // so the word's answer is exact even where a byte's is not.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let limits = ones &* UInt64(limit)
        var i = start
        while i + 8 <= n {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if (word &- limits) & ~word & highs != 0 {
                for j in i..<(i + 8) where match(base[j]) { return j }
            }
            i += 8
        }
        while i < n {
            if match(base[i]) { return i }
            i += 1
        }
        return n
    }

    /// Whether `text` is these bytes: a length check and a memcmp (the generic
    /// `elementsEqual` was 600 instructions a call, 35 M of a busy week's figures scan).
    static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return text.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, base, bytes.count) == 0 }
            ?? text.utf8.elementsEqual(bytes)
    }
}
