import Foundation

/// Who reported for a week (DHIS2's reporting rate and reporting rate on time): expected =
/// active registered organizations; reported = those with an ingested sheet that had at
/// least one accepted row or no rows at all (an explicit "no activities" sheet); on time =
/// reported before the week's deadline.
public struct Completeness: Sendable, Equatable {
    public var expected = 0
    public var reported = 0
    public var onTime = 0
    /// Active registered organizations with no sheet, by county (config order; no county last).
    public var missingByCounty: [(county: String, orgs: [String])] = []
    /// Organizations that sent sheets but are not in the registry (to register or alias).
    public var unregistered: [String] = []

    public static func == (a: Completeness, b: Completeness) -> Bool {
        a.expected == b.expected && a.reported == b.reported && a.onTime == b.onTime
            && a.missingByCounty.map(\.county) == b.missingByCounty.map(\.county)
            && a.missingByCounty.map(\.orgs) == b.missingByCounty.map(\.orgs) && a.unregistered == b.unregistered
    }

    public init() {}

    public init(registry: Registry, submissions: [Submission], deadline: Date, config: ForecastConfig) {
        let active = registry.orgs.filter(\.active)
        expected = active.count
        var firstReport: [Int64: Double] = [:]
        var unregistered: [String] = []
        for s in submissions where s.outcome == .ingested && (s.rowsAccepted > 0 || s.rowsRead == 0) {
            guard let org = registry.match(name: s.orgName, creditCode: s.creditCode, config: config) else {
                if let name = s.orgName, !unregistered.contains(name) { unregistered.append(name) }
                continue
            }
            firstReport[org.id] = min(firstReport[org.id] ?? .infinity, s.receivedEpoch)
        }
        reported = active.filter { firstReport[$0.id] != nil }.count
        onTime = active.filter { (firstReport[$0.id] ?? .infinity) <= deadline.timeIntervalSince1970 }.count
        let missing = active.filter { firstReport[$0.id] == nil }
        var groups: [(String, [String])] = config.counties.compactMap { county in
            let names = missing.filter { $0.countyCode == county.code }.map(\.name)
            return names.isEmpty ? nil : (county.name, names)
        }
        let elsewhere = missing.filter { o in !config.counties.contains { $0.code == o.countyCode } }.map(\.name)
        if !elsewhere.isEmpty { groups.append(("未填县区", elsewhere)) }
        missingByCounty = groups
        self.unregistered = registry.isEmpty ? [] : unregistered
    }

    /// Reported ÷ expected, as a whole percentage (0 when nothing is expected).
    public var rate: Int { expected > 0 ? Int((Double(reported) * 100 / Double(expected)).rounded()) : 0 }
    public var onTimeRate: Int { expected > 0 ? Int((Double(onTime) * 100 / Double(expected)).rounded()) : 0 }
}
