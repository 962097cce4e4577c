import ArgumentParser
import ForecastCore
import Foundation

/// `forecast status`: who has and has not sent a sheet yet for the coming week, per county.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Who has and has not sent a sheet yet for the coming week, per county.")

    @OptionGroup var options: RootOptions

    @Option(help: "The forecast week (default: the week after --now's).")
    var week: ForecastWeek?

    @Option(help: "Pin the clock, e.g. 2016-12-08T15:00:00+08:00.")
    var now: String?

    func run() throws {
        let config = try loadConfig(root: options.rootURL)
        let time = CentreTime(identifier: config.timeZone)
        let at = try clock(now, time: time)
        let workspace = Workspace(root: options.rootURL, databasePath: options.db)
        do {
            let lines = try ReportingStatus.lines(workspace: workspace, store: try Store(path: workspace.databasePath),
                                                  config: config, week: week ?? time.week(of: at).next(), now: at)
            for line in lines { print(line) }
        } catch {
            throw fail("status: \(error)")
        }
    }
}
