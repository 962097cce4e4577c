/// The kinds of sheet the inbox takes, told by name and first bytes (SPEC "Files the inbox takes").
public enum SheetFormat: String, Sendable {
    case csv
    case spreadsheetML = "spreadsheetml"
    case forecastXML = "forecast-xml"
    case xlsx

    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let ole2Signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// The format of a file, or the reason it is unsupported (a Chinese detail for the message).
    static func detect(name: String, head: [UInt8]) -> Result<SheetFormat, UnsupportedFormat> {
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        if head.starts(with: ole2Signature) {
            return .failure(UnsupportedFormat(detail: "Excel 97-2003 二进制 .xls,请另存为 .xlsx 或 CSV"))
        }
        switch ext {
        case "csv", "txt", "tsv":
            if head.starts(with: zipSignature) { return .failure(UnsupportedFormat(detail: "扩展名为 .\(ext),内容却是压缩包")) }
            return .success(.csv)
        case "xlsx", "xml", "xls":
            // Readers for these arrive with the formats issue; until then they are refused clearly.
            return .failure(UnsupportedFormat(detail: ".\(ext) 暂不支持,请另存为 CSV"))
        default:
            return .failure(UnsupportedFormat(detail: ext.isEmpty ? "没有扩展名" : ".\(ext)"))
        }
    }
}

/// Why a file's format is not taken.
struct UnsupportedFormat: Error {
    var detail: String
}
