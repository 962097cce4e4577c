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
final class Placer: Sendable {
    /// One committed batch: each file's inbox name and what ingesting it decided.
    typealias Batch = [(name: String, result: FileIngester.Result)]

    private let queue = BoundedQueue<Batch?>(capacity: 2)
    private let work: Background<Placed>

    /// The files placed, in order, and what stopped the placer before the end, if anything.
    struct Placed: Sendable {
        var files: [(fileID: Int64, destination: String)] = []
        var error: (any Error)?
    }

    /// Starts the thread; `place` moves one file.
    init(checkpointer: Store.Checkpointer, total: Int, logger: Logger,
         place: @escaping @Sendable (_ name: String, _ result: FileIngester.Result) throws -> Void) {
        let queue = queue
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
                }
            } catch {
                queue.cancel()   // the writer's next `submit` stops
                placed.error = error
            }
            return placed
        }
    }

    /// Hands a committed batch over (waiting while two are pending); throws what stopped
    /// the placer, if it stopped.
    func submit(_ batch: Batch) throws {
        guard queue.put(batch) else { throw try work.wait().error ?? CancellationError() }
    }

    /// Waits for every batch handed over to be placed, or for what stopped the placer.
    func finish() -> Placed {
        _ = queue.put(nil)
        return (try? work.wait()) ?? Placed()   // the work itself never throws
    }
}
