import Foundation
import Testing
@testable import ForecastCore

/// Header row detection below a preamble, aliases, full-width forms, unknown and repeated columns.
@Suite struct HeaderTests {
    @Test func preambleAliasesAndUnknownColumns() throws {
        let path = Paths.fixture("sheets/preamble-aliases.csv").path
        var sheet = try SheetOpener.open(path: path, name: "p.csv", facts: FileSniffer.sniff(path: path))
        #expect(sheet.encoding == .gb18030)
        #expect(sheet.columns.index[.org] == 1)
        #expect(sheet.columns.index[.notes] == 10)          // "＊备注" after NFKC and mark removal
        #expect(sheet.columns.index[.phone] == 9)           // the first 电话 wins
        #expect(sheet.fileProblems.map(\.field) == ["序号", "电话"])
        #expect(sheet.fileProblems.allSatisfy { $0.code == .unknownColumn && $0.row == 3 })
        var validator = RowValidator(fileName: "p.csv", columns: sheet.columns, matcher: ReferenceMatcher(config: .yaan),
                                     forecastWeek: ExampleInbox.week, today: LocalDate(year: 2016, month: 12, day: 10)!)
        var drafts: [ActivityDraft] = []
        while let r = try sheet.nextRecord() {
            let row = validator.validate(r)!
            #expect(row.problems.isEmpty, "\(row.problems)")
            drafts.append(row.draft!)
        }
        #expect(drafts.map(\.date.iso) == ["2016-12-17", "2016-12-13"])
        #expect(drafts.map(\.countyCode) == ["511803", "511803"])
        #expect(drafts.map(\.audience) == [60, 35])
        #expect(drafts.map(\.category) == ["青少年服务", "弱势群体关怀"])
    }

    @Test(arguments: ["组织名称", " 组织名称 ", "ORGANIZATION", "Org", "*组织名称", "组织名称(必填)", "组织名称（必填）", "组织\n名称"])
    func headerMatching(cell: String) {
        #expect(ColumnMap.field(forHeader: cell) == .org)
    }

    @Test func headerNeedsThreeKnownColumns() {
        #expect(ColumnMap.knownFieldCount(["组织名称", "活动名称", "说明"]) == 2)
        #expect(ColumnMap.knownFieldCount(["组织名称", "活动名称", "日期"]) == 3)
    }

    /// `headerKey` works scalar by scalar for speed; it gives the keys the Character-level
    /// form gave (kept here as the reference) on every header SPEC names, dressed as
    /// templates dress them, and on random cells. (The two differ only for a white space
    /// followed by a combining mark, which the reference dropped whole; no header has one.)
    @Test func headerKeyAgreesWithTheCharacterLevelForm() {
        func reference(_ cell: String) -> String {
            var s = TextNormalizer.clean(cell).lowercased()
            s.removeAll { $0 == "*" || $0.isWhitespace || $0 == "\u{FEFF}" }
            if s.hasSuffix(")"), let open = s.lastIndex(of: "("), open != s.startIndex { s = String(s[..<open]) }
            return s
        }
        var cells = Field.allCases.flatMap(\.headers).flatMap { h in
            [h, "*\(h)", " \(h)\u{3000}", "\(h)(必填)", "\(h)（人）", "\u{FEFF}\(h)", h.uppercased(), "\(h)\n说明"]
        }
        let alphabet = Array("aZ9 *()（）\t\n\u{3000}\u{FEFF}\u{00A0}\u{2028}组织名称ÀİΣßＡ①ﬁ-_.")
        var rng = SheetGenerator.Random(state: 7)   // seeded: a failure repeats
        for _ in 0..<2000 {
            cells.append(String((0..<rng.below(13)).map { _ in rng.pick(alphabet) }))
        }
        for cell in cells { #expect(ColumnMap.headerKey(cell) == reference(cell), "\(cell.debugDescription)") }
    }
}
