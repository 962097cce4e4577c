import Foundation
import Testing
@testable import ForecastCore
import Logging

/// One run at a time per data folder.
@Suite struct RunLockTests {
    @Test func secondHolderIsRefusedUntilTheFirstLetsGo() throws {
        let t = try TestRoot()
        var first: RunLock? = try RunLock(databasePath: t.workspace.databasePath)
        let busy = #expect(throws: RunLock.Busy.self) { try RunLock(databasePath: t.workspace.databasePath) }
        #expect(busy?.holder.hasPrefix("pid \(getpid())") == true)
        _ = first
        first = nil
        #expect(throws: Never.self) { _ = try RunLock(databasePath: t.workspace.databasePath) }
    }

    @Test func waitingGetsTheLockWhenItIsReleased() throws {
        let t = try TestRoot()
        let path = t.workspace.databasePath
        let box = LockBox(try RunLock(databasePath: path))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { box.release() }
        #expect(throws: RunLock.Busy.self) { try RunLock(databasePath: path) }
        #expect(throws: Never.self) { _ = try RunLock(databasePath: path, wait: 5) }
    }

    /// Two overlapping runs on the same root never both ingest.
    @Test func overlappingRunsNeverBothIngest() throws {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let held = LockBox(try RunLock(databasePath: t.workspace.databasePath))
        #expect(throws: RunLock.Busy.self) { try t.run() }
        #expect(try t.inboxFiles().count == 11)              // the refused run touched nothing
        held.release()
        let group = DispatchGroup()
        let outcomes = Outcomes()
        let (workspace, config, now) = (t.workspace, t.config, t.now)
        for _ in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    let o = try WeeklyRun(workspace: workspace, config: config, store: try Store(path: workspace.databasePath), now: now,
                                          logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() })).execute(week: ExampleInbox.week)
                    outcomes.add(o.counts.files.ingested)
                } catch is RunLock.Busy {
                    outcomes.add(-1)
                } catch {
                    outcomes.add(-2)
                }
            }
        }
        group.wait()
        // Either one ran and the other was refused, or they ran one after the other: 9 files
        // ingested in all, never 18.
        #expect(outcomes.values.filter { $0 >= 0 }.reduce(0, +) == 9)
        #expect(!outcomes.values.contains(-2))
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))
    }
}

/// Results collected from threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func add(_ v: Int) { lock.withLock { list.append(v) } }
    var values: [Int] { lock.withLock { list } }
}

/// Holds a lock until told to let go, from any thread.
final class LockBox: @unchecked Sendable {
    private let guardLock = NSLock()
    private var lock: RunLock?
    init(_ lock: RunLock) { self.lock = lock }
    func release() { guardLock.withLock { lock = nil } }
}
