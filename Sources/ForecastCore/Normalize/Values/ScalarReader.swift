// Shared, allocation-free cursor used by every cell parser.
//
// The parsers run once per cell on millions of rows, so they read the String's UTF-8
// bytes in place (no Array of scalars, no Foundation) and decode scalars by hand.
// Swift guarantees a String's UTF-8 is valid, so the decoder needs no error paths.

/// Code points the parsers look for, named so the grammar code reads like the grammar.
enum Ch {
    static let nian: UInt32 = 0x5E74      // 年
    static let yue: UInt32 = 0x6708       // 月
    static let ri: UInt32 = 0x65E5        // 日
    static let hao: UInt32 = 0x53F7       // 号
    static let dian: UInt32 = 0x70B9      // 点
    static let shi: UInt32 = 0x65F6       // 时
    static let fen: UInt32 = 0x5206       // 分
    static let ban: UInt32 = 0x534A       // 半
    static let zheng: UInt32 = 0x6574     // 整
    static let zhong: UInt32 = 0x949F     // 钟
    static let shang: UInt32 = 0x4E0A     // 上
    static let wu: UInt32 = 0x5348        // 午
    static let xia: UInt32 = 0x4E0B       // 下
    static let zhong1: UInt32 = 0x4E2D    // 中
    static let ling: UInt32 = 0x51CC      // 凌
    static let chen: UInt32 = 0x6668      // 晨
    static let zao: UInt32 = 0x65E9       // 早
    static let qing: UInt32 = 0x6E05      // 清
    static let bang: UInt32 = 0x508D      // 傍
    static let wan: UInt32 = 0x665A       // 晚
    static let jian: UInt32 = 0x95F4      // 间
    static let ye: UInt32 = 0x591C        // 夜
    static let li: UInt32 = 0x91CC        // 里
    static let hou: UInt32 = 0x540E       // 后
    static let yue1: UInt32 = 0x7EA6      // 约
    static let da: UInt32 = 0x5927        // 大
    static let gai: UInt32 = 0x6982       // 概
    static let yu: UInt32 = 0x9884        // 预
    static let ji: UInt32 = 0x8BA1        // 计
    static let gu: UInt32 = 0x4F30        // 估
    static let yu2: UInt32 = 0x4F59       // 余
    static let duo: UInt32 = 0x591A       // 多
    static let ren: UInt32 = 0x4EBA       // 人
    static let ci: UInt32 = 0x6B21        // 次
    static let ming: UInt32 = 0x540D      // 名
    static let wei: UInt32 = 0x4F4D       // 位
    static let zuo: UInt32 = 0x5DE6       // 左
    static let you: UInt32 = 0x53F3       // 右
    static let zhi: UInt32 = 0x81F3       // 至
    static let dao: UInt32 = 0x5230       // 到
    static let zhuan: UInt32 = 0x8F6C     // 转
    static let ji1: UInt32 = 0x673A       // 机
    static let zhou: UInt32 = 0x5468      // 周
    static let xing: UInt32 = 0x661F      // 星
    static let qi: UInt32 = 0x671F        // 期
    static let lii: UInt32 = 0x793C       // 礼
    static let bai: UInt32 = 0x62DC       // 拜
    static let tian: UInt32 = 0x5929      // 天
}

/// Reads folded Unicode scalars from a UTF-8 buffer, skipping whitespace between tokens.
///
/// Folding maps the full-width ASCII block (U+FF01–FF5E) to ASCII and U+3000 to a space,
/// so the parsers stay correct even if a caller forgot NFKC; it is two comparisons.
struct ScalarReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Decodes the scalar starting at byte `i` (valid UTF-8 is guaranteed by String).
    @inline(__always)
    func decode(at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 {
            return (((b0 & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F), 2)
        }
        if b0 < 0xF0 {
            return (((b0 & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6)
                | (UInt32(bytes[i + 2]) & 0x3F), 3)
        }
        return (((b0 & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[i + 2]) & 0x3F) << 6) | (UInt32(bytes[i + 3]) & 0x3F), 4)
    }

    /// Full-width ASCII → ASCII; everything else unchanged.
    @inline(__always)
    static func fold(_ s: UInt32) -> UInt32 {
        if s >= 0xFF01 && s <= 0xFF5E { return s &- 0xFEE0 }
        return s
    }

    /// Whitespace that may appear between tokens (NBSP and ideographic space included,
    /// because cells pasted from Word or web pages carry them).
    @inline(__always)
    static func isSpace(_ s: UInt32) -> Bool {
        s == 0x20 || s == 0x09 || s == 0x0A || s == 0x0D || s == 0xA0 || s == 0x3000
            || s == 0xFEFF || (s >= 0x2000 && s <= 0x200B)
    }

    @inline(__always)
    static func isDigit(_ s: UInt32) -> Bool { s >= 0x30 && s <= 0x39 }

    @inline(__always)
    mutating func skipSpaces() {
        while index < bytes.count {
            let b = bytes[index]
            // Fast path: most bytes are ASCII and not blank.
            if b < 0x80 {
                guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
                index += 1
                continue
            }
            let (s, n) = decode(at: index)
            guard Self.isSpace(s) else { return }
            index += n
        }
    }

    /// True when only whitespace is left.
    @inline(__always)
    mutating func atEnd() -> Bool {
        skipSpaces()
        return index >= bytes.count
    }

    /// The next non-space scalar, folded, without consuming it.
    @inline(__always)
    mutating func peek() -> UInt32? {
        skipSpaces()
        guard index < bytes.count else { return nil }
        let b = bytes[index]
        if b < 0x80 { return UInt32(b) }
        return Self.fold(decode(at: index).scalar)
    }

    /// The scalar right at the cursor, spaces not skipped (for tokens that must be adjacent).
    @inline(__always)
    func peekAdjacent() -> UInt32? {
        guard index < bytes.count else { return nil }
        return Self.fold(decode(at: index).scalar)
    }

    /// Consumes the scalar at the cursor (call after `peek`).
    @inline(__always)
    mutating func advance() {
        let b = bytes[index]
        index += b < 0x80 ? 1 : (b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4))
    }

    /// Consumes `s` if it is next (after spaces).
    @inline(__always)
    mutating func eat(_ s: UInt32) -> Bool {
        if peek() == s {
            advance()
            return true
        }
        return false
    }

    /// Consumes the two-scalar word `a b` if it is next; otherwise consumes nothing.
    @inline(__always)
    mutating func eat(_ a: UInt32, _ b: UInt32) -> Bool {
        let saved = index
        if eat(a) && eat(b) { return true }
        index = saved
        return false
    }

    /// Reads a run of adjacent ASCII digits (after leading spaces). Returns nil when there
    /// is no digit or the run is longer than `maxDigits` (which also rules out overflow).
    @inline(__always)
    mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
        skipSpaces()
        var value = 0
        var digits = 0
        while index < bytes.count {
            let b = bytes[index]
            let digit: Int
            let n: Int
            if b >= 0x30 && b <= 0x39 {
                digit = Int(b &- 0x30)
                n = 1
            } else if b >= 0x80 {
                let (raw, len) = decode(at: index)   // full-width ０-９
                guard raw >= 0xFF10 && raw <= 0xFF19 else { break }
                digit = Int(raw &- 0xFF10)
                n = len
            } else {
                break
            }
            digits += 1
            if digits > maxDigits { return nil }
            value = value &* 10 &+ digit
            index += n
        }
        return digits == 0 ? nil : (value, digits)
    }
}

/// Runs `body` with a reader over `text`'s UTF-8 storage without copying native strings.
@inline(__always)
func withScalarReader<R>(_ text: String, _ body: (inout ScalarReader) -> R) -> R {
    var copy = text
    return copy.withUTF8 { buffer in
        var reader = ScalarReader(buffer)
        return body(&reader)
    }
}

/// Builds a String from at most `capacity` ASCII bytes written by `body`, without an
/// intermediate Array (results of ≤ 15 bytes then need no heap allocation at all).
@inline(__always)
func makeASCIIString(capacity: Int, _ body: (inout ASCIIWriter) -> Void) -> String {
    String(unsafeUninitializedCapacity: capacity) { buffer in
        var writer = ASCIIWriter(buffer: buffer)
        body(&writer)
        return writer.count
    }
}

/// Appends ASCII bytes into a pre-sized buffer (see `makeASCIIString`).
struct ASCIIWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    /// Writes the non-negative `value` as exactly `width` digits (leading zeros).
    @inline(__always)
    mutating func appendDigits(_ value: Int, width: Int) {
        var v = value
        var i = count + width - 1
        while i >= count {
            buffer[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
            v /= 10
            i -= 1
        }
        count += width
    }
}
