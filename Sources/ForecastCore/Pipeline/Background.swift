import Foundation

/// Work on a thread of its own from the moment this is made, joined with `wait()`, which
/// returns its value or rethrows its error (and may be called more than once).
///
/// A plain thread, not a Dispatch queue or a task: each use is one long piece of work (a
/// file writer of the report pass, the report rows' sorted read, the quality files, the
/// templates parsed beside the ingest) that must not wait for a pool's free worker.
public final class Background<T: Sendable>: @unchecked Sendable {   // `result` is written before `done` is signalled, read after
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    public init(_ work: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    @discardableResult
    public func wait() throws -> T {
        done.wait()
        done.signal()   // for the next wait
        return try result!.get()
    }
}
