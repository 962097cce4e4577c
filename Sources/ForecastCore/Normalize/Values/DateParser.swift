// Activity-date cells as organizations actually type them, plus Excel serial numbers.

/// Parses the date cell of a forecast sheet.
public enum DateParser {
    /// Parses a date cell; `week` (the forecast week of the run) resolves yearless dates.
    ///
    /// Accepted (spaces between tokens are ignored, full-width digits and punctuation too):
    /// - `2016-12-13` `2016/12/13` `2016.12.13` (one separator used twice), single-digit
    ///   month/day allowed (`2016-1-5`);
    /// - `2016年12月13日` / `2016年12月13号` (the final 日/号 may be left out);
    /// - `20161213`;
    /// - yearless `12月13日` `12月13号` `12-13` `12/13` `12.13`: the year (week-year − 1,
    ///   week-year or + 1) that puts the date nearest the week's Thursday; a tie goes to the
    ///   earlier year; `2月29日` with no leap year among the three is nil;
    /// - optionally followed by a weekday `周二` `星期二` `礼拜二` `(周二)` `（星期二）`, which is
    ///   ignored (not checked against the date), and/or a midnight time `0:00` / `00:00:00`,
    ///   which Excel appends when it saves a date cell as CSV.
    /// Anything else, or a date that does not exist, is nil.
    public static func parse(_ text: String, near week: ForecastWeek) -> LocalDate? {
        withScalarReader(text) { r in parse(&r, near: week) }
    }

    @inline(__always)
    static func isSeparator(_ s: UInt32) -> Bool {
        s == 0x2D || s == 0x2F || s == 0x2E          // - / .
    }

    static func parse(_ r: inout ScalarReader, near week: ForecastWeek) -> LocalDate? {
        guard let first = r.number(maxDigits: 8) else { return nil }
        let date: LocalDate?
        switch first.digits {
        case 8:
            date = LocalDate(year: first.value / 10_000, month: first.value / 100 % 100,
                             day: first.value % 100)
        case 4:
            guard let (month, day) = monthAndDay(&r) else { return nil }
            date = LocalDate(year: first.value, month: month, day: day)
        case 1, 2:
            // The first number was the month.
            guard let day = dayAfterMonth(&r) else { return nil }
            date = nearest(month: first.value, day: day, to: week)
        default:
            return nil
        }
        guard let found = date else { return nil }
        skipWeekday(&r)
        guard skipMidnight(&r), r.atEnd() else { return nil }
        return found
    }

    /// After the year: `sep M sep D` (same separator twice) or `年 M 月 D [日|号]`.
    static func monthAndDay(_ r: inout ScalarReader) -> (Int, Int)? {
        guard let sep = r.peek(), isSeparator(sep) || sep == Ch.nian else { return nil }
        r.advance()
        guard let month = r.number(maxDigits: 2) else { return nil }
        if sep == Ch.nian {
            guard r.eat(Ch.yue) else { return nil }
        } else {
            guard r.eat(sep) else { return nil }
        }
        guard let day = r.number(maxDigits: 2) else { return nil }
        if sep == Ch.nian { _ = r.eat(Ch.ri) || r.eat(Ch.hao) }
        return (month.value, day.value)
    }

    /// After a yearless month: `sep D` or `月 D [日|号]`.
    static func dayAfterMonth(_ r: inout ScalarReader) -> Int? {
        guard let sep = r.peek(), isSeparator(sep) || sep == Ch.yue else { return nil }
        r.advance()
        guard let day = r.number(maxDigits: 2) else { return nil }
        if sep == Ch.yue { _ = r.eat(Ch.ri) || r.eat(Ch.hao) }
        return day.value
    }

    /// The valid date with this month/day nearest the week's Thursday.
    static func nearest(month: Int, day: Int, to week: ForecastWeek) -> LocalDate? {
        guard month >= 1, month <= 12, day >= 1, day <= 31 else { return nil }
        let mid = week.mondayDays + 3
        var best: LocalDate?
        var bestDistance = Int.max
        for year in (week.year - 1)...(week.year + 1) {
            guard let candidate = LocalDate(year: year, month: month, day: day) else { continue }
            let distance = abs(candidate.daysSinceEpoch - mid)
            if distance < bestDistance {      // strict: a tie keeps the earlier year
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    /// Skips `[(] (周|星期|礼拜) X [)]` if present; a lone "(" without a weekday is left in
    /// place so the caller rejects the cell.
    static func skipWeekday(_ r: inout ScalarReader) {
        let saved = r.index
        let open = r.eat(0x28)                                       // (
        guard r.eat(Ch.zhou) || r.eat(Ch.xing, Ch.qi) || r.eat(Ch.lii, Ch.bai),
              let x = r.peek(), isWeekdayName(x)
        else {
            r.index = saved
            return
        }
        r.advance()
        if open && !r.eat(0x29) { r.index = saved }                  // )
    }

    @inline(__always)
    static func isWeekdayName(_ s: UInt32) -> Bool {
        switch s {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,  // 一二三四五六七
             Ch.ri, Ch.tian, 0x31...0x37:                            // 日 天 1-7
            return true
        default:
            return false
        }
    }

    /// Skips a trailing `0:00`, `00:00` or `00:00:00`; false when some other text follows
    /// that starts with a digit (a real time of day does not belong in a date cell).
    static func skipMidnight(_ r: inout ScalarReader) -> Bool {
        guard let c = r.peek(), ScalarReader.isDigit(c) else { return true }
        guard let h = r.number(maxDigits: 2), h.value == 0, r.eat(0x3A),
              let m = r.number(maxDigits: 2), m.digits == 2, m.value == 0
        else { return false }
        if r.eat(0x3A) {
            guard let s = r.number(maxDigits: 2), s.digits == 2, s.value == 0 else { return false }
        }
        return true
    }

    /// Converts an Excel serial day number (1900 date system) to a date.
    ///
    /// Excel counts 1900-01-01 as 1 and, copying Lotus 1-2-3, has a fictitious 1900-02-29
    /// as 60; that serial is nil (it names no real day). Serials from 61 on are shifted back
    /// by that extra day (61 = 1900-03-01, 42717 = 2016-12-13). The fraction (time of day)
    /// is ignored. Nil for NaN, infinities, values below 1 and beyond 9999-12-31 (2958465).
    public static func fromExcelSerial(_ serial: Double) -> LocalDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        // Int(_:) truncates, which is floor for positive values, and needs no libm.
        let n = Int(serial)
        if n == 60 { return nil }
        // 25569 is 1970-01-01 in Excel's numbering (after the fake leap day).
        return LocalDate(daysSinceEpoch: n > 60 ? n - 25_569 : n - 25_568)
    }
}
