import Foundation
import Testing
@testable import ForecastCore

/// A centre switching from paper continues its issue numbers and totals.
@Suite struct HistoryTests {
    @Test func yaanSeriesContinuesAtIssue69() throws {
        let t = try TestRoot()
        let issues = try HistoryFile.read(path: Paths.fixture("history/yaan-2016-12-15.csv").path)
        #expect(issues.count == 68)
        #expect(try t.store().importHistory(issues, at: "2016-12-10T08:00:00+08:00") == HistoryImportResult(added: 68, unchanged: 0))
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let outcome = try t.run()
        #expect(outcome.issue == 69)
        let r = try t.report()
        #expect(r.issue == 69)
        #expect(r.allTime == .init(issues: 69, activities: 5486 + 32, audience: 251_853 + 2917))
        #expect(r.yearToDate == .init(year: 2016, issues: 47, activities: 4286 + 32, audience: 198_662 + 2917))
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("累计收集汇总69期,活动数5518次,受众数254770人次,其中2016年收集汇总47期,活动数4318次,受众数201579人次。"))
        #expect(html.contains("第69期"))
        // The trend shows the paper weeks too.
        #expect(html.contains("2016-W49"))
    }

    @Test func importIsIdempotentAndConflictsAreRefusedWhole() throws {
        let t = try TestRoot()
        let issues = try HistoryFile.read(path: Paths.fixture("history/yaan-2016-12-15.csv").path)
        _ = try t.store().importHistory(issues, at: "x")
        #expect(try t.store().importHistory(issues, at: "x") == HistoryImportResult(added: 0, unchanged: 68))
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()   // 2016-W50 becomes issue 69
        let clash = [HistoryIssue(week: ForecastWeek.parse("2016-W50")!, issue: 70, activities: 1, audience: 1, line: 2),
                     HistoryIssue(week: ForecastWeek.parse("2016-W51")!, issue: 3, activities: 1, audience: 1, line: 3),
                     HistoryIssue(week: ForecastWeek.parse("2014-W01")!, issue: 99, activities: 1, audience: 1, line: 4)]
        let error = #expect(throws: HistoryConflict.self) { try t.store().importHistory(clash, at: "x") }
        #expect(error?.messages == ["第2行:2016-W50 已有第69期(系统生成的汇总)", "第3行:第3期已属于 2015-W33"])
        // Nothing of the refused import was kept.
        let kept = try t.store().pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM week WHERE week = '2014-W01'") }
        #expect(kept == 0)
    }

    @Test func badRowsAreListed() throws {
        let t = try TestRoot()
        let url = t.root.appendingPathComponent("h.csv")
        try "周次,期号,活动数,受众数\n2016-W01,1,10,100\n2016W02,2,十,100\n2016-W99,3,1,1\n2016-W03,1,5,5\n".write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: HistoryFile.Invalid.self) { try HistoryFile.read(path: url.path) }
        #expect(error?.messages == ["第3行:活动数“十”应为整数", "第4行:周次“2016-W99”应写成 2016-W49", "第5行:第1期与第2行重复"])
    }
}
