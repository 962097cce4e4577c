/// Activities whose expected audience is far above the organization's own history:
/// median-based so one earlier outlier does not hide the next, and silent on histories of
/// fewer than three activities.
public enum AudienceOutliers {
    /// The least history worth judging against.
    static let minimumHistory = 3

    /// True when `audience` is far above `history` (the organization's earlier audiences):
    /// at least 50 above the median and either three times the median or more than five
    /// robust standard deviations (1.4826 × median absolute deviation) above it.
    public static func isOutlier(_ audience: Int, history: [Int]) -> Bool {
        guard history.count >= minimumHistory else { return false }
        let m = median(history.map(Double.init))
        let x = Double(audience)
        guard x - m >= 50 else { return false }
        if x >= 3 * m { return true }
        let mad = median(history.map { abs(Double($0) - m) })
        return mad > 0 && (x - m) / (1.4826 * mad) > 5
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
