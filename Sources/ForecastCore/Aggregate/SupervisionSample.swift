import Foundation

/// The week's video spot-check sample: deterministic from the week and the store, at least
/// one activity per county that has any, about `rate` of all, weighted towards large
/// audiences and organizations not checked in the last four weeks.
///
/// Built in one pass over the week's activities, keeping only the best `rate` of them
/// (a bounded heap of ids and keys), so a week of any size is sampled in flat memory.
public struct SupervisionSample: Sendable {
    /// Why each chosen activity (by id) was picked, in Chinese, for the checker.
    public var reasons: [Int64: String]

    /// FNV-1a, 64-bit: a hash that is the same in every process (Swift's `Hasher` is seeded
    /// per process, which would change the sample from run to run).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    struct Candidate {
        var id: Int64
        var key: String
        var score: Double
        var audience: Int
        var recent: Bool
        /// Ranked before `other`: higher score, then key order.
        func beats(_ other: Candidate) -> Bool { score != other.score ? score > other.score : key < other.key }
    }

    /// Collects candidates one activity at a time.
    public struct Builder {
        let week: ForecastWeek
        let lastChecked: [String: ForecastWeek]
        let largeAudience: Int
        /// How many activities the rate asks for.
        let quota: Int
        /// The best `quota` so far, worst at the root.
        var heap: [Candidate] = []
        var countyBest: [String: Candidate] = [:]

        /// `count` is the number of activities the pass will see.
        public init(week: ForecastWeek, count: Int, lastChecked: [String: ForecastWeek], rate: Double, largeAudience: Int) {
            self.week = week
            self.lastChecked = lastChecked
            self.largeAudience = largeAudience
            quota = Int((Double(count) * rate).rounded(.up))
        }

        public mutating func add(id: Int64, key: String, audience: Int, county: String, org: String) {
            let recent = lastChecked[org].map { $0 >= week.adding(weeks: -4) } ?? false
            // Efraimidis–Spirakis weighted sampling: key = u^(1/w), largest keys win.
            let u = (Double(SupervisionSample.fnv1a("\(week)|\(key)") >> 11) + 0.5) / Double(1 << 53)
            var w = 1.0 + Double(min(audience, 5_000)) / 100
            if !recent { w += 2 }
            let c = Candidate(id: id, key: key, score: Foundation.pow(u, 1 / w), audience: audience, recent: recent)
            if countyBest[county].map({ c.beats($0) }) ?? true { countyBest[county] = c }
            guard quota > 0 else { return }
            if heap.count < quota {
                heap.append(c)
                siftUp(heap.count - 1)
            } else if c.beats(heap[0]) {
                heap[0] = c
                siftDown(0)
            }
        }

        private mutating func siftUp(_ i: Int) {
            var i = i
            while i > 0 {
                let parent = (i - 1) / 2
                guard heap[parent].beats(heap[i]) else { return }
                heap.swapAt(parent, i)
                i = parent
            }
        }

        private mutating func siftDown(_ i: Int) {
            var i = i
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count, heap[worst].beats(heap[l]) { worst = l }
                if r < heap.count, heap[worst].beats(heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst)
                i = worst
            }
        }

        /// The best activity of every county, then the best of the rest up to the quota.
        public func finish() -> SupervisionSample {
            var reasons: [Int64: String] = [:]
            func reason(_ c: Candidate, _ first: String) -> String {
                var out = [first]
                if c.audience >= largeAudience { out.append("大型活动") }
                if !c.recent { out.append("近期未抽查") }
                return out.joined(separator: "、")
            }
            for c in countyBest.values { reasons[c.id] = reason(c, "县区必查") }
            var left = quota - reasons.count
            for c in heap.sorted(by: { $0.beats($1) }) where left > 0 && reasons[c.id] == nil {
                reasons[c.id] = reason(c, "随机抽取")
                left -= 1
            }
            return SupervisionSample(reasons: reasons)
        }
    }
}
