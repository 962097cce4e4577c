import ArgumentParser
import ForecastCore
import Foundation

/// `forecast validate FILE…`: print every problem; store and move nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Dry run: print every problem of the given sheets; nothing is stored.")

    @Argument(help: "Sheets to check.")
    var files: [String]

    @Option(help: "The forecast root whose forecast.toml applies.")
    var root: String = "."

    @Option(help: "The forecast week for yearless dates (default: next week).")
    var week: ForecastWeek?

    @Option(help: "Pin the clock, e.g. 2016-12-10T09:00:00+08:00.")
    var now: String?

    func run() throws {
        let config = try loadConfig(root: URL(fileURLWithPath: root, isDirectory: true))
        let time = CentreTime(identifier: config.timeZone)
        let clock = try clock(now, time: time)
        let week = self.week ?? time.week(of: clock).next()
        var anyRejected = false
        for path in files {
            let report = DryRun.check(path: path, config: config, week: week, today: time.localDate(of: clock))
            for p in report.problems {
                let row = p.row.map { ":\($0)" } ?? ""
                let field = p.field.isEmpty ? "" : " [\(p.field)]"
                let value = p.value.isEmpty ? "" : " \"\(p.value)\""
                print("\(path)\(row): \(p.level.rawValue) \(p.code.rawValue)\(field)\(value) \(p.message)")
            }
            let verdict = report.fileRejected ? "file rejected" : "\(report.rowsRead) rows, \(report.rowsRejected) rejected"
            print("\(path): \(verdict), \(report.problems.count) problem(s)")
            anyRejected = anyRejected || report.fileRejected || report.rowsRejected > 0
        }
        if anyRejected { throw Exit.rejectedUnderStrict }
    }
}
