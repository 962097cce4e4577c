import Foundation

/// The one CSV writer of every output table: UTF-8 with BOM (so Excel on Chinese Windows
/// opens it correctly), CRLF, RFC 4180 quoting, and formula-safe cells.
public enum CSVWriter {
    /// A cell starting with one of these is prefixed with `'` so spreadsheets never run it.
    static let formulaLeads: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One cell, made formula-safe and quoted when needed.
    public static func cell(_ value: String) -> String {
        // Fast path: most cells need neither a quote nor a prefix (a byte scan, no Characters).
        if let first = value.utf8.first, first != UInt8(ascii: "="), first != UInt8(ascii: "+"), first != UInt8(ascii: "-"),
           first != UInt8(ascii: "@"), first != 0x09, first != 0x0D,
           !value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return value
        }
        var v = value
        if let first = v.first, formulaLeads.contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
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
