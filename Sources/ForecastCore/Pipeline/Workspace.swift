import Foundation

/// The folders of a forecast root (README "Folder layout").
public struct Workspace: Sendable {
    public let root: URL
    public var inbox: URL { root.appendingPathComponent("inbox") }
    public var output: URL { root.appendingPathComponent("output") }
    public var templates: URL { root.appendingPathComponent("templates") }
    /// The database: `--db` when given, else `<root>/data/forecast.sqlite`.
    public let databasePath: String

    public init(root: URL, databasePath: String? = nil) {
        self.root = root.standardizedFileURL
        self.databasePath = databasePath ?? root.appendingPathComponent("data/forecast.sqlite").path
    }

    /// The output folder of a week.
    public func output(for week: ForecastWeek) -> URL {
        output.appendingPathComponent(week.description)
    }
}

/// A named moment of a run where the crash tests can stop it.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// The store committed a file; it has not moved out of the inbox yet.
    case afterCommit = "after-commit"
    /// Every file is placed; no output is written yet.
    case beforeOutputs = "before-outputs"
}

/// Called at each crash point with the point and the file concerned; throwing stops the run.
public typealias FaultInjector = @Sendable (CrashPoint, String) throws -> Void
