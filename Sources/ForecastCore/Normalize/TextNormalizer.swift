import Foundation

/// The one normalizer of cell text and matching keys (SPEC "Normalized text").
public enum TextNormalizer {
    /// NFKC with a fast path: ASCII and CJK Unified Ideographs are NFKC-stable, and nearly all
    /// cells consist of nothing else, so Foundation's normalizer (about 1 µs a call on Linux)
    /// runs only for the rare cell with full-width forms or other compatibility characters.
    public static func nfkc(_ s: String) -> String {
        isNFKCStable(s) ? s : s.precomposedStringWithCompatibilityMapping
    }

    /// True when every scalar is ASCII, a CJK Unified Ideograph or 、。 — read from the UTF-8
    /// bytes (a valid string: no continuation byte needs checking), which is a third of the
    /// cost of decoding scalars; cleaning cells was 14% of a busy week's reading thread.
    static func isNFKCStable(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isNFKCStable($0) }
    }

    private static func isNFKCStable(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] < 0x80 { i += 1; continue }
            guard let v = threeByteScalar(b, at: i), (0x4E00...0x9FFF).contains(v) || (0x3001...0x3002).contains(v) else {
                return false
            }
            i += 3
        }
        return true
    }

    /// The scalar of the three-byte UTF-8 sequence at `i` (U+0800 to U+FFFF), nil for any
    /// other length. The bytes come from a valid String, so continuation bytes need no check.
    private static func threeByteScalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        guard b[i] & 0xF0 == 0xE0, i + 2 < b.count else { return nil }
        return UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
    }

    /// NFKC, then trimmed of white space (including the ideographic space NFKC turns into a
    /// plain one) and of line breaks.
    public static func clean(_ s: String) -> String {
        // Nearly every cell is NFKC-stable (ASCII, CJK, 、。) with no white space at either
        // end: then it is its own clean form, found in one pass over its bytes. In such a
        // cell only an ASCII byte can be white space. (The scalar path below cost 640
        // instructions a cell, 131 M of the busy week's reading thread.)
        var s = s
        let asItIs = s.withUTF8 { b in
            guard let first = b.first, let last = b.last else { return true }
            return !isASCIISpace(first) && !isASCIISpace(last) && isNFKCStable(b)
        }
        if asItIs { return s }
        let n = nfkc(s)
        guard let first = n.unicodeScalars.first, let last = n.unicodeScalars.last,
              isSpace(first) || isSpace(last) else { return n }
        let scalars = n.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Matching key: NFKC, only letters and digits kept (Unicode L* and N*), lower-cased.
    public static func key(_ s: String) -> String {
        asciiAndCJKKey(s) ?? scalarKey(s)
    }

    /// `key`, scalar by scalar: any text.
    static func scalarKey(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in nfkc(s).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch v {
                case 0x30...0x39, 0x61...0x7A: out.append(scalar)
                case 0x41...0x5A: out.append(Unicode.Scalar(v + 0x20)!)
                default: break
                }
            } else if (0x4E00...0x9FFF).contains(v) {
                out.append(scalar)
            } else if isLetterOrDigit(scalar) {
                // Lower-casing can add a combining mark ("İ" → "i̇"): keep only letters and
                // digits of the mapping too, so a key is its own key (found by fuzzing).
                for lower in scalar.properties.lowercaseMapping.unicodeScalars where isLetterOrDigit(lower) { out.append(lower) }
            }
        }
        return String(out)
    }

    /// `key` of a cell made only of ASCII and CJK Unified Ideographs (nearly every cell),
    /// from its UTF-8 bytes; nil for any other cell. The scalar form cost 5.5k instructions a
    /// call, three calls a row (callgrind).
    static func asciiAndCJKKey(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { b -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                let lead = b[i]
                switch lead {
                case 0x30...0x39, 0x61...0x7A: out.append(lead); i += 1
                case 0x41...0x5A: out.append(lead + 0x20); i += 1
                case 0..<0x80: i += 1
                default:
                    guard let v = threeByteScalar(b, at: i), (0x4E00...0x9FFF).contains(v) else { return nil }
                    out.append(contentsOf: b[i..<(i + 3)])
                    i += 3
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Organization or county key: `key` with a leading city name (雅安市) dropped.
    public static func placeKey(_ s: String, city: String) -> String {
        placeKey(s, cityKey: key(city))
    }

    /// `placeKey` with the city's key made once by the caller. Keys hold letters and digits
    /// only (no combining marks), so a byte prefix ends on a character boundary.
    public static func placeKey(_ s: String, cityKey: String) -> String {
        let k = key(s)
        if !cityKey.isEmpty, k.utf8.count > cityKey.utf8.count, k.utf8.starts(with: cityKey.utf8) {
            return String(decoding: k.utf8.dropFirst(cityKey.utf8.count), as: UTF8.self)
        }
        return k
    }

    private static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || (0x09...0x0D).contains(b)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0xFEFF, 0x200B: return true
        case 0x21...0x7E, 0x4E00...0x9FFF: return false   // most cells begin and end so: no property lookup
        default: return scalar.properties.isWhitespace
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
