import Foundation
import Testing
@testable import ForecastCore

/// A source that hands out text in tiny chunks, to split every quote, CR/LF and character.
struct DribbleSource: UTF8Source {
    var bytes: [UInt8]
    let size: Int
    mutating func nextChunk() throws -> [UInt8]? {
        guard !bytes.isEmpty else { return nil }
        let chunk = Array(bytes.prefix(size))
        bytes.removeFirst(chunk.count)
        return chunk
    }
}

@Suite struct CSVReaderTests {
    static func records(_ text: String, delimiter: Character = ",", chunk: Int = 1 << 20) throws -> [RawRecord] {
        var reader = CSVReader(source: DribbleSource(bytes: Array(text.utf8), size: chunk), delimiter: UInt8(ascii: delimiter.unicodeScalars.first!))
        var out: [RawRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    static let tricky = "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",x,\r\nlast,\"\",z"

    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func rfc4180AtEveryChunkSize(chunk: Int) throws {
        let rows = try Self.records(Self.tricky, chunk: chunk)
        #expect(rows.map(\.cells) == [
            ["a", "b,1", "say \"hi\""],
            ["multi\r\nline", "x", ""],
            ["last", "", "z"],
        ])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func lineEndingsLFAndCRAndMixed() throws {
        #expect(try Self.records("a\nb\rc\r\nd").map(\.line) == [1, 2, 3, 4])
        #expect(try Self.records("a\n\nb").map(\.cells) == [["a"], [""], ["b"]])
    }

    @Test func quotedFieldWithLineBreaksFixture() throws {
        let path = Paths.fixture("sheets/quoted.csv").path
        var sheet = try SheetOpener.open(path: path, name: "quoted.csv", facts: FileSniffer.sniff(path: path))
        var rows: [RawRecord] = []
        while let r = try sheet.nextRecord() { rows.append(r) }
        #expect(rows.map(\.line) == [2, 5])
        #expect(rows[0].cells[1] == "茶叶种植技术培训,第二期")
        #expect(rows[0].cells[5] == "始阳镇\"茶农之家\"")
        #expect(rows[0].cells[9] == "请携带：\n1. 笔记本\n2. 身份证")
    }

    @Test func tabDelimited() throws {
        #expect(try Self.records("a\tb,c\td", delimiter: "\t").map(\.cells) == [["a", "b,c", "d"]])
    }

    /// A GB18030 sheet that fits the delimiter probe is read from the probe, one that does
    /// not is read again from the file: either way every record comes, once, in order.
    @Test(arguments: [-1, 0, 1, 5_000])
    func sheetsAroundTheProbeSizeReadWhole(overProbe: Int) throws {
        let header = "组织名称,活动名称,活动日期\r\n"
        var text = header
        var n = 0
        func gb(_ s: String) throws -> [UInt8] {
            var out: [UInt8] = []
            try Array(s.utf8).withUnsafeBytes { try Transcoder(from: "UTF-8", to: "GB18030").convert($0, last: true, into: &out) }
            return out
        }
        // Records of 2 to 3 GB18030 bytes a character; pad the last to land on the size.
        while try gb(text).count < SheetOpener.probeBytes + overProbe - 64 {
            n += 1
            text += "雅安市第\(n)协会,活动\(n),2016-12-13\r\n"
        }
        let tail = ",最后,2016-12-14\r\n"
        let short = SheetOpener.probeBytes + overProbe - (try gb(text).count) - 1 - (try gb(tail).count)
        text += "x" + String(repeating: "y", count: max(0, short)) + tail
        let bytes = try gb(text)
        #expect(overProbe == 5_000 || bytes.count == SheetOpener.probeBytes + overProbe)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        var reader = try SheetOpener.csvReader(path: url.path, name: "p.csv", encoding: .gb18030) { _ in 3 }
        var records: [RawRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records.count == n + 2)
        #expect(records.first?.cells == ["组织名称", "活动名称", "活动日期"])
        let titles = records.dropFirst().map { $0.cells.count > 1 ? $0.cells[1] : "" }
        #expect(titles == (1...n).map { "活动\($0)" } + ["最后"])
    }

    @Test func streamsWithoutHoldingTheFile() throws {
        // 200k records through a 4 KB chunk source: the reader keeps one chunk and one record.
        struct Repeating: UTF8Source {
            var left: Int
            let chunk = Array(String(repeating: "x,12,\"q\"\n", count: 400).utf8)
            mutating func nextChunk() throws -> [UInt8]? {
                guard left > 0 else { return nil }
                left -= 1
                return chunk
            }
        }
        var reader = CSVReader(source: Repeating(left: 500), delimiter: UInt8(ascii: ","))
        var n = 0
        var last = RawRecord(line: 0, cells: [])
        while let r = try reader.next() { n += 1; last = r }
        #expect(n == 200_000)
        #expect(last.line == 200_000)
        #expect(last.cells == ["x", "12", "q"])
    }
}
