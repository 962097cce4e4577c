import Foundation
import Testing
@testable import ForecastCore

/// Value forms and row-level problem codes, on literal rows (the validator is pure).
@Suite struct RowValidatorTests {
    static let headers = Sheet.header.split(separator: ",").map(String.init) + ["状态"]
    static let validator = RowValidator(
        fileName: "t.csv", columns: ColumnMap(headerRow: headers), matcher: ReferenceMatcher(config: .yaan),
        forecastWeek: ExampleInbox.week, today: LocalDate(year: 2016, month: 12, day: 10)!)

    /// Validates the standard good row with some cells replaced.
    static func check(_ changes: [Field: String], line: Int = 7) -> ValidatedRow {
        var cells = Sheet.row().split(separator: ",", omittingEmptySubsequences: false).map(String.init) + [""]
        for (field, value) in changes {
            cells[headers.firstIndex(of: field.templateHeader)!] = value
        }
        var fresh = validator
        return fresh.validate(RawRecord(line: line, cells: cells))!
    }

    static func codes(_ row: ValidatedRow) -> [String] { row.problems.map(\.code.rawValue) }

    /// A row's values sit in a slot per field: every field has its own, in case order.
    @Test func everyFieldHasItsOwnSlot() {
        #expect(Field.allCases.map(\.slot) == Array(0..<Field.allCases.count))
        var values = FieldValues()
        for field in Field.allCases { values[field] = field.rawValue }
        #expect(Field.allCases.allSatisfy { values[$0] == $0.rawValue })
    }

    @Test func goodRowHasNoProblems() {
        let row = Self.check([:])
        #expect(row.problems.isEmpty)
        let d = row.draft!
        #expect(d.date.iso == "2016-12-13")
        #expect(d.countyCode == "511802")
        #expect(d.start?.hhmm == "09:00" && d.end?.hhmm == "11:00")
        #expect(d.audience == 60 && d.phone == "13908161234" && d.creditCode == "51511802MJ0000001N")
    }

    @Test(arguments: [
        ("2016-12-13", "2016-12-13"), ("2016/12/13", "2016-12-13"), ("2016.12.13", "2016-12-13"),
        ("2016年12月13日", "2016-12-13"), ("20161213", "2016-12-13"), ("12月13日", "2016-12-13"),
        ("12-13", "2016-12-13"), ("２０１６－１２－１３", "2016-12-13"), ("12月18日", "2016-12-18"),
        ("42717", "2016-12-13"),
    ])
    func dateForms(text: String, iso: String) {
        #expect(Self.check([.date: text]).draft?.date.iso == iso)
    }

    @Test func yearlessDateNearestTheForecastWeek() {
        var v = RowValidator(fileName: "t.csv", columns: ColumnMap(headerRow: Self.headers), matcher: ReferenceMatcher(config: .yaan),
                             forecastWeek: ForecastWeek.parse("2017-W01")!, today: LocalDate(year: 2016, month: 12, day: 20)!)
        var cells = Sheet.row(date: "12月30日").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(v.validate(RawRecord(line: 2, cells: cells))?.draft?.date.iso == "2016-12-30")
        cells = Sheet.row(date: "1月3日").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(v.validate(RawRecord(line: 2, cells: cells))?.draft?.date.iso == "2017-01-03")
    }

    @Test(arguments: [
        ("9:00", "", "09:00", nil), ("09:00", "11:00", "09:00", "11:00"), ("14:30-16:00", "", "14:30", "16:00"),
        ("上午9点", "", "09:00", nil), ("下午2点半", "", "14:30", nil), ("晚上7:30", "", "19:30", nil),
        ("中午12点", "", "12:00", nil), ("14:30-16:00", "17:00", "14:30", "17:00"),
    ] as [(String, String, String, String?)])
    func timeForms(start: String, end: String, expectStart: String, expectEnd: String?) {
        let d = Self.check([.start: start, .end: end]).draft
        #expect(d?.start?.hhmm == expectStart)
        #expect(d?.end?.hhmm == expectEnd)
    }

    @Test(arguments: [("60", 60, false), ("60人", 60, false), ("约60人", 60, false), ("60人次", 60, false),
                      ("６０", 60, false), ("50-80", 80, true)])
    func audienceForms(text: String, count: Int, range: Bool) {
        let row = Self.check([.audience: text])
        #expect(row.draft?.audience == count)
        #expect(Self.codes(row) == (range ? ["audience-range"] : []))
    }

    @Test(arguments: ["雨城区", "雨城", "Yucheng", "yucheng qu", "YuchengQu", "511802", "雅安市雨城区"])
    func countyForms(text: String) {
        #expect(Self.check([.county: text]).draft?.countyCode == "511802")
    }

    @Test func formerCountyName() {
        #expect(Self.check([.county: "名山县"]).draft?.countyCode == "511803")
    }

    @Test(arguments: [("健康扶助", "健康扶助"), ("健康", "健康扶助"), ("技能培训", "生计发展"), ("其它", "其他"),
                      ("关爱弱势群体", "弱势群体关怀")])
    func categoryAliases(text: String, canonical: String) {
        let row = Self.check([.category: text])
        #expect(row.draft?.category == canonical)
        #expect(row.problems.isEmpty)
    }

    @Test(arguments: ["0835-2221234", "139 0816 1234", "+86 13908161234", "139-0816-1234"])
    func phoneForms(text: String) {
        #expect(Self.check([.phone: text]).problems.isEmpty)
    }

    /// Every row-level and warning code the CSV path can raise, with its field.
    @Test(arguments: [
        ([Field.org: ""], "missing-value", "组织名称", true),
        ([.venue: ""], "missing-value", "活动地点", true),
        ([.date: "2016-13-45"], "invalid-date", "活动日期", true),
        ([.start: "早些时候"], "invalid-time", "开始时间", true),
        ([.start: "16:00", .end: "14:00"], "end-before-start", "结束时间", true),
        ([.start: "16:00-14:00", .end: ""], "end-before-start", "开始时间", true),
        ([.county: "成都市武侯区"], "unknown-county", "县区", true),
        ([.audience: "若干"], "invalid-audience", "预计受众人数", true),
        ([.category: "文化体育"], "unknown-category", "活动类别", false),
        ([.phone: "0835-7221"], "invalid-phone", "联系电话", false),
        ([.creditCode: "51511802MJ0000001X"], "invalid-credit-code", "统一社会信用代码", false),
        ([.creditCode: "12345"], "invalid-credit-code", "统一社会信用代码", false),
        ([.audience: "800"], "large-audience", "预计受众人数", false),
        ([.start: "22:30", .end: "23:30"], "unusual-hour", "开始时间", false),
        ([.start: "05:30", .end: "07:00"], "unusual-hour", "开始时间", false),
        ([.date: "2016-12-09"], "past-date", "活动日期", false),
    ] as [([Field: String], String, String, Bool)])
    func problemCodes(changes: [Field: String], code: String, field: String, rejects: Bool) {
        let row = Self.check(changes, line: 9)
        #expect(Self.codes(row) == [code])
        let p = row.problems[0]
        #expect(p.field == field && p.row == 9 && p.file == "t.csv")
        #expect(!p.message.isEmpty)
        #expect(row.isRejected == rejects)
    }

    @Test func allProblemsOfARowAreListed() {
        let row = Self.check([.date: "", .county: "火星", .audience: "很多", .phone: "123"])
        #expect(Set(Self.codes(row)) == ["missing-value", "unknown-county", "invalid-audience", "invalid-phone"])
        #expect(row.isRejected)
    }

    @Test func unknownCategoryIsCountedAsOther() {
        #expect(Self.check([.category: "文化体育"]).draft?.category == "其他")
    }

    @Test func blankRowIsSkipped() {
        var validator = Self.validator
        #expect(validator.validate(RawRecord(line: 3, cells: Array(repeating: " ", count: 14))) == nil)
        #expect(validator.validate(RawRecord(line: 3, cells: ["　", ""])) == nil)
    }

    /// A sheet's validator remembers the county, category and credit-code cells it judged;
    /// every row still gets what a validator new to the sheet would give it, past the
    /// remembering's limit too.
    @Test func rowsOfOneSheetAreJudgedAsAlone() {
        let counties = ["雨城区", "511802", "Yucheng", "雨城", "火星区", "", "雅安市名山区"]
        let categories = ["社区发展", "文化体育", "健康扶助", "", "其他"]
        let codes = ["51511802MJ0000001N", "51511802MJ0000001X", "123", ""]
        var sheet = Self.validator
        var rows = 0
        for i in 0..<(JudgedCells.limit + 60) {
            var cells = Sheet.row().split(separator: ",", omittingEmptySubsequences: false).map(String.init) + [""]
            func set(_ field: Field, _ value: String) { cells[Self.headers.firstIndex(of: field.templateHeader)!] = value }
            // Past the limit, texts the tables have never seen.
            set(.county, i < JudgedCells.limit ? counties[i % counties.count] : "区\(i)")
            set(.category, i < JudgedCells.limit ? categories[i % categories.count] : "类\(i)")
            set(.creditCode, codes[i % codes.count])
            let record = RawRecord(line: i + 2, cells: cells)
            var alone = Self.validator
            let a = sheet.validate(record), b = alone.validate(record)
            #expect(a?.draft == b?.draft && a?.problems == b?.problems && a?.orgName == b?.orgName, "row \(i)")
            #expect(a?.draft != nil || a?.problems.isEmpty == false)
            rows += 1
        }
        #expect(rows == JudgedCells.limit + 60)
        #expect(Self.check([.county: "火星区"]).problems.map(\.code) == [.unknownCounty])
    }

    @Test func cancellingRowNeedsOnlyItsKey() {
        var cells = Array(repeating: "", count: Self.headers.count)
        cells[0] = "雅安市雨城区阳光社会工作服务中心"
        cells[2] = "社区老人健康讲座"
        cells[4] = "2016-12-13"
        cells[13] = "取消"
        var validator = Self.validator
        let row = validator.validate(RawRecord(line: 4, cells: cells))!
        #expect(row.problems.isEmpty)
        #expect(row.draft?.cancelled == true)
        cells[4] = ""
        #expect(validator.validate(RawRecord(line: 4, cells: cells))!.isRejected)
    }
}

/// Regressions found by fuzzing.
@Suite struct FuzzRegressionTests {
    /// "İ" lower-cases to "i" plus a combining dot; the key must drop the mark at once.
    @Test func keyIsItsOwnKey() {
        for text in ["İstanbul", "\u{130}", "ǅ", "ΐ", "ﬃ", "雅安市İ"] {
            let key = TextNormalizer.key(text)
            #expect(TextNormalizer.key(key) == key, "\(text)")
        }
    }

    /// The fast paths of the normalizer and of `comparable` give what the plain forms gave
    /// (kept here as the reference), on cells of every kind the generator and SPEC mention.
    @Test func fastPathsAgreeWithThePlainForms() {
        let alphabet = Array("aZ9 -（）()，,、。\u{3000}\u{00A0}\t\n\r\u{0B}\u{1C}\u{85}组织名称雅安市①ＡＢ１２ﬁ½五İé\u{301}😀〇")
        var rng = SheetGenerator.Random(state: 11)
        var cells = ["", " ", "雅安市", "０８３５-２２２１２３４", "138 0000 0000", "五五五"]
        for _ in 0..<3000 { cells.append(String((0..<rng.below(10)).map { _ in rng.pick(alphabet) })) }
        for cell in cells {
            #expect(TextNormalizer.nfkc(cell) == cell.precomposedStringWithCompatibilityMapping, "\(cell.debugDescription)")
            let trimmed = cell.precomposedStringWithCompatibilityMapping.unicodeScalars
            var plain = Substring.UnicodeScalarView(trimmed)
            while let f = plain.first, TextNormalizer.isSpace(f) || f.properties.isWhitespace { plain.removeFirst() }
            while let l = plain.last, TextNormalizer.isSpace(l) || l.properties.isWhitespace { plain.removeLast() }
            #expect(TextNormalizer.clean(cell) == String(plain), "\(cell.debugDescription)")
            #expect(ActivityDraft.digits(of: cell) == cell.filter(\.isNumber), "\(cell.debugDescription)")
            #expect(TextNormalizer.key(cell) == TextNormalizer.scalarKey(cell), "\(cell.debugDescription)")
            for city in ["雅安市", "雅安", ""] {
                let k = TextNormalizer.scalarKey(cell), c = TextNormalizer.scalarKey(city)
                let plain = !c.isEmpty && k.hasPrefix(c) && k.count > c.count ? String(k.dropFirst(c.count)) : k
                #expect(TextNormalizer.placeKey(cell, city: city) == plain, "\(cell.debugDescription)")
                #expect(TextNormalizer.placeKey(city + cell, city: city) == TextNormalizer.placeKey(city + cell, cityKey: c))
            }
        }
        let draft = ActivityDraft(orgName: "组织", creditCode: nil, title: "题", category: "其他",
                                  date: LocalDate(year: 2016, month: 12, day: 13)!, start: TimeOfDay(minutes: 540),
                                  end: nil, countyCode: "511802", venue: "馆", audience: 30, contact: "甲",
                                  phone: "0835-２２２1234", notes: "注", cancelled: false)
        let joined = [draft.category, draft.start?.hhmm ?? "", draft.end?.hhmm ?? "", draft.countyCode ?? "", draft.venue,
                      draft.audience.map(String.init) ?? "", draft.contact, draft.phone.filter(\.isNumber), draft.notes]
            .joined(separator: "\u{1F}")
        #expect(draft.comparable == joined)
    }
}
