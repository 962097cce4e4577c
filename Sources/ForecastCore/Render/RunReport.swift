import Foundation

/// `run.json`: the figures scripts, cron and tests read (SPEC "run.json"; keys are the contract).
public struct RunReport: Decodable, Sendable, Equatable {
    public struct CountyFigure: Codable, Sendable, Equatable {
        public var code: String, name: String, activities: Int, audience: Int
    }
    public struct NamedFigure: Codable, Sendable, Equatable {
        public var name: String, activities: Int, audience: Int
    }
    public struct DayFigure: Codable, Sendable, Equatable {
        public var date: String, activities: Int, audience: Int
    }
    public struct OrgFigure: Codable, Sendable, Equatable {
        public var name: String, creditCode: String?, activities: Int, audience: Int
        enum CodingKeys: String, CodingKey { case name, creditCode = "credit_code", activities, audience }
    }
    public struct Completeness: Codable, Sendable, Equatable {
        public var expected = 0, reported = 0, onTime = 0
        public init(expected: Int = 0, reported: Int = 0, onTime: Int = 0) {
            self.expected = expected
            self.reported = reported
            self.onTime = onTime
        }
        enum CodingKeys: String, CodingKey { case expected, reported, onTime = "on_time" }
    }
    public struct YearToDate: Codable, Sendable, Equatable {
        public var year: Int, issues: Int, activities: Int, audience: Int
    }
    public struct AllTime: Codable, Sendable, Equatable {
        public var issues: Int, activities: Int, audience: Int
    }

    public var week: String
    public var issue: Int
    public var generatedAt: String
    public var files: RunCounts.Files
    public var rows: RunCounts.Rows
    public var totals: Tally
    public var byCounty: [CountyFigure]
    public var byCategory: [NamedFigure]
    public var byDay: [DayFigure]
    public var byOrg: [OrgFigure]
    public var completeness: RunReport.Completeness
    public var yearToDate: YearToDate
    public var allTime: AllTime

    enum CodingKeys: String, CodingKey {
        case week, issue, generatedAt = "generated_at", files, rows, totals
        case byCounty = "by_county", byCategory = "by_category", byDay = "by_day", byOrg = "by_org"
        case completeness, yearToDate = "year_to_date", allTime = "all_time"
    }

    public init(figures f: WeeklyFigures, counts: RunCounts, generatedAt: String) {
        week = f.week.description
        issue = f.issue
        self.generatedAt = generatedAt
        files = counts.files
        rows = counts.rows
        totals = f.totals
        byCounty = f.byCounty.map { CountyFigure(code: $0.county.code, name: $0.county.name,
                                                 activities: $0.tally.activities, audience: $0.tally.audience) }
        byCategory = f.byCategory.map { NamedFigure(name: $0.name, activities: $0.tally.activities, audience: $0.tally.audience) }
        byDay = f.byDay.map { DayFigure(date: $0.date.iso, activities: $0.tally.activities, audience: $0.tally.audience) }
        byOrg = f.byOrg.map { OrgFigure(name: $0.name, creditCode: $0.creditCode,
                                        activities: $0.tally.activities, audience: $0.tally.audience) }
        completeness = Completeness(expected: f.completeness.expected, reported: f.completeness.reported,
                                    onTime: f.completeness.onTime)
        yearToDate = YearToDate(year: f.week.year, issues: f.yearToDate.issues,
                                activities: f.yearToDate.activities, audience: f.yearToDate.audience)
        allTime = AllTime(issues: f.allTime.issues, activities: f.allTime.activities, audience: f.allTime.audience)
    }

    /// Pretty JSON in the contract's key order, stable byte for byte for the same figures.
    public func json() -> Data {
        typealias J = OrderedJSON
        func tally(_ a: Int, _ u: Int) -> [(String, J)] { [("activities", .int(a)), ("audience", .int(u))] }
        let doc = J.object([
            ("week", .string(week)),
            ("issue", .int(issue)),
            ("generated_at", .string(generatedAt)),
            ("files", .object([("seen", .int(files.seen)), ("ingested", .int(files.ingested)),
                               ("duplicate", .int(files.duplicate)), ("rejected", .int(files.rejected))])),
            ("rows", .object([("read", .int(rows.read)), ("accepted", .int(rows.accepted)), ("rejected", .int(rows.rejected)),
                              ("merged", .int(rows.merged)), ("warnings", .int(rows.warnings))])),
            ("totals", .object(tally(totals.activities, totals.audience))),
            ("by_county", .array(byCounty.map { .object([("code", .string($0.code)), ("name", .string($0.name))] + tally($0.activities, $0.audience)) })),
            ("by_category", .array(byCategory.map { .object([("name", .string($0.name))] + tally($0.activities, $0.audience)) })),
            ("by_day", .array(byDay.map { .object([("date", .string($0.date))] + tally($0.activities, $0.audience)) })),
            ("by_org", .array(byOrg.map {
                .object([("name", .string($0.name)), ("credit_code", $0.creditCode.map(J.string) ?? .null)] + tally($0.activities, $0.audience))
            })),
            ("completeness", .object([("expected", .int(completeness.expected)), ("reported", .int(completeness.reported)),
                                      ("on_time", .int(completeness.onTime))])),
            ("year_to_date", .object([("year", .int(yearToDate.year)), ("issues", .int(yearToDate.issues))]
                                     + tally(yearToDate.activities, yearToDate.audience))),
            ("all_time", .object([("issues", .int(allTime.issues))] + tally(allTime.activities, allTime.audience))),
        ])
        return Data(doc.bytes())
    }
}
