import Foundation
import Logging

/// Takes one inbox file through every check of SPEC "Order of file checks" and stores what
/// it holds; returns what became of it. The file itself is moved by the caller, after this
/// has committed.
struct FileIngester {
    let store: Store
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
    struct Result {
        var fileID: Int64
        var outcome: FileOutcome
        var destination: String
        /// The problems that refused or skipped the file (for its error note); empty when ingested.
        var problems: [Problem]
    }

    func ingest(_ entry: InboxEntry) throws -> Result {
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
            let (id, _) = try store.ingest(fileEntry(.rejected, sha: sha, problem: rejection.code, destination: destination),
                                           run: runID, city: config.city) { tx in
                for p in rejection.problems { try tx.record(p) }
            }
            logger.info("rejected \(entry.name): \(rejection.code.rawValue)")
            return Result(fileID: id, outcome: .rejected, destination: destination, problems: rejection.problems)
        }

        if entry.isSymlink {
            return try reject(FileRejection(.symlinkRefused, file: entry.name), sha: "")
        }
        if entry.size > config.maxFileBytes {
            let detail = "\(entry.size / 1024) KB,上限 \(config.maxFileBytes / 1024) KB"
            return try reject(FileRejection(.fileTooLarge, file: entry.name, detail: detail), sha: "")
        }
        let facts: FileFacts
        do {
            facts = try FileSniffer.sniff(path: entry.path)
        } catch let error as FileReadError {
            let code: ProblemCode = error == .symlink ? .symlinkRefused : .unreadableFile
            return try reject(FileRejection(code, file: entry.name, detail: error.detail), sha: "")
        }
        if let (original, orgName) = try store.ingestedFile(sha256: facts.sha256) {
            let destination = mover.destination(for: entry.name, in: archive)
            let problem = Problem(code: .duplicateFile, file: entry.name, value: original,
                                  message: ProblemMessages.text(.duplicateFile, detail: original))
            let (id, _) = try store.ingest(fileEntry(.duplicate, sha: facts.sha256, problem: .duplicateFile, destination: destination),
                                           run: runID, city: config.city) { tx in
                try tx.record(problem)
                try tx.finish(read: 0, accepted: 0, rejected: 0, merged: 0, warnings: 0, orgName: orgName, creditCode: nil)
            }
            logger.info("duplicate \(entry.name) of \(original)")
            return Result(fileID: id, outcome: .duplicate, destination: destination, problems: [problem])
        }
        var sheet: OpenedSheet
        do {
            sheet = try SheetOpener.open(path: entry.path, name: entry.name, facts: facts, limits: config.sheetLimits)
        } catch {
            return try reject(error, sha: facts.sha256)
        }
        let destination = mover.destination(for: entry.name, in: archive)
        let validator = RowValidator(fileName: entry.name, columns: sheet.columns, matcher: matcher,
                                     forecastWeek: forecastWeek, today: today)
        do {
            let (id, _) = try store.ingest(
                fileEntry(.ingested, sha: facts.sha256, problem: nil, format: sheet.format.rawValue,
                          encoding: sheet.encoding.rawValue, destination: destination),
                run: runID, city: config.city
            ) { tx in
                try storeRows(of: &sheet, validator: validator, received: entry.received, into: tx)
            }
            logger.info("ingested \(entry.name)")
            return Result(fileID: id, outcome: .ingested, destination: destination, problems: [])
        } catch let rejection as FileRejection {
            // Found part-way through the rows: the transaction rolled back; the file is refused whole.
            return try reject(rejection.naming(entry.name), sha: facts.sha256)
        } catch let refusal as XMLRefusal {
            return try reject(refusal.rejection(file: entry.name, part: ""), sha: facts.sha256)
        } catch is DecodeError {
            return try reject(FileRejection(.encodingError, file: entry.name), sha: facts.sha256)
        } catch let error as FileReadError {
            return try reject(FileRejection(.unreadableFile, file: entry.name, detail: error.detail), sha: facts.sha256)
        }
    }

    /// Streams the sheet's rows through validation into the store, one row in memory at a time.
    private func storeRows(of sheet: inout OpenedSheet, validator: RowValidator, received: Date,
                           into tx: IngestTransaction) throws {
        for p in sheet.fileProblems { try tx.record(p) }
        var read = 0, accepted = 0, rejected = 0, merged = 0, warnings = 0
        var earliestWeek: ForecastWeek?
        var orgName: String?
        var orgLine = 0
        var creditCode: String?
        while let record = try sheet.nextRecord() {
            guard let row = validator.validate(record) else { continue }
            read += 1
            if orgName == nil, let name = row.orgName { orgName = name; orgLine = row.line }
            if creditCode == nil { creditCode = row.draft?.creditCode }
            var problems = row.problems
            if let draft = row.draft {
                accepted += 1
                warnings += problems.filter { $0.level == .warning }.count
                let (change, existed) = try tx.store(draft, row: row.line)
                if existed { merged += 1 }
                let week = ForecastWeek(containing: draft.date)
                if earliestWeek.map({ week < $0 }) ?? true { earliestWeek = week }
                if let code = Self.infoCode(change) {
                    let detail = "\(draft.date.iso) \(draft.title)"
                    problems.append(Problem(code: code, file: validator.fileName, row: row.line,
                                            field: sheet.columns.header(of: .title), value: draft.title,
                                            message: ProblemMessages.text(code, detail: detail)))
                }
            } else {
                rejected += 1
            }
            for p in problems { try tx.record(p) }
        }
        if let week = earliestWeek {
            let deadline = time.deadline(for: week, rule: config.deadline)
            if received > deadline {
                let late = Problem(code: .lateSubmission, file: validator.fileName, value: time.display(received),
                                   message: ProblemMessages.text(.lateSubmission,
                                                                 detail: "\(week) 的截止时间为 \(time.display(deadline))"))
                try tx.record(late)
                warnings += 1
            }
        }
        if !registry.isEmpty, let orgName, registry.match(name: orgName, creditCode: creditCode, config: config) == nil {
            let field = sheet.columns.header(of: .org)
            try tx.record(Problem(code: .unregisteredOrg, file: validator.fileName, row: orgLine, field: field, value: orgName,
                                  message: ProblemMessages.text(.unregisteredOrg, field: field, value: orgName)))
            warnings += 1
        }
        try tx.finish(read: read, accepted: accepted, rejected: rejected, merged: merged, warnings: warnings,
                      orgName: orgName, creditCode: creditCode)
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
