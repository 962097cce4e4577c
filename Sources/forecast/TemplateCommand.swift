import ArgumentParser
import ForecastCore
import Foundation

/// `forecast template`: write the blank sheets organizations fill in.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the blank forecast sheets (CSV, XLSX with drop-downs, sample XML, XSD).")

    @Option(help: "Where to write them.")
    var out: String = "."

    @Option(help: "The forecast root whose forecast.toml gives counties and categories.")
    var root: String = "."

    func run() throws {
        do {
            let config = try ForecastConfig.load(root: URL(fileURLWithPath: root, isDirectory: true))
            let dir = URL(fileURLWithPath: out, isDirectory: true)
            for (name, data) in try BlankTemplates.files(config: config) {
                let url = dir.appendingPathComponent(name)
                try AtomicFile.write(data, to: url)
                print(url.path)
            }
        } catch {
            throw fail("template: \(error)")
        }
    }
}
