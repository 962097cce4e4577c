import ArgumentParser
import ForecastCore
import Foundation

/// `forecast config`: print the effective config as forecast.toml text.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective config (forecast.toml over the built-in Ya'an defaults).")

    @Option(help: "The forecast root whose forecast.toml applies.")
    var root: String = "."

    func run() throws {
        do {
            print(try ForecastConfig.load(root: URL(fileURLWithPath: root, isDirectory: true)).tomlText, terminator: "")
        } catch {
            throw fail("config: \(error)")
        }
    }
}
