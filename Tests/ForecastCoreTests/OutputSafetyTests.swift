import Foundation
import Testing
@testable import ForecastCore

/// Hostile values stay inert in every output; files are written whole or not at all.
@Suite struct OutputSafetyTests {
    @Test(arguments: [("=cmd|'/C calc'!A0", "'=cmd|'/C calc'!A0"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
                      ("\tx", "'\tx"), ("a,b", "\"a,b\""), ("say \"x\"", "\"say \"\"x\"\"\""), ("plain", "plain"),
                      ("\r\n=1", "\"'\r\n=1\""), ("=\u{301}x", "'=\u{301}x"), ("-1,\"2\"", "\"'-1,\"\"2\"\"\""),
                      ("", ""), ("活动,说明", "\"活动,说明\"")])
    func csvCellsAreFormulaSafe(value: String, written: String) {
        #expect(CSVWriter.cell(value) == written)
    }

    /// Files written as a group (one disk sync for all): every one whole and in place, no
    /// temporary left, old content replaced; a group with a linked target writes none of it.
    @Test func groupWriteIsWholeAndRefusesLinks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try AtomicFile.write("old", to: a)
        try AtomicFile.writeGroup([(a, Data("回执一".utf8)), (b, Data("回执二".utf8))])
        #expect(try String(contentsOf: a, encoding: .utf8) == "回执一" && String(contentsOf: b, encoding: .utf8) == "回执二")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.txt", "b.txt"])

        let link = dir.appendingPathComponent("c.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        #expect(throws: AtomicWriteError.self) {
            try AtomicFile.writeGroup([(a, Data("新".utf8)), (link, Data("x".utf8))])
        }
        #expect(try String(contentsOf: a, encoding: .utf8) == "回执一")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.txt", "b.txt", "c.txt"])
    }

    /// The report pass's rows are read on a thread of their own from before the figures are
    /// scanned (`ReportRows`). An error in between (here a broken template) must stop that
    /// thread and end the run with the error, even when the rows fill its queues (over four
    /// batches of 1024); no week file is left; the next run writes them all.
    @Test func anErrorBeforeTheReportPassStopsItsReadingAndTheRunEnds() throws {
        let t = try TestRoot()
        let rows = (0..<5_000).map { i in
            Sheet.row(title: "活动\(i)", date: ["2016-12-12", "2016-12-13", "2016-12-14"][i % 3], audience: "\(10 + i % 50)")
        }
        try t.drop("many.csv", text: ([Sheet.header] + rows).joined(separator: "\r\n") + "\r\n",
                   received: "2016-12-06T10:00:00+08:00")
        let templates = t.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{#rows}} unclosed".write(to: templates.appendingPathComponent("notice.html.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try t.run() }
        #expect(try t.inboxFiles().isEmpty)   // taken and stored before the outputs failed
        #expect(!FileManager.default.fileExists(atPath: t.output().appendingPathComponent("filing/activities.xml").path))
        #expect(!FileManager.default.fileExists(atPath: t.output().appendingPathComponent("run.json").path))

        try FileManager.default.removeItem(at: templates)
        _ = try t.run()
        #expect(try t.report().totals.activities == 5_000)
        let xml = try String(contentsOf: t.output().appendingPathComponent("filing/activities.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<activity id=").count - 1 == 5_000)
    }

    @Test func hostileTitleIsInertInEveryOutput() throws {
        let t = try TestRoot()
        let hostile = "<script>alert(1)</script>"
        try t.drop("x.csv", text: Sheet.csv(
            Sheet.row(org: "=cmd|'/C calc'!A0", code: "", title: hostile, audience: "900"),
            Sheet.row(title: "正常活动", county: "<b>火星</b>")), received: "2016-12-06T10:00:00+08:00")
        try t.run()
        let html = try String(contentsOf: t.output().appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let large = try String(contentsOf: t.output().appendingPathComponent("tables/large-events.csv"), encoding: .utf8)
        #expect(large.contains(",'=cmd|'/C calc'!A0,"))
        let org = try String(contentsOf: t.output().appendingPathComponent("tables/by-org.csv"), encoding: .utf8)
        #expect(!org.contains("\r\n=cmd"))
        #expect(try t.rejections().contains { $0[5] == "<b>火星</b>" && $0[3] == "unknown-county" })

        // Every output, for every reader: no live markup, no formula.
        for (path, data) in try t.tree(t.output()) {
            let text = String(decoding: data, as: UTF8.self)
            if !path.hasSuffix(".csv") && !path.hasSuffix(".txt") {
                #expect(!text.contains("<script>"), "\(path)")   // HTML, Markdown and XML carry it escaped
            } else {
                #expect(!text.contains(",=cmd") && !text.contains("\n=cmd") && !text.contains("\u{FEFF}=cmd"), "\(path)")
            }
        }
        let notice = try String(contentsOf: t.output().appendingPathComponent("notices/511802.html"), encoding: .utf8)
        #expect(notice.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let xml = try String(contentsOf: t.output().appendingPathComponent("filing/activities.xml"), encoding: .utf8)
        #expect(xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        let filing = try String(contentsOf: t.output().appendingPathComponent("filing/activities.csv"), encoding: .utf8)
        #expect(filing.contains(",'=cmd|'/C calc'!A0,"))
    }

    /// A file past the writeback step (its first megabytes start going to disk while the
    /// rest is written) is whole, in order, and hashed as written.
    @Test func aLargeStreamedFileIsWholeAndHashedAsWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("large.txt")
        let file = try StreamedFile(url, hashing: true)
        var expected = Data()
        for i in 0..<140_000 {
            let line = "第\(i)行,\(String(repeating: "活", count: i % 40))\n"
            try file.write(line)
            expected.append(contentsOf: line.utf8)
        }
        #expect(expected.count > 9 * 1024 * 1024)
        // A piece larger than the buffer goes straight to the file, after what is buffered.
        let big = String(repeating: "大段文字,", count: 60_000) + "\n"
        try file.write(big)
        try file.write("尾行\n")
        expected.append(contentsOf: big.utf8)
        expected.append(contentsOf: "尾行\n".utf8)
        let sum = try file.commit()
        #expect(try Data(contentsOf: url) == expected)
        #expect(sum == FileSniffer.sha256Hex(expected))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["large.txt"])
    }

    /// A file closed to wait for its group's rename (`AtomicFile.writeGroup`) holds no buffer
    /// any more, and what it wrote is whole once renamed.
    @Test func aClosedStreamedFileGivesItsBufferBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("receipt.txt")
        let file = try StreamedFile(url)
        let lines = (0..<300).map { "第\($0)行：活动日期格式不对\n" }
        for line in lines { try file.write(line) }
        #expect(file.bufferCapacity >= 16 * 1024)
        try file.close(sync: false)
        #expect(file.bufferCapacity <= 64)
        try file.publish()
        #expect(try String(contentsOf: url, encoding: .utf8) == lines.joined())
    }

    @Test func atomicWriteLeavesNoTemporaryFiles() throws {
        let t = try TestRoot()
        let url = t.root.appendingPathComponent("out/x.txt")
        try AtomicFile.write("one", to: url)
        try AtomicFile.write("two", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["x.txt"])
    }

    @Test func staleTemporaryFilesOfAKilledWriterAreRemoved() throws {
        let t = try TestRoot()
        let dir = t.root.appendingPathComponent("out/sub")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in [".a.csv.tmp-123", ".b.html.tmp-9", "keep.csv", ".hidden", "x.tmp-1"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        AtomicFile.removeStale(under: t.root.appendingPathComponent("out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".hidden", "keep.csv", "x.tmp-1"])
    }

    @Test func outputsAreNeverWrittenThroughALinkedFolder() throws {
        let t = try TestRoot()
        let elsewhere = t.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: t.workspace.output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: t.output(), withDestinationURL: elsewhere)
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        #expect(throws: AtomicWriteError.self) { try t.run() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func atomicWriteRefusesASymlinkTarget() throws {
        let t = try TestRoot()
        let real = t.root.appendingPathComponent("real.txt")
        try "keep".write(to: real, atomically: true, encoding: .utf8)
        let link = t.root.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        #expect(throws: AtomicWriteError.self) { try AtomicFile.write("overwrite", to: link) }
        #expect(try String(contentsOf: real, encoding: .utf8) == "keep")
    }

    @Test func jsonEscapes() {
        let doc = OrderedJSON.object([("a\"b", .string("x\ny\u{01}")), ("n", .int(3)), ("e", .array([]))])
        #expect(doc.text() == "{\n  \"a\\\"b\": \"x\\ny\\u0001\",\n  \"n\": 3,\n  \"e\": []\n}\n")
    }

    /// JSON strings are escaped on their UTF-8 bytes; the result is what escaping each Unicode
    /// scalar gives, for every control character, quotes, backslashes, DEL, Chinese and
    /// characters of four bytes, and it parses back to the text.
    @Test func jsonEscapesBytesAsScalars() throws {
        func reference(_ s: String) -> String {
            let named: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]
            let body = s.unicodeScalars.map { scalar in
                named[scalar] ?? (scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : String(scalar))
            }
            return "\"" + body.joined() + "\""
        }
        let pieces = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "\u{7F}", "a", "雅安", "·", "😀", "\r\n", " "]
        var state: UInt64 = 7   // a fixed linear congruential sequence: the same texts every run
        func next() -> String {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return pieces[Int(state >> 33) % pieces.count]
        }
        for n in 0..<500 {
            let text = (0..<(n % 17)).map { _ in next() }.joined()
            var out: [UInt8] = []
            OrderedJSON.quote(text, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == reference(text), "\(Array(text.unicodeScalars))")
            let parsed = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
            #expect(parsed == text)
        }
        #expect(OrderedJSON.string("雅安").text() == "\"雅安\"\n")
    }
}

/// Wording of the week-on-week change in the summary.
@Suite struct SummaryWordingTests {
    @Test func changeAgainstLastWeek() {
        #expect(SummaryView.change(now: Tally(activities: 33, audience: 900), before: Tally(activities: 30, audience: 1000))
                == "活动比上周增加3次(+10%),受众比上周减少100人次(-10%)")
        #expect(SummaryView.change(now: Tally(activities: 5, audience: 50), before: .zero) == "上周无活动预报")
        #expect(SummaryView.change(now: Tally(activities: 5, audience: 50), before: Tally(activities: 5, audience: 50))
                == "活动与上周持平,受众与上周持平")
    }
}
