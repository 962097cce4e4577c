import Foundation

/// The one CSV writer of every output table: UTF-8 with BOM (so Excel on Chinese Windows
/// opens it correctly), CRLF, RFC 4180 quoting, and formula-safe cells.
public enum CSVWriter {
    /// Bytes that make a cell quoted: comma, double quote, line feed, carriage return.
    @inline(__always)
    static func needsQuote(_ b: UInt8) -> Bool {
        b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D
    }

    /// First bytes a spreadsheet would read as the start of a formula: = + - @ tab CR.
    @inline(__always)
    static func isFormulaLead(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@") || b == 0x09 || b == 0x0D
    }

    /// How a cell is written: with a leading `'` (formula lead), and/or quoted. The one rule
    /// of every CSV cell, whether written through `cell` or straight from row bytes
    /// (`StreamedFile.appendCSVCell`).
    static func form(of bytes: UnsafeBufferPointer<UInt8>) -> (formulaLead: Bool, quoted: Bool) {
        guard let first = bytes.first else { return (false, false) }
        return (isFormulaLead(first), ByteScan.first(in: bytes, below: 0x2D, where: needsQuote) < bytes.count)
    }

    /// One cell, made formula-safe and quoted when needed: a cell whose first byte is
    /// = + - @ tab or CR gets a `'` before it. Bytes, not Characters: the Character form
    /// with `replacingOccurrences` cost 90k instructions a rejections line (callgrind).
    public static func cell(_ value: String) -> String {
        var text = value
        return text.withUTF8 { bytes in
            let (lead, quoted) = form(of: bytes)
            if !lead && !quoted { return value }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 4)
            if quoted { out.append(UInt8(ascii: "\"")) }
            if lead { out.append(UInt8(ascii: "'")) }
            for b in bytes {
                out.append(b)
                if quoted && b == UInt8(ascii: "\"") { out.append(b) }
            }
            if quoted { out.append(UInt8(ascii: "\"")) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// One record: cells made safe, joined, CRLF-terminated.
    public static func line(_ cells: [String]) -> String {
        var out = ""
        for (i, c) in cells.enumerated() {
            if i > 0 { out += "," }
            out += cell(c)
        }
        return out + "\r\n"
    }

    /// How every output table starts: the byte-order mark, then the header record.
    public static func head(_ header: [String]) -> String { "\u{FEFF}" + line(header) }

    /// A whole table as file bytes.
    public static func render(header: [String], rows: [[String]]) -> Data {
        var text = head(header)
        for row in rows { text += line(row) }
        return Data(text.utf8)
    }
}
