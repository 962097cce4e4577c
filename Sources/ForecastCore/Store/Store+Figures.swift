import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// The figures of a week from the store: current versions only, cancellations out.
    /// The week must already have its issue number. The week's activities are read in one
    /// scan (it used to be ten GROUP BY and filter scans: 25% of the outputs of a 300k-row
    /// week); `visit` sees each activity of that scan (id, key as UTF-8 bytes valid during
    /// the call, audience, county code, organization identity), so callers need not read the
    /// week again.
    public func figures(for week: ForecastWeek, config: ForecastConfig,
                        visit: ((Int64, UnsafeBufferPointer<UInt8>, Int, String, String) throws -> Void)? = nil)
        throws -> WeeklyFigures {
        try readMapped { db in
            let w = week.description
            let scan = try scanWeek(db, week: week, largeAudience: config.largeAudience, visit: visit)
            let previous = try weekTally(db, week.previous())
            var byCategory = config.categories.map { ($0, scan.categories[$0] ?? .zero) }
            for (name, t) in scan.categories.sorted(by: { $0.key < $1.key }) where !config.categories.contains(name) {
                byCategory.append((name, t))   // a category dropped from the config since it was stored
            }
            var names: [String: (name: String, creditCode: String?)] = [:]
            let orgs = try Row.fetchCursor(db, sql: "SELECT identity, name, credit_code FROM organization")
            while let row = try orgs.next() {
                let identity: String = row[0]
                if scan.orgs[identity] != nil { names[identity] = (row[1], row[2]) }
            }
            let byOrg = scan.orgs.compactMap { identity, tally in
                names[identity].map { (name: $0.name, creditCode: $0.creditCode, tally: tally) }
            }.sorted { a, b in
                (a.tally.activities, a.tally.audience) != (b.tally.activities, b.tally.audience)
                    ? (a.tally.activities, a.tally.audience) > (b.tally.activities, b.tally.audience)
                    : a.name < b.name
            }
            let large = try lines(db, week: w, ids: scan.largeIDs)
            let unusual = try lines(db, week: w, ids: scan.unusualIDs)
            var problemCounts: [ProblemLevel: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.level AS level, COUNT(*) AS n FROM problem p JOIN run r ON r.id = p.run_id
                WHERE r.week = ? GROUP BY p.level
                """, arguments: [w]) {
                if let level = ProblemLevel(rawValue: row["level"]) { problemCounts[level] = row["n"] }
            }
            let issue = try Int.fetchOne(db, sql: "SELECT issue FROM week WHERE week = ?", arguments: [w]) ?? 0
            let (ytd, all) = try series(db, upTo: week, offset: config.issueOffset, current: scan.totals)
            let trend = try (0..<12).reversed().map { back -> WeekTally in
                let w = week.adding(weeks: -back)
                return WeekTally(week: w, tally: back == 0 ? scan.totals : try weekTally(db, w))
            }
            let checks = try supervisionResults(db, week: week.previous())
            return WeeklyFigures(
                week: week, issue: issue, totals: scan.totals, previousWeek: previous,
                byCounty: config.counties.map { ($0, scan.counties[$0.code] ?? .zero) },
                byCategory: byCategory,
                byDay: week.days.map { ($0, scan.days[$0.iso] ?? .zero) },
                byOrg: byOrg, largeEvents: large, unusualHours: unusual,
                yearToDate: ytd, allTime: all, problemCounts: problemCounts, trend: trend, lastWeekChecks: checks)
        }
    }

    /// A tally by a text column with few distinct values a week (days, counties, categories;
    /// organizations come in runs of rows): each value is kept as bytes with its tally, found
    /// again by a memcmp against the last row's value, then against the others, instead of a
    /// String and a dictionary merge each time the value changed (the day and the category
    /// change on most rows: 25k merges of 855 instructions on the busy week). Past 64 values
    /// an index by bytes takes over from the linear search.
    struct ColumnTally {
        private var bytes: [[UInt8]] = []
        private var names: [String] = []
        private var tallies: [Tally] = []
        private var index: [[UInt8]: Int] = [:]   // once past `linear`
        private var current = -1
        private static let linear = 64

        /// The current row's value.
        var key: String { current < 0 ? "" : names[current] }

        mutating func add(_ r: RawStatement, _ column: Int32, _ audience: Int) {
            let value = r.bytes(column)
            if current < 0 || !Self.same(bytes[current], value) { current = find(value) }
            tallies[current].activities += 1
            tallies[current].audience += audience
        }

        private mutating func find(_ value: UnsafeBufferPointer<UInt8>) -> Int {
            if bytes.count <= Self.linear {
                if let i = bytes.firstIndex(where: { Self.same($0, value) }) { return i }
            } else if let i = index[Array(value)] {
                return i
            }
            bytes.append(Array(value))
            names.append(String(decoding: value, as: UTF8.self))
            tallies.append(.zero)
            if bytes.count > Self.linear {
                if index.isEmpty { for (i, b) in bytes.enumerated() { index[b] = i } } else { index[bytes[bytes.count - 1]] = bytes.count - 1 }
            }
            return bytes.count - 1
        }

        private static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            a.count == b.count && a.withUnsafeBufferPointer { a in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }

        /// The tallies by value (values whose bytes decode alike, repaired, are added up).
        var totals: [String: Tally] {
            Dictionary(zip(names, tallies), uniquingKeysWith: { Tally(activities: $0.activities + $1.activities,
                                                                      audience: $0.audience + $1.audience) })
        }
    }

    /// What one scan of a week's current activities adds up.
    struct WeekScan {
        var totals = Tally.zero
        var counties: [String: Tally] = [:]
        var categories: [String: Tally] = [:]
        var days: [String: Tally] = [:]
        /// By organization identity.
        var orgs: [String: Tally] = [:]
        var largeIDs: [Int64] = []
        var unusualIDs: [Int64] = []
    }

    private func scanWeek(_ db: Database, week: ForecastWeek, largeAudience: Int,
                          visit: ((Int64, UnsafeBufferPointer<UInt8>, Int, String, String) throws -> Void)?) throws -> WeekScan {
        var scan = WeekScan()
        let s = try RawStatement(db, """
            SELECT id, key, audience, COALESCE(county_code, ''), category, date, org_identity, start
            FROM activity WHERE week = ? AND withdrawn = 0
            """)
        s.bind(1, week.description)
        // A String and a hash per column per row were a third of this scan (callgrind): each
        // column's values are told apart by their bytes instead (`ColumnTally`).
        var county = ColumnTally(), category = ColumnTally(), day = ColumnTally(), org = ColumnTally()
        try s.each(db) { r in
            let id = r.int(0), audience = Int(r.int(2))
            scan.totals.activities += 1
            scan.totals.audience += audience
            county.add(r, 3, audience)
            category.add(r, 4, audience)
            day.add(r, 5, audience)
            org.add(r, 6, audience)
            if audience >= largeAudience { scan.largeIDs.append(id) }
            if !r.isNull(7) && ActivityLine.isUnusualStart(r.bytes(7)) { scan.unusualIDs.append(id) }
            try visit?(id, r.bytes(1), audience, county.key, org.key)
        }
        scan.counties = county.totals
        scan.categories = category.totals
        scan.days = day.totals
        scan.orgs = org.totals
        return scan
    }

    /// How many current activities a week has (an index-only count).
    public func activityCount(of week: ForecastWeek) throws -> Int {
        try readMapped { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity WHERE week = ? AND withdrawn = 0", arguments: [week.description]) ?? 0
        }
    }

    /// Each organization's audience baseline from the weeks before `week` (current, not
    /// withdrawn activities), for organizations with enough history. The history is read
    /// in organization order, one organization's audiences at a time, so memory holds one
    /// baseline per organization and one organization's history, not all history: that
    /// grows with every week the centre has run.
    public func audienceBaselines(before week: ForecastWeek) throws -> [String: AudienceOutliers.Baseline] {
        try readMapped { db in
            var out: [String: AudienceOutliers.Baseline] = [:]
            let s = try RawStatement(db, """
                SELECT org_identity, audience FROM activity
                WHERE week < ? AND withdrawn = 0 AND audience IS NOT NULL ORDER BY org_identity
                """)
            s.bind(1, week.description)
            var org = "", audiences: [Int] = []
            func close() { if let b = AudienceOutliers.Baseline(history: audiences) { out[org] = b } }
            try s.each(db) { r in
                if !ByteScan.same(org, r.bytes(0)) {
                    close()
                    org = r.text(0)
                    audiences.removeAll(keepingCapacity: true)
                }
                audiences.append(Int(r.int(1)))
            }
            close()
            return out
        }
    }

    /// Every current activity of a week, by date, start time and organization.
    public func activities(for week: ForecastWeek) throws -> [ActivityLine] {
        try pool.read { db in try lines(db, week: week.description, condition: "1") }
    }

    /// A current activity by id, with its county and organization (to file a check's evidence).
    public func activity(id: Int64) throws -> ActivityLine? {
        try pool.read { db in
            guard let week = try String.fetchOne(db, sql: "SELECT week FROM activity WHERE id = ?", arguments: [id]) else { return nil }
            return try lines(db, week: week, condition: "a.id = \(id)").first
        }
    }

    /// Where `forEachActivityRow`'s statement holds the revised flag (after notes).
    static let revisedColumn: Int32 = 15

    /// The file a current version came from, as bytes for the report pass.
    struct SourceFile {
        let name: [UInt8]
        let sha256: [UInt8]
    }

    /// Every current activity of a week in report order (date, start time, organization,
    /// title), as SQLite holds it: `body` reads columns 0 to 14 of `ActivityColumn` by
    /// position, as bytes valid until it returns (no String per field), and the revised flag
    /// at `revisedColumn`; it gets the source file apart (nil when the version has none).
    ///
    /// The file's name and hash are looked up per file, not joined into the sorted rows: they
    /// made each sorted row 120 bytes wider, and the sort of a 300k-activity week took 1.2 s
    /// with them, 0.8 s without (sqlite3 shell).
    ///
    /// `from` and `before` keep the activities dated from one day, or before one, only: report
    /// order begins with the date, so the rows before a day and the rows from it are the
    /// week's rows in two parts that follow each other.
    func forEachActivityRow(of week: ForecastWeek, from: LocalDate? = nil, before: LocalDate? = nil,
                            _ body: (RawStatement, SourceFile?) throws -> Void) throws {
        let fileColumn: Int32 = Self.revisedColumn + 1
        try readMapped { db in
            let s = try RawStatement(db, """
                SELECT \(Self.lineColumns), \(Self.revisedFlag), cv.file_id
                FROM activity a
                LEFT JOIN activity_version cv ON cv.id = a.current_version_id
                WHERE a.week = ? AND a.withdrawn = 0 AND (?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date < ?3)
                ORDER BY \(Self.reportOrder)
                """)
            let file = try RawStatement(db, "SELECT name, sha256 FROM file WHERE id = ?")
            var files: [Int64: SourceFile] = [:]
            s.bind(1, week.description)
            s.bind(2, from?.iso)
            s.bind(3, before?.iso)
            try s.each(db) { r in
                var source: SourceFile?
                if !r.isNull(fileColumn) {
                    let id = r.int(fileColumn)
                    if let known = files[id] {
                        source = known
                    } else {
                        file.bind(1, id)
                        source = try file.first(db) { f in SourceFile(name: Array(f.bytes(0)), sha256: Array(f.bytes(1))) }
                        files[id] = source
                    }
                }
                try body(r, source)
            }
        }
    }

    /// The current activities of a week with these ids, in report order.
    public func activities(ids: [Int64], of week: ForecastWeek) throws -> [ActivityLine] {
        try pool.read { db in try lines(db, week: week.description, ids: ids) }
    }

    private func lines(_ db: Database, week: String, ids: [Int64]) throws -> [ActivityLine] {
        guard !ids.isEmpty else { return [] }
        return try lines(db, week: week, condition: "a.id IN (\(ids.map(String.init).joined(separator: ",")))")
    }

    /// A week's current activities in report order; columns as `ActivityColumn` numbers them.
    static func linesSQL(condition: String) -> String {
        """
        SELECT \(lineColumns), f.name, f.sha256, \(revisedFlag)
        FROM activity a
        LEFT JOIN activity_version cv ON cv.id = a.current_version_id
        LEFT JOIN file f ON f.id = cv.file_id
        WHERE a.week = ? AND a.withdrawn = 0 AND (\(condition))
        ORDER BY \(reportOrder)
        """
    }

    /// An activity's own columns, `ActivityColumn.id` to `.notes`.
    static let lineColumns = """
        a.id, a.key, a.org_name, a.credit_code, a.title, a.category, a.date, a.start, a."end",
        a.county_code, a.venue, a.audience, a.contact, a.phone, a.notes
        """
    /// Whether any version of the activity revised it (set as the revision is stored).
    static let revisedFlag = "a.revised"
    /// Report order: date, start time, organization, title.
    static let reportOrder = "a.date, COALESCE(a.start, ''), a.org_name, a.title"

    private func lines(_ db: Database, week: String, condition: String) throws -> [ActivityLine] {
        // Columns by position: GRDB's by-name lookup folds case on every access, which cost
        // a second per 100k activities.
        let cursor = try Row.fetchCursor(db, sql: Self.linesSQL(condition: condition), arguments: [week])
        var out: [ActivityLine] = []
        while let row = try cursor.next() {
            out.append(ActivityLine(
                id: row[0], key: row[1], orgName: row[2], creditCode: row[3], title: row[4], category: row[5],
                date: LocalDate.parseISO(row[6])!, start: row[7], end: row[8], countyCode: row[9] ?? "", venue: row[10],
                audience: row[11] ?? 0, contact: row[12], phone: row[13], notes: row[14],
                fileName: row[15] ?? "", fileSHA256: row[16] ?? "", revised: row[17]))
        }
        return out
    }

    /// A week's activities and audience: stored activities, or the paper figures of a
    /// history week.
    private func weekTally(_ db: Database, _ week: ForecastWeek) throws -> Tally {
        if let row = try Row.fetchOne(db, sql: "SELECT activities, audience FROM week WHERE week = ? AND source = 'history'",
                                      arguments: [week.description]) {
            return Tally(activities: row["activities"] ?? 0, audience: row["audience"] ?? 0)
        }
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(audience) AS a FROM activity WHERE week = ? AND withdrawn = 0",
                                   arguments: [week.description])!
        return Tally(activities: row["n"], audience: row["a"] ?? 0)
    }

    /// Spot-check results recorded for a week's activities, latest per activity.
    func supervisionResults(_ db: Database, week: ForecastWeek) throws -> [SupervisionResult] {
        try Row.fetchAll(db, sql: """
            SELECT a.id AS id, a.date AS date, a.org_name AS org, a.title AS title, a.county_code AS county,
                   c.result AS result, c.checker AS checker, c.note AS note, c.evidence_path AS evidence
            FROM supervision_check c JOIN activity a ON a.id = c.activity_id
            WHERE a.week = ? AND c.id = (SELECT MAX(c2.id) FROM supervision_check c2 WHERE c2.activity_id = a.id)
            ORDER BY a.date, a.org_name, a.title
            """, arguments: [week.description]).map { row in
            SupervisionResult(activityID: row["id"], date: LocalDate.parseISO(row["date"])!, orgName: row["org"],
                              title: row["title"], countyCode: row["county"] ?? "", result: row["result"],
                              checker: row["checker"] ?? "", note: row["note"] ?? "", evidence: row["evidence"] ?? "")
        }
    }

    /// Year-to-date and all-time totals over issued weeks up to and including `week`,
    /// history from paper included; `issue_offset` counts as issues held before the store.
    private func series(_ db: Database, upTo week: ForecastWeek, offset: Int, current: Tally) throws -> (SeriesTotals, SeriesTotals) {
        // The week itself was just added up: its sums are not read again.
        let rows = try Row.fetchAll(db, sql: """
            SELECT w.week AS week, w.source AS source, w.activities AS ha, w.audience AS hu,
                   CASE WHEN w.week = ?1 THEN ?2 ELSE (SELECT COUNT(*) FROM activity a WHERE a.week = w.week AND a.withdrawn = 0) END AS n,
                   CASE WHEN w.week = ?1 THEN ?3 ELSE (SELECT SUM(audience) FROM activity a WHERE a.week = w.week AND a.withdrawn = 0) END AS u
            FROM week w WHERE w.week <= ?1 ORDER BY w.week
            """, arguments: [week.description, current.activities, current.audience])
        var ytd = SeriesTotals(issues: 0, activities: 0, audience: 0)
        var all = SeriesTotals(issues: offset, activities: 0, audience: 0)
        for row in rows {
            let isHistory = (row["source"] as String) == "history"
            let n: Int = isHistory ? (row["ha"] ?? 0) : row["n"]
            let u: Int = isHistory ? (row["hu"] ?? 0) : (row["u"] ?? 0)
            all.issues += 1
            all.activities += n
            all.audience += u
            if let w = ForecastWeek.parse(row["week"]), w.year == week.year {
                ytd.issues += 1
                ytd.activities += n
                ytd.audience += u
            }
        }
        return (ytd, all)
    }
}
