/// The kinds of sheet the inbox takes (SPEC "Files the inbox takes").
public enum SheetFormat: String, Sendable {
    case csv
    case spreadsheetML = "spreadsheetml"
    case forecastXML = "forecast-xml"
    case xlsx

    /// What a file is by its name and first bytes, before its content is parsed: XML files
    /// become Forecast XML or SpreadsheetML by their root element.
    enum Container { case delimitedText, xml, zip }

    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let ole2Signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// The container of a file, or why it is unsupported (a Chinese detail for the message).
    static func detect(name: String, head: [UInt8]) -> Result<Container, UnsupportedFormat> {
        let parts = name.split(separator: ".")
        let ext = parts.count > 1 ? String(parts.last!).lowercased() : ""
        if head.starts(with: ole2Signature) {
            return .failure(UnsupportedFormat(detail: "Excel 97-2003 二进制 .xls,请另存为 .xlsx 或 CSV"))
        }
        switch ext {
        case "csv", "txt", "tsv":
            if head.starts(with: zipSignature) { return .failure(UnsupportedFormat(detail: "扩展名为 .\(ext),内容却是压缩包")) }
            return .success(.delimitedText)
        case "xml", "xls":
            return .success(.xml)
        case "xlsx":
            return .success(.zip)
        default:
            return .failure(UnsupportedFormat(detail: ext.isEmpty ? "没有扩展名" : ".\(ext)"))
        }
    }
}

/// Why a file's format is not taken.
struct UnsupportedFormat: Error {
    var detail: String
}
