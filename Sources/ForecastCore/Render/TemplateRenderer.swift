import Foundation
import Mustache

/// Renders the report templates: a template in the root's `templates/` wins over the copy
/// built into the binary, so a centre can restyle reports without rebuilding.
public struct TemplateRenderer: Sendable {
    private let library: MustacheLibrary

    /// Markdown cells: HTML-special characters escaped (Markdown viewers render inline HTML)
    /// and table pipes and line breaks made harmless.
    struct MarkdownContentType: MustacheContentType {
        func escapeText(_ text: String) -> String {
            // Most cells hold none of these: one scan of the bytes, not a String built a
            // Character at a time (12.6 M instructions of the busy week's summary).
            let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
                || $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            guard text.utf8.contains(where: special) else { return text }
            var out = ""
            for ch in text {
                switch ch {
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "&": out += "&amp;"
                case "|": out += "\\|"
                case "\n", "\r", "\r\n": out += " "
                default: out.append(ch)
                }
            }
            return out
        }
    }

    /// Registers the content types once per process (`{{% CONTENT_TYPE: MARKDOWN}}`).
    private static let registered: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()

    /// Loads every `*.mustache` file, built-in first, then the override folder's.
    public init(overrideDirectory: URL?) throws {
        _ = Self.registered
        var templates: [String: MustacheTemplate] = [:]
        for dir in [Self.builtInDirectory, overrideDirectory].compactMap({ $0 }) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in names.sorted() where file.hasSuffix(".mustache") {
                let url = dir.appendingPathComponent(file)
                let text = try String(contentsOf: url, encoding: .utf8)
                do {
                    templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
                } catch {
                    throw TemplateError(name: url.path, reason: "\(error)")
                }
            }
        }
        library = MustacheLibrary(templates: templates)
    }

    /// The built-in templates shipped as SwiftPM resources.
    public static var builtInDirectory: URL? {
        Bundle.module.url(forResource: "templates", withExtension: nil)
    }

    /// Renders `name` (e.g. "summary.html", from `summary.html.mustache`) with `view`.
    public func render(_ name: String, _ view: Any) throws -> String {
        try render([name], view)[0]
    }

    /// Renders each of `names` with the same `view`, made into a tree once (the summary's
    /// HTML and Markdown: a second tree of the busy week's summary was 14 M instructions).
    public func render(_ names: [String], _ view: Any) throws -> [String] {
        let tree = Self.tree(view) ?? view
        return try names.map { name in
            guard let text = library.render(tree, withTemplate: name) else {
                throw TemplateError(name: name, reason: "no such template")
            }
            return text
        }
    }
}

extension TemplateRenderer {
    /// The view as nested dictionaries and arrays, made with one `Mirror` per value.
    ///
    /// swift-mustache looks a name up in a struct through a new `Mirror` that boxes every
    /// stored property, for each object on the context stack it tries: a name used inside a
    /// section and defined outside it reflects every level between. That was 12% of a
    /// 152-file week's instructions (callgrind), for a summary of 126 table rows; a
    /// dictionary answers with one hash. Same lookups: a nil optional is an absent key, so
    /// the name is looked for further up the stack, as a nil property was.
    static func tree(_ value: Any) -> Any? {
        switch value {
        case let text as String: return Leaf(value: text, renderText: text)
        case let number as Int: return Leaf(value: number, renderText: String(number))
        case is Bool, is Double: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { tree($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label { fields[label] = tree(child.value) }
            }
            return fields
        case .collection:
            return mirror.children.compactMap { tree($0.value) }
        default:
            return value
        }
    }
}

/// A text or a number of the view, with the text Mustache writes for it made once.
///
/// Mustache renders a plain value through `String(describing:)` after asking it, by dynamic
/// casts, whether it is a template, a lambda or an optional: 4,025 values of the busy week's
/// summary and notices. A value that renders itself is asked one cast: their rendering
/// 96 -> 84 M instructions (callgrind), outputs byte-identical.
/// It renders and scopes sections as the value did, and a centre's template can still
/// apply the value's own transforms (`{{uppercased(city)}}`, `{{plusone(issue)}}`).
struct Leaf: MustacheCustomRenderable, MustacheTransformable {
    let value: any MustacheTransformable
    let renderText: String
    var isNull: Bool { false }
    func transform(_ name: String) -> Any? { value.transform(name) }
}

/// A template that could not be found or parsed.
public struct TemplateError: Error, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "template \(name): \(reason)" }
}
