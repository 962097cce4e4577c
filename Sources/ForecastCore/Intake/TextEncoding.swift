/// The text encodings a submitted sheet may arrive in (SPEC "Inputs").
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8-BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"

    /// The name glibc's iconv knows this encoding by; nil when the bytes are UTF-8 already.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: return nil
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        }
    }

    /// Bytes of byte-order mark to skip before the text starts.
    var bomLength: Int {
        switch self {
        case .utf8BOM: return 3
        case .utf16LE, .utf16BE: return 2
        case .utf8, .gb18030: return 0
        }
    }
}

/// Incremental UTF-8 validator: feed chunks, ask at the end.
///
/// Hand-written rather than `String(validating:)` because it must run over files in chunks
/// whose boundaries split sequences, alongside the SHA-256 pass, without keeping the file.
struct UTF8Validator {
    private(set) var isValid = true
    /// Continuation bytes still expected for the current sequence.
    private var pending = 0
    /// Allowed range of the next continuation byte (tightened for overlongs and surrogates).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard isValid else { return }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if pending == 0 {
                // ASCII fast path: 8 bytes at a time while the high bits are clear.
                if b < 0x80 {
                    while i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                    }
                    while i < n, bytes[i] < 0x80 { i += 1 }
                    continue
                }
                // Chinese text: a lead of E1–EC or EE–EF and two bytes of 80–BF, taken whole
                // (the busy week's sniffing 140 → 125 M instructions).
                if i + 2 < n, (0xE1...0xEF).contains(b), b != 0xED,
                   bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 {
                    i += 3
                    continue
                }
                switch b {
                case 0xC2...0xDF: pending = 1; lower = 0x80; upper = 0xBF
                case 0xE0: pending = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE, 0xEF: pending = 2; lower = 0x80; upper = 0xBF
                case 0xED: pending = 2; lower = 0x80; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: pending = 3; lower = 0x80; upper = 0xBF
                case 0xF4: pending = 3; lower = 0x80; upper = 0x8F
                default: isValid = false; return
                }
            } else {
                guard b >= lower, b <= upper else { isValid = false; return }
                pending -= 1
                lower = 0x80; upper = 0xBF
            }
            i += 1
        }
    }

    /// True when every sequence was complete and well formed.
    var finished: Bool { isValid && pending == 0 }
}

/// Incremental GB18030 validator (one, two and four byte forms of GB 18030-2005).
struct GB18030Validator {
    private(set) var isValid = true
    private var state = 0   // 0 start, 1 after lead, 2 after lead+digit, 3 after lead+digit+lead
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard isValid else { return }
        for b in bytes {
            switch state {
            case 0:
                if b < 0x80 { continue }
                if b >= 0x81 && b <= 0xFE { state = 1 } else { isValid = false; return }
            case 1:
                if (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE) { state = 0 }
                else if b >= 0x30 && b <= 0x39 { state = 2 }
                else { isValid = false; return }
            case 2:
                if b >= 0x81 && b <= 0xFE { state = 3 } else { isValid = false; return }
            default:
                if b >= 0x30 && b <= 0x39 { state = 0 } else { isValid = false; return }
            }
        }
    }
    var finished: Bool { isValid && state == 0 }
}
