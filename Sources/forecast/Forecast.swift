import ArgumentParser
import ForecastCore
import Foundation
import Logging

/// The `forecast` command: parses arguments and wires the pipeline stages; nothing more.
@main
struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Weekly activity-forecast pipeline: inbox sheets → SQLite → reports.",
        subcommands: [RunCommand.self, ReportCommand.self, ValidateCommand.self, SuperviseCommand.self, HistoryCommand.self, OrgsCommand.self,
                      StatusCommand.self, DemoCommand.self,
                      TemplateCommand.self, ConfigCommand.self, DoctorCommand.self, BackupCommand.self,
                      GenerateCommand.self],
        defaultSubcommand: nil
    )
}

/// Options every command that works on a root shares.
struct RootOptions: ParsableArguments {
    @Option(name: .long, help: "The forecast root (holds inbox/, output/, data/, forecast.toml).")
    var root: String = "."

    @Option(name: .long, help: "The SQLite database (default: <root>/data/forecast.sqlite).")
    var db: String?

    @Flag(name: .shortAndLong, help: "Log every file taken.")
    var verbose = false

    var rootURL: URL { URL(fileURLWithPath: root, isDirectory: true) }
}

/// Exit statuses of SPEC: 0 done, 65 strict with rejections, 1 could not complete, 64 usage.
enum Exit {
    static let rejectedUnderStrict = ExitCode(65)
    static let failed = ExitCode(1)
    /// EX_TEMPFAIL: another run holds the data folder.
    static let busy = ExitCode(75)
}

/// Logs go to stderr; the one-line outcome goes to stdout.
func makeLogger(verbose: Bool) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = verbose ? .info : .notice
        return handler
    }
    return Logger(label: "forecast")
}

/// Parses `--week` (2016-W50 or 2016W50) for ArgumentParser.
extension ForecastWeek: ExpressibleByArgument {
    public init?(argument: String) {
        guard let week = ForecastWeek.parse(argument) else { return nil }
        self = week
    }
}

/// Prints an error for staff and operators on stderr and exits 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("forecast: \(message)\n".utf8))
    return Exit.failed
}

/// The run's clock: `--now` when given (ISO 8601, offset optional), else the wall clock.
func clock(_ now: String?, time: CentreTime) throws -> Date {
    guard let now else { return Date() }
    guard let pinned = time.parse(now) else { throw ValidationError("--now must look like 2016-12-10T09:00:00+08:00") }
    return pinned
}

/// The config of a root, or exit 1 with the reason.
func loadConfig(root: URL) throws -> ForecastConfig {
    do {
        return try ForecastConfig.load(root: root)
    } catch {
        throw fail("config: \(error)")
    }
}
