import Foundation
import Testing
@testable import ForecastCore

/// SPEC dedupe: identical files, activity key, later received wins, cancellation withdraws,
/// history kept.
@Suite struct DedupeTests {
    @Test func revisedDuplicateAndCancelledAcrossRuns() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(
            Sheet.row(),
            Sheet.row(title: "青少年周末课堂", date: "2016-12-17"),
            Sheet.row(title: "社区议事会", date: "2016-12-14")), received: "2016-12-05T10:00:00+08:00")
        try t.run()
        #expect(try t.report().totals == Tally(activities: 3, audience: 180))

        try t.drop("b.csv", text: Sheet.header + ",状态\r\n" + [
            Sheet.row(audience: "80") + ",",                                     // revised
            Sheet.row(title: "青少年周末课堂", date: "2016-12-17") + ",",           // duplicate-row
            Sheet.row(title: "社区议事会", date: "2016-12-14") + ",取消",            // cancelled
            "雅安市雨城区阳光社会工作服务中心,51511802MJ0000001N,未报过的活动,,2016-12-15,,,,,,,,,取消", // cancel of unknown key
        ].joined(separator: "\r\n"), received: "2016-12-06T10:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows == RunCounts.Rows(read: 4, accepted: 4, rejected: 0, merged: 3, warnings: 0))
        let report = try t.report()
        #expect(report.totals == Tally(activities: 2, audience: 140))
        let codes = try t.rejections().filter { $0[0] == "b.csv" }.map { "\($0[1]) \($0[3])" }
        #expect(codes == ["2 revised", "3 duplicate-row", "4 cancelled", "5 cancelled"])

        // History: every version kept, nothing deleted.
        let store = try t.store()
        let versions = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity_version")! }
        #expect(versions == 7)
        let withdrawn = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity WHERE withdrawn = 1")! }
        #expect(withdrawn == 2)
        // Each file's audience is its own versions', cancellations left out.
        let audience = try store.submissions(forRunsOf: ExampleInbox.week).map { "\($0.fileName) \($0.audience)" }
        #expect(audience == ["a.csv 180", "b.csv 140"])
    }

    @Test func laterReceivedWinsWhateverTheProcessingOrder() throws {
        // The newer sheet is taken first; an older one arriving in a later run must not win.
        let t = try TestRoot()
        try t.drop("new.csv", text: Sheet.csv(Sheet.row(audience: "90")), received: "2016-12-08T10:00:00+08:00")
        try t.run()
        try t.drop("old.csv", text: Sheet.csv(Sheet.row(audience: "30")), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        #expect(try t.report().totals == Tally(activities: 1, audience: 90))
        // The older sheet still revised the activity, though its version is not the current one.
        let filing = try TestRoot.csvRows(t.output().appendingPathComponent("filing/activities.csv"))
        #expect(filing.map { $0[16] } == ["已修订"])
        // Each file's audience is its own versions'.
        let audience = try t.store().submissions(forRunsOf: ExampleInbox.week).map { "\($0.fileName) \($0.audience)" }
        #expect(audience == ["old.csv 30", "new.csv 90"])
    }

    @Test func sameReceivedTimeBrokenByFileName() throws {
        let t = try TestRoot()
        try t.drop("b.csv", text: Sheet.csv(Sheet.row(audience: "70")), received: "2016-12-06T10:00:00+08:00")
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(audience: "20")), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        #expect(try t.report().totals.audience == 70)
    }

    @Test func duplicateRowWithinOneFile() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "社区老人 健康讲座")), received: "2016-12-06T10:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows.merged == 1)
        #expect(try t.report().totals.activities == 1)
        #expect(try t.rejections().map { $0[3] } == ["duplicate-row"])
    }

    @Test func identicalBytesAreADuplicateFile() throws {
        let t = try TestRoot()
        let text = Sheet.csv(Sheet.row())
        try t.drop("a.csv", text: text, received: "2016-12-06T10:00:00+08:00")
        try t.drop("a-copy.csv", text: text, received: "2016-12-06T11:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 2, ingested: 1, duplicate: 1, rejected: 0))
        #expect(outcome.counts.rows.read == 1)
        // Sent again a week later: still a duplicate, still counted once.
        try t.drop("a-again.csv", text: text, received: "2016-12-07T11:00:00+08:00")
        #expect(try t.run().counts.files.duplicate == 1)
        #expect(try t.report().totals.activities == 1)
    }

    @Test func codeLessRowsJoinTheCodeSeenWithTheName() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.drop("b.csv", text: Sheet.csv(Sheet.row(org: "雨城区阳光社会工作服务中心", code: "", audience: "75")),
                   received: "2016-12-07T10:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows.merged == 1)
        #expect(try t.report().totals == Tally(activities: 1, audience: 75))
    }

    @Test func outOfWeekRowsAreStoredUnderTheirOwnWeek() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "下周的活动", date: "2016-12-20")),
                   received: "2016-12-06T10:00:00+08:00")
        try t.run()
        #expect(try t.report().totals.activities == 1)
        let w51 = ForecastWeek.parse("2016-W51")!
        try t.run(week: w51)
        #expect(try t.report(w51).totals == Tally(activities: 1, audience: 60))
        #expect(try t.report(w51).issue == 2)
        #expect(try t.report(w51).allTime == .init(issues: 2, activities: 2, audience: 120))
    }
}
