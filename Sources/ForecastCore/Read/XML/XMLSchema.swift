import CLibXML2
import Foundation

/// A compiled XSD (the Forecast XML schema shipped in `templates/forecast.xsd`), attached to
/// a streaming reader to validate a document as it is read.
final class XMLSchema: @unchecked Sendable {
    // @unchecked: the compiled schema is read-only after init; libxml2 allows many
    // validation contexts over one schema.
    let pointer: xmlSchemaPtr

    init(xsd: String) throws {
        let bytes = Array(xsd.utf8)
        // The parser context keeps a pointer to the buffer until xmlSchemaParse has run, so
        // both happen inside the one closure that keeps the buffer alive.
        let compiled: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                guard let parser = xmlSchemaNewMemParserCtxt(base, Int32(buf.count)) else { return nil }
                defer { xmlSchemaFreeParserCtxt(parser) }
                xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
                return xmlSchemaParse(parser)
            }
        }
        guard let compiled else { throw SchemaError(reason: "the XSD does not compile") }
        pointer = compiled
    }

    deinit { xmlSchemaFree(pointer) }
}

/// The shipped XSD could not be used.
struct SchemaError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "forecast.xsd: \(reason)" }
}
