import Testing
@testable import ForecastCore

@Suite struct DateParserTests {
    static let w50 = week(2016, 50)

    @Test(arguments: [
        ("2016-12-13", 2016, 12, 13), ("2016/12/13", 2016, 12, 13), ("2016.12.13", 2016, 12, 13),
        ("2016年12月13日", 2016, 12, 13), ("2016年12月13号", 2016, 12, 13),
        ("2016年12月13", 2016, 12, 13), ("20161213", 2016, 12, 13),
        ("2016-1-5", 2016, 1, 5), ("2016/1/5", 2016, 1, 5), ("2016.1.5", 2016, 1, 5),
        ("2016年1月5日", 2016, 1, 5), ("2016-01-05", 2016, 1, 5), ("2016-02-29", 2016, 2, 29),
        ("2016 年 12 月 13 日", 2016, 12, 13), ("2016 - 12 - 13", 2016, 12, 13),
        ("２０１６－１２－１３", 2016, 12, 13),          // not NFKC'd: folded anyway
        ("2017-01-02", 2017, 1, 2),                   // a full date is never moved
    ])
    func fullDates(_ text: String, y: Int, m: Int, d: Int) {
        #expect(DateParser.parse(text, near: Self.w50) == date(y, m, d))
    }

    @Test(arguments: [
        ("12月13日", 2016, 12, 13), ("12月13号", 2016, 12, 13), ("12月13", 2016, 12, 13),
        ("12-13", 2016, 12, 13), ("12/13", 2016, 12, 13), ("12.13", 2016, 12, 13),
        ("1月5日", 2017, 1, 5), ("1-5", 2017, 1, 5), ("6月1日", 2017, 6, 1),
        ("6月20日", 2016, 6, 20), ("01-05", 2017, 1, 5),
    ])
    func yearlessNear2016W50(_ text: String, y: Int, m: Int, d: Int) {
        // 2016-W50's Thursday is 2016-12-15: 2017-06-01 is 168 days away, 2016-06-01 197.
        #expect(DateParser.parse(text, near: Self.w50) == date(y, m, d))
    }

    @Test func yearlessAcrossNewYear() {
        #expect(DateParser.parse("12月30日", near: week(2017, 1)) == date(2016, 12, 30))
        #expect(DateParser.parse("1月2日", near: week(2016, 52)) == date(2017, 1, 2))
        #expect(DateParser.parse("12-31", near: week(2016, 1)) == date(2015, 12, 31))
        #expect(DateParser.parse("1/1", near: week(2015, 53)) == date(2016, 1, 1))
    }

    @Test func yearlessLeapDayPicksALeapYearOrNothing() {
        #expect(DateParser.parse("2月29日", near: week(2016, 8)) == date(2016, 2, 29))
        #expect(DateParser.parse("2月29日", near: week(2017, 2)) == date(2016, 2, 29))
        #expect(DateParser.parse("2月29日", near: week(2018, 30)) == nil)
    }

    @Test(arguments: [
        ("2016-12-13(周二)", 2016, 12, 13), ("2016-12-13（星期二）", 2016, 12, 13),
        ("2016年12月13日星期二", 2016, 12, 13), ("2016-12-13 周二", 2016, 12, 13),
        ("12月13日(礼拜二)", 2016, 12, 13), ("2016-12-18(周日)", 2016, 12, 18),
        ("2016-12-18（周天）", 2016, 12, 18), ("2016/12/13 0:00", 2016, 12, 13),
        ("2016-12-13 00:00:00", 2016, 12, 13),
    ])
    func trailingWeekdayOrMidnightIsIgnored(_ text: String, y: Int, m: Int, d: Int) {
        #expect(DateParser.parse(text, near: Self.w50) == date(y, m, d))
    }

    @Test(arguments: [
        "2016-02-30", "2015-02-29", "2016-13-01", "2016-00-10", "2016-12-00", "2016-12-32",
        "20161313", "2016-12/13", "2016/12-13", "2016年12-13", "2016年12月", "2016-12",
        "13月1日", "2月30日", "12-32", "0-5", "161213", "016-12-13", "2016-123-1",
        "2016-12-13 9:30", "2016-12-13(周)", "2016-12-13(", "2016-12-13 周八",
        "下周二", "", "   ", "abc", "2016-12-13x", "12月13日至15日", "12.5.3", "2016",
        "201612130", "2016-12-13 2016-12-14",
    ])
    func rejects(_ text: String) {
        #expect(DateParser.parse(text, near: Self.w50) == nil)
    }

    @Test(arguments: [
        (1.0, 1900, 1, 1), (59.0, 1900, 2, 28), (61.0, 1900, 3, 1), (42717.0, 2016, 12, 13),
        (42717.75, 2016, 12, 13), (25569.0, 1970, 1, 1), (2958465.0, 9999, 12, 31),
        (42794.0, 2017, 2, 28), (42795.0, 2017, 3, 1),
    ])
    func excelSerial(_ serial: Double, y: Int, m: Int, d: Int) {
        #expect(DateParser.fromExcelSerial(serial) == date(y, m, d))
    }

    @Test(arguments: [60.0, 60.5, 0.0, 0.5, -1.0, 2958466.0, Double.nan, Double.infinity])
    func excelSerialRejects(_ serial: Double) {
        #expect(DateParser.fromExcelSerial(serial) == nil)
    }
}
