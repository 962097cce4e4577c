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
    /// Too deep or too large for the caps (`file-too-large`).
    case tooLarge(String)
}

/// The one owner of every libxml2 call: a parsed document with safe options only.
///
/// Options: no network (`XML_PARSE_NONET`), no entity substitution (no `XML_PARSE_NOENT`),
/// no DTD loading or validation, no `XML_PARSE_HUGE` (libxml2's own depth and size limits
/// stay on), and a DOCTYPE anywhere refuses the document before any entity could expand.
final class XMLDocument {
    /// Safe parse options; errors are collected, not printed.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                               | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
    /// Nesting deeper than this refuses the document (the formats need 6 levels).
    static let maxDepth = 64

    let doc: xmlDocPtr

    /// Parses bytes already capped in size by the caller.
    init(bytes: [UInt8], name: String) throws(XMLRefusal) {
        if Self.hasDoctype(bytes) { throw .forbiddenDTD }
        guard let ctxt = xmlNewParserCtxt() else { throw .malformed("out of memory", line: 0) }
        defer { xmlFreeParserCtxt(ctxt) }
        let parsed = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                xmlCtxtReadMemory(ctxt, base, Int32(buf.count), name, nil, Self.options)
            }
        }
        guard let parsed, ctxt.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let error = xmlCtxtGetLastError(ctxt)
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "not well-formed"
            throw .malformed(message.trimmingCharacters(in: .whitespacesAndNewlines), line: Int(error?.pointee.line ?? 0))
        }
        if parsed.pointee.intSubset != nil || parsed.pointee.extSubset != nil {
            xmlFreeDoc(parsed)
            throw .forbiddenDTD
        }
        doc = parsed
        if let root = root, Self.depth(of: root) > Self.maxDepth {
            throw .tooLarge("XML 嵌套超过 \(Self.maxDepth) 层")
        }
    }

    deinit { xmlFreeDoc(doc) }

    /// A DOCTYPE declaration anywhere in the bytes (ASCII-compatible encodings, and UTF-16).
    static func hasDoctype(_ bytes: [UInt8]) -> Bool {
        let ascii: [UInt8] = Array("<!DOCTYPE".utf8)
        let utf16le: [UInt8] = ascii.flatMap { b -> [UInt8] in [b, 0] }
        let utf16be: [UInt8] = ascii.flatMap { b -> [UInt8] in [0, b] }
        for needle in [ascii, utf16le, utf16be] where contains(bytes, needle) { return true }
        return false
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

    var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    private static func depth(of node: xmlNodePtr) -> Int {
        var deepest = 0
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { deepest = max(deepest, depth(of: c)) }
            if deepest > maxDepth { break }
            child = c.pointee.next
        }
        return deepest + 1
    }

    /// Validates against an XSD; the first error's message and line refuse the document.
    func validate(schema: XMLSchema) throws(XMLRefusal) {
        try schema.validate(doc)
    }
}

/// Conveniences over libxml2 element nodes.
extension UnsafeMutablePointer where Pointee == xmlNode {
    /// Local name of an element.
    var localName: String { pointee.name.map { String(cString: $0) } ?? "" }
    /// Namespace URI of an element, if any.
    var namespaceURI: String? { pointee.ns?.pointee.href.map { String(cString: $0) } }
    /// The element's line in its document.
    var line: Int { Int(xmlGetLineNo(self)) }
    /// Child elements in order.
    var elements: [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(c) }
            child = c.pointee.next
        }
        return out
    }
    /// All text inside the element.
    var text: String {
        guard let raw = xmlNodeGetContent(self) else { return "" }
        defer { free(raw) }   // libxml2 allocates with malloc here; xmlFree is a macro Swift cannot import
        return String(cString: raw)
    }
    /// An attribute by local name, in any namespace or none.
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        let raw = namespace.map { xmlGetNsProp(self, name, $0) } ?? xmlGetProp(self, name)
        guard let raw else { return nil }
        defer { free(raw) }   // libxml2 allocates with malloc here; xmlFree is a macro Swift cannot import
        return String(cString: raw)
    }
}
