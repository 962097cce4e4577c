import Foundation

/// The week's video spot-check sample: deterministic from the week and the store, at least
/// one activity per county that has any, about `rate` of all, weighted towards large
/// audiences and organizations not checked in the last four weeks.
public struct SupervisionSample: Sendable {
    public struct Pick: Sendable, Equatable {
        public var activity: ActivityLine
        /// Why it was picked, in Chinese, for the checker.
        public var reason: String
    }

    public var picks: [Pick]

    /// FNV-1a, 64-bit: a hash that is the same in every process (Swift's `Hasher` is seeded
    /// per process, which would change the sample from run to run).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    public init(week: ForecastWeek, activities: [ActivityLine], orgOf: [Int64: String],
                lastChecked: [String: ForecastWeek], rate: Double, largeAudience: Int) {
        func notRecentlyChecked(_ a: ActivityLine) -> Bool {
            guard let org = orgOf[a.id], let last = lastChecked[org] else { return true }
            return last < week.adding(weeks: -4)
        }
        // Efraimidis–Spirakis weighted sampling: key = u^(1/w), largest keys win.
        func key(_ a: ActivityLine) -> Double {
            let u = (Double(Self.fnv1a("\(week)|\(a.key)") >> 11) + 0.5) / Double(1 << 53)
            var w = 1.0 + Double(min(a.audience, 5_000)) / 100
            if notRecentlyChecked(a) { w += 2 }
            return Foundation.pow(u, 1 / w)
        }
        let ranked = activities.map { ($0, key($0)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.key < $1.0.key }
        var chosen: [Int64: String] = [:]
        var order: [ActivityLine] = []
        for (a, _) in ranked where !order.contains(where: { $0.countyCode == a.countyCode }) {
            chosen[a.id] = "县区必查"
            order.append(a)
        }
        let target = max(order.count, Int((Double(activities.count) * rate).rounded(.up)))
        for (a, _) in ranked where order.count < target && chosen[a.id] == nil {
            chosen[a.id] = "随机抽取"
            order.append(a)
        }
        picks = order.sorted { ($0.date, $0.start ?? "", $0.orgName, $0.title) < ($1.date, $1.start ?? "", $1.orgName, $1.title) }
            .map { a in
                var reasons = [chosen[a.id]!]
                if a.audience >= largeAudience { reasons.append("大型活动") }
                if notRecentlyChecked(a) { reasons.append("近期未抽查") }
                return Pick(activity: a, reason: reasons.joined(separator: "、"))
            }
    }
}
