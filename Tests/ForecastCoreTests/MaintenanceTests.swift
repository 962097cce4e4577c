import Foundation
import Testing
@testable import ForecastCore

/// `forecast doctor` and `forecast backup`.
@Suite struct MaintenanceTests {
    @Test func doctorOnAHealthyRootFindsNothing() throws {
        let t = try TestRoot()
        try FileManager.default.createDirectory(at: t.workspace.output, withIntermediateDirectories: true)
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let findings = Doctor.check(workspace: t.workspace)
        let wrong = findings.filter { !$0.ok }.map { $0.what }
        #expect(wrong.isEmpty, "\(wrong)")
        #expect(findings.contains { $0.what == "database integrity: ok" })
        #expect(findings.contains { $0.what == "database migrations: up to date" })
    }

    @Test func doctorSaysWhatIsWrongAndHowToFixIt() throws {
        let t = try TestRoot()
        try "large_audience = \"many\"".write(to: t.root.appendingPathComponent("forecast.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: t.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: t.workspace.databasePath))
        let held = LockBox(try RunLock(databasePath: t.workspace.databasePath))
        let findings = Doctor.check(workspace: t.workspace)
        held.release()
        let problems = findings.filter { !$0.ok }
        #expect(problems.contains { $0.what.hasPrefix("config:") && $0.fix.contains("forecast.toml") })
        #expect(problems.contains { $0.what.contains("output folder") && $0.fix.hasPrefix("mkdir -p") })
        #expect(problems.contains { $0.what.hasPrefix("database") && $0.fix.contains("backup") })
        #expect(problems.contains { $0.what.contains("another forecast run is in progress") })
        #expect(problems.allSatisfy { !$0.fix.isEmpty })
    }

    @Test func backupRestoresToTheSameOutputs() throws {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        try t.run()
        let backup = t.root.appendingPathComponent("backups/forecast-2016-W50.sqlite")
        try t.store().backup(to: backup.path)

        let restored = try TestRoot()
        try FileManager.default.createDirectory(at: restored.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backup.path, toPath: restored.workspace.databasePath)
        #expect(try restored.store().integrityCheck() == "ok")
        _ = try WeeklyReport.regenerate(workspace: restored.workspace, config: restored.config, store: restored.store(),
                                        week: ExampleInbox.week, now: restored.now)
        let original = try t.tree(t.output()), again = try restored.tree(restored.output())
        #expect(again.keys.sorted() == original.keys.sorted())
        for (path, data) in original where path != "run.json" {
            #expect(again[path] == data, "\(path)")
        }
        #expect(try restored.report().totals == Tally(activities: 32, audience: 2917))
    }
}
