/// A column of the forecast sheet, as the contract names it (SPEC "Columns").
public enum Field: String, CaseIterable, Sendable, Codable {
    case org, creditCode = "credit_code", title, category, date, start, end
    case county, venue, audience, contact, phone, notes, status

    /// The field's place in `allCases`, without a lookup.
    var slot: Int {
        switch self {
        case .org: 0
        case .creditCode: 1
        case .title: 2
        case .category: 3
        case .date: 4
        case .start: 5
        case .end: 6
        case .county: 7
        case .venue: 8
        case .audience: 9
        case .contact: 10
        case .phone: 11
        case .notes: 12
        case .status: 13
        }
    }

    /// The header written in the blank template, in template order.
    public var templateHeader: String {
        switch self {
        case .org: return "组织名称"
        case .creditCode: return "统一社会信用代码"
        case .title: return "活动名称"
        case .category: return "活动类别"
        case .date: return "活动日期"
        case .start: return "开始时间"
        case .end: return "结束时间"
        case .county: return "县区"
        case .venue: return "活动地点"
        case .audience: return "预计受众人数"
        case .contact: return "负责人"
        case .phone: return "联系电话"
        case .notes: return "备注"
        case .status: return "状态"
        }
    }

    /// Every header accepted for this field (matched after NFKC, trimming and case folding).
    public var headers: [String] {
        switch self {
        case .org: return ["组织名称", "社会组织名称", "单位名称", "申报单位", "organization", "org"]
        case .creditCode: return ["统一社会信用代码", "信用代码", "credit_code"]
        case .title: return ["活动名称", "活动主题", "title", "activity"]
        case .category: return ["活动类别", "服务类别", "服务领域", "category"]
        case .date: return ["活动日期", "日期", "date"]
        case .start: return ["开始时间", "start", "start_time"]
        case .end: return ["结束时间", "end", "end_time"]
        case .county: return ["县区", "所属县区", "区县", "county", "district"]
        case .venue: return ["活动地点", "地点", "venue", "location"]
        case .audience: return ["预计受众人数", "受众人数", "预计人数", "参与人数", "audience"]
        case .contact: return ["负责人", "联系人", "contact"]
        case .phone: return ["联系电话", "电话", "手机", "phone"]
        case .notes: return ["备注", "notes"]
        case .status: return ["状态", "status"]
        }
    }

    /// Required columns: a sheet without one is refused; a row with it empty is rejected.
    public var isRequired: Bool {
        switch self {
        case .creditCode, .start, .end, .notes, .status: return false
        default: return true
        }
    }

    /// The columns of the blank template, in order (SPEC).
    public static let templateOrder: [Field] = [
        .org, .creditCode, .title, .category, .date, .start, .end,
        .county, .venue, .audience, .contact, .phone, .notes,
    ]
}
