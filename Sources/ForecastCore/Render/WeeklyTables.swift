import Foundation

/// The week's tables for Excel users (`tables/*.csv`) and the problem list (`rejections.csv`).
public enum WeeklyTables {
    /// `by-county`, `by-category`, `by-day`, `by-org`, `large-events`, in that order.
    public static func tables(figures f: WeeklyFigures, config: ForecastConfig) -> [(String, Data)] {
        let countyNames = Dictionary(config.counties.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return [
            ("by-county", CSVWriter.render(
                header: ["县区代码", "县区", "活动数", "受众人数"],
                rows: f.byCounty.map { [$0.county.code, $0.county.name, "\($0.tally.activities)", "\($0.tally.audience)"] })),
            ("by-category", CSVWriter.render(
                header: ["活动类别", "活动数", "受众人数"],
                rows: f.byCategory.map { [$0.name, "\($0.tally.activities)", "\($0.tally.audience)"] })),
            ("by-day", CSVWriter.render(
                header: ["日期", "星期", "活动数", "受众人数"],
                rows: f.byDay.map { [$0.date.iso, "周" + SummaryView.weekdayNames[$0.date.weekday - 1],
                                     "\($0.tally.activities)", "\($0.tally.audience)"] })),
            ("by-org", CSVWriter.render(
                header: ["组织名称", "统一社会信用代码", "活动数", "受众人数"],
                rows: f.byOrg.map { [$0.name, $0.creditCode ?? "", "\($0.tally.activities)", "\($0.tally.audience)"] })),
            ("large-events", CSVWriter.render(
                header: ["活动日期", "开始时间", "结束时间", "组织名称", "活动名称", "县区", "活动地点", "预计受众人数", "负责人", "联系电话"],
                rows: f.largeEvents.map { a in
                    [a.date.iso, a.start ?? "", a.end ?? "", a.orgName, a.title, countyNames[a.countyCode] ?? a.countyCode,
                     a.venue, "\(a.audience)", a.contact, a.phone]
                })),
        ]
    }

    /// `quality/rejections.csv`: every problem of the week's runs.
    static let rejectionsHeader = ["file", "row", "field", "code", "level", "value", "message"]

    static func rejectionCells(_ p: Problem) -> [String] {
        [p.file, p.row.map(String.init) ?? "", p.field, p.code.rawValue, p.level.rawValue, p.value, p.message]
    }
}
