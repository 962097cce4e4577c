import CLibXML2
import Foundation

/// Forecast XML (SPEC): one `<activity>` is one record; the `<organization>` element and its
/// `code` attribute apply to every activity of the file. The record's line is the line of
/// its `<activity>` element.
struct ForecastXMLReader: TableReader {
    /// The synthetic header: element names, which is what the file itself writes.
    static let columns = ["organization", "credit_code", "title", "category", "date", "start", "end",
                          "county", "venue", "audience", "contact", "phone", "notes", "status"]

    private let document: XMLDocument
    private let activities: [xmlNodePtr]
    private let organization: String
    private let code: String
    private var position = 0

    /// The compiled shipped schema, built once per process.
    static let schema: Result<XMLSchema, Error> = Result {
        guard let url = TemplateRenderer.builtInDirectory?.appendingPathComponent("forecast.xsd") else {
            throw SchemaError(reason: "not found among the built-in templates")
        }
        return try XMLSchema(xsd: String(contentsOf: url, encoding: .utf8))
    }

    init(document: XMLDocument) throws {
        try document.validate(schema: Self.schema.get())
        self.document = document
        let children = document.root?.elements ?? []
        let org = children.first { $0.localName == "organization" }
        organization = org?.text ?? ""
        code = org?.attribute("code") ?? ""
        activities = children.filter { $0.localName == "activity" }
    }

    mutating func next() throws -> RawRecord? {
        guard position < activities.count else { return nil }
        let node = activities[position]
        position += 1
        var cells = Array(repeating: "", count: Self.columns.count)
        cells[0] = organization
        cells[1] = code
        for child in node.elements {
            if let i = Self.columns.firstIndex(of: child.localName), i >= 2 { cells[i] = child.text }
        }
        return RawRecord(line: node.line, cells: cells)
    }
}
