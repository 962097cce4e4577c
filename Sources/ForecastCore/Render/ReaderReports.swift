import Foundation
import Mustache

/// The reports for the readers beyond the leaders: each county centre's notice, the
/// security office's filing, the spot-check list, and each organization's receipt.
/// Pure: figures in, strings and bytes out.
public enum ReaderReports {
    static func countyName(_ code: String, _ config: ForecastConfig) -> String {
        config.county(code: code)?.name ?? code
    }

    static func time(_ a: ActivityLine) -> String {
        [a.start, a.end].compactMap { $0 }.joined(separator: "–")
    }

    // MARK: County notices

    /// What `notice.html.mustache` renders for one county.
    public struct NoticeView: Sendable {
        public struct Item: Sendable {
            public var date: String
            public var time: String
            public var org: String
            public var title: String
            public var category: String
            public var venue: String
            public var audience: Int
            public var contact: String
            public var phone: String
            public var marks: String
            public var isMarked: Bool
        }
        public var city: String
        public var county: String
        public var code: String
        public var week: String
        public var weekRange: String
        public var issue: Int
        public var generatedAt: String
        public var count: Int
        public var audience: Int
        public var items: [Item]
        public var hasItems: Bool
        public var largeThreshold: Int
    }

    /// Marks for an activity staff should look at: large audience, night hours.
    static func marks(_ a: ActivityLine, _ config: ForecastConfig, outliers: Set<Int64>) -> String {
        var out: [String] = []
        if a.audience >= config.largeAudience { out.append("大型活动") }
        if outliers.contains(a.id) { out.append("受众远高于该组织以往") }
        if a.isUnusualHour { out.append("夜间活动") }
        return out.joined(separator: "、")
    }

    public static func notice(county: County, activities: [ActivityLine], figures f: WeeklyFigures,
                              config: ForecastConfig, generatedAt: String, outliers: Set<Int64> = []) -> NoticeView {
        let mine = activities.filter { $0.countyCode == county.code }
        let items = mine.map { a in
            let m = marks(a, config, outliers: outliers)
            return NoticeView.Item(date: "\(a.date.month)月\(a.date.day)日 周\(SummaryView.weekdayNames[a.date.weekday - 1])",
                                   time: time(a), org: a.orgName, title: a.title, category: a.category, venue: a.venue,
                                   audience: a.audience, contact: a.contact, phone: a.phone, marks: m, isMarked: !m.isEmpty)
        }
        return NoticeView(city: config.city, county: county.name, code: county.code, week: f.week.description,
                          weekRange: SummaryView.range(f.week), issue: f.issue, generatedAt: generatedAt,
                          count: mine.count, audience: mine.reduce(0) { $0 + $1.audience }, items: items,
                          hasItems: !items.isEmpty, largeThreshold: config.largeAudience)
    }

    /// A county's notice as a table.
    public static func noticeCSV(_ view: NoticeView) -> Data {
        CSVWriter.render(
            header: ["活动日期", "时间", "组织名称", "活动名称", "活动类别", "活动地点", "预计受众人数", "负责人", "联系电话", "提示"],
            rows: view.items.map { [$0.date, $0.time, $0.org, $0.title, $0.category, $0.venue, "\($0.audience)", $0.contact, $0.phone, $0.marks] })
    }

    // MARK: Security filing

    static let filingHeader = ["活动编号", "活动键", "组织名称", "统一社会信用代码", "活动名称", "活动类别", "活动日期", "开始时间", "结束时间",
                               "县区代码", "县区", "活动地点", "预计受众人数", "负责人", "联系电话", "备注", "状态", "报送文件", "文件SHA256"]

    static func state(_ a: ActivityLine) -> String { a.revised ? "已修订" : "新报" }

    /// `filing/activities.csv`: every accepted activity of the week with every field.
    public static func filingCSV(_ activities: [ActivityLine], config: ForecastConfig) -> Data {
        CSVWriter.render(header: filingHeader, rows: activities.map { a in
            ["\(a.id)", a.key, a.orgName, a.creditCode ?? "", a.title, a.category, a.date.iso, a.start ?? "", a.end ?? "",
             a.countyCode, countyName(a.countyCode, config), a.venue, "\(a.audience)", a.contact, a.phone, a.notes,
             state(a), a.fileName, a.fileSHA256]
        })
    }

    /// `filing/activities.xml`, valid against `templates/filing.xsd`.
    public static func filingXML(_ activities: [ActivityLine], figures f: WeeklyFigures, config: ForecastConfig,
                                 generatedAt: String) -> Data {
        let e = BlankTemplates.escape
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<filing week=\"\(f.week)\" issue=\"\(f.issue)\" generated=\"\(e(generatedAt))\" count=\"\(activities.count)\">\n"
        for a in activities {
            out += "  <activity id=\"\(a.id)\" state=\"\(a.revised ? "revised" : "new")\">\n"
            let fields: [(String, String)] = [
                ("key", a.key), ("organization", a.orgName), ("credit_code", a.creditCode ?? ""), ("title", a.title),
                ("category", a.category), ("date", a.date.iso), ("start", a.start ?? ""), ("end", a.end ?? ""),
                ("county_code", a.countyCode), ("county", countyName(a.countyCode, config)), ("venue", a.venue),
                ("audience", "\(a.audience)"), ("contact", a.contact), ("phone", a.phone), ("notes", a.notes),
            ]
            for (tag, value) in fields { out += "    <\(tag)>\(e(value))</\(tag)>\n" }
            out += "    <source file=\"\(e(a.fileName))\" sha256=\"\(a.fileSHA256)\"/>\n"
            out += "  </activity>\n"
        }
        out += "</filing>\n"
        return Data(out.utf8)
    }

    // MARK: Spot-check list

    /// `supervision/checklist.csv`, with blank columns for the result.
    public static func checklist(_ sample: SupervisionSample, config: ForecastConfig) -> Data {
        CSVWriter.render(
            header: ["活动编号", "活动日期", "时间", "县区", "组织名称", "活动名称", "活动地点", "预计受众人数", "负责人", "联系电话",
                     "抽查原因", "检查结果", "检查人", "录像编号"],
            rows: sample.picks.map { p in
                let a = p.activity
                return ["\(a.id)", a.date.iso, time(a), countyName(a.countyCode, config), a.orgName, a.title, a.venue,
                        "\(a.audience)", a.contact, a.phone, p.reason, "", "", ""]
            })
    }

    // MARK: Receipts

    /// One receipt per submitting organization (or per file when no organization could be
    /// read from it): file name stem → text short enough for WeChat.
    public static func receipts(_ submissions: [Submission], figures f: WeeklyFigures) -> [(String, String)] {
        var groups: [(String, [Submission])] = []
        for s in submissions {
            let key = s.orgName.map(TextNormalizer.clean) ?? "文件-\((s.fileName as NSString).deletingPathExtension)"
            if let i = groups.firstIndex(where: { $0.0 == key }) { groups[i].1.append(s) } else { groups.append((key, [s])) }
        }
        return groups.map { name, files in (SafeName.make(name), receipt(name: name, files: files, figures: f)) }
    }

    static func receipt(name: String, files: [Submission], figures f: WeeklyFigures) -> String {
        var lines = ["【活动周预报回执】\(name)", "第\(f.issue)期(\(f.week),\(SummaryView.range(f.week)))", ""]
        let accepted = files.reduce(0) { $0 + $1.rowsAccepted }
        let audience = files.reduce(0) { $0 + $1.audience }
        let received = files.map { s -> String in
            switch s.outcome {
            case .ingested: return "\(s.fileName)(已接收)"
            case .duplicate: return "\(s.fileName)(重复文件,未重复统计)"
            case .rejected: return "\(s.fileName)(未接收)"
            }
        }
        lines.append("收到文件:\(received.joined(separator: "、"))")
        lines.append("已接收 \(accepted) 行活动预报,预计受众 \(audience) 人次。")
        let problems = files.flatMap(\.problems)
        func entry(_ p: Problem) -> String {
            let at = p.row.map { "第\($0)行" } ?? "整个文件"
            return "- \(p.file) \(at):\(p.message)"
        }
        let mustFix = problems.filter { $0.level == .file || $0.level == .row }
        if !mustFix.isEmpty {
            lines += ["", "未接收,请修改后重新报送(\(mustFix.count) 处):"] + mustFix.map(entry)
        }
        let warnings = problems.filter { $0.level == .warning }
        if !warnings.isEmpty {
            lines += ["", "已接收,但请更正或留意(\(warnings.count) 处):"] + warnings.map(entry)
        }
        if mustFix.isEmpty && warnings.isEmpty { lines += ["", "全部接收,没有需要更正的问题。谢谢!"] }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Field lookup by name instead of `Mirror`: a notice can list thousands of activities, and
/// Mirror-based lookup took 43% of a 100k-row run (swift-mustache's `MustacheParent`).
extension ReaderReports.NoticeView.Item: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": return date
        case "time": return time
        case "org": return org
        case "title": return title
        case "category": return category
        case "venue": return venue
        case "audience": return audience
        case "contact": return contact
        case "phone": return phone
        case "marks": return marks
        case "isMarked": return isMarked
        default: return nil
        }
    }
}
