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
        guard let text = library.render(view, withTemplate: name) else {
            throw TemplateError(name: name, reason: "no such template")
        }
        return text
    }
}

/// A template that could not be found or parsed.
public struct TemplateError: Error, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "template \(name): \(reason)" }
}
