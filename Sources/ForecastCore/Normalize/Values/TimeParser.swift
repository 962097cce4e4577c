// Start/end time cells: clock notation, Chinese 点/时 notation, day-period words, and a
// start–end range typed into one cell.

/// What a time cell held: one time, or a start and an end typed into the same cell.
public enum TimeCell: Equatable, Sendable {
    /// A single time (`9:00`, `下午2点半`).
    case single(TimeOfDay)
    /// Start and end from one cell (`14:30-16:00`); the end is not checked against the start
    /// here, because `end-before-start` is reported by the caller with the right field.
    case range(TimeOfDay, TimeOfDay)
}

/// Parses start/end time cells.
public enum TimeParser {
    /// Day-period prefixes and how they move the hour.
    enum Period {
        case none          // 24-hour as written
        case morning       // 上午 早上 早晨 早 清晨: 0…12 as written
        case smallHours    // 凌晨: 0…11 as written, 12 → 0
        case noon          // 中午: 1…5 → 13…17, 6…23 as written
        case afternoon     // 下午 午后: 1…11 → +12, 12…23 as written
        case evening       // 晚上 晚间 晚 傍晚 夜间 夜里 夜晚: 1…11 → +12, 13…23 as written
    }

    /// Parses a time cell, or returns nil.
    ///
    /// A part is `[period] clock`, where clock is `H:MM`, `H:MM:SS` (seconds dropped) or
    /// `H点|时` followed by nothing, `整`, `半` or `M[分]` (`点钟` also works). A range is
    /// `part sep part` with sep `-` `~` `—` `–` `―` `−` `〜` (repeated dashes like `——` too),
    /// `至` or `到`. A period on the first part carries to the second when the second has
    /// none (`下午2点-4点` = 14:00–16:00). Hours after adjustment must be 0…23 (`24:00`,
    /// `晚上12点`, `上午14点` are nil); minutes 0…59.
    public static func parse(_ text: String) -> TimeCell? {
        withScalarReader(text) { r -> TimeCell? in
            guard let (period, start) = part(&r, inherited: .none) else { return nil }
            if r.atEnd() { return .single(start) }
            guard rangeSeparator(&r), let (_, end) = part(&r, inherited: period), r.atEnd()
            else { return nil }
            return .range(start, end)
        }
    }

    /// Converts the fractional part of an Excel date/time serial to a time of day, as XLSX
    /// time cells hold it (0.375 = 09:00). Rounded to the nearest second first, because
    /// binary fractions like 0.6041666… (14:30) land a hair below the minute; seconds are
    /// then dropped as Excel's `h:mm` display does. Nil for NaN, infinities, negatives and 1e12 or more.
    public static func fromExcelFraction(_ value: Double) -> TimeOfDay? {
        // Bounded so Int(_:) cannot trap; truncation of a non-negative value is floor,
        // and +0.5 then truncation is rounding (no libm needed).
        guard value.isFinite, value >= 0, value < 1e12 else { return nil }
        let fraction = value - Double(Int(value))
        let seconds = Int(fraction * 86_400 + 0.5)
        return TimeOfDay(minutes: (seconds / 60) % 1440)
    }

    static func rangeSeparator(_ r: inout ScalarReader) -> Bool {
        guard let s = r.peek() else { return false }
        if s == Ch.zhi || s == Ch.dao {
            r.advance()
            return true
        }
        guard isDash(s) else { return false }
        r.advance()
        while let t = r.peek(), isDash(t) { r.advance() }
        return true
    }

    @inline(__always)
    static func isDash(_ s: UInt32) -> Bool {
        switch s {
        case 0x2D, 0x7E, 0x2013, 0x2014, 0x2015, 0x2212, 0x301C: return true  // - ~ – — ― − 〜
        default: return false
        }
    }

    /// Reads a day-period word, `.none` when there is none; nil when a word is started but
    /// not finished (`上9点`).
    static func period(_ r: inout ScalarReader) -> Period? {
        guard let s = r.peek() else { return Period.none }
        switch s {
        case Ch.shang:
            r.advance(); return r.eat(Ch.wu) ? .morning : nil
        case Ch.xia:
            r.advance(); return r.eat(Ch.wu) ? .afternoon : nil
        case Ch.zhong1:
            r.advance(); return r.eat(Ch.wu) ? .noon : nil
        case Ch.ling:
            r.advance(); return r.eat(Ch.chen) ? .smallHours : nil
        case Ch.qing:
            r.advance(); return r.eat(Ch.chen) ? .morning : nil
        case Ch.bang:
            r.advance(); return r.eat(Ch.wan) ? .evening : nil
        case Ch.wu:
            r.advance(); return r.eat(Ch.hou) ? .afternoon : nil
        case Ch.zao:
            r.advance()
            _ = r.eat(Ch.shang) || r.eat(Ch.chen)
            return .morning
        case Ch.wan:
            r.advance()
            _ = r.eat(Ch.shang) || r.eat(Ch.jian)
            return .evening
        case Ch.ye:
            r.advance()
            return r.eat(Ch.jian) || r.eat(Ch.li) || r.eat(Ch.wan) ? .evening : nil
        default:
            return Period.none
        }
    }

    /// `[period] clock`; returns the period in force (own or inherited) and the time.
    static func part(_ r: inout ScalarReader, inherited: Period) -> (Period, TimeOfDay)? {
        guard var p = period(&r) else { return nil }
        if case .none = p { p = inherited }
        guard let h = r.number(maxDigits: 2) else { return nil }
        var minute = 0
        if r.eat(0x3A) {                                            // ":"
            guard let m = r.number(maxDigits: 2), m.digits == 2 else { return nil }
            minute = m.value
            if r.eat(0x3A) {
                guard let sec = r.number(maxDigits: 2), sec.digits == 2, sec.value <= 59
                else { return nil }
            }
        } else if r.eat(Ch.dian) || r.eat(Ch.shi) {
            _ = r.eat(Ch.zhong)                                     // 点钟
            if r.eat(Ch.ban) {
                minute = 30
            } else if r.eat(Ch.zheng) {
                minute = 0
            } else if let c = r.peek(), ScalarReader.isDigit(c) {
                guard let m = r.number(maxDigits: 2) else { return nil }
                minute = m.value
                _ = r.eat(Ch.fen)
            }
        } else {
            return nil
        }
        guard let hour = adjust(hour: h.value, for: p),
              let time = TimeOfDay(hour: hour, minute: minute)
        else { return nil }
        return (p, time)
    }

    /// Applies the day period to a written hour; nil when the combination names no time.
    static func adjust(hour h: Int, for period: Period) -> Int? {
        switch period {
        case .none:
            return h
        case .morning:
            return h <= 12 ? h : nil                 // 上午12点 is read as noon
        case .smallHours:
            return h == 12 ? 0 : (h <= 11 ? h : nil)
        case .noon:
            if h == 0 { return nil }
            return h <= 5 ? h + 12 : h               // 中午1点 = 13:00, 中午12点 = 12:00
        case .afternoon:
            if h == 0 { return nil }
            return h <= 11 ? h + 12 : h              // 下午12:30 stays 12:30
        case .evening:
            if h == 0 || h == 12 { return nil }      // 晚上12点 is midnight: enter 23:59
            return h <= 11 ? h + 12 : h
        }
    }
}
