import Foundation

/// `forecast generate`: realistic synthetic sheets for a week, deterministic for a seed —
/// for load tests and the benchmark. Mixed encodings and formats (UTF-8 CSV with BOM, GBK
/// CSV with a title row, UTF-16 tab-separated text, Forecast XML), the value forms of SPEC,
/// about 3% bad rows, about 5% repeated activities, credit codes with valid check characters.
public struct SheetGenerator {
    public var orgs: Int
    public var rowsPerOrg: Int
    public var week: ForecastWeek
    public var seed: UInt64
    /// Only comma-separated sheets (UTF-8 with BOM, and GBK with a title row): the part the
    /// benchmark's pandas and DuckDB peers read.
    public var csvOnly: Bool

    public init(orgs: Int, rowsPerOrg: Int, week: ForecastWeek, seed: UInt64, csvOnly: Bool = false) {
        self.orgs = orgs
        self.rowsPerOrg = rowsPerOrg
        self.week = week
        self.seed = seed
        self.csvOnly = csvOnly
    }

    /// A small deterministic generator (SplitMix64): the same seed gives the same sheets.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
        mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    }

    static let kinds = ["社会工作服务中心", "志愿者协会", "青少年发展促进会", "老年人协会", "社区营造服务中心", "应急救援志愿者协会", "农村实用技术培训协会"]
    static let titles = ["社区老人健康讲座", "青少年周末课堂", "防灾减灾应急演练", "妇女手工编织技能培训", "困境儿童入户探访",
                         "居家养老服务志愿者培训", "村民议事能力提升培训", "禁毒知识宣讲进校园", "亲子阅读会", "电商技能培训"]
    static let venues = ["文化站", "社区活动中心", "村委会", "中心小学", "图书馆", "老年活动室"]
    static let contacts = ["王芳", "李强", "张敏", "陈晓东", "杨帆", "赵敏", "罗建"]

    /// File name → bytes and received time, in file-name order.
    public func files(config: ForecastConfig) -> [(name: String, bytes: Data, received: Date)] {
        var out: [(name: String, bytes: Data, received: Date)] = []
        forEachFile(config: config) { out.append(($0, $1, $2)) }
        return out
    }

    /// Hands each file (name, bytes, received time) to `body` as it is made, in file-name
    /// order, so a 1.5M-row inbox never sits in memory whole.
    public func forEachFile(config: ForecastConfig, _ body: (String, Data, Date) throws -> Void) rethrows {
        var rng = Random(state: seed)
        let time = CentreTime(identifier: config.timeZone)
        let deadline = time.deadline(for: week, rule: config.deadline)
        for o in 0..<orgs {
            let county = config.counties[o % config.counties.count]
            let name = "\(config.city)\(county.name)第\(o + 1)\(rng.pick(Self.kinds))"
            let first17 = "5151" + String(county.code.suffix(4)) + "MJ" + String(format: "%07d", (o * 7919 + Int(seed % 9973)) % 10_000_000)
            let code = first17 + String(CreditCode.checkCharacter(for: first17) ?? "0")
            var rows: [[String]] = []
            for r in 0..<rowsPerOrg {
                let day = week.days[rng.below(7)]
                let start = 8 + rng.below(11)
                var row = [name, code, "\(rng.pick(Self.titles))(\(r + 1))", rng.pick(config.categories),
                           dateText(day, &rng), timeText(start, &rng), String(format: "%02d:30", start + 1),
                           countyText(county, &rng), "\(county.short)\(rng.pick(Self.venues))", audienceText(&rng),
                           rng.pick(Self.contacts), "139\(String(format: "%08d", rng.below(100_000_000)))", ""]
                if rng.chance(0.03) {   // a bad row: one of the row-level problems
                    switch rng.below(3) {
                    case 0: row[4] = "2016-13-45"
                    case 1: row[7] = "成都市武侯区"
                    default: row[10] = ""
                    }
                }
                rows.append(row)
                if rng.chance(0.05) { rows.append(row) }   // the same activity again
            }
            let received = deadline.addingTimeInterval(-Double(3600 * 24 * 3) + Double(o * 97 % 200_000))
            let stem = String(format: "%05d-", o + 1) + name
            let kind = csvOnly ? o % 10 % 7 : o % 10
            let (ext, bytes): (String, Data)
            switch kind {
            case 0...4: (ext, bytes) = (".csv", csv(rows, bom: true))
            case 5, 6: (ext, bytes) = (".csv", gbk(rows, title: "\(config.city)社会组织活动周预报表"))
            case 7, 8: (ext, bytes) = (".txt", utf16(rows))
            default: (ext, bytes) = (".xml", xml(rows, name: name, code: code))
            }
            try body(stem + ext, bytes, received)
            if rng.chance(0.01) { try body(stem + "-重发" + ext, bytes, received + 60) }   // sent twice
        }
    }

    func dateText(_ d: LocalDate, _ rng: inout Random) -> String {
        switch rng.below(5) {
        case 0: return "\(d.year)/\(d.month)/\(d.day)"
        case 1: return "\(d.year)年\(d.month)月\(d.day)日"
        case 2: return "\(d.month)月\(d.day)日"
        default: return d.iso
        }
    }

    func timeText(_ hour: Int, _ rng: inout Random) -> String {
        switch rng.below(4) {
        case 0: return hour < 12 ? "上午\(hour)点" : hour == 12 ? "中午12点" : "下午\(hour - 12)点"
        default: return String(format: "%02d:00", hour)
        }
    }

    func countyText(_ c: County, _ rng: inout Random) -> String {
        rng.pick([c.name, c.name, c.short, c.code, c.pinyin])
    }

    func audienceText(_ rng: inout Random) -> String {
        let n = 10 + rng.below(rng.chance(0.01) ? 900 : 150)
        return rng.pick(["\(n)", "\(n)", "约\(n)人", "\(n)人次"])
    }

    static let header = Field.templateOrder.map(\.templateHeader)

    func text(_ rows: [[String]], separator: String, title: String? = nil) -> String {
        var lines = title.map { [$0] } ?? []
        lines.append(Self.header.joined(separator: separator))
        lines += rows.map { $0.map { CSVWriter.cell($0) }.joined(separator: separator) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func csv(_ rows: [[String]], bom: Bool) -> Data {
        Data((bom ? "\u{FEFF}" : "").utf8) + Data(text(rows, separator: ",").utf8)
    }

    /// GB18030 bytes through iconv, as Excel on Chinese Windows saves them.
    func gbk(_ rows: [[String]], title: String) -> Data {
        let utf8 = Array(text(rows, separator: ",", title: title).utf8)
        var out: [UInt8] = []
        guard let converter = try? Transcoder(from: "UTF-8", to: "GB18030"),
              (try? utf8.withUnsafeBytes { try converter.convert($0, last: true, into: &out) }) != nil else {
            return csv(rows, bom: true)
        }
        return Data(out)
    }

    func utf16(_ rows: [[String]]) -> Data {
        Data([0xFF, 0xFE]) + (text(rows, separator: "\t").data(using: .utf16LittleEndian) ?? Data())
    }

    func xml(_ rows: [[String]], name: String, code: String) -> Data {
        let e = BlankTemplates.escape
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<forecast week=\"\(week)\" version=\"1\">\n"
        s += "  <organization code=\"\(code)\">\(e(name))</organization>\n"
        let tags = ["title", "category", "date", "start", "end", "county", "venue", "audience", "contact", "phone", "notes"]
        for row in rows {
            s += "  <activity>" + zip(tags, row[2...]).map { "<\($0)>\(e($1))</\($0)>" }.joined() + "</activity>\n"
        }
        return Data((s + "</forecast>\n").utf8)
    }
}
