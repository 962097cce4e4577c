import Foundation

/// Writes every output of a week into `output/<week>/`, each file atomically, `run.json` last.
public struct ReportWriter {
    public let workspace: Workspace
    public let config: ForecastConfig
    public let store: Store
    public let time: CentreTime

    public init(workspace: Workspace, config: ForecastConfig, store: Store, time: CentreTime) {
        self.workspace = workspace
        self.config = config
        self.store = store
        self.time = time
    }

    /// What was written.
    public struct Written: Sendable {
        public var issue: Int
        public var counts: RunCounts
        public var directory: URL
    }

    /// Gives the week its issue number (once) and writes its outputs.
    public func write(week: ForecastWeek, run runID: Int64, generatedAt: Date) throws -> Written {
        let stamp = time.iso(generatedAt)
        let issue = try store.issue(for: week, offset: config.issueOffset, issuedAt: stamp)
        let figures = try store.figures(for: week, config: config)
        let counts = try store.counts(run: runID)
        let dir = workspace.output(for: week)
        let renderer = try TemplateRenderer(overrideDirectory: workspace.templates)
        let view = SummaryView(figures: figures, config: config, generatedAt: time.display(generatedAt))
        try AtomicFile.write(try renderer.render("summary.html", view), to: dir.appendingPathComponent("summary.html"))
        try AtomicFile.write(try renderer.render("summary.md", view), to: dir.appendingPathComponent("summary.md"))
        for (name, table) in WeeklyTables.tables(figures: figures, config: config) {
            try AtomicFile.write(table, to: dir.appendingPathComponent("tables/\(name).csv"))
        }
        let problems = try store.problems(forRunsOf: week)
        try AtomicFile.write(WeeklyTables.rejections(problems), to: dir.appendingPathComponent("quality/rejections.csv"))
        let report = RunReport(figures: figures, counts: counts, generatedAt: stamp)
        try AtomicFile.write(report.json(), to: dir.appendingPathComponent("run.json"))
        return Written(issue: issue, counts: counts, directory: dir)
    }
}
