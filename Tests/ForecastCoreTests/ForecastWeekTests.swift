import Testing
@testable import ForecastCore

/// Shorthand for a week that must exist.
func week(_ y: Int, _ w: Int) -> ForecastWeek {
    guard let value = ForecastWeek(year: y, week: w) else {
        fatalError("test fixture \(y)-W\(w) does not exist")
    }
    return value
}

@Suite struct ForecastWeekTests {
    @Test func contractExample2016W50() {
        let w = week(2016, 50)
        #expect(w.monday == date(2016, 12, 12))
        #expect(w.sunday == date(2016, 12, 18))
        #expect(w.thursday == date(2016, 12, 15))
        #expect(w.days == (12...18).map { date(2016, 12, $0) })
        #expect(w.description == "2016-W50")
    }

    @Test func weekExistence() {
        #expect(ForecastWeek(year: 2015, week: 53) != nil)
        #expect(ForecastWeek(year: 2016, week: 53) == nil)
        #expect(ForecastWeek(year: 2020, week: 53) != nil)
        #expect(ForecastWeek(year: 2026, week: 53) != nil)
        #expect(ForecastWeek(year: 2016, week: 0) == nil)
        #expect(ForecastWeek(year: 2016, week: 54) == nil)
        #expect(ForecastWeek(year: 2016, week: 52) != nil)
    }

    // Expected counts from Python's isocalendar (week of Dec 28).
    @Test(arguments: [
        (2014, 52), (2015, 53), (2016, 52), (2017, 52), (2019, 52), (2020, 53), (2021, 52),
        (2026, 53), (2004, 53), (2009, 53),
    ])
    func weeksInYear(year: Int, count: Int) {
        #expect(ForecastWeek.weeksInYear(year) == count)
    }

    @Test(arguments: [
        // date, expected week-year and week
        (2016, 1, 1, 2015, 53), (2016, 1, 3, 2015, 53), (2016, 1, 4, 2016, 1),
        (2016, 12, 12, 2016, 50), (2016, 12, 18, 2016, 50), (2016, 12, 19, 2016, 51),
        (2017, 1, 1, 2016, 52), (2017, 1, 2, 2017, 1), (2014, 12, 29, 2015, 1),
        (2020, 12, 31, 2020, 53), (2021, 1, 3, 2020, 53), (2018, 12, 31, 2019, 1),
    ])
    func containingUsesTheISOWeekYear(y: Int, m: Int, d: Int, wy: Int, w: Int) {
        #expect(ForecastWeek(containing: date(y, m, d)) == week(wy, w))
    }

    @Test func everyDayOfSeveralYearsIsInItsWeek() {
        var d = date(2014, 12, 1)
        while d < date(2021, 2, 1) {
            let w = ForecastWeek(containing: d)
            #expect(w.contains(d))
            #expect(w.monday <= d && d <= w.sunday)
            #expect(w.monday.weekday == 1 && w.sunday.weekday == 7)
            d = d.adding(days: 1)
        }
    }

    @Test(arguments: [
        ("2016-W50", 2016, 50), ("2016W50", 2016, 50), ("2016-w50", 2016, 50),
        ("2016w50", 2016, 50), ("2015-W53", 2015, 53), ("2017-W01", 2017, 1),
        ("  2016-W50 ", 2016, 50),
    ])
    func parseAccepts(_ text: String, y: Int, w: Int) {
        #expect(ForecastWeek.parse(text) == week(y, w))
    }

    @Test(arguments: [
        "2016-W53", "2016-W5", "2016-W050", "2016-W00", "16-W50", "2016-50", "2016--W50",
        "2016-W 50", "2016-X50", "", "W50", "2016-W50x", "2016-12-13",
    ])
    func parseRejects(_ text: String) {
        #expect(ForecastWeek.parse(text) == nil)
    }

    @Test func navigationCrossesWeekYears() {
        #expect(week(2016, 52).next() == week(2017, 1))
        #expect(week(2017, 1).previous() == week(2016, 52))
        #expect(week(2015, 52).next() == week(2015, 53))
        #expect(week(2015, 53).next() == week(2016, 1))
        #expect(week(2016, 1).previous() == week(2015, 53))
        #expect(week(2016, 50).adding(weeks: 3) == week(2017, 1))
        #expect(week(2016, 50).adding(weeks: -50) == week(2015, 53))
        #expect(week(2016, 50).adding(weeks: 0) == week(2016, 50))
        #expect(week(2016, 50).adding(weeks: 52) == week(2017, 50))
    }

    @Test func descriptionAndOrder() {
        #expect(week(2017, 1).description == "2017-W01")
        #expect(week(2015, 53).description == "2015-W53")
        #expect(week(2015, 53) < week(2016, 1))
        #expect(week(2016, 9) < week(2016, 10))
        #expect(ForecastWeek.parse(week(2020, 53).description) == week(2020, 53))
    }
}
