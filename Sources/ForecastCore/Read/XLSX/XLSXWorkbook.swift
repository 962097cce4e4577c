/// The parts of an XLSX workbook the sheet reader needs: which part is the first sheet, the
/// shared strings, which cell styles are dates or times, and the date system.
struct XLSXWorkbook {
    /// How a cell style shows a number.
    enum NumberKind { case number, dateOrTime }

    let firstSheetPath: String
    let sharedStrings: [String]
    let styleKinds: [NumberKind]
    let date1904: Bool

    init(package: XLSXPackage) throws(FileRejection) {
        let name = package.name
        func part(_ path: String) throws(FileRejection) -> XMLStreamReader? {
            guard let bytes = try package.read(path) else { return nil }
            do {
                return try XMLStreamReader(bytes: bytes, name: path)
            } catch {
                throw error.rejection(file: name, part: path)
            }
        }
        func each(_ reader: XMLStreamReader?, path: String, _ body: (XMLStreamReader, XMLStreamReader.Node) -> Void) throws(FileRejection) {
            guard let reader else { return }
            do {
                while let node = try reader.next() { body(reader, node) }
            } catch {
                throw error.rejection(file: name, part: path)
            }
        }

        // The first sheet in workbook order, and the date system.
        var firstSheetID: String?
        var date1904 = false
        try each(try part("xl/workbook.xml"), path: "xl/workbook.xml") { r, node in
            guard case .start(let tag, _) = node else { return }
            if tag == "sheet", firstSheetID == nil { firstSheetID = r.attribute("r:id") }
            if tag == "workbookPr", let v = r.attribute("date1904") { date1904 = v == "1" || v == "true" }
        }
        guard let firstSheetID else {
            throw FileRejection(.unreadableFile, file: name, detail: "工作簿中没有工作表")
        }
        var target: String?
        try each(try part("xl/_rels/workbook.xml.rels"), path: "xl/_rels/workbook.xml.rels") { r, node in
            if case .start("Relationship", _) = node, r.attribute("Id") == firstSheetID { target = r.attribute("Target") }
        }
        guard let target else {
            throw FileRejection(.unreadableFile, file: name, detail: "找不到第一个工作表")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard package.has(path) else {
            throw FileRejection(.unreadableFile, file: name, detail: "找不到第一个工作表")
        }
        firstSheetPath = path
        self.date1904 = date1904

        // Shared strings: the text of each <si>, phonetic runs (<rPh>) left out.
        var strings: [String] = []
        var current = ""
        var inPhonetic = 0
        var inText = false
        try each(try part("xl/sharedStrings.xml"), path: "xl/sharedStrings.xml") { _, node in
            switch node {
            case .start("si", let empty): current = ""; if empty { strings.append("") }
            case .end("si"): strings.append(current)
            case .start("rPh", let empty): if !empty { inPhonetic += 1 }
            case .end("rPh"): inPhonetic -= 1
            case .start("t", let empty): inText = !empty
            case .end("t"): inText = false
            case .text(let t): if inText && inPhonetic == 0 { current += t }
            default: break
            }
        }
        sharedStrings = strings

        // Cell styles (cellXfs, in order) whose number format is a date or time.
        var customDate: [Int: Bool] = [:]
        var kinds: [NumberKind] = []
        var inCellXfs = false
        try each(try part("xl/styles.xml"), path: "xl/styles.xml") { r, node in
            switch node {
            case .start("numFmt", _):
                if let id = r.attribute("numFmtId").flatMap({ Int($0) }), let code = r.attribute("formatCode") {
                    customDate[id] = Self.isDateFormat(code)
                }
            case .start("cellXfs", let empty): inCellXfs = !empty
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", _) where inCellXfs:
                let id = r.attribute("numFmtId").flatMap { Int($0) } ?? 0
                let isDate = customDate[id] ?? Self.builtInDateFormats.contains(id)
                kinds.append(isDate ? .dateOrTime : .number)
            default: break
            }
        }
        styleKinds = kinds
    }

    /// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the CJK ones).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A custom format code shows a date or time when, outside quoted text, brackets and
    /// escapes, it uses y, m, d, h or s.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            case "y", "m", "d", "h", "s": if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }
}
