/// Turns one raw record into an activity and its problems, by the rules of SPEC "Values".
///
/// Pure: no I/O, no store. Deduplication against earlier sheets happens in the store.
public struct RowValidator: Sendable {
    public let fileName: String
    public let columns: ColumnMap
    public let matcher: ReferenceMatcher
    /// Yearless dates take the year nearest this week.
    public let forecastWeek: ForecastWeek
    /// The run's clock date: an activity before it is `past-date`.
    public let today: LocalDate

    /// The sheet's columns as (field, cell index) pairs, read in this order for every row.
    private let cells: [(field: Field, index: Int)]
    /// The county, category and credit-code cells this sheet has had, as judged. A sheet
    /// writes each in a few forms over and over; judging one anew (its key normalized for
    /// the matcher, the code's check character computed) made the busy week's row checks
    /// 175 M instructions, 100 M with this.
    private var judged = JudgedCells()

    public init(fileName: String, columns: ColumnMap, matcher: ReferenceMatcher, forecastWeek: ForecastWeek, today: LocalDate) {
        self.fileName = fileName
        self.columns = columns
        cells = columns.index.map { (field: $0.key, index: $0.value) }
        self.matcher = matcher
        self.forecastWeek = forecastWeek
        self.today = today
    }

    private static let cancelWords: Set<String> = ["取消", "已取消", "撤销", "已撤销", "cancelled", "canceled", "cancel"]

    /// Validates a record; nil for a blank row (every recognised field empty).
    /// Mutating only to remember the cells it judged (the result never depends on them).
    public mutating func validate(_ record: RawRecord) -> ValidatedRow? {
        var values = FieldValues()
        var anyValue = false
        for (field, i) in cells where i < record.cells.count {
            let v = TextNormalizer.clean(record.cells[i])
            if !v.isEmpty {
                values[field] = v
                anyValue = true
            }
        }
        guard anyValue else { return nil }
        // The check takes the judged cells while it runs, so that it holds the only reference.
        var judged = JudgedCells()
        swap(&judged, &self.judged)
        var check = RowCheck(validator: self, line: record.line, values: values, judged: consume judged)
        let row = check.run()
        self.judged = check.judged
        return row
    }
}

/// What a sheet's repeated cells were judged to be, by their text. Each table stops taking
/// entries at `limit`, so a sheet of all-different values costs no more than that.
struct JudgedCells: Sendable {
    static let limit = 32
    private var counties = TextMemo<County?>()
    private var categories = TextMemo<String?>()
    private var creditCodes = TextMemo<CreditCodeCheck>()

    mutating func county(_ text: String, _ matcher: ReferenceMatcher) -> County? {
        counties.value(text) { matcher.county($0) }
    }

    mutating func category(_ text: String, _ matcher: ReferenceMatcher) -> String? {
        categories.value(text) { matcher.category($0) }
    }

    mutating func creditCode(_ text: String) -> CreditCodeCheck {
        creditCodes.value(text) { CreditCode.check($0) }
    }
}

/// A few texts and what they were judged to be, found again by their UTF-8 bytes.
///
/// Compared byte for byte, not kept in a `Dictionary<String, _>`: hashing or comparing a
/// Swift string of Chinese text normalizes it to NFC first, about 2k instructions a lookup,
/// as much as judging the cell anew. Texts that differ in bytes only are judged apart.
struct TextMemo<Value: Sendable>: Sendable {
    private var texts: [[UInt8]] = []
    private var values: [Value] = []

    mutating func value(_ text: String, _ judge: (String) -> Value) -> Value {
        if let found = texts.firstIndex(where: { $0.withUnsafeBufferPointer { ByteScan.same(text, $0) } }) {
            return values[found]
        }
        let value = judge(text)
        if texts.count < JudgedCells.limit {
            texts.append(Array(text.utf8))
            values.append(value)
        }
        return value
    }
}

/// The state of validating one row: the values, the problems found so far.
private struct RowCheck {
    let validator: RowValidator
    let line: Int
    let values: FieldValues
    var problems: [Problem] = []
    var rejected = false
    var judged: JudgedCells

    init(validator: RowValidator, line: Int, values: FieldValues, judged: consuming JudgedCells) {
        self.validator = validator
        self.line = line
        self.values = values
        self.judged = judged
    }

    mutating func report(_ code: ProblemCode, _ field: Field?, value: String? = nil, detail: String = "") {
        let header = field.map { validator.columns.header(of: $0) } ?? ""
        let v = value ?? field.flatMap { values[$0] } ?? ""
        problems.append(Problem(code: code, file: validator.fileName, row: line, field: header, value: v,
                                message: ProblemMessages.text(code, field: header, value: v, detail: detail)))
        if code.level == .row { rejected = true }
    }

    /// The value of a required field, reporting `missing-value` when it is empty.
    mutating func required(_ field: Field) -> String? {
        if let v = values[field] { return v }
        report(.missingValue, field, value: "")
        return nil
    }

    mutating func run() -> ValidatedRow {
        let cancelled = values[.status].map { RowValidator.cancelWordsContains($0) } ?? false
        let org = required(.org)
        let title = required(.title)
        var date: LocalDate?
        if let text = required(.date) {
            date = DateParser.parse(text, near: validator.forecastWeek) ?? Self.excelSerialDate(text)
            if date == nil { report(.invalidDate, .date) }
        }
        let creditCode = checkCreditCode()
        if cancelled {
            // A cancelling row needs only its key; the rest may be empty and is not judged.
            guard let org, let title, let date, !rejected else { return finish(nil) }
            return finish(ActivityDraft(
                orgName: org, creditCode: creditCode, title: title,
                category: values[.category].flatMap { judged.category($0, validator.matcher) } ?? "",
                date: date, start: nil, end: nil,
                countyCode: values[.county].flatMap { judged.county($0, validator.matcher)?.code },
                venue: values[.venue] ?? "", audience: nil, contact: values[.contact] ?? "",
                phone: values[.phone] ?? "", notes: values[.notes] ?? "", cancelled: true))
        }
        let category = checkCategory()
        let (start, end) = checkTimes()
        var countyCode: String?
        if let text = required(.county) {
            countyCode = judged.county(text, validator.matcher)?.code
            if countyCode == nil { report(.unknownCounty, .county) }
        }
        let venue = required(.venue)
        let audience = checkAudience()
        let contact = required(.contact)
        var phone: String?
        if let text = required(.phone) {
            phone = PhoneParser.parse(text)
            if phone == nil { report(.invalidPhone, .phone); phone = text }
        }
        if let date, date < validator.today {
            report(.pastDate, .date, detail: date.iso)
        }
        guard !rejected, let org, let title, let date, let category, let countyCode, let venue,
              let audience, let contact, let phone else { return finish(nil) }
        return finish(ActivityDraft(
            orgName: org, creditCode: creditCode, title: title, category: category, date: date,
            start: start, end: end, countyCode: countyCode, venue: venue, audience: audience,
            contact: contact, phone: phone, notes: values[.notes] ?? "", cancelled: false))
    }

    /// A date cell left in Excel's General format shows its serial ("42717"); serials of
    /// 2000–2099 are taken as dates, from any format.
    static func excelSerialDate(_ text: String) -> LocalDate? {
        guard text.count == 5, let serial = Int(text), (36_526...73_050).contains(serial) else { return nil }
        return DateParser.fromExcelSerial(Double(serial))
    }

    func finish(_ draft: ActivityDraft?) -> ValidatedRow {
        ValidatedRow(line: line, orgName: values[.org], draft: rejected ? nil : draft, problems: problems)
    }

    mutating func checkCreditCode() -> String? {
        guard let text = values[.creditCode] else { return nil }
        switch judged.creditCode(text) {
        case .valid(let code):
            return code
        case .badCheckCharacter(let code):
            report(.invalidCreditCode, .creditCode, detail: "校验位不正确")
            return code
        case .malformed:
            report(.invalidCreditCode, .creditCode, detail: "应为18位数字或大写字母")
            return nil
        }
    }

    mutating func checkCategory() -> String? {
        guard let text = required(.category) else { return nil }
        if let category = judged.category(text, validator.matcher) { return category }
        report(.unknownCategory, .category)
        return validator.matcher.config.fallbackCategory
    }

    mutating func checkTimes() -> (TimeOfDay?, TimeOfDay?) {
        var start: TimeOfDay?
        var end: TimeOfDay?
        var endField = Field.end
        if let text = values[.start] {
            switch TimeParser.parse(text) {
            case .single(let t): start = t
            case .range(let a, let b): start = a; end = b; endField = .start
            case nil: report(.invalidTime, .start)
            }
        }
        if let text = values[.end] {
            switch TimeParser.parse(text) {
            case .single(let t): end = t; endField = .end
            case .range(let a, let b):
                if start == nil { start = a }
                end = b; endField = .end
            case nil: report(.invalidTime, .end)
            }
        }
        if let start, let end, end < start {
            report(.endBeforeStart, endField, detail: "\(start.hhmm)–\(end.hhmm)")
        }
        if let start, start.minutes >= 22 * 60 || start.minutes < 6 * 60 {
            report(.unusualHour, .start, value: values[.start] ?? start.hhmm, detail: start.hhmm)
        }
        return (start, end)
    }

    mutating func checkAudience() -> Int? {
        guard let text = required(.audience) else { return nil }
        guard let parsed = AudienceParser.parse(text) else {
            report(.invalidAudience, .audience)
            return nil
        }
        if parsed.wasRange { report(.audienceRange, .audience, detail: String(parsed.count)) }
        if parsed.count >= validator.matcher.config.largeAudience {
            report(.largeAudience, .audience, detail: String(parsed.count))
        }
        return parsed.count
    }
}

extension RowValidator {
    static func cancelWordsContains(_ status: String) -> Bool {
        cancelWords.contains(status.lowercased())
    }
}

/// One row's cleaned values, a slot per field. A `[Field: String]` per row hashed the
/// field's raw-value string on every lookup (`Field` is `String`-backed): 142 M of the
/// busy week's 1.13 G reading-thread instructions.
struct FieldValues {
    private var slots = [String?](repeating: nil, count: Field.allCases.count)

    subscript(field: Field) -> String? {
        get { slots[field.slot] }
        set { slots[field.slot] = newValue }
    }
}
