import Foundation
import Geometry

/// Where the classes' training features point: each class's centre (the direction of the mean of its unit
/// features), how far its features spread around it (the mean angle to the centre), the smallest angle between two
/// centres, and whether neighbouring centres have come closer than the classes' own spreads (`ClassCollapse`).
///
/// Memory is linear in the classes. With 2-D features the centres are sorted by their angle on the circle and
/// only neighbours are compared, O(K log K): the closest two centres are always neighbours. Other dimensions
/// compare every pair (O(K^2) time, no extra memory).
struct ClassGeometry {
    /// The unit centre of every class, nil for a class with no non-zero training feature.
    let centers: [[Double]?]
    /// Each class's mean angle to its centre in radians, 0 for a class without a centre.
    let spreads: [Double]
    /// Training samples per class.
    let counts: [Int]
    /// Training samples per class whose feature is not zero.
    let directed: [Int]
    /// The mean angle of a (non-zero) training feature to its class centre.
    let meanSpread: Angle
    /// Pairs of classes with centres compared: neighbours on the circle for 2-D features, else every pair, each
    /// with the angle between the centres in radians.
    let pairs: [(first: Int, second: Int, angle: Double)]

    init(features: Matrix, labels: [Int], classes: Int) {
        let d = features.columns
        var sums = [Double](repeating: 0, count: classes * d)
        var counts = [Int](repeating: 0, count: classes), directed = counts
        for i in 0..<features.rows {
            counts[labels[i]] += 1
            guard let unit = Self.unit(features, row: i) else { continue }
            directed[labels[i]] += 1
            for a in 0..<d { sums[labels[i] * d + a] += unit[a] }
        }
        let centers = (0..<classes).map { j in Self.unit(Array(sums[j * d ..< (j + 1) * d])) }
        var spreadSums = [Double](repeating: 0, count: classes)
        var (total, count) = (0.0, 0)
        for i in 0..<features.rows {
            guard let center = centers[labels[i]], let unit = Self.unit(features, row: i) else { continue }
            let angle = Self.angle(unit, center)
            spreadSums[labels[i]] += angle
            total += angle
            count += 1
        }
        self.centers = centers
        self.counts = counts
        self.directed = directed
        spreads = (0..<classes).map { directed[$0] == 0 || centers[$0] == nil ? 0 : spreadSums[$0] / Double(directed[$0]) }
        meanSpread = Angle(radians: count == 0 ? 0 : total / Double(count))
        pairs = Self.comparedPairs(centers, dimension: d)
    }

    /// The smallest angle between two centres, zero with fewer than two.
    var minimumCenterAngle: Angle { Angle(radians: pairs.map(\.angle).min() ?? 0) }

    /// The worst collapse: classes with training samples whose every feature is zero, else the compared pair whose
    /// centres are closest relative to the smaller of their two spreads, among the pairs closer than that spread
    /// (or than `ClassCollapse.resolution`, where the spreads are rounding noise).
    var collapse: ClassCollapse? {
        let dead = counts.indices.filter { counts[$0] > 0 && directed[$0] == 0 }
        if !dead.isEmpty { return .noDirection(classes: dead) }
        var worst: (ratio: Double, pair: (first: Int, second: Int, angle: Double))?
        for pair in pairs {
            let spread = max(min(spreads[pair.first], spreads[pair.second]), ClassCollapse.resolution.radians)
            guard pair.angle < spread else { continue }
            let ratio = pair.angle / spread
            if worst == nil || ratio < worst!.ratio { worst = (ratio, pair) }
        }
        guard let pair = worst?.pair else { return nil }
        return .sharedDirection(first: pair.first, second: pair.second, gap: Angle(radians: pair.angle),
                                firstSpread: Angle(radians: spreads[pair.first]),
                                secondSpread: Angle(radians: spreads[pair.second]))
    }

    /// Neighbours on the circle (2-D), else every pair, of the classes that have a centre.
    private static func comparedPairs(_ centers: [[Double]?], dimension: Int) -> [(first: Int, second: Int, angle: Double)] {
        let present = centers.enumerated().compactMap { index, center in center.map { (index: index, center: $0) } }
        guard present.count >= 2 else { return [] }
        typealias Centre = (index: Int, center: [Double])
        func pair(_ a: Centre, _ b: Centre) -> (first: Int, second: Int, angle: Double) {
            (min(a.index, b.index), max(a.index, b.index), angle(a.center, b.center))
        }
        guard dimension == 2 else {
            return present.indices.flatMap { i in present[(i + 1)...].map { pair(present[i], $0) } }
        }
        let order = present.sorted { atan2($0.center[1], $0.center[0]) < atan2($1.center[1], $1.center[0]) }
        let neighbours = (0 ..< order.count - 1).map { pair(order[$0], order[$0 + 1]) }
        // The pair across the cut at 180°; with two centres it is the same pair again.
        return order.count > 2 ? neighbours + [pair(order[order.count - 1], order[0])] : neighbours
    }

    /// Row `row` of `features` scaled to length 1, or nil when it is zero or not finite.
    static func unit(_ features: Matrix, row: Int) -> [Double]? {
        unit(Array(features.storage[row * features.columns ..< (row + 1) * features.columns]))
    }

    /// `vector` scaled to length 1, or nil when it is zero or not finite.
    static func unit(_ vector: [Double]) -> [Double]? {
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0, length.isFinite else { return nil }
        return vector.map { $0 / length }
    }

    /// The angle in radians between two unit vectors: 2 atan2(‖a - b‖, ‖a + b‖), exact to the last digits near 0
    /// and 180°, where acos of the dot product loses half of them.
    static func angle(_ a: [Double], _ b: [Double]) -> Double {
        var (difference, sum) = (0.0, 0.0)
        for i in a.indices {
            difference += (a[i] - b[i]) * (a[i] - b[i])
            sum += (a[i] + b[i]) * (a[i] + b[i])
        }
        return 2 * atan2(difference.squareRoot(), sum.squareRoot())
    }
}
