import Foundation
import Testing
@testable import ForecastCore

/// Each text encoding of SPEC is detected without flags and read to the same rows.
@Suite struct EncodingTests {
    /// GB18030 split anywhere across chunks (a character's bytes in two chunks, carried
    /// over) converts to the same UTF-8 as in one piece; a cut last character is an error.
    @Test func transcoderCarriesSplitCharactersAcrossChunks() throws {
        let text = "雅安市雨城区阳光社会工作服务中心,健康讲座 A1;€𠀀"
        var bytes: [UInt8] = []
        try Array(text.utf8).withUnsafeBytes { try Transcoder(from: "UTF-8", to: "GB18030").convert($0, last: true, into: &bytes) }
        #expect(bytes.count > text.unicodeScalars.count && bytes.count < text.utf8.count)
        for split in 0...bytes.count {
            for second in split...min(bytes.count, split + 3) {
                let t = try Transcoder(from: "GB18030")
                var out: [UInt8] = []
                try bytes[..<split].withUnsafeBytes { try t.convert($0, last: false, into: &out) }
                try bytes[split..<second].withUnsafeBytes { try t.convert($0, last: false, into: &out) }
                try bytes[second...].withUnsafeBytes { try t.convert($0, last: true, into: &out) }
                #expect(String(decoding: out, as: UTF8.self) == text, "split at \(split), \(second)")
            }
        }
        let t = try Transcoder(from: "GB18030")
        var out: [UInt8] = []
        #expect(throws: DecodeError.truncated) {
            try bytes.dropLast().withUnsafeBytes { try t.convert($0, last: true, into: &out) }
        }
    }

    /// Opens a fixture as the pipeline would and returns its encoding and data rows.
    static func read(_ fixture: String) throws -> (TextEncoding, [RawRecord]) {
        let path = Paths.fixture(fixture).path
        var sheet = try SheetOpener.open(path: path, name: fixture, facts: FileSniffer.sniff(path: path))
        var rows: [RawRecord] = []
        while let r = try sheet.nextRecord() { rows.append(r) }
        return (sheet.encoding, rows)
    }

    @Test(arguments: [
        ("encodings/utf8-bom.csv", TextEncoding.utf8BOM),
        ("encodings/utf8.csv", .utf8),
        ("encodings/utf16le.txt", .utf16LE),
        ("encodings/utf16be.txt", .utf16BE),
        ("encodings/gb18030.csv", .gb18030),
        ("encodings/gbk.csv", .gb18030),
    ])
    func detectsAndDecodes(fixture: String, expected: TextEncoding) throws {
        let (encoding, rows) = try Self.read(fixture)
        #expect(encoding == expected)
        #expect(rows.count == 2)
        #expect(rows[0].line == 2)
        #expect(rows[0].cells[0] == "雅安市雨城区阳光社会工作服务中心")
        #expect(rows[1].cells[2] == "青少年周末课堂")
        #expect(rows[1].cells[12] == "自带文具")
    }

    @Test func gb18030FourByteCharactersSurvive() throws {
        let (_, rows) = try Self.read("encodings/gb18030.csv")
        #expect(rows[0].cells[8] == "西城街道文化站𠀀")
    }

    @Test func semicolonsAndLoneCarriageReturns() throws {
        let (_, rows) = try Self.read("encodings/semicolon-cr.csv")
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[1].cells[9] == "40")
    }

    @Test(arguments: [
        ("encodings/garbage.csv", ProblemCode.encodingError),
        ("encodings/nul.csv", .encodingError),
        ("encodings/truncated-gbk.csv", .encodingError),
        ("encodings/empty.csv", .emptyFile),
        ("encodings/blank.csv", .emptyFile),
        ("encodings/zip-named.csv", .unsupportedFormat),
        ("encodings/binary.xls", .unsupportedFormat),
        ("encodings/notes.pdf", .unsupportedFormat),
        ("sheets/no-header.csv", .noHeaderRow),
        ("sheets/missing-column.csv", .missingColumn),
    ])
    func refusesWithTheFirstFailingCheck(fixture: String, code: ProblemCode) throws {
        let error = #expect(throws: FileRejection.self) { try Self.read(fixture) }
        #expect(error?.code == code)
        #expect(error?.problems.allSatisfy { !$0.message.isEmpty && $0.file == fixture } == true)
    }

    @Test func missingColumnNamesTheColumn() throws {
        let error = #expect(throws: FileRejection.self) { try Self.read("sheets/missing-column.csv") }
        #expect(error?.problems.map(\.field) == ["联系电话"])
        #expect(error?.problems.first?.row == 1)
    }

    /// GB18030 is checked only once UTF-8 has failed; a file whose UTF-8 fails past the first
    /// chunk, or only in its last bytes, is checked for GB18030 from its start all the same.
    @Test(arguments: [
        ("GBK after a chunk of ASCII", [0xD1, 0xC5, 0xB0, 0xB2, 0x0A] as [UInt8], TextEncoding?.some(.gb18030)),
        ("a byte neither allows", [0x61, 0x80, 0x0A], nil),
        ("GBK only in the last two bytes", [0xE6, 0xB4], .gb18030),
        ("UTF-8 throughout", Array("雅安\n".utf8), .utf8),
    ])
    func encodingFailingLateIsStillJudgedWhole(_ what: String, tail: [UInt8], expected: TextEncoding?) throws {
        let ascii = [UInt8](repeating: UInt8(ascii: "a"), count: ByteFile.chunkSize + 100)
        for (bytes, lead) in [(ascii + tail, "ASCII"), (Array("活动,".utf8) + ascii + tail, "UTF-8 Chinese")] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(bytes).write(to: url)
            let facts = try FileSniffer.sniff(path: url.path)
            // What both validators say over the whole file in one pass, as SPEC's rule reads.
            var utf8 = UTF8Validator(), gb = GB18030Validator()
            bytes.withUnsafeBytes { utf8.feed($0); gb.feed($0) }
            let whole: TextEncoding? = utf8.finished ? .utf8 : gb.finished ? .gb18030 : nil
            #expect(facts.encoding == whole, "\(what) after \(lead)")
            if lead == "ASCII" { #expect(facts.encoding == expected, "\(what)") }
            #expect(facts.size == bytes.count)
        }
    }

    /// The UTF-8 check agrees with the standard library's on text near UTF-8: Chinese, ASCII
    /// and a damaged byte here and there (surrogates, overlongs, cut sequences), split into
    /// chunks anywhere.
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var rng = SheetGenerator.Random(state: 7)
        let pieces: [[UInt8]] = [Array("雅安".utf8), Array("a,1\n".utf8), Array("𠀀".utf8), Array("é".utf8),
                                 [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xEF, 0xBF], [0xE6, 0x30, 0x80],
                                 [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xEE, 0x80, 0xBF], [0x80]]
        var invalid = 0
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 12) {
                let damaged = rng.next() % 8 == 0
                bytes += pieces[damaged ? 4 + Int(rng.next() % 8) : Int(rng.next() % 4)]
            }
            let split = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            var v = UTF8Validator()
            bytes[..<split].withUnsafeBytes { v.feed($0) }
            bytes[split...].withUnsafeBytes { v.feed($0) }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(v.finished == expected, "\(bytes.map { String($0, radix: 16) })")
            if !expected { invalid += 1 }
        }
        #expect(invalid > 200)
    }

    @Test func validatorsAgreeWithFoundationOnChunkSplits() throws {
        // A 3-byte character split at every position across two chunks stays valid.
        let bytes = Array("活动预报".utf8)
        for split in 0...bytes.count {
            var v = UTF8Validator()
            bytes[..<split].withUnsafeBytes { v.feed($0) }
            bytes[split...].withUnsafeBytes { v.feed($0) }
            #expect(v.finished)
        }
        var overlong = UTF8Validator()
        [0xC0, 0xAF].withUnsafeBytes { overlong.feed($0) }
        #expect(!overlong.finished)
        var surrogate = UTF8Validator()
        [0xED, 0xA0, 0x80].withUnsafeBytes { surrogate.feed($0) }
        #expect(!surrogate.finished)
    }
}
