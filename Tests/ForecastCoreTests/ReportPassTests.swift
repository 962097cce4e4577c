import Foundation
import Testing
@testable import ForecastCore

/// The byte-level report pass (`ActivityReportPass`) against the plain String renderings in
/// `ReaderReports`, which are the reference: same bytes, hostile values included.
@Suite struct ReportPassTests {
    /// The buffer behind the text arena, the report rows and every streamed file: it grows
    /// past its capacity, keeps what was appended in order, starts over empty, and writes
    /// numbers in decimal.
    @Test func byteBufferGrowsAndKeepsItsBytes() {
        let buffer = ByteBuffer(capacity: 4)
        buffer.append("雅安")   // 6 bytes: past the capacity at once
        buffer.append(UInt8(ascii: "|"))
        [UInt8](repeating: 0x41, count: 100).withUnsafeBufferPointer { buffer.append($0) }
        buffer.append("")
        #expect(Array(buffer.bytes) == Array("雅安|".utf8) + [UInt8](repeating: 0x41, count: 100))
        buffer.removeAll()
        buffer.append("x")
        #expect(Array(buffer.bytes) == [UInt8(ascii: "x")] && buffer.count == 1)
        for n in [0, 7, -42, 1_000_000, Int.min, Int.max] { buffer.append(decimal: n); buffer.append(UInt8(ascii: ",")) }
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == "x0,7,-42,1000000,\(Int.min),\(Int.max),")
    }

    /// A writer of the pass reads its rows until the end the reader puts in the queue; a
    /// pass stopped before that end (the other writer or the reader failed) throws instead,
    /// so the writer never syncs its files as whole ones.
    @Test func aStoppedPassIsNotTakenForAWholeOne() throws {
        func batch() -> RowBatch {
            RowBatch(bytes: [], bounds: [Int32](repeating: 0, count: Int(ActivityColumn.count) * 2 + 1),
                     numbers: [1, 10, 0, 0, 2, 20, 0, 0], count: 2)
        }
        let whole = BoundedQueue<RowBatch?>(capacity: 4)
        _ = whole.put(batch()); _ = whole.put(batch()); _ = whole.put(nil)
        var ids: [Int64] = []
        try BatchRow.forEach(in: whole) { ids.append($0.int(ActivityColumn.id)) }
        #expect(ids == [1, 2, 1, 2])

        let stopped = BoundedQueue<RowBatch?>(capacity: 4)
        _ = stopped.put(batch())
        stopped.cancel()
        ids = []
        #expect(throws: CancellationError.self) {
            try BatchRow.forEach(in: stopped) { ids.append($0.int(ActivityColumn.id)) }
        }
    }

    /// A writer that fails stops the other, which reports only that it was stopped: the
    /// pass reports the failure, whichever thread had it, and the reader's when it was first.
    @Test func thePassReportsWhatStoppedIt() {
        struct Full: Error {}
        func reported(_ results: [Result<Void, any Error>]) -> String {
            do { try ActivityReportPass.cause(of: results); return "none" } catch { return "\(type(of: error))" }
        }
        let ok = Result<Void, any Error>.success(()), full = Result<Void, any Error>.failure(Full())
        let stopped = Result<Void, any Error>.failure(CancellationError())
        #expect(reported([ok, ok, ok]) == "none")
        #expect(reported([stopped, full, stopped]) == "Full")   // the notices' writer failed
        #expect(reported([full, stopped, stopped]) == "Full")   // the filing's writer failed
        #expect(reported([stopped, stopped, full]) == "Full")   // the reader failed
        #expect(reported([stopped, stopped, stopped]) == "CancellationError")
    }

    /// The word-at-a-time scan finds the same first byte as a plain byte-by-byte scan, for
    /// every length, offset and place of the byte, with Chinese text, digits and spaces
    /// (bytes just under and over the limits) around it.
    @Test func theWordScanFindsWhatAByteScanFinds() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("雅安 0-9:,\"\r\n&<>'=+@.;/".utf8) + [0x2C, 0x2D, 0x3E, 0x3F, 0x40, 0x7F, 0x80, 0xFF, 0x00]
        let rules: [(limit: UInt8, match: (UInt8) -> Bool)] = [
            (0x2D, CSVWriter.needsQuote),
            (0x3F, { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }),
        ]
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? UInt8(0xE9) : alphabet.randomElement(using: &generator)!
            }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &generator)
            for rule in rules {
                let expected = bytes.indices.first { $0 >= start && rule.match(bytes[$0]) } ?? count
                let found = bytes.withUnsafeBufferPointer { ByteScan.first(in: $0, from: start, below: rule.limit, where: rule.match) }
                #expect(found == expected, "\(bytes) from \(start)")
                if found != expected { return }
            }
        }
    }

    /// A centre's own notice template: the rows go where its triple-braced rows tag is, and
    /// after the whole page when it has none.
    @Test func noticeRowsGoWhereTheTemplateSays() throws {
        for (template, before, after) in [("<p>{{county}}</p><table>\n{{{rows}}}</table>\n", "<p>雨城区</p><table>\n", "</table>\n"),
                                          ("<p>{{county}}</p>\n", "<p>雨城区</p>\n", "")] {
            let t = try TestRoot()
            try t.drop("a.csv", text: Sheet.csv(Sheet.row(), Sheet.row(title: "第二个活动")), received: "2016-12-06T10:00:00+08:00")
            let templates = t.root.appendingPathComponent("templates")
            try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
            try template.write(to: templates.appendingPathComponent("notice.html.mustache"), atomically: true, encoding: .utf8)
            try t.run()
            let page = try String(contentsOf: t.output().appendingPathComponent("notices/511802.html"), encoding: .utf8)
            #expect(page.hasPrefix(before + "<tr><td>"), "\(page)")
            #expect(page.hasSuffix("</tr>\n" + after), "\(page)")
            #expect(page.components(separatedBy: "<tr>").count == 3)
        }
    }

    static func root() throws -> TestRoot {
        let t = try TestRoot()
        try ExampleInbox.fill(inbox: t.inbox, from: Paths.examples, time: t.time)
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try t.drop("hostile.csv", text: Sheet.csv(
            Sheet.row(org: "+雅安市雨城区加号服务中心", code: "", title: q("=HYPERLINK(\"http://x\")"), start: "22:30", end: "23:30",
                      venue: q("西城,\"街道\"文化站"), audience: "600", contact: "@王芳",
                      notes: q("<script>alert('x')</script> & \"q\"\n第二行")),
            Sheet.row(title: "-负号开头的活动", start: "", end: "", venue: "<b>加粗</b>")),
            received: "2016-12-07T10:00:00+08:00")
        // Enough rows to cross the pass's batches of `RowBatch.size`.
        let many = (0..<(RowBatch.size * 2 + 100)).map { i in
            Sheet.row(title: "批量活动\(i)", date: "2016-12-1\(2 + i % 7)", start: i % 5 == 0 ? "" : "0\(8 + i % 2):00",
                      end: i % 3 == 0 ? "" : "1\(i % 10):30", county: ["雨城区", "名山区", "天全县"][i % 3], audience: "\(10 + i % 600)")
        }
        try t.drop("many.csv", text: Sheet.csv(many[0], many[1...].joined(separator: "\r\n")), received: "2016-12-07T11:00:00+08:00")
        try t.run()
        return t
    }

    @Test func filingAndNoticesMatchTheReferenceRenderings() throws {
        let t = try Self.root()
        let config = ForecastConfig.yaan
        let activities = try t.store().activities(for: ExampleInbox.week)
        #expect(activities.contains { $0.title.hasPrefix("=HYPERLINK") } && activities.contains { $0.notes.contains("<script>") })
        #expect(activities.count > RowBatch.size * 2)
        let dir = t.output()

        var csv = CSVWriter.head(ReaderReports.filingHeader)
        for a in activities { csv += CSVWriter.line(ReaderReports.filingCells(a, config: config)) }
        // Compared as bytes: reading a String drops the byte-order mark.
        #expect(try Data(contentsOf: dir.appendingPathComponent("filing/activities.csv")) == Data(csv.utf8))

        let xml = try String(contentsOf: dir.appendingPathComponent("filing/activities.xml"), encoding: .utf8)
        #expect(xml.hasSuffix(activities.map { ReaderReports.filingXMLActivity($0, config: config) }.joined() + "</filing>\n"))

        for county in config.counties {
            let mine = activities.filter { $0.countyCode == county.code }
            var noticeCSV = CSVWriter.head(ReaderReports.noticeHeader)
            var rows = ""
            for a in mine {
                let marks = ReaderReports.marks(a, config, outliers: [])
                noticeCSV += CSVWriter.line(ReaderReports.noticeCells(a, marks: marks))
                rows += ReaderReports.noticeRow(a, marks: marks)
            }
            #expect(try Data(contentsOf: dir.appendingPathComponent("notices/\(county.code).csv")) == Data(noticeCSV.utf8))
            let html = try String(contentsOf: dir.appendingPathComponent("notices/\(county.code).html"), encoding: .utf8)
            #expect(mine.isEmpty || html.contains("<tbody>\n" + rows + "</tbody>"))
            #expect(!html.contains("<script>") && !html.contains(ReaderReports.NoticeView.rowsMarker))
        }
    }

    /// A week too large to sort beside its figures scan is sorted after it, in two parts split
    /// at a day (`ReportRows`): the same reports.
    @Test func aWeekSortedAfterItsScanGetsTheSameReports() throws {
        let t = try Self.root()
        let figures = try t.store().figures(for: ExampleInbox.week, config: t.config)
        let split = try #require(ReportWriter.middleDay(of: figures.byDay))   // the example week is split
        #expect(split > figures.byDay.first!.date && split <= figures.byDay.last!.date)
        let before = try t.tree(t.output())
        var writer = ReportWriter(workspace: t.workspace, config: t.config, store: try t.store(), time: t.time)
        writer.sortBesideScanLimit = 0
        _ = try writer.write(week: ExampleInbox.week, run: 1, generatedAt: t.now)
        let after = try t.tree(t.output())
        let reports = before.keys.filter { $0.hasPrefix("filing/") || $0.hasPrefix("notices/") || $0.hasPrefix("supervision/") }
        #expect(reports.count > 10)
        for name in reports { #expect(after[name] == before[name], "\(name)") }
    }

    /// The day a week's sort is split at leaves the nearest to half its activities before it.
    @Test func aWeekIsSplitNearestToHalves() throws {
        let days = ExampleInbox.week.days
        func split(_ counts: [Int]) -> LocalDate? {
            ReportWriter.middleDay(of: zip(days, counts).map { ($0, Tally(activities: $1, audience: 0)) })
        }
        #expect(split([10, 10, 10, 10, 10, 10, 10]) == days[3])   // 30 before, 40 from: 3 and 4 days are as near
        #expect(split([1, 1, 100, 1, 1, 1, 1]) == days[3])        // 102 before and 3 from, nearer than 2 and 103
        #expect(split([0, 0, 50, 0, 0, 50, 0]) == days[3])        // the first of the days that halve it
        #expect(split([0, 0, 80, 0, 0, 0, 0]) == nil)              // one day: nothing to split
        #expect(split([0, 0, 0, 0, 0, 0, 0]) == nil)
    }

    @Test func checklistRowsMatchTheReference() throws {
        let t = try Self.root()
        let byID = Dictionary(uniqueKeysWithValues: try t.store().activities(for: ExampleInbox.week).map { ($0.id, $0) })
        let text = try Data(contentsOf: t.output().appendingPathComponent("supervision/checklist.csv"))
        let rows = try TestRoot.csvRows(t.output().appendingPathComponent("supervision/checklist.csv"))
        #expect(!rows.isEmpty)
        var expected = CSVWriter.head(ReaderReports.checklistHeader)
        for row in rows {
            let a = try #require(byID[Int64(row[0])!])
            expected += CSVWriter.line(ReaderReports.checklistCells(a, reason: row[10], config: .yaan))
        }
        #expect(text == Data(expected.utf8))
    }

    /// The streaming sample keeps only the best `rate` of the week; it must choose exactly
    /// what ranking every activity would.
    @Test(arguments: [1, 7, 40, 333])
    func streamingSampleEqualsFullRanking(count: Int) {
        let week = ExampleInbox.week
        var rng = SheetGenerator.Random(state: UInt64(count))
        let counties = ForecastConfig.yaan.counties.map(\.code)
        let items = (0..<count).map { i in
            (id: Int64(i + 1), key: "code:\(rng.below(50))|2016-12-1\(rng.below(7) + 2)|t\(i)", audience: 10 + rng.below(700),
             county: counties[rng.below(counties.count)], org: "org\(rng.below(20))")
        }
        let lastChecked = ["org3": week.adding(weeks: -2), "org4": week.adding(weeks: -9)]
        var builder = SupervisionSample.Builder(week: week, count: count, lastChecked: lastChecked, rate: 0.1, largeAudience: 500)
        for x in items { builder.add(id: x.id, key: x.key, audience: x.audience, county: x.county, org: x.org) }
        let sample = builder.finish()

        // Reference: rank everything, best of each county first, then the best of the rest.
        func score(_ x: (id: Int64, key: String, audience: Int, county: String, org: String)) -> Double {
            let recent = lastChecked[x.org].map { $0 >= week.adding(weeks: -4) } ?? false
            let u = (Double(SupervisionSample.fnv1a("\(week)|\(x.key)") >> 11) + 0.5) / Double(1 << 53)
            return Foundation.pow(u, 1 / (1.0 + Double(min(x.audience, 5_000)) / 100 + (recent ? 0 : 2)))
        }
        func hash(_ x: (id: Int64, key: String, audience: Int, county: String, org: String)) -> UInt64 {
            SupervisionSample.fnv1a("\(week)|\(x.key)")
        }
        let ranked = items.sorted { score($0) != score($1) ? score($0) > score($1) : hash($0) < hash($1) }
        var chosen: [Int64] = []
        for x in ranked where !chosen.contains(where: { id in items[Int(id) - 1].county == x.county }) { chosen.append(x.id) }
        let target = max(chosen.count, Int((Double(count) * 0.1).rounded(.up)))
        for x in ranked where chosen.count < target && !chosen.contains(x.id) { chosen.append(x.id) }
        #expect(Set(sample.reasons.keys) == Set(chosen))
        #expect(sample.reasons.values.filter(\.mustCheck).count == Set(items.map(\.county)).count)
    }
}
