import Foundation
import Mustache
import Testing
@testable import ForecastCore

/// County notices, the security filing, the spot-check list, receipts, `report` and
/// `supervise record` (issue: a report for every reader).
@Suite struct ReaderReportsTests {
    static func examples() throws -> TestRoot {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        try t.run()
        return t
    }

    static func csvRows(_ url: URL) throws -> [[String]] { try TestRoot.csvRows(url) }

    @Test func everyCountyHasANoticeEvenWithoutActivities() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "夜间巡查", start: "22:30", end: "23:30", audience: "600")),
                   received: "2016-12-06T10:00:00+08:00")
        try t.run()
        for county in ForecastConfig.yaan.counties {
            let html = try String(contentsOf: t.output().appendingPathComponent("notices/\(county.code).html"), encoding: .utf8)
            #expect(html.contains("第1期") && html.contains(county.name) && html.contains("生成时间 2016-12-10 09:00"))
            let rows = try Self.csvRows(t.output().appendingPathComponent("notices/\(county.code).csv"))
            if county.code == "511802" {
                #expect(rows.count == 2)
                #expect(rows[1][3] == "夜间巡查" && rows[1][9] == "大型活动、夜间活动")
                #expect(html.contains("class=\"mark\""))
            } else {
                #expect(rows.isEmpty)
                #expect(html.contains("本周无活动预报"))
            }
        }
    }

    @Test func filingListsExactlyTheAcceptedActivitiesAndVerifies() throws {
        let t = try Self.examples()
        let filing = t.output().appendingPathComponent("filing")
        let rows = try Self.csvRows(filing.appendingPathComponent("activities.csv"))
        let stored = try t.store().activities(for: ExampleInbox.week)
        #expect(rows.count == 32)
        #expect(rows.map { $0[1] } == stored.map(\.key))
        let revised = rows.first { $0[4] == "社区老人健康讲座" && $0[10] == "雨城区" }!
        #expect(revised[12] == "80" && revised[16] == "已修订" && revised[17].hasPrefix("09-"))
        #expect(revised[18].count == 64)
        #expect(!rows.contains { $0[4] == "社区邻里文化节筹备会" })   // cancelled
        // sha256sum -c, as the security office would run it.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["-c", "SHA256SUMS"]
        check.currentDirectoryURL = filing
        check.standardOutput = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        for name in ["activities.csv", "activities.xml", "SHA256SUMS"] {
            let mode = try FileManager.default.attributesOfItem(atPath: filing.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o640, "\(name)")
        }
        let xml = try String(contentsOf: filing.appendingPathComponent("activities.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<activity ").count - 1 == 32)
    }

    @Test func checklistIsTheSameOnTwoRunsAndCoversEveryCounty() throws {
        let a = try Self.examples()
        let b = try Self.examples()
        let first = try Data(contentsOf: a.output().appendingPathComponent("supervision/checklist.csv"))
        #expect(first == (try Data(contentsOf: b.output().appendingPathComponent("supervision/checklist.csv"))))
        try a.run()
        #expect(first == (try Data(contentsOf: a.output().appendingPathComponent("supervision/checklist.csv"))))
        let rows = try Self.csvRows(a.output().appendingPathComponent("supervision/checklist.csv"))
        #expect(Set(rows.map { $0[3] }).count == 8)                  // one per county with activities
        #expect(rows.count == 8)                                     // max(8 counties, 10% of 32)
        #expect(rows.allSatisfy { $0[11].isEmpty && $0[12].isEmpty && $0[13].isEmpty })
        #expect(rows.allSatisfy { $0[10].hasPrefix("县区必查") })
    }

    @Test func everySubmittingOrganizationHasAReceipt() throws {
        let t = try Self.examples()
        let receipts = try t.tree(t.output().appendingPathComponent("quality/receipts"))
        #expect(receipts.count == 9)   // eight organizations, and the refused file whose rows were never read
        let sunshine = String(decoding: receipts["雅安市雨城区阳光社会工作服务中心.txt"]!, as: UTF8.self)
        #expect(sunshine.contains("第6行") && sunshine.contains("结束时间早于开始时间"))
        #expect(sunshine.contains("01-雨城区阳光社工中心-2016W50活动预报.csv(已接收)"))
        let mingshan = String(decoding: receipts["名山区青少年发展促进会.txt"]!, as: UTF8.self)
        #expect(mingshan.contains("重复文件"))
        let refused = String(decoding: receipts["文件-10-雨城区夕阳红志愿服务协会-W50.txt"]!, as: UTF8.self)
        #expect(refused.contains("(未接收)") && refused.contains("缺少必填列“联系电话”"))
        #expect(sunshine.split(separator: "\n").count < 20)
    }

    @Test func reportRegeneratesTheSameOutputs() throws {
        let t = try Self.examples()
        let before = try t.tree(t.root.appendingPathComponent("output"))
        try FileManager.default.removeItem(at: t.output())
        let written = try WeeklyReport.regenerate(workspace: t.workspace, config: t.config, store: t.store(),
                                                  week: ExampleInbox.week, now: t.now)
        #expect(written.issue == 1 && written.counts == RunCounts())
        let after = try t.tree(t.root.appendingPathComponent("output"))
        #expect(after.keys.sorted() == before.keys.sorted())
        for (path, data) in before where path != "2016-W50/run.json" {
            #expect(after[path] == data, "\(path)")
        }
    }

    @Test func superviseRecordFilesTheEvidenceAndTheNextSummaryShowsIt() throws {
        let t = try Self.examples()
        let id = try #require(try Self.csvRows(t.output().appendingPathComponent("supervision/checklist.csv")).first.flatMap { Int64($0[0]) })
        let evidence = t.root.appendingPathComponent("录像 1/2.mp4")
        try FileManager.default.createDirectory(at: evidence.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("video".utf8).write(to: evidence)
        let path = try Supervision.record(store: t.store(), workspace: t.workspace, config: t.config, activityID: id,
                                          result: "held", checker: "张三", note: "活动如期举行", evidence: evidence,
                                          at: "2016-12-12T15:00:00+08:00")
        let activity = try #require(try t.store().activity(id: id))
        #expect(path == "archive/supervision/2016-12-12/芦山县/芦山县灾后重建社区营造服务中心/\(id)-2.mp4")
        #expect(activity.orgName == "芦山县灾后重建社区营造服务中心")
        #expect(try Data(contentsOf: t.root.appendingPathComponent(path!)) == Data("video".utf8))
        #expect(throws: Supervision.RecordError.self) {
            try Supervision.record(store: t.store(), workspace: t.workspace, config: t.config, activityID: 99_999,
                                   result: "held", checker: nil, note: nil, evidence: nil, at: "2016-12-12T15:00:00+08:00")
        }
        // The next week's summary shows last week's results.
        let w51 = ForecastWeek.parse("2016-W51")!
        try t.run(week: w51)
        let html = try String(contentsOf: t.output(w51).appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("上周视频督查 1 次:如期举行1次。"))
        #expect(html.contains("活动如期举行") && html.contains("张三"))
    }

    @Test func safeNames() {
        #expect(SafeName.make("../../etc/passwd") == "____etc_passwd")
        #expect(SafeName.make(".hidden") == "hidden")
        #expect(SafeName.make("a\u{07}b:c") == "a_b_c")
        #expect(SafeName.make("") == "未命名")
        #expect(SafeName.make(String(repeating: "长", count: 100)).count == 60)
        // A separator or dot joined by a combining mark is still a separator or a dot.
        #expect(SafeName.make("a/\u{301}b\\\u{301}c") == "a_\u{301}b_\u{301}c")
        #expect(SafeName.make("..\u{301}/x") == "_\u{301}_x")
        #expect(SafeName.make("雅安市\u{85}阳光") == "雅安市_阳光")
        // Names taken as they are, and names one step short of it.
        #expect(SafeName.make("雅安市雨城区阳光社会工作服务中心") == "雅安市雨城区阳光社会工作服务中心")
        #expect(SafeName.make("a.b c") == "a.b c")
        #expect(SafeName.make(String(repeating: "长", count: 60)).count == 60)
        #expect(SafeName.make(String(repeating: "长", count: 61)).count == 60)
        for name in ["a", "a.b", "a..b", ".a", "a/b", "a|b", "雅安\u{7F}", "x\u{9F}y", String(repeating: "é", count: 70)] {
            #expect(SafeName.isSafeAsItIs(name) == (SafeName.make(name) == name && !name.contains("..")), "\(name)")
        }
    }
}

/// Views reach the templates as dictionaries (`TemplateRenderer.tree`), for speed; they must
/// render as the structs did: nested sections, a name found further up the stack, a nil
/// optional that falls through to the same name outside, false and empty sections.
@Suite struct TemplateTreeTests {
    struct Inner { var name: String; var note: String?; var n: Int }
    struct Outer {
        var title: String
        var note: String?
        var items: [Inner]
        var none: [Inner]
        var flag: Bool
        var child: Inner?
        var missing: Inner?
    }

    @Test func treeRendersAsTheStructs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
            {{title}}|{{#items}}[{{name}}:{{note}}:{{title}}:{{n}}]{{/items}}|{{^none}}empty{{/none}}|\
            {{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}|{{#child}}{{name}}/{{note}}{{/child}}|{{#missing}}x{{/missing}}{{^missing}}nil{{/missing}}
            """
        try text.write(to: dir.appendingPathComponent("t.mustache"), atomically: true, encoding: .utf8)
        let view = Outer(title: "周<报>", note: "外", items: [Inner(name: "甲", note: nil, n: 1), Inner(name: "乙", note: "内", n: 0)],
                         none: [], flag: false, child: Inner(name: "丙", note: nil, n: 2), missing: nil)
        let renderer = try TemplateRenderer(overrideDirectory: dir)
        let rendered = try renderer.render("t", view)
        #expect(rendered == "周&lt;报&gt;|[甲:外:周&lt;报&gt;:1][乙:内:周&lt;报&gt;:0]|empty|no|丙/外|nil")
        #expect(TemplateRenderer.tree(view) is [String: Any])
    }

    /// Texts and numbers reach Mustache as values that render themselves (`Leaf`): they
    /// render, scope sections and take transforms as the struct's own values do, which a
    /// centre's template may use.
    @Test func leavesRenderAndTransformAsTheValues() throws {
        let text = """
            {{lowercased(title)}}|{{uppercased(title)}}|{{#items}}{{plusone(n)}}{{#even(n)}}e{{/even(n)}}{{^even(n)}}o{{/even(n)}}{{#name}}({{.}}){{/name}}{{^note}}-{{/note}}{{empty(name)}}{{/items}}|{{#title}}<{{.}}>{{/title}}|{{reversed(title)}}|{{{title}}}
            """
        let view = Outer(title: "Week<五>", note: nil, items: [Inner(name: "甲", note: nil, n: 1), Inner(name: "", note: "内", n: 0)],
                         none: [], flag: true, child: nil, missing: nil)
        let library = MustacheLibrary(templates: ["t": try MustacheTemplate(string: text)])
        let fromStructs = library.render(view, withTemplate: "t")
        let fromTree = library.render(TemplateRenderer.tree(view)!, withTemplate: "t")
        #expect(fromTree == fromStructs)
        #expect(fromTree == "week&lt;五&gt;|WEEK&lt;五&gt;|2o(甲)-false1e()true|<Week&lt;五&gt;>|&gt;五&lt;keeW|Week<五>")
    }

    /// Markdown cells: HTML-special characters escaped, table pipes and line breaks made
    /// harmless; a cell with none of them is left as it is. One view renders two templates.
    @Test func markdownCellsAreEscapedAndPlainOnesKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{% CONTENT_TYPE: MARKDOWN}}| {{#items}}{{name}} | {{/items}}".write(to: dir.appendingPathComponent("t.md.mustache"),
                                                                            atomically: true, encoding: .utf8)
        try "{{#items}}{{name}};{{/items}}".write(to: dir.appendingPathComponent("t.html.mustache"), atomically: true, encoding: .utf8)
        let view = Outer(title: "", note: nil, items: [Inner(name: "雨城区 社工", note: nil, n: 0), Inner(name: "a|b<c>&\r\nd\ne", note: nil, n: 0)],
                         none: [], flag: false, child: nil, missing: nil)
        let pages = try TemplateRenderer(overrideDirectory: dir).render(["t.md", "t.html"], view)
        #expect(pages == ["| 雨城区 社工 | a\\|b&lt;c&gt;&amp; d e | ", "雨城区 社工;a|b&lt;c&gt;&amp;\r\nd\ne;"])
    }
}
