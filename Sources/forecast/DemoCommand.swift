import ArgumentParser
import ForecastCore
import Foundation

/// `forecast demo`: the real pipeline on the shipped examples, in a fresh workspace.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the pipeline on examples/ in a fresh workspace under output/demo/.")

    @Option(help: "The example sheets and their received.tsv.")
    var examples: String = "examples"

    @Option(help: "Where to build the demo workspace (emptied first).")
    var workspace: String = "output/demo"

    func run() throws {
        let logger = makeLogger(verbose: false)
        let fm = FileManager.default
        let examplesURL = URL(fileURLWithPath: examples, isDirectory: true)
        guard fm.fileExists(atPath: examplesURL.appendingPathComponent("received.tsv").path) else {
            throw fail("no examples at \(examplesURL.path): run from the project folder or pass --examples DIR")
        }
        let root = URL(fileURLWithPath: workspace, isDirectory: true).standardizedFileURL
        do {
            if fm.fileExists(atPath: root.path) { try fm.removeItem(at: root) }
            let space = Workspace(root: root)
            let config = ForecastConfig.yaan
            let time = CentreTime(identifier: config.timeZone)
            let names = try ExampleInbox.fill(inbox: space.inbox, from: examplesURL, time: time)
            logger.notice("demo: \(names.count) example sheets in \(space.inbox.path)")
            let store = try Store(path: space.databasePath)
            let registry = examplesURL.appendingPathComponent("registry.csv")
            if FileManager.default.fileExists(atPath: registry.path) {
                let imported = try RegistryImport.run(path: registry.path, store: store, config: config)
                logger.notice("demo: registry \(imported.summary)")
            }
            let job = WeeklyRun(workspace: space, config: config, store: store, now: time.parse(ExampleInbox.clock)!, logger: logger)
            let outcome = try job.execute(week: ExampleInbox.week)
            print(OutcomeLine.text(outcome, root: root))
            print("summary: \(outcome.summaryPath.path)")
        } catch {
            throw fail("demo did not complete: \(error)")
        }
    }
}
