import ArgumentParser
import ForecastCore
import Foundation

/// `forecast report`: regenerate a week's outputs from the store; nothing is ingested.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate every output of a week from the store, ingesting nothing.")

    @OptionGroup var options: RootOptions

    @Option(help: "The week, e.g. 2016-W50.")
    var week: ForecastWeek

    @Option(help: "Pin the generation time, e.g. 2016-12-10T09:00:00+08:00.")
    var now: String?

    func run() throws {
        ProcessMemory.mapLargeBlocks()
        let config = try loadConfig(root: options.rootURL)
        let generated = try clock(now, time: CentreTime(identifier: config.timeZone))
        let workspace = Workspace(root: options.rootURL, databasePath: options.db)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            throw fail("no store at \(workspace.databasePath): run `forecast run` first")
        }
        do {
            let written = try WeeklyReport.regenerate(workspace: workspace, config: config,
                                                      store: try Store(path: workspace.databasePath), week: week, now: generated)
            print("\(week) issue \(written.issue): outputs regenerated in \(written.directory.path)")
        } catch let busy as RunLock.Busy {
            FileHandle.standardError.write(Data("forecast: \(busy)\n".utf8))
            throw Exit.busy
        } catch {
            throw fail("report did not complete: \(error)")
        }
    }
}
