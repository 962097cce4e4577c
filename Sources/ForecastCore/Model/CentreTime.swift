import Foundation

/// Instants seen in the centre's time zone: local dates, weeks, deadlines and ISO text.
///
/// Arithmetic on the zone's offset instead of `Calendar`/`DateFormatter`, which are slow on
/// Linux; called per file and per run, never per row.
public struct CentreTime: Sendable {
    public let zone: TimeZone

    public init(identifier: String) {
        zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    private func offset(at date: Date) -> Int { zone.secondsFromGMT(for: date) }

    /// The local calendar date of an instant.
    public func localDate(of date: Date) -> LocalDate {
        let local = Int(floor(date.timeIntervalSince1970)) + offset(at: date)
        return LocalDate(daysSinceEpoch: Int(floor(Double(local) / 86400)))
    }

    /// The ISO week an instant falls in, locally.
    public func week(of date: Date) -> ForecastWeek {
        ForecastWeek(containing: localDate(of: date))
    }

    /// The instant of a local date and time of day.
    public func instant(_ date: LocalDate, minutes: Int) -> Date {
        let local = Double(date.daysSinceEpoch * 86400 + minutes * 60)
        let guess = Date(timeIntervalSince1970: local - Double(offset(at: Date(timeIntervalSince1970: local))))
        return Date(timeIntervalSince1970: local - Double(offset(at: guess)))
    }

    /// When sheets for `week` are due (default: Friday 18:00 of the week before).
    public func deadline(for week: ForecastWeek, rule: DeadlineRule) -> Date {
        let day = week.monday.adding(days: -7 * rule.weeksBefore + rule.weekday - 1)
        return instant(day, minutes: rule.minutes)
    }

    /// "2016-12-10T09:00:00+08:00".
    public func iso(_ date: Date) -> String {
        let off = offset(at: date)
        let local = Int(floor(date.timeIntervalSince1970)) + off
        let day = LocalDate(daysSinceEpoch: Int(floor(Double(local) / 86400)))
        let secs = local - day.daysSinceEpoch * 86400
        let sign = off < 0 ? "-" : "+"
        let a = abs(off)
        return "\(day.iso)T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))\(sign)\(two(a / 3600)):\(two(a / 60 % 60))"
    }

    /// Short local form for people: "2016-12-09 20:15".
    public func display(_ date: Date) -> String {
        let text = iso(date)
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// Parses `--now`: ISO 8601 with an offset (fractional seconds allowed), or a local
    /// date-time or date without one. Through FoundationEssentials' format style, which is
    /// Swift: `ISO8601DateFormatter` sets up an ICU formatter first, 2.1 ms against 0.7 ms
    /// (10 M instructions) once per process, on the way to the first file.
    public func parse(_ text: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle().parse(text) { return d }
        // Local forms: 2016-12-10T09:00[:00] or 2016-12-10
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let first = parts.first, let day = LocalDate.parseISO(String(first)) else { return nil }   // `--now ""` too
        var minutes = 0
        if parts.count == 2 {
            let hm = parts[1].split(separator: ":")
            guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            minutes = h * 60 + m
        }
        return instant(day, minutes: minutes)
    }

    private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
