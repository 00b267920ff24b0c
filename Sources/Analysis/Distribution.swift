/// Six numbers that describe a list of values: mean, median, 5th and 95th percentile, minimum and maximum.
///
/// Percentiles follow one rule, NumPy's default ("linear", type 7 of Hyndman and Fan): with the n values sorted
/// as v_0 <= ... <= v_{n-1}, the p-th percentile is at position h = (n - 1) p / 100, between v_floor(h) and the
/// next value: v_floor(h) + (h - floor(h)) (v_floor(h)+1 - v_floor(h)). The median is the 50th percentile, so for
/// an even n the mean of the two middle values. The mean is the sum in index order divided by n.
public struct Distribution: Sendable, Hashable {
    public var mean: Double
    public var median: Double
    /// The 5th percentile.
    public var p05: Double
    /// The 95th percentile.
    public var p95: Double
    public var min: Double
    public var max: Double

    /// The distribution of `values` (at least one).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "a distribution of no values")
        let sorted = values.sorted()
        mean = values.reduce(0, +) / Double(values.count)
        median = Self.percentile(50, ofSorted: sorted)
        p05 = Self.percentile(5, ofSorted: sorted)
        p95 = Self.percentile(95, ofSorted: sorted)
        min = sorted[0]
        max = sorted[sorted.count - 1]
    }

    /// The p-th percentile (0 to 100) of ascending `sorted` values by the rule above.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        let h = Double(sorted.count - 1) * p / 100
        let low = Int(h.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        let fraction = h - Double(low)
        return fraction == 0 ? sorted[low] : sorted[low] + fraction * (sorted[high] - sorted[low])
    }

    /// The six numbers with their names, in the order the summary shows them.
    public var named: [(key: String, value: Double)] {
        [("mean", mean), ("median", median), ("p05", p05), ("p95", p95), ("min", min), ("max", max)]
    }
}

/// Counts of angles in bins of equal width from 0° to 180°: bin b holds [b w, (b + 1) w), the last also 180°.
public struct AngleHistogram: Sendable, Hashable {
    /// The width of a bin in degrees.
    public var binWidthDegrees: Double
    /// One count per bin.
    public var counts: [Int]

    /// The histogram of `degrees` in `bins` bins.
    public init(_ degrees: [Double], bins: Int = 36) {
        binWidthDegrees = 180 / Double(bins)
        counts = [Int](repeating: 0, count: bins)
        for value in degrees {
            let bin = Swift.min(Swift.max(Int((value / binWidthDegrees).rounded(.down)), 0), bins - 1)
            counts[bin] += 1
        }
    }
}
