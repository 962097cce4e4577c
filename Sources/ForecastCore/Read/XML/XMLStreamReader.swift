import CLibXML2
import Foundation

/// A pull reader over XML bytes (libxml2's xmlTextReader) for parts too large to hold as a
/// tree, such as an XLSX worksheet: memory is the bytes plus one node, not a DOM.
/// Same safe options as `XMLDocument`; a DOCTYPE refuses the part before reading.
final class XMLStreamReader {
    enum Node: Equatable {
        case start(String, isEmpty: Bool)
        case end(String)
        case text(String)
    }

    private let bytes: [UInt8]
    private let reader: xmlTextReaderPtr
    private var depth = 0

    init(bytes: [UInt8], name: String) throws(XMLRefusal) {
        if XMLDocument.hasDoctype(bytes) { throw .forbiddenDTD }
        self.bytes = bytes
        let made = self.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                xmlReaderForMemory(base, Int32(buf.count), name, nil, XMLDocument.options)
            }
        }
        guard let made else { throw .malformed("cannot read", line: 0) }
        reader = made
        xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
    }

    deinit { xmlFreeTextReader(reader) }

    /// The next start, end or text node; nil at the end of the document.
    func next() throws(XMLRefusal) -> Node? {
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { return nil }
            if rc < 0 {
                throw .malformed("not well-formed", line: Int(xmlTextReaderGetParserLineNumber(reader)))
            }
            switch xmlTextReaderNodeType(reader) {
            case 1:   // element
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if !empty {
                    depth += 1
                    if depth > XMLDocument.maxDepth { throw .tooLarge("XML 嵌套超过 \(XMLDocument.maxDepth) 层") }
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

    /// Local name of the current node.
    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// An attribute of the current element by (qualified) name.
    func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { free(raw) }   // malloc'ed by libxml2; xmlFree is a macro Swift cannot import
        return String(cString: raw)
    }

    /// The line of the current node.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
}
