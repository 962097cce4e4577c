import ArgumentParser
import ForecastCore
import Foundation

/// `forecast generate`: synthetic sheets for load tests and the benchmark.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic synthetic sheets for a week (deterministic for a seed).")

    @Option(help: "Organizations (one sheet each).") var orgs: Int = 150
    @Option(help: "Activities per organization.") var rowsPerOrg: Int = 100
    @Option(help: "The forecast week.") var week: ForecastWeek
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Folder to write the sheets to (an inbox).") var out: String

    func run() throws {
        let config = ForecastConfig.yaan
        let dir = URL(fileURLWithPath: out, isDirectory: true)
        var bytes = 0
        let files = SheetGenerator(orgs: orgs, rowsPerOrg: rowsPerOrg, week: week, seed: seed).files(config: config)
        do {
            for file in files {
                let url = dir.appendingPathComponent(file.name)
                try AtomicFile.write(file.bytes, to: url)
                try FileManager.default.setAttributes([.modificationDate: file.received], ofItemAtPath: url.path)
                bytes += file.bytes.count
            }
        } catch {
            throw fail("generate: \(error)")
        }
        print("generate: \(files.count) files, \(bytes / 1024) KB in \(dir.path)")
    }
}
