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
        var figures = try store.figures(for: week, config: config)
        let registry = try store.registry(config: config)
        let submissions = try store.submissions(forRunsOf: week)
        figures.completenessTrend = try (0..<8).reversed().map { back in
            let w = week.adding(weeks: -back)
            return (w, Completeness(registry: registry, submissions: back == 0 ? submissions : try store.submissions(forRunsOf: w),
                                    deadline: time.deadline(for: w, rule: config.deadline), config: config))
        }
        figures.completeness = figures.completenessTrend.last!.completeness
        let activities = try store.activities(for: week)
        let history = try store.audienceHistory(before: week)
        let orgOf = try store.orgIdentities(for: week)
        figures.audienceOutliers = activities.filter { a in
            AudienceOutliers.isOutlier(a.audience, history: orgOf[a.id].flatMap { history[$0] } ?? [])
        }
        let counts = try store.counts(run: runID)
        let dir = workspace.output(for: week)
        try AtomicFile.refuseLinkedFolders([workspace.output, dir] + ["tables", "notices", "filing", "supervision", "quality",
                                                                      "quality/receipts"].map { dir.appendingPathComponent($0) })
        AtomicFile.removeStale(under: dir)
        let renderer = try TemplateRenderer(overrideDirectory: workspace.templates)
        let view = SummaryView(figures: figures, config: config, generatedAt: time.display(generatedAt))
        try AtomicFile.write(try renderer.render("summary.html", view), to: dir.appendingPathComponent("summary.html"))
        try AtomicFile.write(try renderer.render("summary.md", view), to: dir.appendingPathComponent("summary.md"))
        for (name, table) in WeeklyTables.tables(figures: figures, config: config) {
            try AtomicFile.write(table, to: dir.appendingPathComponent("tables/\(name).csv"))
        }
        let problems = try store.problems(forRunsOf: week)
        try AtomicFile.write(WeeklyTables.rejections(problems), to: dir.appendingPathComponent("quality/rejections.csv"))
        try writeReaderReports(figures: figures, activities: activities, orgOf: orgOf, submissions: submissions, renderer: renderer,
                               generatedAt: time.display(generatedAt), into: dir)
        let report = RunReport(figures: figures, counts: counts, generatedAt: stamp)
        try AtomicFile.write(report.json(), to: dir.appendingPathComponent("run.json"))
        return Written(issue: issue, counts: counts, directory: dir)
    }

    /// Filing and supervision files are for the security office and staff only.
    static let restricted: mode_t = 0o640

    /// County notices, the security filing, the spot-check list and the receipts.
    private func writeReaderReports(figures: WeeklyFigures, activities: [ActivityLine], orgOf: [Int64: String],
                                    submissions: [Submission], renderer: TemplateRenderer, generatedAt: String, into dir: URL) throws {
        let week = figures.week
        for county in config.counties {
            let view = ReaderReports.notice(county: county, activities: activities, figures: figures, config: config,
                                            generatedAt: generatedAt, outliers: Set(figures.audienceOutliers.map(\.id)))
            let safe = SafeName.make(county.code)
            try AtomicFile.write(try renderer.render("notice.html", view), to: dir.appendingPathComponent("notices/\(safe).html"))
            try AtomicFile.write(ReaderReports.noticeCSV(view), to: dir.appendingPathComponent("notices/\(safe).csv"))
        }

        let filing = dir.appendingPathComponent("filing")
        let csv = ReaderReports.filingCSV(activities, config: config)
        let xml = ReaderReports.filingXML(activities, figures: figures, config: config, generatedAt: generatedAt)
        try AtomicFile.write(csv, to: filing.appendingPathComponent("activities.csv"), permissions: Self.restricted)
        try AtomicFile.write(xml, to: filing.appendingPathComponent("activities.xml"), permissions: Self.restricted)
        let sums = [("activities.csv", csv), ("activities.xml", xml)]
            .map { name, data in FileSniffer.sha256Hex(data) + "  " + name }
            .joined(separator: "\n") + "\n"
        try AtomicFile.write(sums, to: filing.appendingPathComponent("SHA256SUMS"), permissions: Self.restricted)

        let sample = SupervisionSample(week: week, activities: activities, orgOf: orgOf,
                                       lastChecked: try store.lastChecked(before: week), rate: config.supervisionRate,
                                       largeAudience: config.largeAudience)
        try AtomicFile.write(ReaderReports.checklist(sample, config: config),
                             to: dir.appendingPathComponent("supervision/checklist.csv"), permissions: Self.restricted)

        for (name, text) in ReaderReports.receipts(submissions, figures: figures) {
            try AtomicFile.write(text, to: dir.appendingPathComponent("quality/receipts/\(name).txt"))
        }
    }
}
