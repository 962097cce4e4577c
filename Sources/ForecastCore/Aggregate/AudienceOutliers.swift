/// Activities whose expected audience is far above the organization's own history:
/// median-based so one earlier outlier does not hide the next, and silent on histories of
/// fewer than three activities.
public enum AudienceOutliers {
    /// The least history worth judging against.
    static let minimumHistory = 3

    /// An organization's history as the test needs it: its median and its median absolute
    /// deviation, made once per organization rather than once per activity (each made
    /// sorts the whole history).
    public struct Baseline: Sendable, Equatable {
        public let median: Double
        public let mad: Double

        /// Nil when the history is too short to judge against.
        public init?(history: [Int]) {
            guard history.count >= AudienceOutliers.minimumHistory else { return nil }
            let m = AudienceOutliers.median(history.map(Double.init))
            median = m
            mad = AudienceOutliers.median(history.map { abs(Double($0) - m) })
        }
    }

    /// True when `audience` is far above `history` (the organization's earlier audiences):
    /// at least 50 above the median and either three times the median or more than five
    /// robust standard deviations (1.4826 × median absolute deviation) above it.
    public static func isOutlier(_ audience: Int, history: [Int]) -> Bool {
        Baseline(history: history).map { isOutlier(audience, baseline: $0) } ?? false
    }

    public static func isOutlier(_ audience: Int, baseline b: Baseline) -> Bool {
        let x = Double(audience)
        guard x - b.median >= 50 else { return false }
        if x >= 3 * b.median { return true }
        return b.mad > 0 && (x - b.median) / (1.4826 * b.mad) > 5
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
