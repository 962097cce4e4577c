import Foundation
import Logging

/// Makes each committed batch of inbox files durable and moves the files to their places,
/// on a thread of its own, while the writer stores the next batch (`WeeklyRun`).
///
/// A file still moves only after its batch's commit is on disk: the placer checkpoints
/// (`Store.Checkpointer`, which syncs the WAL) before it moves any file of the batch. The
/// moves are recorded (`Store.markPlaced`) by the writer once the placer is done; a crash
/// before that is repaired by the next run (`WeeklyRun.placeLeftovers`), as before.
///
/// On the writer, a batch's checkpoint and moves were 14% of the busy week's ingest
/// samples (perf), while the reading thread waited for room in its queue.
final class Placer: @unchecked Sendable {   // `submitted` is the writer's alone
    /// One committed batch: each file's inbox name and what ingesting it decided.
    typealias Batch = [(name: String, result: FileIngester.Result)]

    private let queue = BoundedQueue<Batch?>(capacity: 2)
    private let work: Background<Placed>
    private let progress = Progress()
    private var submitted = 0

    /// How many batches the placer has placed, and whether it has stopped.
    private final class Progress: @unchecked Sendable {   // the counts only under `condition`
        let condition = NSCondition()
        var placedBatches = 0, stopped = false
    }

    /// The files placed, in order, and what stopped the placer before the end, if anything.
    struct Placed: Sendable {
        var files: [(fileID: Int64, destination: String)] = []
        var error: (any Error)?
    }

    /// Starts the thread; `place` moves one file.
    init(checkpointer: Store.Checkpointer, total: Int, logger: Logger,
         place: @escaping @Sendable (_ name: String, _ result: FileIngester.Result) throws -> Void) {
        let queue = queue, progress = progress
        work = Background {
            var placed = Placed()
            do {
                while let next = queue.take(), let batch = next {
                    try checkpointer.checkpoint()
                    for (name, result) in batch {
                        try place(name, result)
                        placed.files.append((result.fileID, result.destination))
                    }
                    logger.notice("\(placed.files.count)/\(total) files taken")
                    progress.condition.withLock { progress.placedBatches += 1; progress.condition.broadcast() }
                }
            } catch {
                queue.cancel()   // the writer's next `submit` stops
                placed.error = error
            }
            progress.condition.withLock { progress.stopped = true; progress.condition.broadcast() }
            return placed
        }
    }

    /// Waits until every batch handed over is placed (or the placer stopped). The WAL
    /// restarts only when a write begins with all of it checkpointed, so the writer lets
    /// the placer catch up now and then (`WeeklyRun`); otherwise each batch lengthens it
    /// (a 1.5M-row inbox: a 988 MB WAL, and 2.3 s more of outputs reading through it).
    func waitUntilPlaced() {
        progress.condition.withLock {
            while progress.placedBatches < submitted && !progress.stopped { progress.condition.wait() }
        }
    }

    /// Hands a committed batch over (waiting while two are pending); throws what stopped
    /// the placer, if it stopped.
    func submit(_ batch: Batch) throws {
        guard queue.put(batch) else { throw try work.wait().error ?? CancellationError() }
        submitted += 1
    }

    /// Waits for every batch handed over to be placed, or for what stopped the placer.
    func finish() -> Placed {
        _ = queue.put(nil)
        return (try? work.wait()) ?? Placed()   // the work itself never throws
    }
}
