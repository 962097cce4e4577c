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
        [
            category,
            start?.hhmm ?? "",
            end?.hhmm ?? "",
            countyCode ?? "",
            venue,
            audience.map(String.init) ?? "",
            contact,
            phone.filter(\.isNumber),
            notes,
        ].joined(separator: "\u{1F}")
    }
}

/// One data row after validation: the activity when the row is accepted, and every problem.
public struct ValidatedRow: Sendable {
    public var line: Int
    /// The organization cell as written (cleaned), even when the row is rejected.
    public var orgName: String?
    public var draft: ActivityDraft?
    public var problems: [Problem]
    /// True when a row-level problem refuses the row.
    public var isRejected: Bool { draft == nil }
}
