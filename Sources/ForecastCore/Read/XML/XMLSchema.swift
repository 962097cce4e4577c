import CLibXML2
import Foundation

/// A compiled XSD (the Forecast XML schema shipped in `templates/forecast.xsd`).
final class XMLSchema: @unchecked Sendable {
    // @unchecked: the compiled schema is read-only after init; libxml2 allows concurrent
    // validation contexts over one schema.
    private let schema: xmlSchemaPtr

    init(xsd: String) throws {
        let bytes = Array(xsd.utf8)
        guard let parser = bytes.withUnsafeBufferPointer({ buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlSchemaNewMemParserCtxt($0, Int32(buf.count))
            }
        }) else { throw SchemaError(reason: "cannot create schema parser") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else { throw SchemaError(reason: "the XSD does not compile") }
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// The first validation error, collected by libxml2's structured error callback.
    private final class FirstError {
        var message: String?
        var line = 0
    }

    func validate(_ doc: xmlDocPtr) throws(XMLRefusal) {
        guard let ctxt = xmlSchemaNewValidCtxt(schema) else { throw .schemaInvalid("out of memory", line: 0) }
        defer { xmlSchemaFreeValidCtxt(ctxt) }
        let sink = FirstError()
        let box = Unmanaged.passUnretained(sink).toOpaque()
        xmlSchemaSetValidStructuredErrors(ctxt, { user, error in
            guard let user, let error else { return }
            let sink = Unmanaged<FirstError>.fromOpaque(user).takeUnretainedValue()
            if sink.message == nil {
                sink.message = error.pointee.message.map { String(cString: $0) }?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "invalid"
                sink.line = Int(error.pointee.line)
            }
        }, box)
        let rc = withExtendedLifetime(sink) { xmlSchemaValidateDoc(ctxt, doc) }
        if rc != 0 {
            throw .schemaInvalid(sink.message ?? "invalid (\(rc))", line: sink.line)
        }
    }
}

/// The shipped XSD could not be used.
struct SchemaError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "forecast.xsd: \(reason)" }
}
