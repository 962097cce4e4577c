import Foundation
import Testing
import Logging
@testable import ForecastCore

/// What the inbox takes, ignores, waits for and refuses; and the crash between commit and move.
@Suite struct InboxTests {
    @Test(arguments: [".hidden.csv", "~$sheet.xlsx", "a.csv.tmp", "a.part", "a.CRDOWNLOAD"])
    func ignoredNames(name: String) throws {
        let t = try TestRoot()
        try t.drop(name, text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        #expect(try t.run().counts.files.seen == 0)
        #expect(try t.inboxFiles() == [name])
    }

    @Test func scannerReadsTheSameTimesAndSizesAsFoundation() throws {
        let t = try TestRoot()
        let fm = FileManager.default
        // Sub-second times; for the first two, (seconds + fraction) - 1970's offset differs in
        // the last bit from Foundation's order, seconds - offset + fraction.
        let times: [(Int, Int)] = [(1_465_243_431, 682_949_167), (1_481_000_000, 123_456_789), (1_481_000_000, 999_999_999),
                                   (1_481_085_296, 1), (1_481_085_296, 500_000_000)]
        for (i, time) in times.enumerated() {
            let name = "t\(i).csv"
            try t.drop(name, text: String(repeating: "x", count: i * 7 + 1), received: "2016-12-06T10:00:00+08:00")
            let mtime = timespec(tv_sec: time.0, tv_nsec: time.1)
            var spec = [mtime, mtime]
            #expect(utimensat(AT_FDCWD, t.inbox.appendingPathComponent(name).path, &spec, 0) == 0)
        }
        let (take, _) = try InboxScanner.scan(inbox: t.inbox, wallClock: .distantFuture, settleSeconds: 0)
        #expect(take.count == times.count)
        for entry in take {
            let attributes = try fm.attributesOfItem(atPath: entry.path)
            #expect(entry.received == attributes[.modificationDate] as? Date)
            #expect(entry.received.timeIntervalSince1970 == (attributes[.modificationDate] as? Date)?.timeIntervalSince1970)
            #expect(entry.size == (attributes[.size] as? NSNumber)?.intValue)
        }
    }

    @Test func unsettledFileIsLeftForTheNextRun() throws {
        let t = try TestRoot()
        try t.drop("fresh.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: t.inbox.appendingPathComponent("fresh.csv").path)
        let outcome = try t.run()
        #expect(outcome.counts.files.seen == 0)
        #expect(outcome.unsettled == ["fresh.csv"])
        #expect(try t.inboxFiles() == ["fresh.csv"])
    }

    @Test func symlinkIsRefusedAndItsTargetNeverRead() throws {
        let t = try TestRoot()
        let target = t.root.appendingPathComponent("secret.csv")
        try Sheet.csv(Sheet.row()).write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: t.inbox.appendingPathComponent("link.csv").path, withDestinationPath: target.path)
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 1, ingested: 0, duplicate: 0, rejected: 1))
        #expect(try t.rejections().map { $0[3] } == ["symlink-refused"])
        let moved = t.inbox.appendingPathComponent("rejected/link.csv")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: moved.path)) == target.path)
        #expect(FileManager.default.fileExists(atPath: target.path))
        #expect(try t.report().totals.activities == 0)
    }

    @Test func tooLargeFileIsRefusedUnread() throws {
        let t = try TestRoot()
        t.config.maxFileBytes = 100
        try t.drop("big.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "另一个")), received: "2016-12-06T10:00:00+08:00")
        #expect(try t.run().counts.files.rejected == 1)
        #expect(try t.rejections().map { $0[3] } == ["file-too-large"])
    }

    @Test func rejectedFilesGetTheirNoteAndTheRunGoesOn() throws {
        let t = try TestRoot()
        try t.drop(fixture: "encodings/garbage.csv", received: "2016-12-06T09:00:00+08:00")
        try t.drop(fixture: "encodings/binary.xls", received: "2016-12-06T09:01:00+08:00")
        try t.drop(fixture: "encodings/gbk.csv", received: "2016-12-06T09:02:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 3, ingested: 1, duplicate: 0, rejected: 2))
        let rejected = try t.tree(t.inbox.appendingPathComponent("rejected")).keys.sorted()
        #expect(rejected == ["binary.xls", "binary.xls.error.txt", "garbage.csv", "garbage.csv.error.txt"])
        #expect(try t.report().totals == Tally(activities: 2, audience: 100))
    }

    @Test func sameNameAgainDoesNotOverwriteTheArchive() throws {
        let t = try TestRoot()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        try t.drop("a.csv", text: Sheet.csv(Sheet.row(audience: "99")), received: "2016-12-07T10:00:00+08:00")
        try t.run()
        #expect(try t.tree(t.inbox.appendingPathComponent("archive/2016-W49")).keys.sorted() == ["a-2.csv", "a.csv"])
    }

    @Test func lateSheetIsWarnedOnce() throws {
        let t = try TestRoot()
        try t.drop("late.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "另一个")), received: "2016-12-09T18:00:01+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows.warnings == 1)
        #expect(try t.rejections().map { $0[3] } == ["late-submission"])
    }

    /// A crash after the store committed a file but before it moved: the next run places the
    /// file without reading it again, and counts it once.
    @Test func crashBetweenCommitAndMove() throws {
        struct Crash: Error {}
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let victim = "04-石棉县心连心社工中心-活动预报.txt"
        #expect(throws: Crash.self) {
            try t.run(faults: { point, name in if point == .afterCommit && name == victim { throw Crash() } })
        }
        #expect(try t.inboxFiles().contains(victim))
        let outcome = try t.run()
        #expect(try t.inboxFiles().isEmpty)
        #expect(outcome.counts.files == RunCounts.Files(seen: 11, ingested: 9, duplicate: 1, rejected: 1))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.examples.appendingPathComponent("expected.json"))) as! [String: Any]
        let rows = expected["rows"] as! [String: Int]
        #expect(outcome.counts.rows == RunCounts.Rows(read: rows["read"]!, accepted: rows["accepted"]!, rejected: rows["rejected"]!,
                                                     merged: rows["merged"]!, warnings: rows["warnings"]!))
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))
        #expect(try t.tree(t.inbox.appendingPathComponent("archive/2016-W49")).keys.contains(victim))
        #expect(try t.store().integrityCheck() == "ok")
    }

    /// Batches are placed on a thread of their own while the next one is stored. When a
    /// later batch fails, every earlier batch is still moved and recorded as placed, no file
    /// leaves the inbox without its commit, and the next run takes the rest once.
    @Test func earlierBatchesArePlacedWhenALaterOneFails() throws {
        struct Crash: Error {}
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let order = try InboxScanner.scan(inbox: t.inbox, wallClock: Date(), settleSeconds: 0).take.map(\.name)
        #expect(order.count == 11)
        let victim = order[6]   // the first file of the fourth batch of two
        var job = WeeklyRun(workspace: t.workspace, config: t.config, store: try t.store(), now: t.now,
                            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                            faultInjector: { point, name in if point == .afterCommit && name == victim { throw Crash() } })
        job.placeBatch = 2
        #expect(throws: Crash.self) { try job.execute(week: ExampleInbox.week) }

        let store = try t.store()
        let unplaced = Set(try store.unplacedFiles().map(\.name))
        let recorded = Set(try store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM file") })
        let left = Set(try t.inboxFiles())
        #expect(Set(order[..<6]).isDisjoint(with: left))             // the three batches before: moved
        #expect(Set(order[..<6]).isDisjoint(with: unplaced))         // and recorded as placed
        #expect(left.contains(victim) && unplaced.contains(victim))  // committed, not moved
        #expect(Set(order).subtracting(left).isSubset(of: recorded)) // nothing moved without its commit
        #expect(left.intersection(recorded) == unplaced)             // what is committed and still here waits

        let outcome = try t.run()
        #expect(try t.inboxFiles().isEmpty)
        #expect(try t.store().unplacedFiles().isEmpty)
        #expect(outcome.counts.files == RunCounts.Files(seen: 11, ingested: 9, duplicate: 1, rejected: 1))
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))
    }

    /// Past `walRestartBytes` the writer lets the placer checkpoint what it committed before
    /// it stores the next batch, so the WAL starts over instead of growing with every batch.
    @Test func theWALStartsOverPastItsLimit() throws {
        // `held`: a read kept open from before the run, so that no checkpoint gets past it
        // and the WAL cannot start over at all, whenever the placer's checkpoints end.
        func walAfterRun(restartPast limit: Int, held: Bool) throws -> Int {
            let t = try TestRoot()
            try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
            let store = try t.store()
            let snapshot = held ? try store.pool.makeSnapshot() : nil
            var job = WeeklyRun(workspace: t.workspace, config: t.config, store: store, now: t.now,
                                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            job.placeBatch = 1
            job.walRestartBytes = limit
            #expect(try job.execute(week: ExampleInbox.week).counts.files.ingested == 9)
            return withExtendedLifetime(snapshot) { store.walBytes }
        }
        let restarted = try walAfterRun(restartPast: 0, held: false)
        let grown = try walAfterRun(restartPast: .max, held: true)
        #expect(restarted > 0)
        #expect(restarted * 3 < grown, "WAL \(restarted) bytes restarting, \(grown) growing")
    }

    /// The last batch is placed while the outputs are written. When its placing fails, the
    /// outputs of everything committed are written all the same, the run ends with the error,
    /// and the file waits in the inbox, committed, for the next run, which counts it once.
    @Test func theLastBatchIsPlacedBesideTheOutputs() throws {
        struct Crash: Error {}
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let order = try InboxScanner.scan(inbox: t.inbox, wallClock: Date(), settleSeconds: 0).take.map(\.name)
        let victim = order[order.count - 1]
        let job = WeeklyRun(workspace: t.workspace, config: t.config, store: try t.store(), now: t.now,
                            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                            faultInjector: { point, name in if point == .afterCommit && name == victim { throw Crash() } })
        #expect(throws: Crash.self) { try job.execute(week: ExampleInbox.week) }
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))   // written, the victim's rows in
        #expect(try t.inboxFiles() == [victim])
        #expect(try t.store().unplacedFiles().map(\.name) == [victim])

        _ = try t.run()
        #expect(try t.inboxFiles().isEmpty)
        #expect(try t.store().unplacedFiles().isEmpty)
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))
        let files = try t.store().pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM file") }
        #expect(files == 11)
    }

    /// Past its WAL limit the writer waits for the placer (`Placer.waitUntilPlaced`), so that
    /// its next write finds the WAL checkpointed and starts it over: the wait must last until
    /// every batch handed over is placed, however slow the moves.
    @Test func waitingForThePlacerWaitsForEveryBatch() throws {
        let t = try TestRoot()
        final class Moves: @unchecked Sendable {   // under `lock`
            let lock = NSLock()
            var names: [String] = []
        }
        let moves = Moves()
        let placer = Placer(checkpointer: try t.store().checkpointer(), total: 4,
                            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) { name, _ in
            usleep(20_000)
            moves.lock.withLock { moves.names.append(name) }
        }
        func batch(_ names: String...) -> Placer.Batch {
            names.enumerated().map { i, name in
                (name, FileIngester.Result(fileID: Int64(i), outcome: .ingested, destination: "archive/\(name)", problems: []))
            }
        }
        try placer.submit(batch("a", "b"))
        try placer.submit(batch("c", "d"))
        placer.waitUntilPlaced()
        #expect(moves.lock.withLock { moves.names } == ["a", "b", "c", "d"])
        let placed = placer.finish()
        #expect(placed.files.map(\.destination) == ["archive/a", "archive/b", "archive/c", "archive/d"])
        #expect(placed.error == nil)
    }

    /// Ingest defers its disk syncs to one per batch; an ingest that fails part-way must hand
    /// the store back with every commit synced again (`synchronous = FULL`).
    @Test func aFailedIngestLeavesCommitsSyncedAgain() throws {
        struct Crash: Error {}
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        let store = try t.store()
        let job = WeeklyRun(workspace: t.workspace, config: t.config, store: store, now: t.now,
                            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                            faultInjector: { point, _ in if point == .afterCommit { throw Crash() } })
        #expect(throws: Crash.self) { try job.execute(week: ExampleInbox.week) }
        let synchronous = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)   // FULL
    }

    @Test func crashBeforeOutputsIsRepairedByTheNextRun() throws {
        struct Crash: Error {}
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        #expect(throws: Crash.self) { try t.run(faults: { point, _ in if point == .beforeOutputs { throw Crash() } }) }
        #expect(!FileManager.default.fileExists(atPath: t.output().appendingPathComponent("run.json").path))
        let outcome = try t.run()
        #expect(outcome.counts.files.seen == 11)
        #expect(try t.report().totals == Tally(activities: 32, audience: 2917))
    }
}

/// Sheet limits refuse that file only, with a message saying which limit.
@Suite struct LimitTests {
    @Test(arguments: [
        ("rows", "超过 3 行"),
        ("columns", "超过 20 列"),
        ("field", "字节"),
    ])
    func limitRefusesTheFileOnly(kind: String, message: String) throws {
        var config = ForecastConfig.yaan
        config.sheetLimits.maxRows = 3
        config.sheetLimits.maxColumns = 20
        config.sheetLimits.maxFieldBytes = 300
        let t = try TestRoot(config: config)
        let text: String
        switch kind {
        case "rows": text = Sheet.csv(Sheet.row(), Sheet.row(title: "b"), Sheet.row(title: "c"), Sheet.row(title: "d"))
        case "columns": text = Sheet.csv(Sheet.row() + String(repeating: ",x", count: 30))
        default: text = Sheet.csv(Sheet.row(notes: String(repeating: "长", count: 200)))
        }
        try t.drop("big.csv", text: text, received: "2016-12-06T10:00:00+08:00")
        try t.drop("ok.csv", text: Sheet.csv(Sheet.row(title: "正常")), received: "2016-12-06T11:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 2, ingested: 1, duplicate: 0, rejected: 1))
        let problem = try #require(try t.rejections().first)
        #expect(problem[0] == "big.csv" && problem[3] == "file-too-large" && problem[6].contains(message))
        #expect(try t.report().totals.activities == 1)
    }

    @Test func hugeLineOfDelimitersIsCutNotHeld() throws {
        var reader = CSVReader(source: MemoryUTF8Source(String(repeating: ",", count: 100_000)), delimiter: UInt8(ascii: ","))
        let record = try #require(try reader.next())
        #expect(record.cells.count == 4096 && record.oversized)
    }
}

/// The reading thread runs a file ahead of the writer: a file refused after several chunks
/// of rows is still refused whole, and the files after it, duplicates included, stay in step.
@Suite struct ReadAheadTests {
    @Test func refusalAfterManyChunksRollsBackAndLaterFilesStayInStep() throws {
        var config = ForecastConfig.yaan
        config.sheetLimits.maxRows = ReadAhead.chunk * 2 + 10
        let t = try TestRoot(config: config)
        let many = (0..<(ReadAhead.chunk * 2 + 20)).map { Sheet.row(title: "活动\($0)") }
        try t.drop("a-big.csv", text: Sheet.csv(many[0], many[1...].joined(separator: "\r\n")), received: "2016-12-06T10:00:00+08:00")
        let ok = Sheet.csv(Sheet.row(title: "正常"), Sheet.row(title: "也正常", date: "2016-12-14"))
        try t.drop("b-ok.csv", text: ok, received: "2016-12-06T11:00:00+08:00")
        try t.drop("c-again.csv", text: ok, received: "2016-12-06T12:00:00+08:00")
        try t.drop("d-fits.csv", text: Sheet.csv(many[0], many[1..<(ReadAhead.chunk + 5)].joined(separator: "\r\n")),
                   received: "2016-12-06T13:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 4, ingested: 2, duplicate: 1, rejected: 1))
        #expect(outcome.counts.rows.read == 2 + ReadAhead.chunk + 5)
        #expect(try t.report().totals.activities == 2 + ReadAhead.chunk + 5)
        #expect(FileManager.default.fileExists(atPath: t.inbox.appendingPathComponent("rejected/a-big.csv").path))
    }

    /// The reading thread reuses the memory of chunks the writer has stored
    /// (`ReadAhead.freeStored`): over files of several chunks each, in UTF-8, UTF-8 with a
    /// byte-order mark and GB18030, every row is stored once, with its own values.
    @Test func reusedChunksCarryEveryRowOnce() throws {
        var config = ForecastConfig.yaan
        config.sheetLimits.maxRows = ReadAhead.chunk * 3
        let t = try TestRoot(config: config)
        let perFile = ReadAhead.chunk * 2 + 7
        var titles: [String] = [], audience = 0
        for (n, kind) in ["utf8", "bom", "gbk", "utf8", "bom", "gbk"].enumerated() {
            let rows = (0..<perFile).map { i -> String in
                titles.append("活动\(n)-\(i)")
                audience += 10 + (n * 7 + i) % 90
                return Sheet.row(title: "活动\(n)-\(i)", audience: "\(10 + (n * 7 + i) % 90)")
            }
            let text = Array(Sheet.csv(rows[0], rows[1...].joined(separator: "\r\n")).utf8)
            var bytes = text
            if kind == "bom" { bytes = [0xEF, 0xBB, 0xBF] + text }
            if kind == "gbk" {
                bytes = []
                try text.withUnsafeBytes { try Transcoder(from: "UTF-8", to: "GB18030").convert($0, last: true, into: &bytes) }
            }
            try t.drop("\(n)-\(kind).csv", Data(bytes), received: "2016-12-06T1\(n):00:00+08:00")
        }
        let outcome = try t.run()
        #expect(outcome.counts.files.ingested == 6)
        #expect(outcome.counts.rows.read == 6 * perFile)
        let totals = try t.report().totals
        #expect(totals.activities == 6 * perFile && totals.audience == audience)
        let filing = try TestRoot.csvRows(t.output().appendingPathComponent("filing/activities.csv"))
        #expect(filing.map { $0[4] }.sorted() == titles.sorted())
    }

    /// Files share a transaction (`WeeklyRun.placeBatch`): a file refused part-way rolls back
    /// its own savepoint only, the file before it stays, and the file after it stores its
    /// versions under the ids the refused file had taken.
    @Test func refusalInsideABatchRollsBackThatFileOnly() throws {
        var config = ForecastConfig.yaan
        config.sheetLimits.maxRows = ReadAhead.chunk + 10
        let t = try TestRoot(config: config)
        let many = (0..<(ReadAhead.chunk + 20)).map { Sheet.row(title: "活动\($0)") }
        try t.drop("a-ok.csv", text: Sheet.csv(Sheet.row(title: "第一"), Sheet.row(title: "第二", date: "2016-12-14")),
                   received: "2016-12-06T10:00:00+08:00")
        try t.drop("b-big.csv", text: Sheet.csv(many[0], many[1...].joined(separator: "\r\n")), received: "2016-12-06T11:00:00+08:00")
        try t.drop("c-ok.csv", text: Sheet.csv(Sheet.row(title: "第三"), Sheet.row(title: "第一")),
                   received: "2016-12-06T12:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 3, ingested: 2, duplicate: 0, rejected: 1))
        #expect(outcome.counts.rows.read == 4 && outcome.counts.rows.merged == 1)
        #expect(try t.report().totals.activities == 3)
        #expect(try t.inboxFiles().isEmpty)
        #expect(try t.store().integrityCheck() == "ok")
    }
}

/// `ByteFile` sizes its buffers by `fstat`; a file must still be read whole, whatever
/// its size against the chunk size, and when it grows after the open.
@Suite struct ByteFileTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bytefile-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url.path
    }

    private func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) } }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 100_000])
    func readsWholeInChunks(size: Int) throws {
        let content = bytes(size)
        let path = try temporaryFile(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in [1, 7, 4096, 1 << 20] {
            let file = try ByteFile(path: path)
            var read: [UInt8] = []
            while true {
                let part = try file.read(upTo: chunk)
                read += part
                if part.count < chunk { break }
            }
            #expect(read == content)
            var streamed: [UInt8] = []
            try ByteFile(path: path).forEachChunk(size: chunk) { streamed += $0; return true }
            #expect(streamed == content)
        }
    }

    @Test func readsWhatWasAppendedAfterTheOpen() throws {
        let content = bytes(10_000), more = bytes(50_000).reversed()
        let path = try temporaryFile(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try ByteFile(path: path), streamedFile = try ByteFile(path: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(more))
        try handle.close()
        #expect(try file.read(upTo: 1 << 20) == content + more)
        var streamed: [UInt8] = []
        try streamedFile.forEachChunk { streamed += $0; return true }
        #expect(streamed == content + more)
    }

    /// UTF-8 is handed on as read, its byte-order mark dropped in place, whatever the chunk
    /// size against the mark's three bytes; GB18030 is still converted.
    @Test(arguments: [1, 2, 3, 4, 7, 4096, 1 << 20])
    func utf8SourceDropsTheMarkAcrossChunks(chunk: Int) throws {
        let text = Array(String(repeating: "组织名称,活动名称\r\n雅安市雨城区阳光社会工作服务中心,社区讲座\r\n", count: 40).utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var gb: [UInt8] = []
        try text.withUnsafeBytes { try Transcoder(from: "UTF-8", to: "GB18030").convert($0, last: true, into: &gb) }
        for (bytes, encoding) in [(text, TextEncoding.utf8), (bom + text, .utf8BOM), (bom, .utf8BOM), (gb, .gb18030)] {
            let path = try temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let source = try FileUTF8Source(path: path, encoding: encoding, chunkSize: chunk)
            var read: [UInt8] = []
            while let part = try source.nextChunk() {
                #expect(!part.isEmpty)
                read += part
            }
            let expected = bytes == bom ? [] : text
            let same = read == expected   // not the arrays themselves in a failure's message
            #expect(same, "\(encoding), chunks of \(chunk): \(read.count) bytes read, \(expected.count) expected")
            #expect(source.isExhausted)
        }
    }
}
