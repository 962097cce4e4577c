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
    @Flag(help: "Comma-separated sheets only (UTF-8 and GBK), as the benchmark's peers read.") var csvOnly = false

    func run() throws {
        let config = ForecastConfig.yaan
        let dir = URL(fileURLWithPath: out, isDirectory: true)
        var bytes = 0, count = 0
        let generator = SheetGenerator(orgs: orgs, rowsPerOrg: rowsPerOrg, week: week, seed: seed, csvOnly: csvOnly)
        do {
            try generator.forEachFile(config: config) { name, data, received in
                let url = dir.appendingPathComponent(name)
                try AtomicFile.write(data, to: url)
                try FileManager.default.setAttributes([.modificationDate: received], ofItemAtPath: url.path)
                bytes += data.count
                count += 1
            }
        } catch {
            throw fail("generate: \(error)")
        }
        print("generate: \(count) files, \(bytes / 1024) KB in \(dir.path)")
    }
}
