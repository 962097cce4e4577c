import Foundation

/// The reports for the readers beyond the leaders: each county centre's notice, the
/// security office's filing, the spot-check list, and each organization's receipt.
/// Pure: figures in, strings and bytes out.
public enum ReaderReports {
    static func time(_ a: ActivityLine) -> String {
        [a.start, a.end].compactMap { $0 }.joined(separator: "–")
    }

    // MARK: County notices

    /// What `notice.html.mustache` renders for one county. The table rows are not rendered
    /// by the template: `ActivityReportPass` writes them in place of `{{{rows}}}`, because
    /// swift-mustache costs about 27 µs per row (40 s for a 1.5M-activity week) against
    /// about 1 µs written directly, and a notice then never has to fit in memory.
    public struct NoticeView: Sendable {
        public var city: String
        public var county: String
        public var code: String
        public var week: String
        public var weekRange: String
        public var issue: Int
        public var generatedAt: String
        public var count: Int
        public var audience: Int
        public var hasItems: Bool
        public var largeThreshold: Int
        /// Renders as the marker the rows replace.
        public var rows: String = NoticeView.rowsMarker
        static let rowsMarker = "\u{E000}forecast-notice-rows\u{E000}"
    }

    static func noticeView(county: County, tally: Tally, figures f: WeeklyFigures, config: ForecastConfig,
                           generatedAt: String) -> NoticeView {
        NoticeView(city: config.city, county: county.name, code: county.code, week: f.week.description,
                   weekRange: SummaryView.range(f.week), issue: f.issue, generatedAt: generatedAt,
                   count: tally.activities, audience: tally.audience, hasItems: tally.activities > 0,
                   largeThreshold: config.largeAudience)
    }

    static func noticeDate(_ d: LocalDate) -> String {
        "\(d.month)月\(d.day)日 周\(SummaryView.weekdayNames[d.weekday - 1])"
    }

    static let noticeHeader = ["活动日期", "时间", "组织名称", "活动名称", "活动类别", "活动地点", "预计受众人数", "负责人", "联系电话", "提示"]

    // MARK: Security filing

    static let filingHeader = ["活动编号", "活动键", "组织名称", "统一社会信用代码", "活动名称", "活动类别", "活动日期", "开始时间", "结束时间",
                               "县区代码", "县区", "活动地点", "预计受众人数", "负责人", "联系电话", "备注", "状态", "报送文件", "文件SHA256"]

    /// The opening of `filing/activities.xml` (valid against `templates/filing.xsd`).
    static func filingXMLHead(figures f: WeeklyFigures, generatedAt: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<filing week=\"\(f.week)\" issue=\"\(f.issue)\" generated=\"\(BlankTemplates.escape(generatedAt))\" count=\"\(f.totals.activities)\">\n"
    }

    // MARK: Spot-check list

    static let checklistHeader = ["活动编号", "活动日期", "时间", "县区", "组织名称", "活动名称", "活动地点", "预计受众人数", "负责人", "联系电话",
                                  "抽查原因", "检查结果", "检查人", "录像编号"]

    // MARK: Receipts

    /// The receipts to write: one per submitting organization (or per file when no
    /// organization could be read from it), in first-received order, with its files.
    public static func receiptGroups(_ submissions: [Submission]) -> [(name: String, files: [Submission])] {
        var groups: [(name: String, files: [Submission])] = []
        var index: [String: Int] = [:]
        for s in submissions {
            let key = s.orgName.map(TextNormalizer.clean) ?? "文件-\((s.fileName as NSString).deletingPathExtension)"
            if let i = index[key] { groups[i].files.append(s) } else { index[key] = groups.count; groups.append((key, [s])) }
        }
        return groups
    }

    /// One organization's receipt: short enough for WeChat.
    static func receipt(name: String, files: [Submission], problems: [Problem], issue: Int, week: ForecastWeek) -> String {
        var lines = ["【活动周预报回执】\(name)", "第\(issue)期(\(week),\(SummaryView.range(week)))", ""]
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
