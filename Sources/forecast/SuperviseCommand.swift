import ArgumentParser
import ForecastCore
import Foundation

/// `forecast supervise`: video spot-checks.
struct SuperviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise",
        abstract: "Video spot-checks of activities.",
        subcommands: [Record.self])

    /// `forecast supervise record`: store a check's outcome and file its recording.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the outcome of a spot-check (activity ids are in supervision/checklist.csv).")

        @OptionGroup var options: RootOptions

        @Option(help: "The activity id (活动编号) from the checklist.")
        var activity: Int64

        @Option(help: "held, not-held, changed or unreachable.")
        var result: String

        @Option(help: "Who checked.")
        var checker: String?

        @Option(help: "A note on what was seen.")
        var note: String?

        @Option(help: "The recording or screenshot; copied to archive/supervision/<date>/<county>/<organization>/.")
        var evidence: String?

        @Option(help: "Pin the clock, e.g. 2016-12-13T10:00:00+08:00.")
        var now: String?

        func validate() throws {
            guard Supervision.results.contains(result) else {
                throw ValidationError("--result must be one of \(Supervision.results.joined(separator: ", "))")
            }
        }

        func run() throws {
            let config = try loadConfig(root: options.rootURL)
            let time = CentreTime(identifier: config.timeZone)
            let at = try clock(now, time: time)
            let workspace = Workspace(root: options.rootURL, databasePath: options.db)
            do {
                let path = try Supervision.record(
                    store: try Store(path: workspace.databasePath), workspace: workspace, config: config, activityID: activity,
                    result: result, checker: checker, note: note, evidence: evidence.map { URL(fileURLWithPath: $0) },
                    at: time.iso(at))
                print("activity \(activity): \(result) recorded" + (path.map { "; evidence filed at \($0)" } ?? ""))
            } catch {
                throw fail("\(error)")
            }
        }
    }
}
