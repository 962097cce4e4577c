/// The first worksheet of an XLSX workbook, one row at a time from a streaming XML reader:
/// shared and inline strings, numbers, booleans, and date and time cells written as text
/// the value parsers read. A record's line is its sheet row number.
struct XLSXSheetReader: TableReader {
    private let workbook: XLSXWorkbook
    private let stream: XMLStreamReader
    private let fileName: String
    private var lastRow = 0

    init(path: String, name: String, limits: ZipLimits) throws(FileRejection) {
        let package = try XLSXPackage(path: path, name: name, limits: limits)
        workbook = try XLSXWorkbook(package: package)
        guard let bytes = try package.read(workbook.firstSheetPath) else {
            throw FileRejection(.unreadableFile, file: name, detail: "找不到第一个工作表")
        }
        do {
            stream = try XMLStreamReader(bytes: bytes, name: workbook.firstSheetPath)
        } catch {
            throw error.rejection(file: name, part: workbook.firstSheetPath)
        }
        fileName = name
    }

    /// Cells of one `<c>` being read.
    private struct CellState {
        var column: Int
        var type: String?
        var style: Int?
        var value = ""
    }

    mutating func next() throws -> RawRecord? {
        var cells: [String]?
        var cell: CellState?
        var inValue = false
        var inPhonetic = 0
        do {
            while let node = try stream.next() {
                switch node {
                case .start("row", let empty):
                    lastRow = stream.attribute("r").flatMap { Int($0) } ?? lastRow + 1
                    if empty { return RawRecord(line: lastRow, cells: []) }
                    cells = []
                case .end("row"):
                    return RawRecord(line: lastRow, cells: cells ?? [])
                case .start("c", let empty):
                    let column = stream.attribute("r").flatMap(Self.columnIndex) ?? (cells?.count ?? 0)
                    let state = CellState(column: column, type: stream.attribute("t"), style: stream.attribute("s").flatMap { Int($0) })
                    if empty { place(state, into: &cells) } else { cell = state }
                case .end("c"):
                    if let state = cell { place(state, into: &cells) }
                    cell = nil
                case .start("v", let empty), .start("t", let empty):
                    inValue = !empty
                case .end("v"), .end("t"):
                    inValue = false
                case .start("rPh", let empty):
                    if !empty { inPhonetic += 1 }
                case .end("rPh"):
                    inPhonetic -= 1
                case .text(let text):
                    if inValue && inPhonetic == 0 { cell?.value += text }
                default:
                    break
                }
            }
        } catch {
            throw error.rejection(file: fileName, part: workbook.firstSheetPath)
        }
        return cells.map { RawRecord(line: lastRow, cells: $0) }
    }

    private func place(_ state: CellState, into cells: inout [String]?) {
        guard state.column < 16_384 else { return }   // beyond Excel's last column XFD
        var row = cells ?? []
        if row.count <= state.column { row += Array(repeating: "", count: state.column + 1 - row.count) }
        row[state.column] = text(of: state)
        cells = row
    }

    /// What the cell shows, as text.
    private func text(of cell: CellState) -> String {
        switch cell.type {
        case "s":
            guard let i = Int(cell.value), i >= 0, i < workbook.sharedStrings.count else { return "" }
            return workbook.sharedStrings[i]
        case "inlineStr", "str", "e":
            return cell.value
        case "b":
            return cell.value == "1" ? "TRUE" : "FALSE"
        default:
            let isDate = cell.style.map { $0 < workbook.styleKinds.count && workbook.styleKinds[$0] == .dateOrTime } ?? false
            if isDate, let serial = Double(cell.value) {
                return Self.dateText(serial: serial, date1904: workbook.date1904) ?? cell.value
            }
            return SpreadsheetValue.number(cell.value)
        }
    }

    /// An Excel serial as the sheet shows it: a whole serial is a date, a fraction below 1 a
    /// time of day, anything else both.
    static func dateText(serial: Double, date1904: Bool) -> String? {
        let adjusted = date1904 ? serial + 1462 : serial
        let day = adjusted.rounded(.down)
        let fraction = adjusted - day
        let time = fraction > 0 ? TimeParser.fromExcelFraction(fraction)?.hhmm : nil
        if day == 0 || (adjusted < 1 && !date1904) { return time ?? "00:00" }
        guard let date = DateParser.fromExcelSerial(day) else { return nil }
        return time.map { "\(date.iso) \($0)" } ?? date.iso
    }

    /// "C12" → 2 (zero-based column of a cell reference).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            let v = scalar.value
            if v >= 65 && v <= 90 { index = index * 26 + Int(v - 64) }
            else if v >= 97 && v <= 122 { index = index * 26 + Int(v - 96) }
            else { break }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }
}
