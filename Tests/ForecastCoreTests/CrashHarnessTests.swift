import Foundation
import GRDB
import Testing
@testable import ForecastCore

/// Kills `forecast run` with SIGKILL at many moments (and at the named crash points), then
/// checks after every kill that each input file is in exactly one place and the database is
/// sound, and at the end that the figures and outputs equal those of an uninterrupted run.
///
/// `FORECAST_CRASH_KILLS=50 swift test --filter CrashHarness` (or `scripts/crash-harness`)
/// runs the long form; the suite runs 10 kills.
@Suite(.serialized) struct CrashHarnessTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/forecast")

    /// A mixed inbox of a few hundred files: the examples, every format fixture, a few
    /// hostile files, and generated sheets from many organizations (some duplicated).
    static func fill(_ t: TestRoot) throws -> [String] {
        var names = try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let fixtures = ["formats/same.csv", "formats/same.xml", "formats/same-gbk.xml", "formats/same.spreadsheetml.xml",
                        "formats/same-openpyxl.xlsx", "formats/same-libreoffice.xlsx", "formats/hostile/xxe.xml",
                        "formats/hostile/garbage.xlsx", "encodings/gbk.csv", "encodings/garbage.csv"]
        for (i, f) in fixtures.enumerated() {
            let name = "fx-\(i)-" + (f as NSString).lastPathComponent
            try t.drop(fixture: f, as: name, received: "2016-12-07T0\(i % 10):00:00+08:00")
            names.append(name)
        }
        let counties = ["雨城区", "名山区", "荥经县", "汉源县", "石棉县", "天全县", "芦山县", "宝兴县"]
        for i in 0..<180 {
            let org = "雅安市第\(i % 150)号测试协会"
            let rows = (0..<4).map { r in
                Sheet.row(org: org, code: "", title: "活动\(i)-\(r)", date: "2016-12-1\(2 + (i + r) % 7)",
                          county: counties[(i + r) % 8], audience: "\(10 + (i * 7 + r) % 90)")
            }
            let name = String(format: "gen-%03d.csv", i)
            try t.drop(name, text: Sheet.csv(rows[0], rows[1], rows[2], rows[3]),
                       received: String(format: "2016-12-08T%02d:%02d:00+08:00", 8 + i / 60, i % 60))
            names.append(name)
        }
        return names
    }

    /// Runs the binary on a root; kills it after `killAfter` seconds when given.
    static func run(_ root: URL, killAfter: Double? = nil, crashAt: String? = nil) throws -> (status: Int32, seconds: Double) {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", "--root", root.path, "--week", "2016-W50", "--now", ExampleInbox.clock]
        var env = ProcessInfo.processInfo.environment
        if let crashAt { env["FORECAST_CRASH_AT"] = crashAt }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let start = Date()
        try p.run()
        if let killAfter {
            let deadline = Date().addingTimeInterval(killAfter)
            while p.isRunning && Date() < deadline { usleep(2_000) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }
        p.waitUntilExit()
        return (p.terminationStatus, Date().timeIntervalSince(start))
    }

    /// Every input name is in exactly one of inbox/, archive/<week>/ or rejected/.
    static func places(_ t: TestRoot, _ names: [String]) throws -> [String: Int] {
        var count: [String: Int] = [:]
        for (path, _) in try t.tree(t.inbox) where !path.hasSuffix(".error.txt") {
            count[(path as NSString).lastPathComponent, default: 0] += 1
        }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, count[$0] ?? 0) })
    }

    /// Files and rows counted over all runs, from the store.
    static func totals(_ store: Store) throws -> [Int] {
        try store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT COUNT(*), SUM(outcome = 'ingested'), SUM(outcome = 'duplicate'), SUM(outcome = 'rejected'),
                       SUM(rows_read), SUM(rows_accepted), SUM(rows_rejected), SUM(rows_merged), SUM(warnings) FROM file
                """)!.map { _, v in Int.fromDatabaseValue(v) ?? 0 }
        }
    }

    @Test func killedRunsLoseNothingAndCountNothingTwice() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build first: swift build")
        let kills = Int(ProcessInfo.processInfo.environment["FORECAST_CRASH_KILLS"] ?? "") ?? 10

        let reference = try TestRoot()
        let names = try Self.fill(reference)
        let (status, seconds) = try Self.run(reference.root)
        #expect(status == 0)
        let referenceOutputs = try reference.tree(reference.output())
        let referenceTotals = try Self.totals(reference.store())

        let t = try TestRoot()
        _ = try Self.fill(t)
        var rng = SheetGenerator.Random(state: 20161210)   // deterministic, so a failing kill sequence replays
        var killed = 0
        var attempts = 0
        // Named crash points first, then SIGKILL at random moments of a run.
        let named = ["after-commit:04-石棉县心连心社工中心-活动预报.txt", "after-commit:gen-100.csv", "before-outputs"]
        while killed < kills && attempts < kills * 4 {
            attempts += 1
            let point: String? = attempts <= named.count ? named[attempts - 1] : nil
            let result = try Self.run(t.root, killAfter: point == nil ? Double(rng.below(1000)) / 1000 * seconds : nil, crashAt: point)
            if result.status != 0 { killed += 1 }
            let placed = try Self.places(t, names)
            #expect(placed.values.allSatisfy { $0 == 1 }, "after kill \(killed): \(placed.filter { $0.value != 1 })")
            #expect(try t.store().integrityCheck() == "ok")
            #expect(try t.store().brokenReferences().isEmpty)
        }
        #expect(killed >= min(kills, 3))
        #expect(try Self.run(t.root).status == 0)

        // Nothing lost, nothing counted twice: the same files and rows over all runs, the
        // same figures, and the same outputs byte for byte (run.json's per-run counts aside).
        #expect(try Self.totals(t.store()) == referenceTotals)
        let final = try t.report(), expected = try reference.report()
        #expect(final.totals == expected.totals && final.byCounty == expected.byCounty && final.byCategory == expected.byCategory)
        #expect(final.byDay == expected.byDay && final.byOrg == expected.byOrg && final.issue == expected.issue)
        let outputs = try t.tree(t.output())
        #expect(outputs.keys.sorted() == referenceOutputs.keys.sorted())
        for (path, data) in referenceOutputs where path != "run.json" {
            #expect(outputs[path] == data, "\(path)")
        }
        print("crash harness: \(killed) kills, 0 lost, 0 double-counted, 0 corrupt (\(names.count) files)")
    }
}
