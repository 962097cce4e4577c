/// An activity as one row of one sheet states it, parsed and normalized.
public struct ActivityDraft: Sendable, Equatable {
    public var orgName: String
    /// The credit code when the cell has the 18-character form (valid check character or not).
    public var creditCode: String?
    public var title: String
    public var category: String
    public var date: LocalDate
    public var start: TimeOfDay?
    public var end: TimeOfDay?
    /// GB/T 2260 code; nil only on a cancelling row that left the county empty.
    public var countyCode: String?
    public var venue: String
    /// Expected audience; nil only on a cancelling row.
    public var audience: Int?
    public var contact: String
    /// Canonical phone (digits, landline as 0835-2221234) or the cell as written when invalid.
    public var phone: String
    public var notes: String
    /// `状态=取消`: the row withdraws the activity.
    public var cancelled: Bool

    /// The fields SPEC compares to tell `duplicate-row` from `revised`, as parsed values.
    public var comparable: String {
        Self.comparable(category: category, start: start?.hhmm, end: end?.hhmm, countyCode: countyCode, venue: venue,
                        audience: audience, contact: contact, phone: phone, notes: notes)
    }

    /// The same, from the stored forms of the fields (as the store holds an activity's
    /// current content): made only when a row meets an activity already stored.
    static func comparable(category: String, start: String?, end: String?, countyCode: String?, venue: String,
                           audience: Int?, contact: String, phone: String, notes: String) -> String {
        // Appended in place: the array-and-`joined` form with a Character filter on the phone
        // cost 15k instructions a row on the reading thread (callgrind). Same text.
        let separator = "\u{1F}"
        var out = ""
        out.reserveCapacity(category.utf8.count + venue.utf8.count + contact.utf8.count + phone.utf8.count
                            + notes.utf8.count + (countyCode?.utf8.count ?? 0) + 32)
        out += category
        out += separator; out += start ?? ""
        out += separator; out += end ?? ""
        out += separator; out += countyCode ?? ""
        out += separator; out += venue
        out += separator; if let audience { out += String(audience) }
        out += separator; out += contact
        out += separator; out += digits(of: phone)
        out += separator; out += notes
        return out
    }

    /// The phone's digits (Unicode numbers, as `Character.isNumber` has them), with a fast
    /// path for the usual all-ASCII phone.
    static func digits(of phone: String) -> String {
        guard phone.utf8.allSatisfy({ $0 < 0x80 }) else { return phone.filter(\.isNumber) }
        return String(decoding: phone.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
    }
}

/// The text forms of a draft the store writes and keys on, made once, on the reading thread
/// (`ReadAhead`), so the single writer only binds them: about a fifth of the writer's time.
public struct StoredForm: Sendable {
    public var dateISO: String
    public var week: String
    public var titleKey: String
    public var start: String?
    public var end: String?

    public init(_ draft: ActivityDraft) {
        dateISO = draft.date.iso
        week = ForecastWeek(containing: draft.date).description
        titleKey = TextNormalizer.key(draft.title)
        start = draft.start?.hhmm
        end = draft.end?.hhmm
    }
}

/// One data row after validation: the activity when the row is accepted, and every problem.
public struct ValidatedRow: Sendable {
    public var line: Int
    /// The organization cell as written (cleaned), even when the row is rejected.
    public var orgName: String?
    public var draft: ActivityDraft?
    public var problems: [Problem]
    /// The draft's stored forms, when made ahead of the writer.
    public var form: StoredForm?
    /// True when a row-level problem refuses the row.
    public var isRejected: Bool { draft == nil }
}
