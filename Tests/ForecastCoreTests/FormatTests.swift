import Foundation
import Testing
@testable import ForecastCore

/// Every format staff receive yields the same activities; hostile files are refused with
/// their code and leave the run healthy.
@Suite struct FormatTests {
    struct Expected: Decodable, Equatable {
        var org: String
        var credit_code: String
        var title: String
        var category: String
        var date: String
        var start: String?
        var end: String?
        var county_code: String
        var venue: String
        var audience: Int
        var contact: String
        var phone: String
        var notes: String
    }

    static let expected: [Expected] = {
        let data = try! Data(contentsOf: Paths.fixture("formats/same-expected.json"))
        return try! JSONDecoder().decode([Expected].self, from: data).sorted { $0.date < $1.date }
    }()

    /// Reads and validates a fixture as the pipeline does.
    static func read(_ fixture: String) throws -> (format: SheetFormat, rows: [ValidatedRow], fileProblems: [Problem]) {
        let path = Paths.fixture(fixture).path
        var sheet = try SheetOpener.open(path: path, name: fixture, facts: FileSniffer.sniff(path: path))
        var validator = RowValidator(fileName: fixture, columns: sheet.columns, matcher: ReferenceMatcher(config: .yaan),
                                     forecastWeek: ExampleInbox.week, today: LocalDate(year: 2016, month: 12, day: 10)!)
        var rows: [ValidatedRow] = []
        while let record = try sheet.nextRecord() {
            if let row = validator.validate(record) { rows.append(row) }
        }
        return (sheet.format, rows, sheet.fileProblems)
    }

    static let sameFiles: [(String, SheetFormat)] = [
        ("formats/same.csv", .csv),
        ("formats/same.xml", .forecastXML),
        ("formats/same-gbk.xml", .forecastXML),
        ("formats/same-gb2312.xml", .forecastXML),
        ("formats/same-gb18030.xml", .forecastXML),
        ("formats/same.spreadsheetml.xml", .spreadsheetML),
        ("formats/same.xls", .spreadsheetML),
        ("formats/same-openpyxl.xlsx", .xlsx),
        ("formats/same-libreoffice.xlsx", .xlsx),
        ("formats/same-inline.xlsx", .xlsx),
    ]

    @Test(arguments: sameFiles)
    func sameActivitiesInEveryFormat(fixture: String, format: SheetFormat) throws {
        let (found, rows, _) = try Self.read(fixture)
        #expect(found == format)
        let drafts = rows.compactMap(\.draft).sorted { $0.date < $1.date }
        #expect(rows.allSatisfy { !$0.isRejected })
        let actual = drafts.map { d in
            Expected(org: d.orgName, credit_code: d.creditCode ?? "", title: d.title, category: d.category, date: d.date.iso,
                     start: d.start?.hhmm, end: d.end?.hhmm, county_code: d.countyCode ?? "", venue: d.venue,
                     audience: d.audience ?? -1, contact: d.contact, phone: d.phone, notes: d.notes)
        }
        #expect(actual == Self.expected)
        // The only problem any of them has is the one large event.
        #expect(rows.flatMap(\.problems).map(\.code) == [.largeAudience])
    }

    @Test func rowsAreSheetRowsOrXMLLines() throws {
        #expect(try Self.read("formats/same.csv").rows.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(try Self.read("formats/same-openpyxl.xlsx").rows.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(try Self.read("formats/same-inline.xlsx").rows.map(\.line) == [2, 3, 4, 6, 7, 8])
        let xmlLines = try Self.read("formats/same.xml").rows.map(\.line)
        #expect(xmlLines.count == 6 && xmlLines == xmlLines.sorted() && xmlLines[0] > 3)
        #expect(try Self.read("formats/same-inline.xlsx").fileProblems.map(\.field) == ["已审核"])
    }

    /// The same activities sent as CSV, XML, SpreadsheetML and XLSX give identical run.json figures.
    @Test func identicalFiguresFromEveryFormat() throws {
        var reports: [String: RunReport] = [:]
        for (fixture, _) in Self.sameFiles {
            let t = try TestRoot()
            try t.drop(fixture: fixture, received: "2016-12-06T10:00:00+08:00")
            try t.run()
            reports[fixture] = try t.report()
        }
        let reference = reports["formats/same.csv"]!
        #expect(reference.totals.activities == 6)
        for (fixture, report) in reports {
            #expect(report.totals == reference.totals, "\(fixture)")
            #expect(report.byCounty == reference.byCounty, "\(fixture)")
            #expect(report.byCategory == reference.byCategory, "\(fixture)")
            #expect(report.byDay == reference.byDay, "\(fixture)")
            #expect(report.rows == reference.rows, "\(fixture)")
        }
    }

    @Test func allFormatsDeduplicateAgainstEachOther() throws {
        let t = try TestRoot()
        try t.drop(fixture: "formats/same.csv", received: "2016-12-06T10:00:00+08:00")
        try t.drop(fixture: "formats/same.xml", received: "2016-12-06T11:00:00+08:00")
        try t.drop(fixture: "formats/same-libreoffice.xlsx", received: "2016-12-06T12:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.rows.merged == 12)
        #expect(try t.report().totals.activities == 6)
    }

    @Test(arguments: [
        ("formats/hostile/xxe.xml", ProblemCode.xmlForbiddenDTD),
        ("formats/hostile/billion-laughs.xml", .xmlForbiddenDTD),
        ("formats/hostile/malformed.xml", .xmlMalformed),
        ("formats/hostile/schema-violation.xml", .xmlSchemaInvalid),
        ("formats/hostile/unknown-root.xml", .unsupportedFormat),
        ("formats/hostile/zip-bomb.xlsx", .fileTooLarge),
        ("formats/hostile/many-entries.xlsx", .fileTooLarge),
        ("formats/hostile/no-sheets.xlsx", .unreadableFile),
        ("formats/hostile/garbage.xlsx", .unreadableFile),
        ("formats/hostile/not-a-zip.xlsx", .unreadableFile),
        ("formats/hostile/xlsx-xxe.xlsx", .xmlForbiddenDTD),
    ])
    func hostileFileIsRefused(fixture: String, code: ProblemCode) throws {
        let error = #expect(throws: FileRejection.self) { try Self.read(fixture) }
        #expect(error?.code == code)
        #expect(error?.problems.allSatisfy { $0.file == fixture && !$0.message.isEmpty } == true)
    }

    @Test func schemaViolationCarriesTheSchemasLine() throws {
        let error = #expect(throws: FileRejection.self) { try Self.read("formats/hostile/schema-violation.xml") }
        #expect(error?.problems.first?.row == 27)
        #expect(error?.problems.first?.message.contains("price") == true)
    }

    @Test func hostileFilesLeaveTheRunHealthy() throws {
        let t = try TestRoot()
        let hostile = ["xxe.xml", "billion-laughs.xml", "malformed.xml", "schema-violation.xml", "zip-bomb.xlsx",
                       "no-sheets.xlsx", "garbage.xlsx", "xlsx-xxe.xlsx"]
        for (i, name) in hostile.enumerated() {
            try t.drop(fixture: "formats/hostile/\(name)", received: "2016-12-06T10:0\(i):00+08:00")
        }
        try t.drop(fixture: "formats/same-openpyxl.xlsx", received: "2016-12-06T11:00:00+08:00")
        let outcome = try t.run()
        #expect(outcome.counts.files == RunCounts.Files(seen: 9, ingested: 1, duplicate: 0, rejected: 8))
        #expect(try t.report().totals.activities == 6)
        #expect(try t.inboxFiles().isEmpty)
        let notes = try t.tree(t.inbox.appendingPathComponent("rejected")).keys.filter { $0.hasSuffix(".error.txt") }
        #expect(notes.count == 8)
    }

    /// Our XLSX template, filled in and saved by LibreOffice, reads back without problems.
    @Test func filledTemplateSavedByLibreOffice() throws {
        let (format, rows, fileProblems) = try Self.read("formats/template-filled-libreoffice.xlsx")
        #expect(format == .xlsx && fileProblems.isEmpty)
        #expect(rows.flatMap(\.problems).isEmpty)
        let d = rows.compactMap(\.draft)
        #expect(d.map(\.date.iso) == ["2016-12-13", "2016-12-17"])
        #expect(d.map { $0.start?.hhmm } == ["09:00", "14:00"] && d.map { $0.end?.hhmm } == ["11:00", "16:30"])
        #expect(d.map(\.countyCode) == ["511802", "511803"] && d.map(\.phone) == ["13908161234", "0835-2221234"])
    }

    @Test func blankTemplatesReadBack() throws {
        let t = try TestRoot()
        for (name, data) in try BlankTemplates.files(config: .yaan) {
            try AtomicFile.write(data, to: t.root.appendingPathComponent(name))
        }
        for name in ["活动周预报模板.csv", "活动周预报模板.xlsx"] {
            let path = t.root.appendingPathComponent(name).path
            let sheet = try SheetOpener.open(path: path, name: name, facts: FileSniffer.sniff(path: path))
            #expect(sheet.columns.missingRequired.isEmpty && sheet.fileProblems.isEmpty, "\(name)")
            #expect(sheet.columns.index.count == 13)
        }
        let sample = t.root.appendingPathComponent("活动周预报示例.xml").path
        var sheet = try SheetOpener.open(path: sample, name: "s.xml", facts: FileSniffer.sniff(path: sample))
        #expect(try sheet.nextRecord()?.cells[2] == "社区老人健康讲座")
    }
}
