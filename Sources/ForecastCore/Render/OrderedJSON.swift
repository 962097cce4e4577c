/// JSON whose object keys keep the order they were written in.
///
/// Written by hand because Foundation's `JSONEncoder` on Linux emits keys in hash order
/// (different from run to run), which breaks byte-identical re-runs, and `.sortedKeys` would
/// scatter the contract's reading order (week, issue, … as in SPEC).
public indirect enum OrderedJSON: Sendable, Equatable {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case int(Int)
    case null

    public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.text() == b.text() }

    /// Pretty-printed text with two-space indents and a final newline.
    public func text() -> String { String(decoding: bytes(), as: UTF8.self) }

    /// `text()` as UTF-8 bytes. Written into one byte array, texts copied whole where nothing
    /// needs escaping: grown as a String a Unicode scalar at a time, the busy week's
    /// `run.json` (150 organizations), the last file a run writes, took 8.7 M instructions
    /// to make, 2.1 M this way (callgrind).
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func write(into out: inout [UInt8], indent: Int) {
        func pad(_ level: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
        switch self {
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (i, (key, value)) in members.enumerated() {
                pad(indent + 1)
                Self.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(into: &out, indent: indent + 1)
                out.append(contentsOf: (i < members.count - 1 ? ",\n" : "\n").utf8)
            }
            pad(indent)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                pad(indent + 1)
                item.write(into: &out, indent: indent + 1)
                out.append(contentsOf: (i < items.count - 1 ? ",\n" : "\n").utf8)
            }
            pad(indent)
            out.append(UInt8(ascii: "]"))
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t` or `\u00xx`,
    /// everything else as is. The bytes to escape are all below 0x5D and a byte below 0x80
    /// is only ever a character of its own, so they are found on the UTF-8 bytes by
    /// `ByteScan.first`, as the XML and CSV writers find theirs.
    static func quote(_ s: String, into out: inout [UInt8]) {
        let special: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { utf8 in
            var start = 0
            var i = ByteScan.first(in: utf8, below: 0x5D, where: special)
            while i < utf8.count {
                out.append(contentsOf: utf8[start..<i])
                switch utf8[i] {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                case let b:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0xF)])
                }
                start = i + 1
                i = ByteScan.first(in: utf8, from: start, below: 0x5D, where: special)
            }
            out.append(contentsOf: utf8[start...])
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
