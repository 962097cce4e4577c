import Foundation
import Logging

/// What a run did, for the one-line outcome and the exit status.
public struct RunOutcome: Sendable {
    public var week: ForecastWeek
    public var issue: Int
    public var counts: RunCounts
    public var outputDirectory: URL
    public var summaryPath: URL
    /// Files left for a later run because they were still changing.
    public var unsettled: [String]
}

/// The weekly job: place what a crashed run left, ingest the inbox, write the week's outputs.
public struct WeeklyRun {
    public let workspace: Workspace
    public let config: ForecastConfig
    public let store: Store
    /// The run's clock (`--now`, or the wall clock).
    public let now: Date
    /// The real time, for the settle check: a file being written is judged by the real clock.
    public let wallClock: Date
    public var logger: Logger
    public var faultInjector: FaultInjector?
    /// Seconds to wait for another run on the same data folder before giving up (`RunLock.Busy`).
    public var lockWait: Double = 0

    public init(workspace: Workspace, config: ForecastConfig, store: Store, now: Date, wallClock: Date = Date(),
                logger: Logger = Logger(label: "forecast"), faultInjector: FaultInjector? = nil) {
        self.workspace = workspace
        self.config = config
        self.store = store
        self.now = now
        self.wallClock = wallClock
        self.logger = logger
        self.faultInjector = faultInjector
    }

    var time: CentreTime { CentreTime(identifier: config.timeZone) }

    /// Files per ingest transaction: committed together, synced once, then moved.
    public var placeBatch = 64

    /// The WAL size past which the writer waits for the placer to checkpoint every batch
    /// before it starts the next, so that the WAL starts over (`Placer.waitUntilPlaced`).
    /// Both threads stand still while it waits (the reader's queue is full). At 64 MB an
    /// inbox of 300k rows or more waited after every batch of 64 files: at 256 MB its ingest
    /// took 2.54 -> 2.37 s (medians of four alternating runs). A 1.5M-row ingest was 13.0 s
    /// either way (means of five; the placer's checkpoints take the cores then in any case).
    /// At 1 GB the WAL grows to 1 GB on disk, for no gain.
    public var walRestartBytes = 256 << 20

    /// The default forecast week: the one after the clock's.
    public func defaultWeek() -> ForecastWeek { time.week(of: now).next() }

    /// Runs the whole job for `week` (default: next week).
    public func execute(week: ForecastWeek? = nil) throws -> RunOutcome {
        let week = week ?? defaultWeek()
        let lock = try RunLock(databasePath: workspace.databasePath, wait: lockWait)
        defer { withExtendedLifetime(lock) {} }
        let time = self.time
        try FileManager.default.createDirectory(at: workspace.inbox, withIntermediateDirectories: true)
        let mover = InboxMover(inbox: workspace.inbox)
        let runID = try store.beginRun(kind: "run", week: week, clock: time.iso(now), startedAt: time.iso(wallClock))
        try placeLeftovers(mover: mover)

        let (entries, unsettled) = try InboxScanner.scan(inbox: workspace.inbox, wallClock: wallClock,
                                                          settleSeconds: config.settleSeconds)
        for name in unsettled { logger.notice("left for the next run (still changing): \(name)") }
        logger.info("\(entries.count) file(s) to take for \(week)")
        let ingester = FileIngester(config: config, matcher: ReferenceMatcher(config: config), time: time,
                                    runID: runID, forecastWeek: week, today: time.localDate(of: now), mover: mover,
                                    logger: logger, registry: try store.registry(config: config))
        // The templates are parsed beside the ingest, on the core the reading thread leaves
        // idle (20 ms of the busy week's outputs); a broken one still fails the outputs only.
        let templates = Background { [workspace] in try TemplateRenderer(overrideDirectory: workspace.templates) }
        let clock = ContinuousClock()
        let ingestStart = clock.now
        // Group commit: the files of a batch share one transaction, each file in a savepoint
        // of its own, and the disk is synced once per batch, after the commit and before the
        // batch's files move: a file never moves ahead of its durable commit, and a crash
        // loses at most the batch, whose files are all still in the inbox. The sync and the
        // moves happen on the placer's thread while this one stores the next batch.
        try store.deferSync(true)
        var synced = false
        defer { if !synced { try? store.deferSync(false) } }   // an ingest that throws leaves the store as it found it
        let events = ReadAhead(entries: entries, config: config, matcher: ingester.matcher, forecastWeek: week,
                               today: ingester.today)
        defer { events.cancel() }
        let placer = Placer(checkpointer: try store.checkpointer(), total: entries.count, logger: logger) {
            [faultInjector, inbox = workspace.inbox] name, result in
            try faultInjector?(.afterCommit, name)
            try Self.place(name, result.outcome, destination: result.destination, problems: result.problems, mover: mover,
                           inbox: inbox)
        }
        let stored = Result {
            var start = 0
            while start < entries.count {
                let batch = entries[start..<min(start + placeBatch, entries.count)]
                let results = try store.ingestBatch { tx in
                    try batch.map { entry in try ingester.ingest(entry, events: events, into: tx) }
                }
                try placer.submit(Array(zip(batch.map(\.name), results)))
                if store.walBytes > walRestartBytes { placer.waitUntilPlaced() }
                start = batch.endIndex
            }
        }
        // Every committed batch is placed, whatever stopped the ingest, and what was placed
        // is recorded, whatever stopped the placer. A crash before that is repaired by the
        // next run's `placeLeftovers`. The last batch is placed while the outputs are
        // written: they read only what is committed, and waiting for its sync and moves made
        // the busy week's ingest 146 -> 155 ms (medians of 20 alternating runs).
        func settle() throws -> (any Error)? {
            let placed = placer.finish()
            try store.markPlaced(placed.files)
            return placed.error
        }
        if case .failure = stored { _ = try settle() }   // the ingest's error goes first
        try stored.get()
        try store.deferSync(false)
        synced = true
        let outputsStart = clock.now
        logger.info("took \(entries.count) file(s) in \(outputsStart - ingestStart)")
        let written = Result {
            try faultInjector?(.beforeOutputs, "")
            return try ReportWriter(workspace: workspace, config: config, store: store, time: time)
                .write(week: week, run: runID, generatedAt: now, templates: templates)
        }
        let settled = Result { try settle() }
        let outcome = try written.get()
        if let error = try settled.get() { throw error }
        logger.info("wrote the outputs in \(clock.now - outputsStart)")
        try store.finishRun(runID, at: time.iso(wallClock))
        return RunOutcome(week: week, issue: outcome.issue, counts: outcome.counts, outputDirectory: outcome.directory,
                          summaryPath: outcome.directory.appendingPathComponent("summary.html"), unsettled: unsettled)
    }

    /// Moves a committed file to its place; a rejected file gets its error note first.
    private static func place(_ name: String, _ outcome: FileOutcome, destination: String, problems: [Problem],
                              mover: InboxMover, inbox: URL) throws {
        if outcome == .rejected {
            let note = RejectionNote.text(file: name, problems: problems)
            try AtomicFile.write(note, to: inbox.appendingPathComponent(destination + ".error.txt"))
        }
        try mover.move(name, to: destination)
    }

    /// Finishes the moves a crashed run committed but did not make, so nothing is read twice.
    private func placeLeftovers(mover: InboxMover) throws {
        AtomicFile.removeStale(under: workspace.inbox.appendingPathComponent("rejected"))
        for file in try store.unplacedFiles() {
            if mover.isInInbox(file.name), sameContent(file) {
                var destination = file.destination
                if mover.isPlaced(destination) {
                    let folder = (destination as NSString).deletingLastPathComponent
                    destination = mover.destination(for: file.name, in: folder)
                }
                let problems = try store.problems(ofFile: file.id)
                try Self.place(file.name, file.outcome, destination: destination, problems: problems, mover: mover,
                               inbox: workspace.inbox)
                try store.markPlaced(fileID: file.id, destination: destination)
                logger.notice("placed \(file.name) left in the inbox by an interrupted run")
            } else {
                // Already moved, or replaced by a new file of the same name: its content is stored.
                try store.markPlaced(fileID: file.id, destination: file.destination)
            }
        }
    }

    private func sameContent(_ file: UnplacedFile) -> Bool {
        if file.sha256.isEmpty { return true }   // refused before reading (link, size): nothing to compare
        let path = workspace.inbox.appendingPathComponent(file.name).path
        return (try? FileSniffer.sniff(path: path).sha256) == file.sha256
    }
}
