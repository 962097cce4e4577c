import CLibXML2
import Foundation

/// Excel 2003 XML Spreadsheet: the first worksheet read as a table. `ss:Index` gaps on rows
/// and cells, `ss:MergeAcross`, and `ss:Type` String/Number/DateTime/Boolean cells.
/// A record's line is its sheet row number.
struct SpreadsheetMLReader: TableReader {
    static let namespace = "urn:schemas-microsoft-com:office:spreadsheet"

    private let document: XMLDocument
    private let rows: [xmlNodePtr]
    private var position = 0
    private var rowNumber = 0

    /// True when the document's root is a SpreadsheetML workbook.
    static func recognises(_ document: XMLDocument) -> Bool {
        guard let root = document.root else { return false }
        return root.localName == "Workbook" && root.namespaceURI == namespace
    }

    init(document: XMLDocument) throws(FileRejection) {
        self.document = document
        let sheet = document.root?.elements.first { $0.localName == "Worksheet" }
        let table = sheet?.elements.first { $0.localName == "Table" }
        guard let table else {
            throw FileRejection(.unreadableFile, file: "", detail: "工作簿中没有工作表")
        }
        rows = table.elements.filter { $0.localName == "Row" }
    }

    mutating func next() throws -> RawRecord? {
        guard position < rows.count else { return nil }
        let row = rows[position]
        position += 1
        rowNumber = row.attribute("Index", namespace: Self.namespace).flatMap { Int($0) } ?? rowNumber + 1
        var cells: [String] = []
        for cell in row.elements where cell.localName == "Cell" {
            if let index = cell.attribute("Index", namespace: Self.namespace).flatMap({ Int($0) }), index - 1 > cells.count,
               index - 1 < 16_384 {
                cells += Array(repeating: "", count: index - 1 - cells.count)
            }
            let data = cell.elements.first { $0.localName == "Data" }
            cells.append(data.map { Self.value(of: $0) } ?? "")
            if let merge = cell.attribute("MergeAcross", namespace: Self.namespace).flatMap({ Int($0) }), merge > 0, merge < 16_384 {
                cells += Array(repeating: "", count: merge)
            }
        }
        return RawRecord(line: rowNumber, cells: cells)
    }

    /// A cell's text as the sheet shows it: dates as 2016-12-13, times as 09:00, whole
    /// numbers without a decimal point.
    static func value(of data: xmlNodePtr) -> String {
        let text = data.text
        switch data.attribute("Type", namespace: namespace) {
        case "DateTime":
            return SpreadsheetValue.dateTime(iso: text)
        case "Number":
            return SpreadsheetValue.number(text)
        default:
            return text
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
