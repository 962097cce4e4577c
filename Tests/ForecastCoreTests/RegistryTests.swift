import Foundation
import Testing
@testable import ForecastCore

/// The organization registry: import, matching, completeness and timeliness, status.
@Suite struct RegistryTests {
    @Test func messyRegistryReportsEveryRowsFate() throws {
        let t = try TestRoot()
        let report = try RegistryImport.run(path: Paths.fixture("registry/messy-gbk.csv").path, store: t.store(), config: t.config)
        #expect(report.fates.map { "\($0.line) \($0.fate.rawValue)" } == [
            "3 added", "4 added", "5 refused", "6 refused", "8 refused", "9 updated", "10 added",
        ])
        #expect(report.lines[1].contains("校验位不正确"))
        #expect(report.lines[2].contains("格式有误"))
        #expect(report.lines[3].contains("县区“武侯区”不在本市县区名单中"))
        #expect(report.lines[4].contains("组织名称为空"))
        #expect(report.summary == "orgs: 7 rows, 3 added, 1 updated, 0 unchanged, 3 refused")
        let registry = try t.store().registry(config: t.config)
        let sunshine = try #require(registry.orgs.first { $0.creditCode == "52511802MJ0753418F" })
        #expect(sunshine.category == "社区发展" && sunshine.countyCode == "511802")
        #expect(Set(sunshine.aliases) == ["阳光社工", "雨城阳光", "雨城阳光社工中心"])
        #expect(registry.orgs.first { $0.name.hasPrefix("宝兴") }?.active == false)
        // Importing the same file again changes nothing.
        let again = try RegistryImport.run(path: Paths.fixture("registry/messy-gbk.csv").path, store: t.store(), config: t.config)
        #expect(again.summary == "orgs: 7 rows, 0 added, 0 updated, 4 unchanged, 3 refused")
    }

    @Test(arguments: ["雅安市雨城区阳光社会工作服务中心", "雨城区阳光社会工作服务中心", "阳光社会工作服务中心", "阳光社工",
                      "雅安市 雨城区阳光社会工作服务中心", "雨城阳光社工中心"])
    func matchingByNameAndAlias(name: String) throws {
        let t = try TestRoot()
        _ = try RegistryImport.run(path: Paths.examples.appendingPathComponent("registry.csv").path, store: t.store(), config: t.config)
        let registry = try t.store().registry(config: t.config)
        #expect(registry.match(name: name, creditCode: nil, config: t.config)?.creditCode == "52511802MJ0753418F")
        #expect(registry.match(name: "别的组织", creditCode: "52511802MJ0753418F", config: t.config) != nil)
        #expect(registry.match(name: "别的组织", creditCode: nil, config: t.config) == nil)
    }

    @Test func completenessOnTheExamples() throws {
        let t = try TestRoot()
        _ = try RegistryImport.run(path: Paths.examples.appendingPathComponent("registry.csv").path, store: t.store(), config: t.config)
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let outcome = try t.run()
        #expect(outcome.counts.rows.warnings == 7)   // every sender is registered: no unregistered-org
        let report = try t.report()
        #expect(report.completeness == .init(expected: 14, reported: 8, onTime: 7))
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("应报 14 家,已报 8 家(报送率 57%),按时报送 7 家(及时率 50%)。"))
        #expect(html.contains("<td>雨城区</td><td>雅安市雨城区夕阳红志愿服务协会、雅安市雨城区邻里互助服务社</td>"))
        #expect(html.contains("<td>名山区</td><td>名山区茶乡文化促进会</td>"))
        #expect(html.contains("<td>未填县区</td><td>成都市蓉城公益基金会</td>"))
        #expect(!html.contains("荥经县砂器文化研究会"))   // inactive: not expected
    }

    @Test func unregisteredSenderIsWarnedAndKept() throws {
        let t = try TestRoot()
        _ = try RegistryImport.run(path: Paths.examples.appendingPathComponent("registry.csv").path, store: t.store(), config: t.config)
        try t.drop("x.csv", text: Sheet.csv(Sheet.row(org: "雅安市新成立的协会", code: "")), received: "2016-12-06T10:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows.warnings == 1 && outcome.counts.rows.accepted == 1)
        #expect(try t.rejections().map { "\($0[1]) \($0[2]) \($0[3])" } == ["2 组织名称 unregistered-org"])
        #expect(try t.report().totals.activities == 1)
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("以下报送组织不在组织库中,请登记或设为别名:雅安市新成立的协会"))
        // An alias makes the next sheet match.
        #expect(try t.store().addAlias("雅安市新成立的协会", to: "名山区茶乡文化促进会", config: t.config))
        try t.drop("y.csv", text: Sheet.csv(Sheet.row(org: "雅安市新成立的协会", code: "", title: "再一次")), received: "2016-12-07T10:00:00+08:00")
        #expect(try t.run().counts.rows.warnings == 0)
    }

    @Test func statusListsWhoHasNotSentYet() throws {
        let t = try TestRoot()
        _ = try RegistryImport.run(path: Paths.examples.appendingPathComponent("registry.csv").path, store: t.store(), config: t.config)
        // One sheet taken already, one still waiting in the inbox.
        try t.drop(fixture: "formats/same.csv", received: "2016-12-06T10:00:00+08:00")
        try t.run()
        try FileManager.default.copyItem(at: Paths.examples.appendingPathComponent("04-石棉县心连心社工中心-活动预报.txt"),
                                         to: t.inbox.appendingPathComponent("04.txt"))
        let lines = try ReportingStatus.lines(workspace: t.workspace, store: t.store(), config: t.config,
                                              week: ExampleInbox.week, now: t.time.parse("2016-12-08T15:00:00+08:00")!)
        #expect(lines[0].hasPrefix("2016-W50 报送情况(截至 2016-12-08 15:00):应报 14 家,已报 2 家,其中收件箱中待处理 1 份"))
        #expect(lines.contains("石棉县:已报 1/1"))
        #expect(lines.contains("雨城区:已报 1/3;未报:雅安市雨城区夕阳红志愿服务协会、雅安市雨城区邻里互助服务社"))
        #expect(lines.contains("未填县区:未报:成都市蓉城公益基金会"))
    }
}

/// Audience outliers against the organization's own history.
@Suite struct AudienceOutlierTests {
    @Test func medianBasedRule() {
        #expect(!AudienceOutliers.isOutlier(400, history: [30, 40]))               // too little history
        #expect(AudienceOutliers.isOutlier(400, history: [30, 40, 50]))            // ≥ 3 × median
        #expect(!AudienceOutliers.isOutlier(80, history: [30, 40, 50]))            // < median + 50
        #expect(!AudienceOutliers.isOutlier(120, history: [100, 110, 90, 105]))
        #expect(AudienceOutliers.isOutlier(300, history: [100, 110, 90, 105]))     // robust z > 5
        #expect(!AudienceOutliers.isOutlier(300, history: [100, 400, 90, 350, 120])) // a spread history
    }

    /// Baselines come from history read in organization order, one organization at a time:
    /// interleaved sheets of three organizations give each its own median and deviation.
    @Test func baselinesPerOrganizationFromInterleavedHistory() throws {
        let t = try TestRoot()
        let orgs = [("雅安市雨城区甲服务中心", [30, 35, 40]), ("雅安市雨城区乙服务中心", [100, 110]), ("雅安市雨城区丙服务中心", [5, 6, 7, 8])]
        for i in 0..<4 {
            for (o, (org, audiences)) in orgs.enumerated() where i < audiences.count {
                try t.drop("h\(o)-\(i).csv", text: Sheet.csv(Sheet.row(org: org, code: "", title: "例会\(i)", date: "2016-11-1\(i)",
                                                                       audience: "\(audiences[i])")),
                           received: "2016-11-01T10:0\(i):0\(o)+08:00")
            }
        }
        try t.run(week: ForecastWeek(year: 2016, week: 46)!)
        let baselines = try t.store().audienceBaselines(before: ExampleInbox.week)
        #expect(baselines.count == 2)
        #expect(baselines.values.map(\.median).sorted() == [6.5, 35])
        #expect(baselines.values.map(\.mad).sorted() == [1, 5])
    }

    @Test func flaggedInSummaryAndNotice() throws {
        let t = try TestRoot()
        for (i, week) in ["2016-12-0", "2016-11-2", "2016-11-1"].enumerated() {
            try t.drop("h\(i).csv", text: Sheet.csv(Sheet.row(title: "例会\(i)", date: "\(week)5", audience: "\(30 + i * 5)")),
                       received: "2016-11-01T10:00:0\(i)+08:00")
        }
        try t.drop("now.csv", text: Sheet.csv(Sheet.row(title: "大讲座", audience: "260")), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("受众异常(远高于该组织以往)") && html.contains("大讲座"))
        let notice = try String(contentsOf: t.output().appendingPathComponent("notices/511802.html"), encoding: .utf8)
        #expect(notice.contains("受众远高于该组织以往"))
    }
}
