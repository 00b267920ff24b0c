import Dispatch
import Geometry
import MatrixKernels

/// The unit rows of `values` in S, and the divisors of the rows as `MarginLoss.length` gives them.
func unitRows<V: AnalysisScalar, S: AnalysisScalar>(_ values: [V], rows: Int, dimension d: Int,
                                                    as _: S.Type) -> ([S], [Double]) {
    var unit = [S](repeating: 0, count: rows * d)
    var divisors = [Double](repeating: 0, count: rows)
    var row = [Double](repeating: 0, count: d)
    for i in 0..<rows {
        for a in 0..<d { row[a] = Double(values[i * d + a]) }
        divisors[i] = MarginLoss.length(of: row, offset: 0, count: d).divisor
        for a in 0..<d { unit[i * d + a] = S(row[a] / divisors[i]) }
    }
    return (unit, divisors)
}

/// For each of a set of directions (class weights, class centres), the nearest other one and the angle to it.
/// Screened as in `SampleScan` (the Gram matrix of the unit rows in blocks, in the screening precision) and
/// recomputed exactly in Double for the candidates.
public struct NearestDirections: Sendable, Hashable {
    /// For each row, the index of its nearest other row (the smallest among equals).
    public var nearest: [Int]
    /// For each row, the angle to that row, in degrees.
    public var gapDegrees: [Double]

    /// The smallest gap, with its pair (the pair's first index the smaller).
    public var smallest: (first: Int, second: Int, degrees: Double)? {
        closestPairs(limit: 1).first
    }

    /// Up to `limit` distinct pairs, closest first (ties by index).
    public func closestPairs(limit: Int) -> [(first: Int, second: Int, degrees: Double)] {
        var seen = Set<[Int]>()
        var pairs: [(first: Int, second: Int, degrees: Double)] = []
        for i in gapDegrees.indices.sorted(by: { (gapDegrees[$0], $0) < (gapDegrees[$1], $1) }) {
            let pair = [min(i, nearest[i]), max(i, nearest[i])]
            guard seen.insert(pair).inserted else { continue }
            pairs.append((pair[0], pair[1], gapDegrees[i]))
            if pairs.count == limit { break }
        }
        return pairs
    }

    /// The nearest directions among `rows` rows of `values` (row-major, d columns, every row non-zero).
    /// Screens in S (Float unless the values need Double), recomputes in Double from `values` themselves.
    ///
    /// The Gram matrix is symmetric, so only its upper part is computed: block rows [s, e) against columns
    /// [s, K), half the products of the whole. Row i's pairs with j >= s are scanned in its own block; its pairs
    /// with j < s were the columns of earlier blocks, which kept for each column the best value so far and the
    /// candidates within the window of it. After its own block every row's best is final, its candidates are
    /// filtered against it and recomputed exactly.
    /// With `group` = k > 1 the rows come in groups of k (a class's sub-centres, rows j·k … j·k + k − 1) and each
    /// row's nearest is the nearest row of another group.
    /// `blockRows` (for tests) overrides the rows per block, normally as many as keep a block under 64 MiB.
    static func find<V: AnalysisScalar, S: AnalysisScalar>(_ values: [V], rows: Int, dimension d: Int, threads: Int,
                                                           screening _: S.Type, group: Int = 1, blockRows: Int? = nil)
        -> NearestDirections {
        precondition(rows >= 2 && group >= 1 && rows % group == 0 && rows / group >= 2)
        let (unit, divisors) = unitRows(values, rows: rows, dimension: d, as: S.self)
        let window = S(2 * 8 * Double(d + 8) * Double(S.unitRoundoff))
        let blockRows = blockRows ?? min(max((64 << 20) / (rows * MemoryLayout<S>.stride), 16), 4096)
        var best = [S](repeating: -S.infinity, count: rows)
        var candidates = [[(index: Int, value: S)]](repeating: [], count: rows)
        var result = NearestDirections(nearest: [Int](repeating: 0, count: rows),
                                       gapDegrees: [Double](repeating: 0, count: rows))
        var gram = [S](repeating: 0, count: min(blockRows, rows) * rows)
        for start in stride(from: 0, to: rows, by: blockRows) {
            let end = min(start + blockRows, rows), width = rows - start
            unit.withUnsafeBufferPointer { u in
                gram.withUnsafeMutableBufferPointer { g in
                    MatrixProduct.multiply(u.baseAddress! + start * d, .plain, u.baseAddress! + start * d, .transposed,
                                           into: g.baseAddress!, m: end - start, n: width, k: d, threads: threads)
                }
            }
            gram.withUnsafeMutableBufferPointer { g in
                for i in start ..< end {  // the rows: every pair with j >= start, itself excluded
                    let row = g.baseAddress! + (i - start) * width
                    // Itself and the rest of its group, from this block's columns on.
                    for j in max(i / group * group, start) ..< (i / group + 1) * group { row[j - start] = -S.infinity }
                    best[i] = max(best[i], RowScan.maximum(UnsafePointer(row), scaledBy: nil, count: width))
                    let threshold = best[i] - window
                    candidates[i].removeAll { $0.value < threshold }
                    var found: [Int] = []
                    RowScan.indices(atLeast: threshold, row, scaledBy: nil, count: width, into: &found)
                    candidates[i] += found.map { (start + $0, row[$0]) }
                }
                // The columns past the block: their pairs with this block's rows, for the rows to come.
                for i in start ..< end {
                    let row = g.baseAddress! + (i - start) * width
                    for j in end ..< rows where row[j - start] >= best[j] - window && j / group != i / group {
                        let value = row[j - start]
                        if value > best[j] {
                            best[j] = value
                            candidates[j].removeAll { $0.value < value - window }
                        }
                        candidates[j].append((i, value))
                    }
                }
            }
            exact(start ..< end, values, divisors: divisors, dimension: d, candidates: candidates, threads: threads,
                  into: &result)
        }
        return result
    }

    /// The exact nearest row of each row of `range` among its candidates: the smallest angle, the smallest index
    /// among equals.
    private static func exact<V: AnalysisScalar>(_ range: Range<Int>, _ values: [V], divisors: [Double],
                                                 dimension d: Int, candidates: [[(index: Int, value: some AnalysisScalar)]],
                                                 threads: Int, into result: inout NearestDirections) {
        var found = [(Int, Double)](repeating: (0, 0), count: range.count)
        found.withUnsafeMutableBufferPointer { f in
            let f = Shared(f)
            DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { part in
                var a = [Double](repeating: 0, count: d), b = a
                for r in SampleScan<Float>.slice(part, of: max(threads, 1), rows: range.count) {
                    let i = range.lowerBound + r
                    for k in 0..<d { a[k] = Double(values[i * d + k]) }
                    var closest = (index: Int.max, angle: Double.infinity)
                    for j in candidates[i].map(\.index) {
                        for k in 0..<d { b[k] = Double(values[j * d + k]) }
                        let angle = ExactPair.angle(a, divisor: divisors[i], b, divisor: divisors[j], dimension: d)
                        if angle < closest.angle || (angle == closest.angle && j < closest.index) { closest = (j, angle) }
                    }
                    f.value[r] = (closest.index, degrees(closest.angle))
                }
            }
        }
        for (r, (j, gap)) in found.enumerated() {
            result.nearest[range.lowerBound + r] = j
            result.gapDegrees[range.lowerBound + r] = gap
        }
    }
}
