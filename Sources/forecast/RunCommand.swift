import ArgumentParser
import ForecastCore
import Foundation

/// `forecast run`: ingest the inbox, then write the week's outputs.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ingest <root>/inbox and write <root>/output/<week>/.")

    @OptionGroup var options: RootOptions

    @Option(help: "The forecast week, e.g. 2016-W50 (default: the week after --now's).")
    var week: ForecastWeek?

    @Option(help: "Pin the clock, e.g. 2016-12-10T09:00:00+08:00 (backfills and tests).")
    var now: String?

    @Flag(help: "Exit 65 when any file or row was rejected.")
    var strict = false

    @Option(help: "Wait up to this many seconds for another run on the same data folder (default: exit 75 at once).")
    var wait: Double = 0

    func run() throws {
        let logger = makeLogger(verbose: options.verbose)
        ProcessMemory.mapLargeBlocks()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.rootURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw fail("root \(options.rootURL.path) is not a folder (create it, with an inbox/ inside, first)")
        }
        let config = try loadConfig(root: options.rootURL)
        let clock = try clock(now, time: CentreTime(identifier: config.timeZone))
        let workspace = Workspace(root: options.rootURL, databasePath: options.db)
        do {
            let store = try Store(path: workspace.databasePath)
            var job = WeeklyRun(workspace: workspace, config: config, store: store, now: clock, logger: logger,
                                faultInjector: CrashHarness.injector())
            job.lockWait = wait
            let outcome = try job.execute(week: week)
            print(OutcomeLine.text(outcome, root: workspace.root))
            if strict && (outcome.counts.files.rejected > 0 || outcome.counts.rows.rejected > 0) {
                throw Exit.rejectedUnderStrict
            }
        } catch let exit as ExitCode {
            throw exit
        } catch let busy as RunLock.Busy {
            FileHandle.standardError.write(Data("forecast: \(busy)\n".utf8))
            throw Exit.busy
        } catch {
            throw fail("run did not complete: \(error)")
        }
    }
}

/// The one line a run prints on stdout.
enum OutcomeLine {
    static func text(_ o: RunOutcome, root: URL) -> String {
        let f = o.counts.files, r = o.counts.rows
        let path = o.summaryPath.path.hasPrefix(root.path + "/") ? String(o.summaryPath.path.dropFirst(root.path.count + 1)) : o.summaryPath.path
        var line = "\(o.week) issue \(o.issue): files \(f.seen) seen, \(f.ingested) ingested, \(f.duplicate) duplicate, \(f.rejected) rejected; "
        line += "rows \(r.read) read, \(r.accepted) accepted, \(r.rejected) rejected; summary \(path)"
        if !o.unsettled.isEmpty { line += "; \(o.unsettled.count) file(s) left for the next run" }
        return line
    }
}

/// Crash points for the crash tests, named by FORECAST_CRASH_AT=<point>[:<file name>].
/// Read only here; a normal run never sets it.
enum CrashHarness {
    static func injector() -> FaultInjector? {
        guard let spec = ProcessInfo.processInfo.environment["FORECAST_CRASH_AT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let point = parts[0]
        let file = parts.count > 1 ? parts[1] : nil
        return { at, name in
            if at.rawValue == point && (file == nil || file == name) {
                FileHandle.standardError.write(Data("forecast: crash point \(point) reached at \(name)\n".utf8))
                exit(137)
            }
        }
    }
}
