import CLibXML2
import Foundation

/// Why an XML document was refused; each maps to a SPEC problem code.
enum XMLRefusal: Error, Equatable {
    /// A DOCTYPE: DTDs and entities are never processed (`xml-forbidden-dtd`).
    case forbiddenDTD
    /// Not well-formed (`xml-malformed`), with libxml2's message and line.
    case malformed(String, line: Int)
    /// Breaks the schema (`xml-schema-invalid`), with the validator's message and line.
    case schemaInvalid(String, line: Int)
    /// Nested deeper than the cap (`file-too-large`).
    case tooLarge(String)
}

/// The one owner of libxml2 parsing: a pull reader (xmlTextReader) over XML bytes, so memory
/// is the bytes plus one node, never a tree (a DOM of a 27 MB Forecast XML took 360 MB).
///
/// Safe options only: no network (`XML_PARSE_NONET`), no entity substitution (no
/// `XML_PARSE_NOENT`), no DTD loading or validation, no `XML_PARSE_HUGE` (libxml2's own
/// limits stay on), and a DOCTYPE anywhere refuses the document before any entity could
/// expand. With a schema, the document is validated as it streams.
final class XMLStreamReader {
    enum Node: Equatable {
        case start(String, isEmpty: Bool)
        case end(String)
        case text(String)
    }

    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                               | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
    /// Nesting deeper than this refuses the document (the formats need 6 levels).
    static let maxDepth = 64

    /// The first parser error and the first schema error libxml2 reported, kept apart so a
    /// document that is not well-formed is called malformed even when the validator spoke first.
    private final class FirstErrors {
        var parser: (message: String, line: Int)?
        var schema: (message: String, line: Int)?
    }

    private let bytes: [UInt8]
    private let reader: xmlTextReaderPtr
    private let errors = FirstErrors()
    private let schema: XMLSchema?
    private var depth = 0

    init(bytes: [UInt8], name: String, schema: XMLSchema? = nil) throws(XMLRefusal) {
        if Self.hasDoctype(bytes) { throw .forbiddenDTD }
        self.bytes = bytes
        self.schema = schema
        // The reader reads from this buffer for its whole life: `bytes` is a stored
        // constant, so its storage outlives the reader (freed first in deinit).
        let made = self.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                xmlReaderForMemory(base, Int32(buf.count), name, nil, Self.options)
            }
        }
        guard let made else { throw .malformed("cannot read", line: 0) }
        reader = made
        xmlTextReaderSetStructuredErrorHandler(reader, { user, error in
            guard let user, let error else { return }
            let sink = Unmanaged<FirstErrors>.fromOpaque(user).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "invalid"
            let entry = (message, Int(error.pointee.line))
            if error.pointee.domain == Int32(XML_FROM_SCHEMASV.rawValue) {
                if sink.schema == nil { sink.schema = entry }
            } else if sink.parser == nil {
                sink.parser = entry
            }
        }, Unmanaged.passUnretained(errors).toOpaque())
        if let schema, xmlTextReaderSetSchema(reader, schema.pointer) != 0 {
            throw .schemaInvalid("cannot attach the schema", line: 0)
        }
    }

    deinit { xmlFreeTextReader(reader) }

    /// A DOCTYPE declaration anywhere in the bytes (ASCII-compatible encodings and UTF-16).
    static func hasDoctype(_ bytes: [UInt8]) -> Bool {
        let ascii: [UInt8] = Array("<!DOCTYPE".utf8)
        let utf16le: [UInt8] = ascii.flatMap { b -> [UInt8] in [b, 0] }
        let utf16be: [UInt8] = ascii.flatMap { b -> [UInt8] in [0, b] }
        return [ascii, utf16le, utf16be].contains { contains(bytes, $0) }
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// The next start, end or text node; nil at the end of the document.
    func next() throws(XMLRefusal) -> Node? {
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { return nil }
            if rc < 0 {
                throw .malformed(errors.parser?.message ?? "not well-formed", line: errors.parser?.line ?? line)
            }
            switch xmlTextReaderNodeType(reader) {
            case 1:   // element
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if !empty {
                    depth += 1
                    if depth > Self.maxDepth { throw .tooLarge("XML 嵌套超过 \(Self.maxDepth) 层") }
                }
                return .start(localName, isEmpty: empty)
            case 15:  // end element
                depth -= 1
                return .end(localName)
            case 3, 4, 13, 14:  // text, CDATA, whitespace, significant whitespace
                guard let v = xmlTextReaderConstValue(reader) else { continue }
                return .text(String(cString: v))
            case 10:  // document type
                throw .forbiddenDTD
            default:
                continue
            }
        }
    }

    /// Reads to the end, validating with the schema if there is one: a document that is not
    /// well-formed is malformed; otherwise the schema's first error refuses it.
    func readToEnd() throws(XMLRefusal) {
        while try next() != nil {}
        if schema != nil, let (message, line) = errors.schema ?? (xmlTextReaderIsValid(reader) == 1 ? nil : ("invalid", 0)) {
            throw .schemaInvalid(message, line: line)
        }
    }

    /// Names by their interned pointer: the reader's dictionary hands out one pointer per
    /// distinct name, so each element name becomes a Swift String once, not once per node
    /// (a quarter of the XLSX reader's time on a 100k-row sheet).
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    /// Local name of the current node.
    var localName: String {
        guard let raw = xmlTextReaderConstLocalName(reader) else { return "" }
        if let known = names[raw] { return known }
        let name = String(cString: raw)
        if names.count < 4096 { names[raw] = name }
        return name
    }

    /// Namespace URI of the current node.
    var namespaceURI: String? {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
    }

    /// An attribute of the current element by qualified name ("r", "r:id", "ss:Index").
    func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { free(raw) }   // malloc'ed by libxml2; xmlFree is a macro Swift cannot import
        return String(cString: raw)
    }

    /// An attribute by local name and namespace URI.
    func attribute(_ name: String, namespace: String) -> String? {
        guard let raw = xmlTextReaderGetAttributeNs(reader, name, namespace) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// The line of the current node.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
}
