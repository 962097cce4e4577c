import Foundation
@testable import ForecastCore

/// The per-activity outputs as plain String renderings: the reference `ReportPassTests`
/// holds `ActivityReportPass` to, byte for byte (the pass writes the same cells straight
/// from SQLite's bytes, for speed). Test code only: the program never renders these.
extension ReaderReports {
    static func countyName(_ code: String, _ config: ForecastConfig) -> String {
        config.county(code: code)?.name ?? code
    }

    /// Marks for an activity staff should look at: large audience, night hours.
    static func marks(_ a: ActivityLine, _ config: ForecastConfig, outliers: Set<Int64>) -> String {
        var out: [String] = []
        if a.audience >= config.largeAudience { out.append("大型活动") }
        if outliers.contains(a.id) { out.append("受众远高于该组织以往") }
        if a.isUnusualHour { out.append("夜间活动") }
        return out.joined(separator: "、")
    }

    /// One `<tr>` of a notice's table, every value escaped.
    static func noticeRow(_ a: ActivityLine, marks: String) -> String {
        let e = BlankTemplates.escape
        var row = marks.isEmpty ? "<tr>" : "<tr class=\"mark\">"
        row += "<td>\(noticeDate(a.date))</td><td>\(e(time(a)))</td><td>\(e(a.orgName))</td><td>\(e(a.title))"
        if !marks.isEmpty { row += "<br><span class=\"mark-label\">\(e(marks))</span>" }
        row += "</td><td>\(e(a.venue))</td><td class=\"n\">\(a.audience)</td><td>\(e(a.contact))<br>\(e(a.phone))</td></tr>\n"
        return row
    }

    static func noticeCells(_ a: ActivityLine, marks: String) -> [String] {
        [noticeDate(a.date), time(a), a.orgName, a.title, a.category, a.venue, "\(a.audience)", a.contact, a.phone, marks]
    }

    static func state(_ a: ActivityLine) -> String { a.revised ? "已修订" : "新报" }

    /// One row of `filing/activities.csv`: every field of an accepted activity.
    static func filingCells(_ a: ActivityLine, config: ForecastConfig) -> [String] {
        ["\(a.id)", a.key, a.orgName, a.creditCode ?? "", a.title, a.category, a.date.iso, a.start ?? "", a.end ?? "",
         a.countyCode, countyName(a.countyCode, config), a.venue, "\(a.audience)", a.contact, a.phone, a.notes,
         state(a), a.fileName, a.fileSHA256]
    }

    /// One `<activity>` of the filing XML.
    static func filingXMLActivity(_ a: ActivityLine, config: ForecastConfig) -> String {
        let e = BlankTemplates.escape
        var out = "  <activity id=\"\(a.id)\" state=\"\(a.revised ? "revised" : "new")\">\n"
        func field(_ tag: String, _ value: String) { out += "    <\(tag)>\(e(value))</\(tag)>\n" }
        field("key", a.key); field("organization", a.orgName); field("credit_code", a.creditCode ?? ""); field("title", a.title)
        field("category", a.category); field("date", a.date.iso); field("start", a.start ?? ""); field("end", a.end ?? "")
        field("county_code", a.countyCode); field("county", countyName(a.countyCode, config)); field("venue", a.venue)
        field("audience", "\(a.audience)"); field("contact", a.contact); field("phone", a.phone); field("notes", a.notes)
        out += "    <source file=\"\(e(a.fileName))\" sha256=\"\(a.fileSHA256)\"/>\n  </activity>\n"
        return out
    }

    static func checklistCells(_ a: ActivityLine, reason: String, config: ForecastConfig) -> [String] {
        ["\(a.id)", a.date.iso, time(a), countyName(a.countyCode, config), a.orgName, a.title, a.venue,
         "\(a.audience)", a.contact, a.phone, reason, "", "", ""]
    }
}
