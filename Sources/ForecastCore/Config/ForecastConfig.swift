/// A county or district of the city, as the sheets may name it.
public struct County: Sendable, Codable, Equatable {
    /// GB/T 2260 code, e.g. "511802".
    public var code: String
    /// Full name, e.g. "雨城区".
    public var name: String
    /// Name without its suffix, e.g. "雨城".
    public var short: String
    /// Pinyin of the short name, e.g. "Yucheng".
    public var pinyin: String
    /// Other names it goes by (a former name such as "名山县").
    public var aliases: [String]

    public init(code: String, name: String, short: String, pinyin: String, aliases: [String] = []) {
        self.code = code
        self.name = name
        self.short = short
        self.pinyin = pinyin
        self.aliases = aliases
    }
}

/// When sheets for a week are due: a weekday and time in the week before it.
public struct DeadlineRule: Sendable, Codable, Equatable {
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// Minutes after midnight.
    public var minutes: Int
    /// How many weeks before the forecast week; 1 = the week before.
    public var weeksBefore: Int
}

/// Everything a centre can set in `forecast.toml`; the built-in default is Ya'an's.
public struct ForecastConfig: Sendable, Equatable {
    public var city: String
    public var counties: [County]
    public var categories: [String]
    /// Alias → configured category.
    public var categoryAliases: [String: String]
    /// The category an unknown one is counted under.
    public var fallbackCategory: String
    /// IANA time zone of the centre.
    public var timeZone: String
    public var deadline: DeadlineRule
    /// An activity with at least this expected audience is a large event.
    public var largeAudience: Int
    /// A file modified less than this many seconds ago is left for the next run.
    public var settleSeconds: Int
    /// Issue numbers continue from this (a series that started on paper).
    public var issueOffset: Int
    /// Files larger than this are refused as `file-too-large`.
    public var maxFileBytes: Int
    /// Rows, columns and cell size a sheet may have.
    public var sheetLimits: SheetLimits
    /// Share of the week's activities sampled for video spot-checks (at least one per county).
    public var supervisionRate: Double

    /// The Ya'an reference data of SPEC.
    public static let yaan = ForecastConfig(
        city: "雅安市",
        counties: [
            County(code: "511802", name: "雨城区", short: "雨城", pinyin: "Yucheng"),
            County(code: "511803", name: "名山区", short: "名山", pinyin: "Mingshan", aliases: ["名山县"]),
            County(code: "511822", name: "荥经县", short: "荥经", pinyin: "Yingjing"),
            County(code: "511823", name: "汉源县", short: "汉源", pinyin: "Hanyuan"),
            County(code: "511824", name: "石棉县", short: "石棉", pinyin: "Shimian"),
            County(code: "511825", name: "天全县", short: "天全", pinyin: "Tianquan"),
            County(code: "511826", name: "芦山县", short: "芦山", pinyin: "Lushan"),
            County(code: "511827", name: "宝兴县", short: "宝兴", pinyin: "Baoxing"),
        ],
        categories: ["弱势群体关怀", "社区发展", "灾害管理", "生计发展", "青少年服务", "健康扶助", "咨询评估", "其他"],
        categoryAliases: [
            "弱势群体": "弱势群体关怀", "关爱弱势群体": "弱势群体关怀",
            "社区": "社区发展", "社区建设": "社区发展",
            "防灾减灾": "灾害管理", "应急管理": "灾害管理",
            "生计": "生计发展", "技能培训": "生计发展",
            "青少年": "青少年服务", "儿童青少年": "青少年服务",
            "健康": "健康扶助", "医疗健康": "健康扶助",
            "咨询": "咨询评估", "评估": "咨询评估",
            "其它": "其他",
        ],
        fallbackCategory: "其他",
        timeZone: "Asia/Shanghai",
        deadline: DeadlineRule(weekday: 5, minutes: 18 * 60, weeksBefore: 1),
        largeAudience: 500,
        settleSeconds: 10,
        issueOffset: 0,
        maxFileBytes: 20 * 1024 * 1024,
        sheetLimits: SheetLimits(),
        supervisionRate: 0.1
    )

    /// The county with this GB/T 2260 code.
    public func county(code: String) -> County? {
        counties.first { $0.code == code }
    }
}
