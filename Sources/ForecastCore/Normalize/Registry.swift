/// An organization of the centre's registry (组织库).
public struct RegisteredOrg: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var creditCode: String?
    public var countyCode: String?
    public var category: String?
    /// A local organization, or one from outside the city.
    public var local: Bool
    public var active: Bool
    public var aliases: [String]

    public init(id: Int64 = 0, name: String, creditCode: String?, countyCode: String?, category: String?,
                local: Bool, active: Bool, aliases: [String]) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.countyCode = countyCode
        self.category = category
        self.local = local
        self.active = active
        self.aliases = aliases
    }
}

/// Matches the organization a sheet names to the registry: credit code, then normalized
/// name, then aliases (NFKC, full-width forms, the city and a county in front dropped).
public struct Registry: Sendable {
    public let orgs: [RegisteredOrg]
    private let byCode: [String: Int]
    private let byKey: [String: Int]

    public var isEmpty: Bool { orgs.isEmpty }

    public init(orgs: [RegisteredOrg], config: ForecastConfig) {
        self.orgs = orgs
        var byCode: [String: Int] = [:]
        var byKey: [String: Int] = [:]
        for (i, org) in orgs.enumerated() {
            if let code = org.creditCode { byCode[code] = i }
            for name in [org.name] + org.aliases {
                let key = Self.key(name, config: config)
                if !key.isEmpty, byKey[key] == nil { byKey[key] = i }
            }
        }
        self.byCode = byCode
        self.byKey = byKey
    }

    /// The matching key of an organization name: `雅安市` and a leading county or district
    /// name (full or short) dropped, then letters and digits only.
    public static func key(_ name: String, config: ForecastConfig) -> String {
        var key = TextNormalizer.placeKey(name, city: config.city)
        for county in config.counties {
            for prefix in [county.name, county.short] + county.aliases {
                let p = TextNormalizer.key(prefix)
                if !p.isEmpty, key.hasPrefix(p), key.count > p.count + 1 {
                    key = String(key.dropFirst(p.count))
                    return key
                }
            }
        }
        return key
    }

    /// The registered organization a sheet's name and credit code point to.
    public func match(name: String?, creditCode: String?, config: ForecastConfig) -> RegisteredOrg? {
        if let code = creditCode, let i = byCode[code] { return orgs[i] }
        if let name, let i = byKey[Self.key(name, config: config)] { return orgs[i] }
        return nil
    }
}
