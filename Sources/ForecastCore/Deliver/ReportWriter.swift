import Foundation

/// Writes every output of a week into `output/<week>/`, each file atomically, `run.json` last.
public struct ReportWriter {
    public let workspace: Workspace
    public let config: ForecastConfig
    public let store: Store
    public let time: CentreTime

    /// The most activities a week may have for its report rows to be sorted beside the
    /// figures scan (see `write`); a larger week sorts after the summary, in two parts.
    public var sortBesideScanLimit = 500_000

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
    ///
    /// `templates`, when given, are the report templates being loaded meanwhile (`WeeklyRun`
    /// starts that before the ingest); otherwise they are loaded here.
    public func write(week: ForecastWeek, run runID: Int64, generatedAt: Date,
                      templates: Background<TemplateRenderer>? = nil) throws -> Written {
        let stamp = time.iso(generatedAt)
        let issue = try store.issue(for: week, offset: config.issueOffset, issuedAt: stamp)
        let dir = workspace.output(for: week)
        try AtomicFile.refuseLinkedFolders([workspace.output, dir] + ["tables", "notices", "filing", "supervision", "quality",
                                                                      "quality/receipts"].map { dir.appendingPathComponent($0) })
        AtomicFile.removeStale(under: dir)
        let submissions = try store.submissions(forRunsOf: week)
        // The rejections and the receipts need only the issue and the week's files: a second
        // thread writes them while this one scans the week (a 1.5M-row week: 2 s of 20 s of
        // outputs; a 15.7k-row week: 70 ms of 270 ms).
        let quality = Background { [store] in
            try Self.writeQuality(store: store, week: week, issue: issue, submissions: submissions, into: dir)
        }
        var qualityJoined = false
        defer { if !qualityJoined { try? quality.wait() } }   // an error here: let it finish, report ours
        // The report pass's rows are read and sorted from now, while the figures are scanned;
        // a very large week sorts once the summary is written, for memory. SQLite's sort of
        // 1.5M activities merges a hundred runs: that week peaked at 95-98 MB sorting beside
        // the scan, 94-97 MB beside the summary's render (1,362 large events) and 88-91 MB
        // after it, while a 300k-activity week peaks at 81 MB (its sort beside the scan). Alone
        // after the summary, the sort is split at the week's middle day, both parts sorted at
        // once on the two cores (`ReportRows`): the 1.5M-row outputs took 9.1 -> 8.0 s
        // (medians of five alternating runs; 7.9 s beside the scan), the peak 88-90 -> 91-94 MB.
        let count = try store.activityCount(of: week)
        var early = count <= sortBesideScanLimit ? ReportRows(store: store, week: week) : nil
        defer { early?.cancel(); try? early?.wait() }   // an error before the pass: stop its read
        let scanned = try scan(week, count: count)
        var figures = scanned.figures
        let sample = scanned.sample
        figures.audienceOutliers = try store.activities(ids: scanned.outlierIDs, of: week)
        let registry = try store.registry(config: config)
        figures.completenessTrend = try (0..<8).reversed().map { back in
            let w = week.adding(weeks: -back)
            return (w, Completeness(registry: registry, submissions: back == 0 ? submissions : try store.submissions(forRunsOf: w),
                                    deadline: time.deadline(for: w, rule: config.deadline), config: config))
        }
        figures.completeness = figures.completenessTrend.last!.completeness
        let counts = try store.counts(run: runID)
        let renderer = try templates?.wait() ?? TemplateRenderer(overrideDirectory: workspace.templates)
        do {
            let view = SummaryView(figures: figures, config: config, generatedAt: time.display(generatedAt))
            let pages = try renderer.render(["summary.html", "summary.md"], view)
            try AtomicFile.write(pages[0], to: dir.appendingPathComponent("summary.html"))
            try AtomicFile.write(pages[1], to: dir.appendingPathComponent("summary.md"))
            try AtomicFile.writeGroup(WeeklyTables.tables(figures: figures, config: config).map { name, table in
                (dir.appendingPathComponent("tables/\(name).csv"), table)
            })
        }
        // The large events are written (summary, table); the report pass marks them by audience
        // and needs no list: freed before it (1,362 activities of the bench's 1.5M-activity week).
        figures.largeEvents = []
        ProcessMemory.releaseFreed()
        let rows = early ?? ReportRows(store: store, week: week, splitAt: Self.middleDay(of: figures.byDay))
        early = nil
        defer { rows.cancel(); try? rows.wait() }   // after the pass: already ended, no effect
        try writeActivityReports(rows, figures: figures, sample: sample, renderer: renderer, generatedAt: time.display(generatedAt),
                                 into: dir)
        qualityJoined = true
        try quality.wait()
        let report = RunReport(figures: figures, counts: counts, generatedAt: stamp)
        try AtomicFile.write(report.json(), to: dir.appendingPathComponent("run.json"))
        return Written(issue: issue, counts: counts, directory: dir)
    }

    /// The day that splits a week's activities nearest to halves (those before it, those from
    /// it), for a sort in two parts; nil when no day splits them (all on one day).
    static func middleDay(of days: [(date: LocalDate, tally: Tally)]) -> LocalDate? {
        let total = days.reduce(0) { $0 + $1.tally.activities }
        var before = 0, best: (date: LocalDate, off: Int)?
        for (date, tally) in days {
            if before > 0 && before < total, abs(2 * before - total) < best?.off ?? .max { best = (date, abs(2 * before - total)) }
            before += tally.activities
        }
        return best?.date
    }

    /// The week's figures, with its spot-check sample and its audience outliers riding on
    /// the same one scan. The sampler's heap (32 bytes a pick: 4.7 MB for a 1.5M-activity
    /// week) is freed when this returns, before the report pass.
    private func scan(_ week: ForecastWeek, count: Int) throws -> (figures: WeeklyFigures, sample: SupervisionSample, outlierIDs: [Int64]) {
        let baselines = try store.audienceBaselines(before: week)
        var sampler = SupervisionSample.Builder(week: week, count: count,
                                                lastChecked: try store.lastChecked(before: week),
                                                rate: config.supervisionRate, largeAudience: config.largeAudience)
        var outlierIDs: [Int64] = []
        // An organization's rows come together: its baseline is looked up once a run of them.
        var lastOrg = "", baseline = baselines[""]
        let figures = try store.figures(for: week, config: config) { id, key, audience, county, org in
            sampler.add(id: id, key: key, audience: audience, county: county, org: org)
            if org != lastOrg { lastOrg = org; baseline = baselines[org] }
            if let baseline, AudienceOutliers.isOutlier(audience, baseline: baseline) { outlierIDs.append(id) }
        }
        return (figures, sampler.finish(), outlierIDs)
    }

    /// `quality/rejections.csv` and a receipt per organization.
    private static func writeQuality(store: Store, week: ForecastWeek, issue: Int, submissions: [Submission],
                                     into dir: URL) throws {
        let rejections = try StreamedFile(dir.appendingPathComponent("quality/rejections.csv"))
        try rejections.write(CSVWriter.head(WeeklyTables.rejectionsHeader))
        try store.forEachProblem(forRunsOf: week) { p in try rejections.write(CSVWriter.line(WeeklyTables.rejectionCells(p))) }
        try rejections.commit()
        let groups = ReaderReports.receiptGroups(submissions)
        try AtomicFile.writeGroup { emit in
            try store.forEachProblemGroup(groups.map { $0.files.map(\.fileID) }) { index, problems in
                let (name, files) = groups[index]
                try emit(dir.appendingPathComponent("quality/receipts/\(SafeName.make(name)).txt"),
                         Data(ReaderReports.receipt(name: name, files: files, problems: problems, issue: issue, week: week).utf8))
            }
        }
    }

    /// Filing and supervision files are for the security office and staff only.
    static let restricted: mode_t = 0o640

    /// County notices, the security filing and the spot-check list, written together in one
    /// ordered pass over the week's activities: each file streams, so memory stays flat
    /// however many activities the week holds.
    private func writeActivityReports(_ rows: ReportRows, figures: WeeklyFigures, sample: SupervisionSample, renderer: TemplateRenderer,
                                      generatedAt: String, into dir: URL) throws {
        let outliers = Set(figures.audienceOutliers.map(\.id))
        var notices: [String: (html: StreamedFile, csv: StreamedFile, tail: String)] = [:]
        for (county, tally) in figures.byCounty {
            let safe = SafeName.make(county.code)
            let view = ReaderReports.noticeView(county: county, tally: tally, figures: figures, config: config, generatedAt: generatedAt)
            let page = try renderer.render("notice.html", view)
            // Split at the marker's bytes: `components(separatedBy:)` compared Characters, 1.1 ms
            // for the busy week's eight pages of 2 KB. A page without the marker (a centre's
            // own template) is all head.
            let marker = page.utf8.firstRange(of: ReaderReports.NoticeView.rowsMarker.utf8)
            let html = try StreamedFile(dir.appendingPathComponent("notices/\(safe).html"))
            try html.write(marker.map { String(page[..<$0.lowerBound]) } ?? page)
            let csv = try StreamedFile(dir.appendingPathComponent("notices/\(safe).csv"))
            try csv.write(CSVWriter.head(ReaderReports.noticeHeader))
            // The rows end in a newline of their own; drop the one after the tag.
            let tail = marker.map { page[$0.upperBound...] } ?? ""
            notices[county.code] = (html, csv, String(tail.hasPrefix("\n") ? tail.dropFirst() : tail))
        }
        let filing = dir.appendingPathComponent("filing")
        let filingCSV = try StreamedFile(filing.appendingPathComponent("activities.csv"), permissions: Self.restricted, hashing: true)
        try filingCSV.write(CSVWriter.head(ReaderReports.filingHeader))
        let filingXML = try StreamedFile(filing.appendingPathComponent("activities.xml"), permissions: Self.restricted, hashing: true)
        try filingXML.write(ReaderReports.filingXMLHead(figures: figures, generatedAt: generatedAt))
        let checklist = try StreamedFile(dir.appendingPathComponent("supervision/checklist.csv"), permissions: Self.restricted)
        try checklist.write(CSVWriter.head(ReaderReports.checklistHeader))

        let sums = try ActivityReportPass(config: config, week: figures.week, outliers: outliers, reasons: sample.reasons,
                                          notices: notices, filingCSV: filingCSV, filingXML: filingXML,
                                          checklist: checklist).run(rows: rows)
        try AtomicFile.write("\(sums.csv)  activities.csv\n\(sums.xml)  activities.xml\n",
                             to: filing.appendingPathComponent("SHA256SUMS"), permissions: Self.restricted)
    }
}
