import Foundation
import Logging

/// Takes one inbox file through the checks of SPEC "Order of file checks" that need the
/// store (the reading thread, `ReadAhead`, did the rest) and stores what it holds; returns
/// what became of it. The file itself is moved by the caller, after its batch has committed.
struct FileIngester {
    let config: ForecastConfig
    let matcher: ReferenceMatcher
    let time: CentreTime
    let runID: Int64
    let forecastWeek: ForecastWeek
    let today: LocalDate
    let mover: InboxMover
    let logger: Logger
    /// The organization registry; empty until one is imported (then unmatched sheets warn).
    let registry: Registry

    /// What ingesting a file decided.
    struct Result: Sendable {
        var fileID: Int64
        var outcome: FileOutcome
        var destination: String
        /// The problems that refused or skipped the file (for its error note); empty when ingested.
        var problems: [Problem]
    }

    /// Ingests the next file into `batch`; `events` is the reader's account of it (it reads
    /// one file ahead). Nothing is durable until the batch commits.
    func ingest(_ entry: InboxEntry, events: ReadAhead, into batch: IngestBatch) throws -> Result {
        let received = time.iso(entry.received)
        let archive = "archive/\(time.week(of: entry.received))"
        func fileEntry(_ outcome: FileOutcome, sha: String, problem: ProblemCode?, format: String? = nil,
                       encoding: String? = nil, destination: String) -> FileEntry {
            FileEntry(name: entry.name, sha256: sha, size: entry.size, receivedAt: received,
                      receivedEpoch: entry.received.timeIntervalSince1970, format: format, encoding: encoding,
                      outcome: outcome, problemCode: problem?.rawValue, destination: destination)
        }
        func reject(_ rejection: FileRejection, sha: String) throws -> Result {
            let destination = mover.destination(for: entry.name, in: "rejected")
            let (id, _) = try batch.ingest(fileEntry(.rejected, sha: sha, problem: rejection.code, destination: destination),
                                           run: runID, city: config.city) { tx in
                for p in rejection.problems { try tx.record(p) }
            }
            logger.info("rejected \(entry.name): \(rejection.code.rawValue)")
            return Result(fileID: id, outcome: .rejected, destination: destination, problems: rejection.problems)
        }

        func isDuplicate(_ facts: FileFacts) throws -> Result? {
            guard let (original, orgName) = try batch.ingestedFile(sha256: facts.sha256) else { return nil }
            let destination = mover.destination(for: entry.name, in: archive)
            let problem = Problem(code: .duplicateFile, file: entry.name, value: original,
                                  message: ProblemMessages.text(.duplicateFile, detail: original))
            let (id, _) = try batch.ingest(fileEntry(.duplicate, sha: facts.sha256, problem: .duplicateFile, destination: destination),
                                           run: runID, city: config.city) { tx in
                try tx.record(problem)
                try tx.finish(read: 0, accepted: 0, rejected: 0, merged: 0, warnings: 0, orgName: orgName, creditCode: nil)
            }
            logger.info("duplicate \(entry.name) of \(original)")
            return Result(fileID: id, outcome: .duplicate, destination: destination, problems: [problem])
        }

        switch events.next() {
        case .refused(let rejection, let facts):
            if let facts, let duplicate = try isDuplicate(facts) { return duplicate }
            return try reject(rejection, sha: facts?.sha256 ?? "")
        case .opened(let facts, let format, let encoding, let columns, let fileProblems):
            if let duplicate = try isDuplicate(facts) {
                while true {   // the reader has read it anyway: pass over its rows
                    switch events.next() {
                    case .end, .failed: return duplicate
                    default: continue
                    }
                }
            }
            let destination = mover.destination(for: entry.name, in: archive)
            do {
                let (id, _) = try batch.ingest(
                    fileEntry(.ingested, sha: facts.sha256, problem: nil, format: format.rawValue,
                              encoding: encoding.rawValue, destination: destination),
                    run: runID, city: config.city
                ) { tx in
                    try storeRows(from: events, file: entry.name, columns: columns, fileProblems: fileProblems,
                                  received: entry.received, into: tx)
                }
                logger.info("ingested \(entry.name)")
                return Result(fileID: id, outcome: .ingested, destination: destination, problems: [])
            } catch let rejection as FileRejection {
                // Found part-way through the rows: the transaction rolled back; the file is refused whole.
                return try reject(rejection, sha: facts.sha256)
            }
        case .rows, .failed, .end:
            throw ReadAheadOutOfStep(file: entry.name)
        }
    }

    /// Stores the rows the reader validated, as they come; throws the reader's rejection
    /// when it found one part-way through (the transaction then rolls back).
    private func storeRows(from events: ReadAhead, file: String, columns: ColumnMap, fileProblems: [Problem],
                           received: Date, into tx: IngestTransaction) throws {
        for p in fileProblems { try tx.record(p) }
        var read = 0, accepted = 0, rejected = 0, merged = 0, warnings = 0, audience = 0
        var earliestWeek: ForecastWeek?
        var orgName: String?
        var orgLine = 0
        var creditCode: String?
        reading: while true {
            let rows: [ValidatedRow]
            switch events.next() {
            case .rows(let chunk): rows = chunk
            case .end: break reading
            case .failed(let rejection): throw rejection
            case .refused, .opened: throw ReadAheadOutOfStep(file: file)
            }
            // By index, not `for row in rows`: a whole row copied and destroyed per row was 7 M
            // of the busy week's writer instructions.
            for i in rows.indices {
                read += 1
                if orgName == nil, let name = rows[i].orgName { orgName = name; orgLine = rows[i].line }
                if creditCode == nil { creditCode = rows[i].draft?.creditCode }
                var problems = rows[i].problems
                if let draft = rows[i].draft {
                    accepted += 1
                    if !draft.cancelled { audience += draft.audience ?? 0 }   // as its version row says
                    for p in problems where p.level == .warning { warnings += 1 }
                    let (change, existed) = try tx.store(draft, form: rows[i].form, row: rows[i].line)
                    if existed { merged += 1 }
                    let week = ForecastWeek(containing: draft.date)
                    if earliestWeek.map({ week < $0 }) ?? true { earliestWeek = week }
                    if let code = Self.infoCode(change) {
                        let detail = "\(draft.date.iso) \(draft.title)"
                        problems.append(Problem(code: code, file: file, row: rows[i].line,
                                                field: columns.header(of: .title), value: draft.title,
                                                message: ProblemMessages.text(code, detail: detail)))
                    }
                } else {
                    rejected += 1
                }
                for p in problems { try tx.record(p) }
            }
            events.recycle(consume rows)
        }
        if let week = earliestWeek {
            let deadline = time.deadline(for: week, rule: config.deadline)
            if received > deadline {
                let late = Problem(code: .lateSubmission, file: file, value: time.display(received),
                                   message: ProblemMessages.text(.lateSubmission,
                                                                 detail: "\(week) 的截止时间为 \(time.display(deadline))"))
                try tx.record(late)
                warnings += 1
            }
        }
        if !registry.isEmpty, let orgName, registry.match(name: orgName, creditCode: creditCode, config: config) == nil {
            let field = columns.header(of: .org)
            try tx.record(Problem(code: .unregisteredOrg, file: file, row: orgLine, field: field, value: orgName,
                                  message: ProblemMessages.text(.unregisteredOrg, field: field, value: orgName)))
            warnings += 1
        }
        try tx.finish(read: read, accepted: accepted, rejected: rejected, merged: merged, warnings: warnings,
                      orgName: orgName, creditCode: creditCode, audience: audience)
    }

    private static func infoCode(_ change: VersionChange) -> ProblemCode? {
        switch change {
        case .new: return nil
        case .duplicate: return .duplicateRow
        case .revised: return .revised
        case .cancelled: return .cancelled
        }
    }
}

/// The reader and the writer disagree on which file comes next: a bug, never bad input.
struct ReadAheadOutOfStep: Error, CustomStringConvertible {
    var file: String
    var description: String { "internal error: reader out of step at \(file)" }
}
