import Foundation

/// Forecast XML (SPEC): one `<activity>` is one record; the `<organization>` element and its
/// `code` attribute apply to every activity of the file. The record's line is the line of
/// its `<activity>` element. The whole document is validated against the XSD in a first
/// streaming pass, so a file that breaks it is refused before any row is stored.
struct ForecastXMLReader: TableReader {
    /// The synthetic header: element names, which is what the file itself writes.
    static let columns = ["organization", "credit_code", "title", "category", "date", "start", "end",
                          "county", "venue", "audience", "contact", "phone", "notes", "status"]
    private static let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

    /// The compiled shipped schema, built once per process.
    static let schema: Result<XMLSchema, Error> = Result {
        guard let url = TemplateRenderer.builtInDirectory?.appendingPathComponent("forecast.xsd") else {
            throw SchemaError(reason: "not found among the built-in templates")
        }
        return try XMLSchema(xsd: String(contentsOf: url, encoding: .utf8))
    }

    private let stream: XMLStreamReader
    private var organization = ""
    private var code = ""

    init(bytes: [UInt8], name: String) throws {
        try XMLStreamReader(bytes: bytes, name: name, schema: Self.schema.get()).readToEnd()
        stream = try XMLStreamReader(bytes: bytes, name: name)
    }

    mutating func next() throws -> RawRecord? {
        var cells: [String]?
        var line = 0
        var field: Int?
        var text = ""
        while let node = try stream.next() {
            switch node {
            case .start("organization", let empty):
                code = stream.attribute("code") ?? ""
                if !empty { field = 0; text = "" }
            case .end("organization"):
                organization = text
                field = nil
            case .start("activity", let empty):
                line = stream.line
                cells = Array(repeating: "", count: Self.columns.count)
                if empty { return RawRecord(line: line, cells: filled(cells!)) }
            case .end("activity"):
                return cells.map { RawRecord(line: line, cells: filled($0)) }
            case .start(let tag, let empty) where cells != nil:
                field = empty ? nil : Self.columnIndex[tag].flatMap { $0 >= 2 ? $0 : nil }
                text = ""
            case .end(let tag) where cells != nil:
                if let i = field, Self.columns[i] == tag { cells?[i] = text }
                field = nil
            case .text(let t) where field != nil:
                text += t
            default:
                break
            }
        }
        return nil
    }

    private func filled(_ cells: [String]) -> [String] {
        var out = cells
        out[0] = organization
        out[1] = code
        return out
    }
}
