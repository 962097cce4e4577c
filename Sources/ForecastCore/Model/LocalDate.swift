// Calendar dates and clock times without Foundation.
//
// Foundation's Calendar/DateFormatter are slow per row and time-zone dependent; activity
// dates are plain civil dates, so integer arithmetic on the proleptic Gregorian calendar is
// both faster and exactly what the contract means.

/// A civil date (proleptic Gregorian, no time zone), e.g. 2016-12-13.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Calendar year (astronomical numbering: 0 = 1 BC).
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of month, 1...28/29/30/31.
    public let day: Int

    /// Years the validating initializer accepts; wide enough for any sheet, narrow enough
    /// that day arithmetic can never overflow.
    public static let supportedYears: ClosedRange<Int> = -1_000_000...1_000_000

    /// Creates a date, or nil when the month or day does not exist (2016-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard LocalDate.supportedYears.contains(year), month >= 1, month <= 12, day >= 1,
              day <= LocalDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Memberwise init for values already known to be valid (derived from day counts).
    @inline(__always)
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Gregorian leap-year rule (divisible by 4, except centuries not divisible by 400).
    @inline(__always)
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` of `year`; 0 for a month outside 1...12.
    @inline(__always)
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The date `days` days after 1970-01-01 (negative = before), proleptic Gregorian.
    /// Uses Howard Hinnant's `civil_from_days`, which is exact for negative days too.
    /// Unchecked: counts beyond about ±365 million days give years outside `supportedYears`.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097                                        // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)                  // [0, 365], from March 1
        let mp = (5 * doy + 2) / 153                                       // [0, 11], March = 0
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 (Hinnant's `days_from_civil`; years start on March 1 internally
    /// so the leap day is the last day of the internal year).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        LocalDate.weekday(daysSinceEpoch: daysSinceEpoch)
    }

    /// ISO weekday of a day count; 1970-01-01 was a Thursday (4).
    @inline(__always)
    static func weekday(daysSinceEpoch d: Int) -> Int {
        let r = (d + 3) % 7                 // 0 = Monday
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Day of the year, 1...366.
    public var dayOfYear: Int {
        daysSinceEpoch - LocalDate(unchecked: year, 1, 1).daysSinceEpoch + 1
    }

    /// "2016-12-13"; years outside 0...9999 get a sign or more digits, as ISO 8601 expands them.
    public var iso: String {
        var y = year
        let negative = y < 0
        if negative { y = -y }
        var width = 4
        var probe = 10_000
        while y >= probe { width += 1; probe *= 10 }
        return makeASCIIString(capacity: width + 7) { w in
            if negative { w.append(0x2D) }
            w.appendDigits(y, width: width)
            w.append(0x2D)
            w.appendDigits(month, width: 2)
            w.append(0x2D)
            w.appendDigits(day, width: 2)
        }
    }

    /// Same as `iso`.
    public var description: String { iso }

    /// Parses exactly "YYYY-MM-DD" (four-digit year, two-digit month and day, nothing else);
    /// the strict format used in config files, XML and our own outputs.
    public static func parseISO(_ text: String) -> LocalDate? {
        var copy = text
        return copy.withUTF8 { b -> LocalDate? in
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
            // Fixed positions: no allocation, no scanning.
            func field(_ start: Int, _ length: Int) -> Int? {
                var v = 0
                for i in start..<(start + length) {
                    let c = b[i]
                    guard c >= 0x30 && c <= 0x39 else { return nil }
                    v = v * 10 + Int(c - 0x30)
                }
                return v
            }
            guard let y = field(0, 4), let m = field(5, 2), let d = field(8, 2) else { return nil }
            return LocalDate(year: y, month: m, day: d)
        }
    }

    /// Chronological order.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A wall-clock time with minute precision (seconds are not part of the contract).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since midnight, 0...1439.
    public let minutes: Int

    /// Creates a time from minutes since midnight, or nil outside 0...1439.
    public init?(minutes: Int) {
        guard minutes >= 0, minutes < 1440 else { return nil }
        self.minutes = minutes
    }

    /// Creates a time, or nil unless hour is 0...23 and minute 0...59 ("24:00" is refused).
    public init?(hour: Int, minute: Int) {
        guard hour >= 0, hour <= 23, minute >= 0, minute <= 59 else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Hour, 0...23.
    public var hour: Int { minutes / 60 }
    /// Minute, 0...59.
    public var minute: Int { minutes % 60 }

    /// "09:00" (zero-padded, 24-hour).
    public var hhmm: String {
        makeASCIIString(capacity: 5) { w in
            w.appendDigits(hour, width: 2)
            w.append(0x3A)
            w.appendDigits(minute, width: 2)
        }
    }

    /// Same as `hhmm`.
    public var description: String { hhmm }

    /// Earlier in the day first.
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        lhs.minutes < rhs.minutes
    }
}
