/// What the leaders' summary templates render: plain strings and numbers, already worded.
public struct SummaryView: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var activities: Int
        public var audience: Int
        public var share: String
    }
    public struct Check: Sendable {
        public var date: String
        public var org: String
        public var title: String
        public var county: String
        public var result: String
        public var checker: String
        public var note: String
    }
    public struct Event: Sendable {
        public var date: String
        public var time: String
        public var org: String
        public var title: String
        public var county: String
        public var venue: String
        public var audience: Int
        public var contact: String
        public var phone: String
    }

    public var city: String
    public var week: String
    public var weekRange: String
    public var issue: Int
    public var generatedAt: String
    public var activities: Int
    public var audience: Int
    public var changeText: String
    public var countiesWithActivity: Int
    public var countyCount: Int
    public var orgCount: Int
    public var counties: [Row]
    public var categories: [Row]
    public var days: [Row]
    public var topOrgs: [Row]
    public var largeEvents: [Event]
    public var hasLargeEvents: Bool
    public var outliers: [Event]
    public var hasOutliers: Bool
    public var unusualHours: [Event]
    public var hasUnusualHours: Bool
    public var largeThreshold: Int
    public var countyChart: BarChart
    public var categoryChart: BarChart
    public var dayChart: BarChart
    public var seriesSentence: String
    public var trendActivities: BarChart
    public var trendAudience: BarChart
    public var checks: [Check]
    public var hasChecks: Bool
    public var checkSummary: String
    public struct Missing: Sendable {
        public var county: String
        public var orgs: String
    }
    public var hasRegistry: Bool
    public var completenessText: String
    public var missing: [Missing]
    public var hasMissing: Bool
    public var unregistered: String
    public var hasUnregistered: Bool
    public var completenessChart: BarChart
    public var quality: [Row]
    public var rejectedRows: Int
    public var warningCount: Int

    static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]

    /// "12月12日至12月18日".
    static func range(_ week: ForecastWeek) -> String {
        "\(week.monday.month)月\(week.monday.day)日至\(week.sunday.month)月\(week.sunday.day)日"
    }

    public init(figures f: WeeklyFigures, config: ForecastConfig, generatedAt: String) {
        city = config.city
        week = f.week.description
        weekRange = Self.range(f.week)
        issue = f.issue
        self.generatedAt = generatedAt
        activities = f.totals.activities
        audience = f.totals.audience
        changeText = Self.change(now: f.totals, before: f.previousWeek)
        countiesWithActivity = f.byCounty.filter { $0.tally.activities > 0 }.count
        countyCount = f.byCounty.count
        orgCount = f.byOrg.count
        let total = f.totals
        func row(_ label: String, _ t: Tally) -> Row {
            Row(label: label, activities: t.activities, audience: t.audience,
                share: total.activities > 0 ? "\(Int((Double(t.activities) * 100 / Double(total.activities)).rounded()))%" : "—")
        }
        counties = f.byCounty.map { row($0.county.name, $0.tally) }
        categories = f.byCategory.map { row($0.name, $0.tally) }
        days = f.byDay.map { row("\($0.date.month)月\($0.date.day)日 周\(Self.weekdayNames[$0.date.weekday - 1])", $0.tally) }
        topOrgs = f.byOrg.prefix(10).map { row($0.name, $0.tally) }
        let countyNames = Dictionary(config.counties.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        func event(_ a: ActivityLine) -> Event {
            Event(date: "\(a.date.month)月\(a.date.day)日", time: ReaderReports.time(a),
                  org: a.orgName, title: a.title, county: countyNames[a.countyCode] ?? a.countyCode, venue: a.venue,
                  audience: a.audience, contact: a.contact, phone: a.phone)
        }
        largeEvents = f.largeEvents.map(event)
        hasLargeEvents = !largeEvents.isEmpty
        outliers = f.audienceOutliers.map(event)
        hasOutliers = !outliers.isEmpty
        unusualHours = f.unusualHours.map(event)
        hasUnusualHours = !unusualHours.isEmpty
        largeThreshold = config.largeAudience
        func chart(_ title: String, _ rows: [Row]) -> BarChart {
            BarChart(title: title, items: rows.map { ($0.label, $0.activities, "\($0.activities)次 / \($0.audience)人次") })
        }
        countyChart = chart("各县区活动数", counties)
        categoryChart = chart("各类别活动数", categories)
        dayChart = chart("每日活动数", days)
        let y = f.yearToDate, a = f.allTime
        seriesSentence = "累计收集汇总\(a.issues)期,活动数\(a.activities)次,受众数\(a.audience)人次,其中\(f.week.year)年收集汇总\(y.issues)期,活动数\(y.activities)次,受众数\(y.audience)人次。"
        trendActivities = BarChart(title: "近12周活动数", items: f.trend.map { ("\($0.week)", $0.tally.activities, "\($0.tally.activities)次") })
        trendAudience = BarChart(title: "近12周受众人次", items: f.trend.map { ("\($0.week)", $0.tally.audience, "\($0.tally.audience)人次") })
        checks = f.lastWeekChecks.map { c in
            Check(date: "\(c.date.month)月\(c.date.day)日", org: c.orgName, title: c.title,
                  county: countyNames[c.countyCode] ?? c.countyCode, result: Self.resultNames[c.result] ?? c.result,
                  checker: c.checker, note: c.note)
        }
        hasChecks = !checks.isEmpty
        let counted = Dictionary(grouping: f.lastWeekChecks, by: \.result).mapValues(\.count)
        checkSummary = checks.isEmpty ? "上周没有记录视频督查结果。"
            : "上周视频督查 \(checks.count) 次:" + ["held", "changed", "not-held", "unreachable"].compactMap { r in
                counted[r].map { "\(Self.resultNames[r]!)\($0)次" }
            }.joined(separator: ",") + "。"
        let c = f.completeness
        hasRegistry = c.expected > 0
        completenessText = hasRegistry
            ? "应报 \(c.expected) 家,已报 \(c.reported) 家(报送率 \(c.rate)%),按时报送 \(c.onTime) 家(及时率 \(c.onTimeRate)%)。"
            : "尚未导入组织库(forecast orgs import),无法统计报送率。"
        missing = c.missingByCounty.map { Missing(county: $0.county, orgs: $0.orgs.joined(separator: "、")) }
        hasMissing = !missing.isEmpty
        unregistered = c.unregistered.joined(separator: "、")
        hasUnregistered = !c.unregistered.isEmpty
        completenessChart = BarChart(title: "近8周报送率 / 及时率", items: f.completenessTrend.map { p in
            ("\(p.week)", p.completeness.rate, "报送\(p.completeness.rate)% 及时\(p.completeness.onTimeRate)%")
        })
        rejectedRows = f.problemCounts[.row] ?? 0
        warningCount = f.problemCounts[.warning] ?? 0
        quality = [
            Row(label: "整份退回的文件", activities: f.problemCounts[.file] ?? 0, audience: 0, share: ""),
            Row(label: "退回的行", activities: rejectedRows, audience: 0, share: ""),
            Row(label: "需要更正的提醒", activities: warningCount, audience: 0, share: ""),
            Row(label: "提示(重复、更新、撤销、未识别的列)", activities: f.problemCounts[.info] ?? 0, audience: 0, share: ""),
        ]
    }

    /// Chinese names of the spot-check results.
    static let resultNames = ["held": "如期举行", "not-held": "未举行", "changed": "有变更", "unreachable": "无法联系"]

    /// "活动比上周增加3次(+12%),受众比上周减少20人次(-5%)" style wording.
    static func change(now: Tally, before: Tally) -> String {
        if before.activities == 0 && before.audience == 0 { return now.activities == 0 ? "与上周持平" : "上周无活动预报" }
        func part(_ what: String, _ a: Int, _ b: Int, _ unit: String) -> String {
            let d = a - b
            if d == 0 { return "\(what)与上周持平" }
            let pct = b > 0 ? "(\(d > 0 ? "+" : "-")\(Int((Double(abs(d)) * 100 / Double(b)).rounded()))%)" : ""
            return "\(what)比上周\(d > 0 ? "增加" : "减少")\(abs(d))\(unit)\(pct)"
        }
        return part("活动", now.activities, before.activities, "次") + "," + part("受众", now.audience, before.audience, "人次")
    }
}
