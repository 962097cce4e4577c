import Foundation

/// What the reading thread made of one inbox file, for the writer, in inbox order.
enum SheetEvent: Sendable {
    /// Refused before any row was read; `facts` when the bytes were read (a duplicate still wins).
    case refused(FileRejection, facts: FileFacts?)
    /// Opened: rows follow, then `.end` or `.failed`.
    case opened(facts: FileFacts, format: SheetFormat, encoding: TextEncoding, columns: ColumnMap, fileProblems: [Problem])
    /// Validated data rows (blank rows already skipped).
    case rows([ValidatedRow])
    /// Found part-way through the rows: the whole file is refused.
    case failed(FileRejection)
    case end
}

/// Reads, decodes and validates the inbox's sheets on a second thread while the writer
/// stores the previous ones: the SQLite writer is one thread by nature, and reading and
/// validating was about a third of ingest (perf, 300k-row inbox), so on two cores the two
/// overlap. A bounded queue keeps at most `capacity` chunks of rows in memory.
final class ReadAhead: @unchecked Sendable {   // `storedRows` only under `stored`
    private let queue = BoundedQueue<SheetEvent>(capacity: 16)
    static let chunk = 512

    /// Starts reading `entries` in order.
    init(entries: [InboxEntry], config: ForecastConfig, matcher: ReferenceMatcher, forecastWeek: ForecastWeek,
         today: LocalDate) {
        let thread = Thread { [self] in
            for entry in entries {
                guard read(entry, config: config, matcher: matcher, forecastWeek: forecastWeek, today: today) else { return }
            }
        }
        thread.name = "forecast-read"
        thread.start()
    }

    /// The next event; blocks until the reader has it.
    func next() -> SheetEvent {
        queue.take() ?? .failed(FileRejection(.unreadableFile, file: "", detail: "reading stopped"))
    }

    /// Stops the reader (the writer failed); pending events are dropped.
    func cancel() { queue.cancel() }

    /// Rows the writer has stored, handed back to be freed on this thread, which made them:
    /// freed by the writer (the busy week's bottleneck), a week's rows were 23 M of its
    /// instructions (callgrind).
    private let stored = NSLock()
    private var storedRows: [[ValidatedRow]] = []   // only under `stored`

    /// Takes back a chunk of rows the writer is done with.
    func recycle(_ rows: consuming [ValidatedRow]) {
        stored.lock()
        storedRows.append(consume rows)
        stored.unlock()
    }

    /// Emptied chunks kept for the next rows (reading thread only). A chunk of 512 rows is
    /// 172 KB, a block glibc maps for itself and unmaps when freed
    /// (`ProcessMemory.mapLargeBlocks`): a new chunk each time was an mmap, a page fault for
    /// each of its 43 pages and an munmap, 3,600 times on a 1.5M-row inbox (232 with reuse).
    private var spareChunks: [[ValidatedRow]] = []
    static let spareLimit = 4

    /// Frees the rows of the chunks the writer handed back, keeping up to `spareLimit`
    /// chunks' memory for reuse.
    private func freeStored() {
        stored.lock()
        var chunks = storedRows
        storedRows = []
        stored.unlock()
        while var chunk = chunks.popLast() {
            guard spareChunks.count < Self.spareLimit, chunk.capacity >= Self.chunk else { continue }
            chunk.removeAll(keepingCapacity: true)
            spareChunks.append(chunk)
        }
    }

    /// An empty chunk for the next rows: a spare, or else a new one, with a whole chunk's
    /// capacity once the sheet has filled a chunk (`whole`), otherwise grown as rows come
    /// (most sheets are short).
    private func emptyChunk(whole: Bool) -> [ValidatedRow] {
        if let spare = spareChunks.popLast() { return spare }
        var rows: [ValidatedRow] = []
        if whole { rows.reserveCapacity(Self.chunk) }
        return rows
    }

    private func put(_ event: SheetEvent) -> Bool {
        freeStored()
        return queue.put(event)
    }

    /// Every check of SPEC "Order of file checks" that needs no store, then the rows.
    private func read(_ entry: InboxEntry, config: ForecastConfig, matcher: ReferenceMatcher, forecastWeek: ForecastWeek,
                      today: LocalDate) -> Bool {
        if entry.isSymlink {
            return put(.refused(FileRejection(.symlinkRefused, file: entry.name), facts: nil))
        }
        if entry.size > config.maxFileBytes {
            let detail = "\(entry.size / 1024) KB,上限 \(config.maxFileBytes / 1024) KB"
            return put(.refused(FileRejection(.fileTooLarge, file: entry.name, detail: detail), facts: nil))
        }
        let facts: FileFacts
        do {
            facts = try FileSniffer.sniff(path: entry.path)
        } catch let error as FileReadError {
            let code: ProblemCode = error == .symlink ? .symlinkRefused : .unreadableFile
            return put(.refused(FileRejection(code, file: entry.name, detail: error.detail), facts: nil))
        } catch {
            return put(.refused(FileRejection(.unreadableFile, file: entry.name, detail: "\(error)"), facts: nil))
        }
        var sheet: OpenedSheet
        do {
            sheet = try SheetOpener.open(path: entry.path, name: entry.name, facts: facts, limits: config.sheetLimits)
        } catch {
            return put(.refused(error, facts: facts))
        }
        guard put(.opened(facts: facts, format: sheet.format, encoding: sheet.encoding, columns: sheet.columns,
                          fileProblems: sheet.fileProblems)) else { return false }
        var validator = RowValidator(fileName: entry.name, columns: sheet.columns, matcher: matcher,
                                     forecastWeek: forecastWeek, today: today)
        var rows = emptyChunk(whole: false)
        do {
            while let record = try sheet.nextRecord() {
                guard var row = validator.validate(record) else { continue }
                row.form = row.draft.map(StoredForm.init)
                rows.append(row)
                if rows.count == Self.chunk {
                    guard put(.rows(rows)) else { return false }
                    rows = emptyChunk(whole: true)
                }
            }
        } catch {
            return put(.failed(Self.rejection(error, file: entry.name)))
        }
        if !rows.isEmpty { guard put(.rows(rows)) else { return false } }
        return put(.end)
    }

    /// A reading error part-way through a file, as the file's problem.
    static func rejection(_ error: any Error, file: String) -> FileRejection {
        switch error {
        case let rejection as FileRejection: return rejection.naming(file)
        case let refusal as XMLRefusal: return refusal.rejection(file: file, part: "")
        case is DecodeError: return FileRejection(.encodingError, file: file)
        case let error as FileReadError: return FileRejection(.unreadableFile, file: file, detail: error.detail)
        default: return FileRejection(.unreadableFile, file: file, detail: "\(error)")
        }
    }
}
