import Foundation

/// `forecast report`: every output of a week again, from the store, ingesting nothing.
public enum WeeklyReport {
    public static func regenerate(workspace: Workspace, config: ForecastConfig, store: Store, week: ForecastWeek,
                                  now: Date, wallClock: Date = Date()) throws -> ReportWriter.Written {
        let lock = try RunLock(databasePath: workspace.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let time = CentreTime(identifier: config.timeZone)
        let runID = try store.beginRun(kind: "report", week: week, clock: time.iso(now), startedAt: time.iso(wallClock))
        let written = try ReportWriter(workspace: workspace, config: config, store: store, time: time)
            .write(week: week, run: runID, generatedAt: now)
        try store.finishRun(runID, at: time.iso(wallClock))
        return written
    }
}
