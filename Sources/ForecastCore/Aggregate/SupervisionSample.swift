import Foundation

/// The week's video spot-check sample: deterministic from the week and the store, at least
/// one activity per county that has any, about `rate` of all, weighted towards large
/// audiences and organizations not checked in the last four weeks.
///
/// Built in one pass over the week's activities, keeping only the best `rate` of them
/// (a bounded heap of 40-byte candidates: no strings), so a week of any size is sampled in
/// little memory: 6 MB for the 146k picks of a 1.5M-activity week.
public struct SupervisionSample: Sendable {
    /// Why an activity was picked: a county's must-check or a random pick, plus flags.
    public struct Reason: Sendable, Equatable {
        public var mustCheck: Bool
        public var large: Bool
        public var notRecentlyChecked: Bool

        /// In Chinese, for the checker.
        public var text: String {
            var out = [mustCheck ? "县区必查" : "随机抽取"]
            if large { out.append("大型活动") }
            if notRecentlyChecked { out.append("近期未抽查") }
            return out.joined(separator: "、")
        }
    }

    /// Why each chosen activity (by id) was picked.
    public var reasons: [Int64: Reason]

    /// FNV-1a, 64-bit: a hash that is the same in every process (Swift's `Hasher` is seeded
    /// per process, which would change the sample from run to run).
    static func fnv1a(_ bytes: some Sequence<UInt8>, from start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = start
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func fnv1a(_ text: String, from start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        fnv1a(text.utf8, from: start)
    }

    struct Candidate {
        var id: Int64
        /// FNV-1a of the week and key: the sample's randomness, and the tie-break.
        var hash: UInt64
        var score: Double
        /// A large event (`largeAudience` and up): all the sample needs of the audience, and
        /// with it a candidate is 32 bytes, not 40 (146k of them for a 1.5M-activity week).
        var large: Bool
        var recent: Bool
        /// Ranked before `other`: higher score, then hash order.
        func beats(_ other: Candidate) -> Bool { score != other.score ? score > other.score : hash < other.hash }
    }

    /// Collects candidates one activity at a time.
    public struct Builder {
        let week: ForecastWeek
        let lastChecked: [String: ForecastWeek]
        /// Checked this week or after: checked recently (the last four weeks).
        let recentSince: ForecastWeek
        /// FNV-1a of "week|", the start of every activity's hash.
        let weekHash: UInt64
        let largeAudience: Int
        /// How many activities the rate asks for.
        let quota: Int
        /// The best `quota` so far, worst at the root.
        var heap: [Candidate] = []
        var countyBest: [String: Candidate] = [:]
        /// The county of the activities being added and its best so far, and the last
        /// organization's recent-check answer: activities come a sheet at a time, so both
        /// are looked up once a run of them, not once an activity (String hashing was a
        /// tenth of a 1.5M-activity scan).
        private var runCounty = ""
        private var runBest: Candidate?
        private var runRecent: (org: String, recent: Bool)?

        /// `count` is the number of activities the pass will see.
        public init(week: ForecastWeek, count: Int, lastChecked: [String: ForecastWeek], rate: Double, largeAudience: Int) {
            self.week = week
            self.lastChecked = lastChecked
            recentSince = week.adding(weeks: -4)
            weekHash = SupervisionSample.fnv1a("\(week)|")
            self.largeAudience = largeAudience
            quota = Int((Double(count) * rate).rounded(.up))
            // The heap fills to the quota: room for exactly that, not up to twice it by doubling.
            heap.reserveCapacity(quota)
        }

        public mutating func add(id: Int64, key: String, audience: Int, county: String, org: String) {
            var key = key
            key.withUTF8 { add(id: id, key: $0, audience: audience, county: county, org: org) }
        }

        /// `add` with the key as UTF-8 bytes, as the figures scan reads it.
        public mutating func add(id: Int64, key: UnsafeBufferPointer<UInt8>, audience: Int, county: String, org: String) {
            let recent: Bool
            if lastChecked.isEmpty {
                recent = false
            } else if let run = runRecent, run.org == org {
                recent = run.recent
            } else {
                recent = lastChecked[org].map { $0 >= recentSince } ?? false
                runRecent = (org, recent)
            }
            // Efraimidis–Spirakis weighted sampling: key = u^(1/w), largest keys win. The hash is
            // of "week|key", continued from the week's part (made once, not per activity).
            let hash = SupervisionSample.fnv1a(key, from: weekHash)
            let u = (Double(hash >> 11) + 0.5) / Double(1 << 53)
            var w = 1.0 + Double(min(audience, 5_000)) / 100
            if !recent { w += 2 }
            let c = Candidate(id: id, hash: hash, score: Foundation.pow(u, 1 / w), large: audience >= largeAudience, recent: recent)
            if county != runCounty {
                closeCountyRun()
                runCounty = county
                runBest = countyBest[county]
            }
            if runBest.map({ c.beats($0) }) ?? true { runBest = c }
            guard quota > 0 else { return }
            if heap.count < quota {
                heap.append(c)
                siftUp(heap.count - 1)
            } else if c.beats(heap[0]) {
                heap[0] = c
                siftDown(0)
            }
        }

        private mutating func closeCountyRun() {
            if let best = runBest { countyBest[runCounty] = best }
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
        /// Sorts the heap where it lies (a sorted copy was 6 MB more at the peak of a
        /// 1.5M-activity week); the builder is spent.
        public consuming func finish() -> SupervisionSample {
            closeCountyRun()
            var reasons: [Int64: Reason] = [:]
            func reason(_ c: Candidate, mustCheck: Bool) -> Reason {
                Reason(mustCheck: mustCheck, large: c.large, notRecentlyChecked: !c.recent)
            }
            for c in countyBest.values { reasons[c.id] = reason(c, mustCheck: true) }
            var left = quota - reasons.count
            heap.sort { $0.beats($1) }
            for c in heap where left > 0 && reasons[c.id] == nil {
                reasons[c.id] = reason(c, mustCheck: false)
                left -= 1
            }
            return SupervisionSample(reasons: reasons)
        }
    }
}
