import Testing
@testable import ForecastCore

/// Shorthand for a date that must exist.
func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate {
    guard let value = LocalDate(year: y, month: m, day: d) else {
        fatalError("test fixture \(y)-\(m)-\(d) is not a date")
    }
    return value
}

/// Shorthand for a time that must exist.
func time(_ h: Int, _ m: Int) -> TimeOfDay {
    guard let value = TimeOfDay(hour: h, minute: m) else {
        fatalError("test fixture \(h):\(m) is not a time")
    }
    return value
}

@Suite struct LocalDateTests {
    @Test(arguments: [
        (2016, 2, 29), (2000, 2, 29), (2016, 12, 31), (2015, 1, 1), (2016, 4, 30), (1, 1, 1),
    ])
    func validDatesExist(y: Int, m: Int, d: Int) {
        let value = LocalDate(year: y, month: m, day: d)
        #expect(value?.year == y && value?.month == m && value?.day == d)
    }

    @Test(arguments: [
        (2015, 2, 29), (1900, 2, 29), (2016, 2, 30), (2016, 13, 1), (2016, 0, 1),
        (2016, 4, 31), (2016, 1, 0), (2016, 1, 32), (2_000_000, 1, 1),
    ])
    func invalidDatesAreNil(y: Int, m: Int, d: Int) {
        #expect(LocalDate(year: y, month: m, day: d) == nil)
    }

    // Expected day counts computed independently (Python datetime).
    @Test(arguments: [
        (1970, 1, 1, 0), (2016, 12, 13, 17148), (1969, 12, 31, -1), (1900, 3, 1, -25508),
        (2000, 2, 29, 11016), (1, 1, 1, -719162), (9999, 12, 31, 2932896), (1600, 1, 1, -135140),
    ])
    func daysSinceEpochBothWays(y: Int, m: Int, d: Int, days: Int) {
        #expect(date(y, m, d).daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == date(y, m, d))
    }

    @Test func roundTripOverManyCenturies() {
        var days = -800_000
        while days <= 800_000 {
            let d = LocalDate(daysSinceEpoch: days)
            #expect(d.daysSinceEpoch == days)
            #expect(LocalDate(year: d.year, month: d.month, day: d.day) == d)
            #expect(d.adding(days: 1) > d)
            days += 997
        }
    }

    @Test(arguments: [
        (2016, 12, 12, 1), (2016, 12, 13, 2), (2016, 12, 18, 7), (1970, 1, 1, 4),
        (1969, 12, 31, 3), (1900, 1, 1, 1), (1600, 1, 1, 6), (1, 1, 1, 1),
    ])
    func isoWeekday(y: Int, m: Int, d: Int, weekday: Int) {
        #expect(date(y, m, d).weekday == weekday)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() {
        #expect(date(2016, 12, 31).adding(days: 1) == date(2017, 1, 1))
        #expect(date(2016, 3, 1).adding(days: -1) == date(2016, 2, 29))
        #expect(date(2015, 3, 1).adding(days: -1) == date(2015, 2, 28))
        #expect(date(2016, 12, 13).adding(days: 0) == date(2016, 12, 13))
        #expect(date(2016, 1, 1).adding(days: 366) == date(2017, 1, 1))
    }

    @Test func dayOfYear() {
        #expect(date(2016, 1, 1).dayOfYear == 1)
        #expect(date(2016, 12, 31).dayOfYear == 366)
        #expect(date(2015, 12, 31).dayOfYear == 365)
    }

    @Test func isoAndDescription() {
        #expect(date(2016, 12, 13).iso == "2016-12-13")
        #expect(date(2016, 1, 5).iso == "2016-01-05")
        #expect(date(5, 1, 2).iso == "0005-01-02")
        #expect(date(2016, 12, 13).description == "2016-12-13")
        #expect("\(date(2017, 1, 2))" == "2017-01-02")
    }

    @Test func ordering() {
        #expect(date(2016, 12, 13) < date(2016, 12, 14))
        #expect(date(2016, 11, 30) < date(2016, 12, 1))
        #expect(date(2015, 12, 31) < date(2016, 1, 1))
        #expect(!(date(2016, 12, 13) < date(2016, 12, 13)))
    }

    @Test func parseISOAcceptsExactlyYYYYMMDD() {
        #expect(LocalDate.parseISO("2016-12-13") == date(2016, 12, 13))
        #expect(LocalDate.parseISO("2016-02-29") == date(2016, 2, 29))
    }

    @Test(arguments: [
        "2016-1-5", "2016/12/13", "2016-12-13 ", " 2016-12-13", "20161213", "2016-02-30",
        "2015-02-29", "2016-13-01", "2016-12-1x", "", "2016-12-13T00:00", "２０１６-12-13",
    ])
    func parseISORejects(_ text: String) {
        #expect(LocalDate.parseISO(text) == nil)
    }
}

@Suite struct TimeOfDayTests {
    @Test func construction() {
        #expect(TimeOfDay(hour: 9, minute: 0)?.minutes == 540)
        #expect(TimeOfDay(hour: 23, minute: 59)?.minutes == 1439)
        #expect(TimeOfDay(hour: 0, minute: 0)?.minutes == 0)
        #expect(TimeOfDay(minutes: 870) == time(14, 30))
        #expect(time(14, 30).hour == 14 && time(14, 30).minute == 30)
    }

    @Test(arguments: [(24, 0), (-1, 0), (0, 60), (12, -1), (25, 30)])
    func invalidTimes(h: Int, m: Int) {
        #expect(TimeOfDay(hour: h, minute: m) == nil)
    }

    @Test func invalidMinuteCounts() {
        #expect(TimeOfDay(minutes: 1440) == nil)
        #expect(TimeOfDay(minutes: -1) == nil)
    }

    @Test func hhmmAndOrder() {
        #expect(time(9, 0).hhmm == "09:00")
        #expect(time(0, 5).hhmm == "00:05")
        #expect(time(23, 59).hhmm == "23:59")
        #expect(time(14, 30).description == "14:30")
        #expect(time(9, 0) < time(9, 1))
        #expect(!(time(16, 0) < time(14, 30)))
    }
}
