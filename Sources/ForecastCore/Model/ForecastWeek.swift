// ISO-8601 weeks (Monday–Sunday), the unit every forecast sheet, issue and output folder
// is keyed by. The week-year differs from the calendar year around New Year
// (2016-01-01 is in 2015-W53), and year-to-date figures follow the week-year.

/// An ISO-8601 week, written "2016-W50".
public struct ForecastWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// ISO week-numbering year (not always the calendar year of every day in the week).
    public let year: Int
    /// Week number, 1...52 or 1...53.
    public let week: Int

    /// Creates a week, or nil when `week` does not exist in that week-year (2016-W53).
    public init?(year: Int, week: Int) {
        guard year > LocalDate.supportedYears.lowerBound, year < LocalDate.supportedYears.upperBound,
              week >= 1, week <= ForecastWeek.weeksInYear(year)
        else { return nil }
        self.year = year
        self.week = week
    }

    /// Memberwise init for values derived from a date (always valid).
    @inline(__always)
    init(unchecked year: Int, _ week: Int) {
        self.year = year
        self.week = week
    }

    /// Days-since-epoch of the Monday of week 1: the week holding January 4.
    @inline(__always)
    static func mondayOfWeekOne(_ year: Int) -> Int {
        let jan4 = LocalDate(unchecked: year, 1, 4).daysSinceEpoch
        return jan4 - (LocalDate.weekday(daysSinceEpoch: jan4) - 1)
    }

    /// 52 or 53: the distance between consecutive week-one Mondays, in weeks.
    public static func weeksInYear(_ year: Int) -> Int {
        (mondayOfWeekOne(year + 1) - mondayOfWeekOne(year)) / 7
    }

    /// The week that contains `date`: the week-year is the year of that week's Thursday.
    public init(containing date: LocalDate) {
        let days = date.daysSinceEpoch
        let thursday = days - LocalDate.weekday(daysSinceEpoch: days) + 4
        let weekYear = LocalDate(daysSinceEpoch: thursday).year
        let week = (thursday - ForecastWeek.mondayOfWeekOne(weekYear)) / 7 + 1
        self.init(unchecked: weekYear, week)
    }

    /// Parses "2016-W50", "2016W50" (DHIS2 style) or the same with a lower-case "w";
    /// surrounding whitespace is allowed. The week must have two digits, as ISO writes it.
    public static func parse(_ text: String) -> ForecastWeek? {
        withScalarReader(text) { r -> ForecastWeek? in
            guard let y = r.number(maxDigits: 4), y.digits == 4 else { return nil }
            if r.peekAdjacent() == 0x2D { r.advance() }                 // optional "-"
            guard let w = r.peekAdjacent(), w == 0x57 || w == 0x77 else { return nil }  // W / w
            r.advance()
            guard let c = r.peekAdjacent(), ScalarReader.isDigit(c),
                  let n = r.number(maxDigits: 2), n.digits == 2, r.atEnd()
            else { return nil }
            return ForecastWeek(year: y.value, week: n.value)
        }
    }

    /// Days-since-epoch of this week's Monday.
    @inline(__always)
    var mondayDays: Int { ForecastWeek.mondayOfWeekOne(year) + 7 * (week - 1) }

    /// First day of the week.
    public var monday: LocalDate { LocalDate(daysSinceEpoch: mondayDays) }

    /// The week's midpoint; always in the week-year, and the anchor for yearless dates.
    public var thursday: LocalDate { LocalDate(daysSinceEpoch: mondayDays + 3) }

    /// Last day of the week.
    public var sunday: LocalDate { LocalDate(daysSinceEpoch: mondayDays + 6) }

    /// Monday through Sunday.
    public var days: [LocalDate] {
        let m = mondayDays
        return (0..<7).map { LocalDate(daysSinceEpoch: m + $0) }
    }

    /// True when `date` falls between this week's Monday and Sunday inclusive.
    public func contains(_ date: LocalDate) -> Bool {
        let d = date.daysSinceEpoch - mondayDays
        return d >= 0 && d < 7
    }

    /// The following week (crosses week-years correctly).
    public func next() -> ForecastWeek { adding(weeks: 1) }

    /// The preceding week.
    public func previous() -> ForecastWeek { adding(weeks: -1) }

    /// The week `weeks` weeks later (earlier when negative).
    public func adding(weeks: Int) -> ForecastWeek {
        ForecastWeek(containing: LocalDate(daysSinceEpoch: mondayDays + 7 * weeks))
    }

    /// "2016-W50".
    public var description: String {
        var y = year
        let negative = y < 0
        if negative { y = -y }
        var width = 4
        var probe = 10_000
        while y >= probe { width += 1; probe *= 10 }
        return makeASCIIString(capacity: width + 5) { w in
            if negative { w.append(0x2D) }
            w.appendDigits(y, width: width)
            w.append(0x2D)
            w.append(0x57)
            w.appendDigits(week, width: 2)
        }
    }

    /// Chronological order.
    public static func < (lhs: ForecastWeek, rhs: ForecastWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }
}
