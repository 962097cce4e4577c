import Foundation
import Logging
import Testing
@testable import ForecastCore

/// Where the committed fixture files and the shipped examples are.
enum Paths {
    static let fixtures: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
    /// The project's `examples/` (tests run from a source checkout).
    static let examples: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")
}

/// A throwaway forecast root with an inbox, its own database and a pinned clock.
final class TestRoot {
    let root: URL
    let workspace: Workspace
    var config: ForecastConfig
    let time: CentreTime
    var now: Date

    init(config: ForecastConfig = .yaan, now: String = ExampleInbox.clock) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        workspace = Workspace(root: root)
        self.config = config
        time = CentreTime(identifier: config.timeZone)
        self.now = time.parse(now)!
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var inbox: URL { workspace.inbox }
    func output(_ week: ForecastWeek = ExampleInbox.week) -> URL { workspace.output(for: week) }

    /// Puts a file in the inbox with the given received time (its mtime).
    @discardableResult
    func drop(_ name: String, _ bytes: Data, received: String) throws -> URL {
        let url = inbox.appendingPathComponent(name)
        try bytes.write(to: url)
        try FileManager.default.setAttributes([.modificationDate: time.parse(received)!], ofItemAtPath: url.path)
        return url
    }

    @discardableResult
    func drop(_ name: String, text: String, received: String) throws -> URL {
        try drop(name, Data(text.utf8), received: received)
    }

    /// Copies a fixture into the inbox.
    @discardableResult
    func drop(fixture: String, as name: String? = nil, received: String) throws -> URL {
        let data = try Data(contentsOf: Paths.fixture(fixture))
        return try drop(name ?? (fixture as NSString).lastPathComponent, data, received: received)
    }

    func store() throws -> Store { try Store(path: workspace.databasePath) }

    /// Runs the weekly job with the pinned clock.
    @discardableResult
    /// Every run, ended well or not, leaves no broken reference: the ingest stores its rows
    /// without SQLite's per-row checks (`Store.ingestBatch`), so each test's runs check them.
    func run(week: ForecastWeek = ExampleInbox.week, faults: FaultInjector? = nil) throws -> RunOutcome {
        let store = try store()
        defer {
            let broken = Result { try store.brokenReferences() }
            #expect((try? broken.get()) == [], "broken references after a run: \(broken)")
        }
        return try WeeklyRun(workspace: workspace, config: config, store: store, now: now,
                             logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                             faultInjector: faults).execute(week: week)
    }

    /// The decoded `run.json` of a week.
    func report(_ week: ForecastWeek = ExampleInbox.week) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: output(week).appendingPathComponent("run.json")))
    }

    /// The rows of `quality/rejections.csv` (header dropped).
    func rejections(_ week: ForecastWeek = ExampleInbox.week) throws -> [[String]] {
        try Self.csvRows(output(week).appendingPathComponent("quality/rejections.csv"))
    }

    /// The data rows of one of our CSV outputs (BOM and header dropped).
    static func csvRows(_ url: URL) throws -> [[String]] {
        let data = try Data(contentsOf: url)
        var reader = CSVReader(source: MemoryUTF8Source(Array(data.dropFirst(3))), delimiter: UInt8(ascii: ","))
        var rows: [[String]] = []
        while let r = try reader.next() { rows.append(r.cells) }
        return Array(rows.dropFirst())
    }

    /// Every file under a folder, relative path → bytes.
    func tree(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(atPath: base) else { return out }
        for case let rel as String in e {
            var isDir: ObjCBool = false
            let path = base + "/" + rel
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return out
    }

    /// Names directly in the inbox (files only).
    func inboxFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { name in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: inbox.appendingPathComponent(name).path, isDirectory: &isDir)
            return !isDir.boolValue
        }.sorted()
    }
}

/// A standard header and a helper to build one valid CSV row.
enum Sheet {
    static let header = "组织名称,统一社会信用代码,活动名称,活动类别,活动日期,开始时间,结束时间,县区,活动地点,预计受众人数,负责人,联系电话,备注"

    static func row(org: String = "雅安市雨城区阳光社会工作服务中心", code: String = "51511802MJ0000001N",
                    title: String = "社区老人健康讲座", category: String = "健康扶助", date: String = "2016-12-13",
                    start: String = "09:00", end: String = "11:00", county: String = "雨城区", venue: String = "西城街道文化站",
                    audience: String = "60", contact: String = "王芳", phone: String = "13908161234", notes: String = "") -> String {
        [org, code, title, category, date, start, end, county, venue, audience, contact, phone, notes].joined(separator: ",")
    }

    static func csv(_ rows: String...) -> String {
        ([header] + rows).joined(separator: "\r\n") + "\r\n"
    }
}
