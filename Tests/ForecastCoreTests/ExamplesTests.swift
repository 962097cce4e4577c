import Foundation
import Testing
@testable import ForecastCore

/// The shipped examples through the real pipeline: figures, problem positions, file fates,
/// and an idempotent second run.
@Suite struct ExamplesTests {
    static func runExamples() throws -> TestRoot {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        try t.run()
        return t
    }

    @Test func figuresMatchExpectedJSON() throws {
        let t = try Self.runExamples()
        let actual = try JSONSerialization.jsonObject(with: Data(contentsOf: t.output().appendingPathComponent("run.json"))) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.examples.appendingPathComponent("expected.json"))) as! [String: Any]
        for key in expected.keys.sorted() {
            #expect(NSDictionary(dictionary: [key: actual[key] as Any]) == NSDictionary(dictionary: [key: expected[key]!]), "\(key)")
        }
        let report = try t.report()
        #expect(report.issue == 1)
        #expect(report.generatedAt == "2016-12-10T09:00:00+08:00")
        #expect(report.yearToDate == .init(year: 2016, issues: 1, activities: 32, audience: 2917))
        #expect(report.allTime == .init(issues: 1, activities: 32, audience: 2917))
        #expect(report.byOrg.prefix(2).map(\.name) == ["雅安市雨城区阳光社会工作服务中心", "石棉县心连心社会工作服务中心"])
    }

    /// The week's tallies tell values apart by their bytes, searched one by one up to 64 values
    /// and through an index past that: 70 organizations whose rows alternate, on alternating days.
    @Test func talliesOfManyAlternatingValues() throws {
        let t = try TestRoot()
        let rows = (0..<140).map { i in
            Sheet.row(org: "雅安市测试第\(i % 70)社会工作服务中心", code: "", title: "活动\(i)",
                      date: i % 2 == 0 ? "2016-12-13" : "2016-12-14", audience: "\(i % 70 + 1)")
        }
        try t.drop("many.csv", text: "\u{FEFF}" + Sheet.header + "\r\n" + rows.joined(separator: "\r\n") + "\r\n",
                   received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let report = try t.report()
        #expect(report.byOrg.count == 70)
        #expect(report.byOrg.allSatisfy { $0.activities == 2 })
        let audience = Dictionary(uniqueKeysWithValues: report.byOrg.map { ($0.name, $0.audience) })
        #expect(audience["雅安市测试第0社会工作服务中心"] == 2 && audience["雅安市测试第69社会工作服务中心"] == 140)
        #expect(report.byDay.filter { $0.activities > 0 }.map(\.activities) == [70, 70])
        #expect(report.totals == Tally(activities: 140, audience: (1...70).reduce(0, +) * 2))
    }

    @Test func everyProblemAtItsPlace() throws {
        let t = try Self.runExamples()
        let found = try t.rejections().map { r in "\(r[0].prefix(2)):\(r[1]) \(r[3]) \(r[4]) \(r[2])" }
        #expect(found == [
            "01:6 end-before-start row 结束时间",
            "02:1 unknown-column info 序号",
            "02:5 missing-value row 联系人",
            "03:6 unknown-county row 县区",
            "04:2 large-audience warning 预计受众人数",
            "05:3 unusual-hour warning 开始时间",
            "05:4 invalid-date row 活动日期",
            "05:6 audience-range warning 预计受众人数",
            "06:3 invalid-audience row 预计受众人数",
            "06:4 invalid-phone warning 联系电话",
            "06:7 unknown-category warning 活动类别",
            "07: duplicate-file info ",
            "08:2 invalid-credit-code warning 统一社会信用代码",
            "09:2 revised info 活动名称",
            "09:3 duplicate-row info 活动名称",
            "09:4 cancelled info 活动名称",
            "10:1 missing-column file 联系电话",
            "11: late-submission warning ",
        ])
    }

    @Test func everyFileEndsInExactlyOnePlace() throws {
        let t = try Self.runExamples()
        #expect(try t.inboxFiles().isEmpty)
        let archived = try t.tree(t.inbox.appendingPathComponent("archive")).keys.sorted()
        #expect(archived.count == 10)
        #expect(archived.allSatisfy { $0.hasPrefix("2016-W49/") })
        let rejected = try t.tree(t.inbox.appendingPathComponent("rejected")).keys.sorted()
        #expect(rejected == ["10-雨城区夕阳红志愿服务协会-W50.csv", "10-雨城区夕阳红志愿服务协会-W50.csv.error.txt"])
        let note = try String(contentsOf: t.inbox.appendingPathComponent("rejected/10-雨城区夕阳红志愿服务协会-W50.csv.error.txt"), encoding: .utf8)
        #expect(note.contains("missing-column") && note.contains("联系电话"))
    }

    @Test func secondRunIngestsNothingAndChangesNothing() throws {
        let t = try Self.runExamples()
        let before = try t.tree(t.root.appendingPathComponent("output"))
        let inboxBefore = try t.tree(t.inbox)
        let outcome = try t.run()
        #expect(outcome.counts == RunCounts())
        #expect(outcome.issue == 1)
        let after = try t.tree(t.root.appendingPathComponent("output"))
        #expect(after.keys.sorted() == before.keys.sorted())
        for (path, data) in before where path != "2016-W50/run.json" {
            #expect(after[path] == data, "\(path) changed")
        }
        #expect(try t.tree(t.inbox) == inboxBefore)
        let report = try t.report()
        #expect(report.files == RunCounts.Files() && report.rows == RunCounts.Rows())
        #expect(report.totals == Tally(activities: 32, audience: 2917))
        #expect(report.allTime.issues == 1)
    }

    @Test func outputsAreAllThere() throws {
        let t = try Self.runExamples()
        let files = Set(try t.tree(t.output()).keys)
        let expected: Set<String> = [
            "quality/rejections.csv", "run.json", "summary.html", "summary.md",
            "tables/by-category.csv", "tables/by-county.csv", "tables/by-day.csv", "tables/by-org.csv",
            "tables/large-events.csv", "filing/activities.csv", "filing/activities.xml", "filing/SHA256SUMS",
            "supervision/checklist.csv",
        ]
        #expect(expected.isSubset(of: files))
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("第1期"))
        #expect(html.contains("<svg"))
        #expect(html.contains("累计收集汇总1期,活动数32次,受众数2917人次"))
        #expect(html.contains("地震应急疏散演练"))   // the large event
        let md = try String(contentsOf: t.output().appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("| 石棉县 | 5 | 960 | 16% |"))
        let county = try Data(contentsOf: t.output().appendingPathComponent("tables/by-county.csv"))
        #expect(county.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: county.dropFirst(3), as: UTF8.self).hasPrefix("县区代码,县区,活动数,受众人数\r\n511802,雨城区,6,265\r\n"))
    }
}
