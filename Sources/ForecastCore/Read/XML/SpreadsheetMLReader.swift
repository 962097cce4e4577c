import Foundation

/// Excel 2003 XML Spreadsheet: the first worksheet read as a table, streaming. `ss:Index`
/// gaps on rows and cells, `ss:MergeAcross`, and `ss:Type` String/Number/DateTime/Boolean
/// cells. A record's line is its sheet row number.
struct SpreadsheetMLReader: TableReader {
    static let namespace = "urn:schemas-microsoft-com:office:spreadsheet"

    private let stream: XMLStreamReader
    private var rowNumber = 0
    private var worksheets = 0
    private var done = false

    init(bytes: [UInt8], name: String) throws(XMLRefusal) {
        stream = try XMLStreamReader(bytes: bytes, name: name)
    }

    private func index(_ name: String) -> Int? {
        stream.attribute(name, namespace: Self.namespace).flatMap { Int($0) }
    }

    mutating func next() throws -> RawRecord? {
        var cells: [String]?
        var inData = false
        var dataType: String?
        var value = ""
        while !done, let node = try stream.next() {
            switch node {
            case .start("Worksheet", _):
                worksheets += 1
            case .end("Worksheet"):
                done = true   // only the first worksheet is read
            case .start("Row", let empty) where worksheets == 1:
                rowNumber = index("Index") ?? rowNumber + 1
                if empty { return RawRecord(line: rowNumber, cells: []) }
                cells = []
            case .end("Row") where worksheets == 1:
                return RawRecord(line: rowNumber, cells: cells ?? [])
            case .start("Cell", let empty) where cells != nil:
                if let i = index("Index"), i - 1 > cells!.count, i - 1 < 16_384 {
                    cells! += Array(repeating: "", count: i - 1 - cells!.count)
                }
                cells!.append("")
                if let merge = index("MergeAcross"), merge > 0, merge < 16_384 {
                    // The value goes in the first cell; the merged ones stay empty.
                    cells! += Array(repeating: "", count: merge)
                    if !empty { pendingMerge = merge }
                } else {
                    pendingMerge = 0
                }
            case .start("Data", let empty) where cells != nil:
                inData = !empty
                dataType = stream.attribute("Type", namespace: Self.namespace)
                value = ""
            case .end("Data") where cells != nil:
                inData = false
                let slot = cells!.count - 1 - pendingMerge
                cells![slot] = Self.value(value, type: dataType)
            case .text(let t) where inData:
                value += t
            default:
                break
            }
        }
        return cells.map { RawRecord(line: rowNumber, cells: $0) }
    }

    private var pendingMerge = 0

    /// True when the XML's root element is a SpreadsheetML workbook.
    static func recognises(root: String, namespace ns: String?) -> Bool {
        root == "Workbook" && ns == namespace
    }

    /// A cell's text as the sheet shows it: dates as 2016-12-13, times as 09:00, whole
    /// numbers without a decimal point.
    static func value(_ text: String, type: String?) -> String {
        switch type {
        case "DateTime": return SpreadsheetValue.dateTime(iso: text)
        case "Number": return SpreadsheetValue.number(text)
        default: return text
        }
    }
}

/// Spreadsheet cell values written as text the value parsers read.
enum SpreadsheetValue {
    /// "2016-12-13T00:00:00.000" → "2016-12-13"; "1899-12-31T09:00:00.000" → "09:00";
    /// a date with a time of day keeps both ("2016-12-13 09:00").
    static func dateTime(iso: String) -> String {
        let parts = iso.split(separator: "T", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return iso }
        let date = parts[0]
        let hhmm = String(parts[1].prefix(5))
        if date.hasPrefix("1899-12-3") || date == "1900-01-00" { return hhmm }
        if hhmm == "00:00" { return date }
        return "\(date) \(hhmm)"
    }

    /// "60" stays "60"; "60.0" and "1.3908161234E10" become whole numbers; others as written.
    static func number(_ text: String) -> String {
        guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else { return text }
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
        return text
    }
}
