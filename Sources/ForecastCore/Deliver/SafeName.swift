/// File names built from organization names and other untrusted text: no path separators,
/// no `..`, no control or reserved characters, no leading dot, length capped.
public enum SafeName {
    /// Characters Windows, Linux or a shell would treat specially in a name.
    static let reserved: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
    static let maxCharacters = 60

    public static func make(_ text: String) -> String {
        let clean = TextNormalizer.clean(text)
        if isSafeAsItIs(clean) { return clean }
        // Scalar by scalar, not Character by Character: a slash followed by a combining mark
        // is one Character, which is not "/" and went through whole.
        var bytes: [UInt8] = []
        for u in clean.unicodeScalars {
            if u.properties.generalCategory == .control || (u.isASCII && reserved.contains(Character(u))) {
                bytes.append(UInt8(ascii: "_"))
            } else {
                bytes.append(contentsOf: String(u).utf8)
            }
        }
        // "..", as bytes, until none is left ("..." -> "_." -> ...), then no leading dot or space.
        while let i = bytes.indices.dropLast().first(where: { bytes[$0] == UInt8(ascii: ".") && bytes[$0 + 1] == UInt8(ascii: ".") }) {
            bytes.replaceSubrange(i...(i + 1), with: [UInt8(ascii: "_")])
        }
        while let first = bytes.first, first == UInt8(ascii: ".") || first == UInt8(ascii: " ") { bytes.removeFirst() }
        var out = String(decoding: bytes, as: UTF8.self)
        if out.count > maxCharacters { out = String(out.prefix(maxCharacters)) }
        return out.isEmpty ? "未命名" : out
    }

    /// Whether `make` would return the (clean) text unchanged, judged from its bytes: nearly
    /// every name is, and the Character path hashed each character into `reserved` through
    /// Unicode normalization, 54k instructions a name (8 M of the busy week's receipts).
    /// Conservative: a name it refuses takes the scalar path, which decides.
    static func isSafeAsItIs(_ text: String) -> Bool {
        var scalars = 0
        var previous: UInt8 = 0
        for b in text.utf8 {
            switch b {
            case 0..<0x20, 0x7F, UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: ":"), UInt8(ascii: "*"),
                 UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"):
                return false
            case UInt8(ascii: "."):
                if scalars == 0 || previous == UInt8(ascii: ".") { return false }
            case UInt8(ascii: " "):
                if scalars == 0 { return false }
            case 0x80...0x9F:
                if previous == 0xC2 { return false }   // U+0080–U+009F, controls
            default:
                break
            }
            if b & 0xC0 != 0x80 { scalars += 1 }
            previous = b
        }
        return scalars > 0 && scalars <= maxCharacters
    }
}
