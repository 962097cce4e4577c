import Foundation

/// Column numbers of `Store.linesSQL`.
enum ActivityColumn {
    static let id: Int32 = 0, key: Int32 = 1, org: Int32 = 2, creditCode: Int32 = 3, title: Int32 = 4, category: Int32 = 5
    static let date: Int32 = 6, start: Int32 = 7, end: Int32 = 8, county: Int32 = 9, venue: Int32 = 10, audience: Int32 = 11
    static let contact: Int32 = 12, phone: Int32 = 13, notes: Int32 = 14, fileName: Int32 = 15, fileSHA256: Int32 = 16
    static let revised: Int32 = 17
    static let count: Int32 = 18
}

/// Activity rows copied out of SQLite in one block of bytes, to be shared by the threads
/// that format them (the rows of `Store.linesSQL`, in order).
final class RowBatch: Sendable {
    static let size = 1024
    let bytes: [UInt8]
    /// For row r, column c: its bytes run from `bounds[r * 18 + c]` to the next bound (one
    /// bound per column, and a last one at the end).
    let bounds: [Int32]
    /// Per row: id, audience, revised, and a mask of NULL columns.
    let numbers: [Int64]
    let count: Int

    init(bytes: [UInt8], bounds: [Int32], numbers: [Int64], count: Int) {
        self.bytes = bytes
        self.bounds = bounds
        self.numbers = numbers
        self.count = count
    }

    /// Copies the statement's current row (`Store.forEachActivityRow`: columns up to notes,
    /// then the revised flag) and its source file into the batch being built.
    static func read(_ r: RawStatement, file: Store.SourceFile?, into batch: Builder) {
        typealias C = ActivityColumn
        var nulls: Int64 = 0
        for c in 0..<C.fileName {
            batch.bounds.append(Int32(batch.count))
            if let text = r.textOrNull(c) { batch.put(text) } else { nulls |= 1 << Int64(c) }
        }
        batch.bounds.append(Int32(batch.count))
        file?.name.withUnsafeBufferPointer { batch.put($0) }
        batch.bounds.append(Int32(batch.count))
        file?.sha256.withUnsafeBufferPointer { batch.put($0) }
        if file == nil { nulls |= 1 << Int64(C.fileName) | 1 << Int64(C.fileSHA256) }
        let revised = r.int(Store.revisedColumn)
        batch.bounds.append(Int32(batch.count))
        batch.put(revised != 0 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        batch.numbers.append(r.int(C.id))
        batch.numbers.append(r.int(C.audience))
        batch.numbers.append(revised)
        batch.numbers.append(nulls)
        batch.rows += 1
    }

    /// The batch being built: its bytes in a `ByteBuffer`, copied into the batch's array once
    /// when taken. With one text call per cell (`textOrNull`), the busy week's rows took
    /// 102 -> 61 M instructions to copy.
    ///
    /// A batch's bounds and numbers are reserved whole (72 KB and 32 KB): grown by appends,
    /// the bounds were copied about a dozen times a batch, the last time into a 132 KB block
    /// that glibc maps and unmaps for itself (`ProcessMemory.mapLargeBlocks`), with its page
    /// faults.
    final class Builder {
        private let buffer = ByteBuffer(capacity: 256 * 1024)
        @exclusivity(unchecked) var bounds = Builder.reserved(Int32.self, RowBatch.size * Int(ActivityColumn.count) + 1)
        @exclusivity(unchecked) var numbers = Builder.reserved(Int64.self, RowBatch.size * 4)
        @exclusivity(unchecked) var rows = 0

        private static func reserved<T>(_: T.Type, _ capacity: Int) -> [T] {
            var array: [T] = []
            array.reserveCapacity(capacity)
            return array
        }

        var count: Int { buffer.count }
        func put(_ raw: UnsafeBufferPointer<UInt8>) { buffer.append(raw) }
        func put(_ byte: UInt8) { buffer.append(byte) }

        /// The rows so far, as a batch; the builder starts over.
        func take() -> RowBatch {
            bounds.append(Int32(count))
            let batch = RowBatch(bytes: Array(buffer.bytes), bounds: bounds, numbers: numbers, count: rows)
            buffer.removeAll()
            bounds = Self.reserved(Int32.self, bounds.capacity)
            numbers = Self.reserved(Int64.self, numbers.capacity)
            rows = 0
            return batch
        }
    }
}

/// One row of a `RowBatch`, read the way `RawStatement` reads a row.
struct BatchRow {
    let base: UnsafeBufferPointer<UInt8>
    let batch: RowBatch
    let index: Int

    func bytes(_ c: Int32) -> UnsafeBufferPointer<UInt8> {
        let i = index * Int(ActivityColumn.count) + Int(c)
        let start = Int(batch.bounds[i]), end = Int(batch.bounds[i + 1])
        return UnsafeBufferPointer(rebasing: base[start..<end])
    }
    func int(_ c: Int32) -> Int64 {
        switch c {
        case ActivityColumn.id: return batch.numbers[index * 4]
        case ActivityColumn.audience: return batch.numbers[index * 4 + 1]
        default: return batch.numbers[index * 4 + 2]
        }
    }
    func isNull(_ c: Int32) -> Bool { batch.numbers[index * 4 + 3] & (1 << Int64(c)) != 0 }

    /// Each row of each batch the queue brings, until its end; throws when the pass is
    /// stopped first, so that no writer ever takes a stopped pass for a whole one.
    static func forEach(in queue: BoundedQueue<RowBatch?>, _ body: (BatchRow) throws -> Void) throws {
        while true {
            guard let next = queue.take() else { throw CancellationError() }
            guard let batch = next else { return }
            try batch.bytes.withUnsafeBufferPointer { base in
                for i in 0..<batch.count { try body(BatchRow(base: base, batch: batch, index: i)) }
            }
        }
    }
}

/// Writes every per-activity output of a week (county notices as HTML and CSV, the filing as
/// CSV and XML, the spot-check list) in one ordered pass over the store: rows are copied out
/// of SQLite in batches of bytes (`RowBatch`) and written from those bytes into the files'
/// buffers, with no String per field.
///
/// The same cells as the plain String renderings kept in the tests as the reference
/// (`ReferenceRenderings.swift`; `ReportPassTests` checks the two agree byte for byte);
/// this pass exists for speed: 27 µs an activity through Strings, measured on a
/// 300k-activity week, against a few here.
struct ActivityReportPass: @unchecked Sendable {   // each file is written by one thread only
    let config: ForecastConfig
    let week: ForecastWeek
    let outliers: Set<Int64>
    let reasons: [Int64: SupervisionSample.Reason]
    /// Each county's notice: its page's tail follows the rows.
    var notices: [String: (html: StreamedFile, csv: StreamedFile, tail: String)]
    let filingCSV: StreamedFile
    let filingXML: StreamedFile
    let checklist: StreamedFile

    private var dayLabels: [(iso: [UInt8], label: String)] {
        week.days.map { (Array($0.iso.utf8), ReaderReports.noticeDate($0)) }
    }

    private var countyNames: [String: String] {
        Dictionary(config.counties.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes the files from `rows`, on two threads: one for the filing (XML and CSV), one
    /// for the notices and the spot-check list. On one thread the pass was one core's work (a
    /// 1.5M-activity week: 37 s of outputs); two cursors, one per writer, sorted the week
    /// twice (9.5 s each).
    ///
    /// Each thread syncs its own files as it ends, so one's syncs wait beside the other's
    /// last rows instead of after both (nineteen syncs one after another on the caller's
    /// thread, about 10 ms of the busy week under strace, with the other core idle). The files
    /// are put in place here, once both threads have ended well: a pass that fails publishes
    /// none of them. Returns the SHA-256 of the filing's CSV and XML.
    func run(rows: ReportRows) throws -> (csv: String, xml: String) {
        let filing = Background { [self] in
            do { return try writeFiling(rows.toFiling) } catch { rows.cancel(); throw error }
        }
        let tables = Background { [self] in
            do { try writeTables(rows.toTables) } catch { rows.cancel(); throw error }
        }
        let filed = Result { try filing.wait() }, tabled = Result { try tables.wait() }
        let read = Result { try rows.wait() }
        try Self.cause(of: [filed.map { _ in () }, tabled, read])
        let sums = try filed.get()
        for notice in notices.values {
            try notice.html.publish()
            try notice.csv.publish()
        }
        try checklist.publish()
        try filingCSV.publish()
        try filingXML.publish()
        return sums
    }

    /// Throws the error that stopped the pass: the first that is not a cancellation, for a
    /// thread that failed stops the others, and they report only that they were stopped.
    static func cause(of results: [Result<Void, any Error>]) throws {
        let errors = results.compactMap { result -> (any Error)? in
            if case .failure(let error) = result { return error } else { return nil }
        }
        if let error = errors.first(where: { !($0 is CancellationError) }) ?? errors.first { throw error }
    }

    /// The filing, as XML and as CSV: the XML is the largest file, and with the CSV beside
    /// it the two threads end together (the other thread ended the busy week's pass alone
    /// for its last 10 ms; 5 ms less of outputs, median of 16 runs).
    private func writeFiling(_ rows: BoundedQueue<RowBatch?>) throws -> (csv: String, xml: String) {
        let countyNames = countyNames
        try BatchRow.forEach(in: rows) { r in
            let countyCode = String(decoding: r.bytes(ActivityColumn.county), as: UTF8.self)
            let id = r.int(ActivityColumn.id), audience = Int(r.int(ActivityColumn.audience))
            let countyName = countyNames[countyCode] ?? countyCode
            try writeFilingXML(r, id: id, audience: audience, countyName: countyName)
            try writeFilingRow(r, id: id, audience: audience, countyName: countyName)
        }
        try filingXML.write("</filing>\n")
        return (try filingCSV.seal() ?? "", try filingXML.seal() ?? "")
    }

    private func writeTables(_ rows: BoundedQueue<RowBatch?>) throws {
        let labels = dayLabels, countyNames = countyNames
        var time: [UInt8] = [], marks: [UInt8] = []
        let dash = Array("–".utf8), separator = Array("、".utf8)
        let large = Array("大型活动".utf8), outlier = Array("受众远高于该组织以往".utf8), night = Array("夜间活动".utf8)

        try BatchRow.forEach(in: rows) { r in
            typealias C = ActivityColumn
            let id = r.int(C.id), audience = Int(r.int(C.audience))
            let start = r.bytes(C.start), end = r.bytes(C.end), date = r.bytes(C.date)
            let hasStart = !r.isNull(C.start), hasEnd = !r.isNull(C.end)
            time.removeAll(keepingCapacity: true)
            if hasStart { time.append(contentsOf: start) }
            if hasStart && hasEnd { time.append(contentsOf: dash) }
            if hasEnd { time.append(contentsOf: end) }
            marks.removeAll(keepingCapacity: true)
            func mark(_ m: [UInt8]) {
                if !marks.isEmpty { marks.append(contentsOf: separator) }
                marks.append(contentsOf: m)
            }
            if audience >= config.largeAudience { mark(large) }
            if outliers.contains(id) { mark(outlier) }
            if hasStart && ActivityLine.isUnusualStart(start) { mark(night) }
            let countyCode = String(decoding: r.bytes(C.county), as: UTF8.self)
            let dayLabel = labels.first { $0.iso.elementsEqual(date) }?.label
                ?? LocalDate.parseISO(String(decoding: date, as: UTF8.self)).map(ReaderReports.noticeDate) ?? ""

            try time.withUnsafeBufferPointer { time in
                try marks.withUnsafeBufferPointer { marks in
                    if let notice = notices[countyCode] {
                        try writeNoticeRow(notice.html, r, day: dayLabel, time: time, marks: marks, audience: audience)
                        let csv = notice.csv
                        try csv.appendCSVCell(dayLabel); try comma(csv); try csv.appendCSVCell(time); try comma(csv)
                        for c in [C.org, C.title, C.category, C.venue] { try csv.appendCSVCell(r.bytes(c)); try comma(csv) }
                        try csv.append(audience); try comma(csv)
                        try csv.appendCSVCell(r.bytes(C.contact)); try comma(csv); try csv.appendCSVCell(r.bytes(C.phone)); try comma(csv)
                        try csv.appendCSVCell(marks); try csv.append("\r\n")
                    }
                    if let reason = reasons[id] {
                        let countyName = countyNames[countyCode] ?? countyCode
                        let f = checklist
                        try f.append(Int(id)); try comma(f); try f.appendCSVCell(date); try comma(f); try f.appendCSVCell(time); try comma(f)
                        try f.appendCSVCell(countyName); try comma(f)
                        for c in [C.org, C.title, C.venue] { try f.appendCSVCell(r.bytes(c)); try comma(f) }
                        try f.append(audience); try comma(f)
                        try f.appendCSVCell(r.bytes(C.contact)); try comma(f); try f.appendCSVCell(r.bytes(C.phone)); try comma(f)
                        try f.appendCSVCell(reason.text); try f.append(",,,\r\n")
                    }
                }
            }
        }
        for notice in notices.values {
            try notice.html.write(notice.tail)
            _ = try notice.html.seal()
            _ = try notice.csv.seal()
        }
        _ = try checklist.seal()
    }

    private func comma(_ f: StreamedFile) throws { try f.append(",") }

    private func writeNoticeRow(_ f: StreamedFile, _ r: BatchRow, day: String, time: UnsafeBufferPointer<UInt8>,
                                marks: UnsafeBufferPointer<UInt8>, audience: Int) throws {
        typealias C = ActivityColumn
        try f.append(marks.isEmpty ? "<tr><td>" : "<tr class=\"mark\"><td>")
        try f.write(day)
        try f.append("</td><td>"); try f.appendEscaped(time)
        try f.append("</td><td>"); try f.appendEscaped(r.bytes(C.org))
        try f.append("</td><td>"); try f.appendEscaped(r.bytes(C.title))
        if !marks.isEmpty { try f.append("<br><span class=\"mark-label\">"); try f.appendEscaped(marks); try f.append("</span>") }
        try f.append("</td><td>"); try f.appendEscaped(r.bytes(C.venue))
        try f.append("</td><td class=\"n\">"); try f.append(audience)
        try f.append("</td><td>"); try f.appendEscaped(r.bytes(C.contact))
        try f.append("<br>"); try f.appendEscaped(r.bytes(C.phone))
        try f.append("</td></tr>\n")
    }

    private func writeFilingRow(_ r: BatchRow, id: Int64, audience: Int, countyName: String) throws {
        typealias C = ActivityColumn
        let f = filingCSV
        try f.append(Int(id)); try comma(f)
        for c in [C.key, C.org, C.creditCode, C.title, C.category, C.date, C.start, C.end, C.county] {
            try f.appendCSVCell(r.bytes(c)); try comma(f)
        }
        try f.appendCSVCell(countyName); try comma(f); try f.appendCSVCell(r.bytes(C.venue)); try comma(f)
        try f.append(audience); try comma(f)
        for c in [C.contact, C.phone, C.notes] { try f.appendCSVCell(r.bytes(c)); try comma(f) }
        try f.append(r.int(C.revised) != 0 ? "已修订," : "新报,")
        try f.appendCSVCell(r.bytes(C.fileName)); try comma(f); try f.appendCSVCell(r.bytes(C.fileSHA256)); try f.append("\r\n")
    }

    private func writeFilingXML(_ r: BatchRow, id: Int64, audience: Int, countyName: String) throws {
        typealias C = ActivityColumn
        let f = filingXML
        try f.append("  <activity id=\""); try f.append(Int(id))
        try f.append(r.int(C.revised) != 0 ? "\" state=\"revised\">\n" : "\" state=\"new\">\n")
        func field(_ open: StaticString, _ column: Int32, _ close: StaticString) throws {
            try f.append(open); try f.appendEscaped(r.bytes(column)); try f.append(close)
        }
        try field("    <key>", C.key, "</key>\n"); try field("    <organization>", C.org, "</organization>\n")
        try field("    <credit_code>", C.creditCode, "</credit_code>\n"); try field("    <title>", C.title, "</title>\n")
        try field("    <category>", C.category, "</category>\n"); try field("    <date>", C.date, "</date>\n")
        try field("    <start>", C.start, "</start>\n"); try field("    <end>", C.end, "</end>\n")
        try field("    <county_code>", C.county, "</county_code>\n")
        try f.append("    <county>"); try f.appendEscaped(countyName); try f.append("</county>\n")
        try field("    <venue>", C.venue, "</venue>\n")
        try f.append("    <audience>"); try f.append(audience); try f.append("</audience>\n")
        try field("    <contact>", C.contact, "</contact>\n"); try field("    <phone>", C.phone, "</phone>\n")
        try field("    <notes>", C.notes, "</notes>\n")
        try f.append("    <source file=\""); try f.appendEscaped(r.bytes(C.fileName))
        try f.append("\" sha256=\""); try f.append(r.bytes(C.fileSHA256)); try f.append("\"/>\n  </activity>\n")
    }
}

/// A week's current activities in report order, read and sorted once on a thread of its
/// own from the moment this is made, and handed in batches to the report pass's two
/// writers (`ActivityReportPass.run(rows:)`).
///
/// Made before the week's figures are scanned, so SQLite sorts the week while that scan
/// runs instead of after it (a 300k-activity week's outputs: 2.36 -> 2.16 s). Until the
/// writers start, at most `capacity` batches wait in each queue.
///
/// Split at a day (`splitAt`), two threads read and sort the days before it and the days
/// from it, each on a connection of its own, and the second hands its rows over once the
/// first has handed over all of its own. For a week that sorts after its figures scan: its
/// sort had the machine to itself and used one of its two cores.
final class ReportRows: Sendable {
    let toFiling = BoundedQueue<RowBatch?>(capacity: 4), toTables = BoundedQueue<RowBatch?>(capacity: 4)
    private let reader: Background<Void>
    private let second: Background<Void>?

    init(store: Store, week: ForecastWeek, splitAt split: LocalDate? = nil) {
        let toFiling = toFiling, toTables = toTables
        reader = Background {
            try Self.read(store: store, week: week, before: split, into: toFiling, toTables, last: split == nil)
        }
        second = split.map { [reader] split in
            Background {
                try Self.read(store: store, week: week, from: split, into: toFiling, toTables, last: true, after: reader)
            }
        }
    }

    /// Reads rows into batches for both queues; `last` ends the queues after them, `after`
    /// is the reading whose rows go first: the first row waits for it (the sort is done by then).
    private static func read(store: Store, week: ForecastWeek, from: LocalDate? = nil, before: LocalDate? = nil,
                             into toFiling: BoundedQueue<RowBatch?>, _ toTables: BoundedQueue<RowBatch?>,
                             last: Bool, after first: Background<Void>? = nil) throws {
        let builder = RowBatch.Builder()
        var pending = first
        func waitForFirst() throws { try pending?.wait(); pending = nil }
        do {
            try store.forEachActivityRow(of: week, from: from, before: before) { r, file in
                try waitForFirst()
                RowBatch.read(r, file: file, into: builder)
                if builder.rows == RowBatch.size {
                    let batch = builder.take()
                    guard toFiling.put(batch), toTables.put(batch) else { throw CancellationError() }
                }
            }
            try waitForFirst()
            let rest = builder.take()
            if rest.count > 0 { guard toFiling.put(rest), toTables.put(rest) else { throw CancellationError() } }
            if last {
                _ = toFiling.put(nil)
                _ = toTables.put(nil)
            }
        } catch {
            toFiling.cancel(); toTables.cancel()
            throw error
        }
    }

    /// Stops the reading (and the writers) at the next batch.
    func cancel() { toFiling.cancel(); toTables.cancel() }

    /// Waits for the reading to end; rethrows its error (the first part's first).
    func wait() throws {
        let first = Result { try reader.wait() }
        let rest = Result { try second?.wait() }
        try first.get()
        try rest.get()
    }
}
