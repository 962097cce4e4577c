/// Recognises counties and categories however sheets write them, per the config.
public struct ReferenceMatcher: Sendable {
    public let config: ForecastConfig
    private let countyByKey: [String: County]
    private let categoryByKey: [String: String]
    private let cityKey: String

    public init(config: ForecastConfig) {
        self.config = config
        cityKey = TextNormalizer.key(config.city)
        var counties: [String: County] = [:]
        for county in config.counties {
            var names = [county.code, county.name, county.short] + county.aliases
            if !county.pinyin.isEmpty {
                let p = county.pinyin
                names += [p, p + "qu", p + "xian", p + "district", p + "county", p + "shi"]
            }
            for name in names {
                let key = TextNormalizer.placeKey(name, city: config.city)
                if !key.isEmpty, counties[key] == nil { counties[key] = county }
            }
        }
        countyByKey = counties
        var categories: [String: String] = [:]
        for category in config.categories { categories[TextNormalizer.key(category)] = category }
        for (alias, target) in config.categoryAliases where categories[TextNormalizer.key(alias)] == nil {
            categories[TextNormalizer.key(alias)] = target
        }
        categoryByKey = categories
    }

    /// The county a cell names: full name, name without suffix, pinyin (any case, with or
    /// without Qu/Xian), GB/T 2260 code, with or without the city in front.
    public func county(_ text: String) -> County? {
        countyByKey[TextNormalizer.placeKey(text, cityKey: cityKey)]
    }

    /// The configured category a cell names, or nil when it is not a category or alias.
    public func category(_ text: String) -> String? {
        categoryByKey[TextNormalizer.key(text)]
    }
}
