import GRDB

extension Store {
    /// The figures of a week from the store: current versions only, cancellations out.
    /// The week must already have its issue number.
    public func figures(for week: ForecastWeek, config: ForecastConfig) throws -> WeeklyFigures {
        try pool.read { db in
            let w = week.description
            func tally(_ row: Row) -> Tally { Tally(activities: row["n"], audience: row["a"] ?? 0) }
            func grouped(_ column: String) throws -> [String: Tally] {
                var out: [String: Tally] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT \(column) AS k, COUNT(*) AS n, SUM(audience) AS a FROM activity
                    WHERE week = ? AND withdrawn = 0 GROUP BY \(column)
                    """, arguments: [w]) {
                    out[row["k"] ?? ""] = tally(row)
                }
                return out
            }
            let totalsRow = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(audience) AS a FROM activity WHERE week = ? AND withdrawn = 0",
                                             arguments: [w])!
            let previousRow = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(audience) AS a FROM activity WHERE week = ? AND withdrawn = 0",
                                               arguments: [week.previous().description])!
            let counties = try grouped("county_code")
            let categories = try grouped("category")
            let days = try grouped("date")
            var byCategory = config.categories.map { ($0, categories[$0] ?? .zero) }
            for (name, t) in categories.sorted(by: { $0.key < $1.key }) where !config.categories.contains(name) {
                byCategory.append((name, t))   // a category dropped from the config since it was stored
            }
            let byOrg = try Row.fetchAll(db, sql: """
                SELECT o.name AS name, o.credit_code AS code, COUNT(*) AS n, SUM(a.audience) AS a
                FROM activity a JOIN organization o ON o.identity = a.org_identity
                WHERE a.week = ? AND a.withdrawn = 0
                GROUP BY a.org_identity ORDER BY n DESC, a DESC, o.name
                """, arguments: [w]).map { row in (name: row["name"] as String, creditCode: row["code"] as String?, tally: tally(row)) }
            let large = try lines(db, week: w, condition: "a.audience >= \(config.largeAudience)")
            let unusual = try lines(db, week: w, condition: "a.start IS NOT NULL AND (a.start >= '22:00' OR a.start < '06:00')")
            var problemCounts: [ProblemLevel: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.level AS level, COUNT(*) AS n FROM problem p JOIN run r ON r.id = p.run_id
                WHERE r.week = ? GROUP BY p.level
                """, arguments: [w]) {
                if let level = ProblemLevel(rawValue: row["level"]) { problemCounts[level] = row["n"] }
            }
            let issue = try Int.fetchOne(db, sql: "SELECT issue FROM week WHERE week = ?", arguments: [w]) ?? 0
            let (ytd, all) = try series(db, upTo: week, offset: config.issueOffset)
            let trend = try (0..<12).reversed().map { back -> WeekTally in
                let w = week.adding(weeks: -back)
                return WeekTally(week: w, tally: try weekTally(db, w))
            }
            let checks = try supervisionResults(db, week: week.previous())
            return WeeklyFigures(
                week: week, issue: issue, totals: tally(totalsRow), previousWeek: tally(previousRow),
                byCounty: config.counties.map { ($0, counties[$0.code] ?? .zero) },
                byCategory: byCategory,
                byDay: week.days.map { ($0, days[$0.iso] ?? .zero) },
                byOrg: byOrg, largeEvents: large, unusualHours: unusual,
                yearToDate: ytd, allTime: all, problemCounts: problemCounts, trend: trend, lastWeekChecks: checks)
        }
    }

    /// Each organization's audiences before a week (current, not withdrawn activities).
    public func audienceHistory(before week: ForecastWeek) throws -> [String: [Int]] {
        try pool.read { db in
            var out: [String: [Int]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT org_identity, audience FROM activity WHERE week < ? AND withdrawn = 0 AND audience IS NOT NULL
                """, arguments: [week.description])
            while let row = try rows.next() { out[row[0], default: []].append(row[1]) }
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

    /// Hands every current activity of a week to `body`, in report order (date, start time,
    /// organization, title), one at a time: a week of any size streams through.
    public func forEachActivity(of week: ForecastWeek, _ body: (ActivityLine) throws -> Void) throws {
        try pool.read { db in try forEachLine(db, week: week.description, condition: "1", body) }
    }

    /// The same rows as `forEachActivity`, as SQLite holds them: `body` reads the columns of
    /// `ActivityRow` by position, as bytes valid until it returns (no String per field).
    func forEachActivityRow(of week: ForecastWeek, _ body: (RawStatement) throws -> Void) throws {
        try pool.read { db in
            let s = try RawStatement(db, Self.linesSQL(condition: "1"))
            s.bind(1, week.description)
            try s.each(db, body)
        }
    }

    /// The current activities of a week with these ids, in report order.
    public func activities(ids: [Int64], of week: ForecastWeek) throws -> [ActivityLine] {
        guard !ids.isEmpty else { return [] }
        return try pool.read { db in
            try lines(db, week: week.description, condition: "a.id IN (\(ids.map(String.init).joined(separator: ",")))")
        }
    }

    /// What the spot-check sample and the outlier check need of each current activity of a
    /// week, in no particular order (no sort, no joins): id, key, audience, county code, organization identity.
    public func forEachActivityBrief(of week: ForecastWeek,
                                     _ body: (Int64, String, Int, String, String) throws -> Void) throws {
        try pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, key, COALESCE(audience, 0), COALESCE(county_code, ''), org_identity
                FROM activity WHERE week = ? AND withdrawn = 0
                """, arguments: [week.description])
            while let row = try cursor.next() { try body(row[0], row[1], row[2], row[3], row[4]) }
        }
    }

    /// A week's current activities in report order; columns as `ActivityRow` numbers them.
    static func linesSQL(condition: String) -> String {
        """
        SELECT a.id, a.key, a.org_name, a.credit_code, a.title, a.category, a.date, a.start, a."end",
               a.county_code, a.venue, a.audience, a.contact, a.phone, a.notes, f.name, f.sha256,
               EXISTS (SELECT 1 FROM activity_version v WHERE v.activity_id = a.id AND v.change = 'revised')
        FROM activity a
        LEFT JOIN activity_version cv ON cv.id = a.current_version_id
        LEFT JOIN file f ON f.id = cv.file_id
        WHERE a.week = ? AND a.withdrawn = 0 AND (\(condition))
        ORDER BY a.date, COALESCE(a.start, ''), a.org_name, a.title
        """
    }

    private func lines(_ db: Database, week: String, condition: String) throws -> [ActivityLine] {
        var out: [ActivityLine] = []
        try forEachLine(db, week: week, condition: condition) { out.append($0) }
        return out
    }

    private func forEachLine(_ db: Database, week: String, condition: String, _ body: (ActivityLine) throws -> Void) throws {
        // Columns by position: GRDB's by-name lookup folds case on every access, which cost
        // a second per 100k activities.
        let cursor = try Row.fetchCursor(db, sql: Self.linesSQL(condition: condition), arguments: [week])
        while let row = try cursor.next() {
            try body(ActivityLine(
                id: row[0], key: row[1], orgName: row[2], creditCode: row[3], title: row[4], category: row[5],
                date: LocalDate.parseISO(row[6])!, start: row[7], end: row[8], countyCode: row[9] ?? "", venue: row[10],
                audience: row[11] ?? 0, contact: row[12], phone: row[13], notes: row[14],
                fileName: row[15] ?? "", fileSHA256: row[16] ?? "", revised: row[17]))
        }
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
    private func series(_ db: Database, upTo week: ForecastWeek, offset: Int) throws -> (SeriesTotals, SeriesTotals) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT w.week AS week, w.source AS source, w.activities AS ha, w.audience AS hu,
                   (SELECT COUNT(*) FROM activity a WHERE a.week = w.week AND a.withdrawn = 0) AS n,
                   (SELECT SUM(audience) FROM activity a WHERE a.week = w.week AND a.withdrawn = 0) AS u
            FROM week w WHERE w.week <= ? ORDER BY w.week
            """, arguments: [week.description])
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
