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
    static func find<V: AnalysisScalar, S: AnalysisScalar>(_ values: [V], rows: Int, dimension d: Int, threads: Int,
                                                           screening _: S.Type) -> NearestDirections {
        precondition(rows >= 2)
        let (unit, divisors) = unitRows(values, rows: rows, dimension: d, as: S.self)
        let window = S(2 * 8 * Double(d + 8) * Double(S.unitRoundoff))
        let blockRows = min(max((64 << 20) / (rows * MemoryLayout<S>.stride), 16), 4096)
        var result = NearestDirections(nearest: [Int](repeating: 0, count: rows),
                                       gapDegrees: [Double](repeating: 0, count: rows))
        var gram = [S](repeating: 0, count: min(blockRows, rows) * rows)
        for start in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - start)
            unit.withUnsafeBufferPointer { u in
                gram.withUnsafeMutableBufferPointer { g in
                    MatrixProduct.multiply(u.baseAddress! + start * d, .plain, u.baseAddress!, .transposed,
                                           into: g.baseAddress!, m: count, n: rows, k: d, threads: threads)
                }
            }
            var found = [(Int, Double)](repeating: (0, 0), count: count)
            gram.withUnsafeMutableBufferPointer { g in
                found.withUnsafeMutableBufferPointer { f in
                    let (g, f) = (Shared(g), Shared(f))
                    DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { part in
                        var a = [Double](repeating: 0, count: d), b = a
                        var candidates: [Int] = []
                        for r in SampleScan<S>.slice(part, of: max(threads, 1), rows: count) {
                            let i = start + r, row = g.value.baseAddress! + r * rows
                            row[i] = -S.infinity
                            let best = RowScan.maximum(UnsafePointer(row), scaledBy: nil, count: rows)
                            candidates.removeAll(keepingCapacity: true)
                            RowScan.indices(atLeast: best - window, row, scaledBy: nil, count: rows, into: &candidates)
                            for k in 0..<d { a[k] = Double(values[i * d + k]) }
                            var closest = (index: -1, angle: Double.infinity)
                            for j in candidates {
                                for k in 0..<d { b[k] = Double(values[j * d + k]) }
                                let angle = ExactPair.angle(a, divisor: divisors[i], b, divisor: divisors[j],
                                                            dimension: d)
                                if angle < closest.angle { closest = (j, angle) }
                            }
                            f.value[r] = (closest.index, degrees(closest.angle))
                        }
                    }
                }
            }
            for (r, (j, gap)) in found.enumerated() {
                result.nearest[start + r] = j
                result.gapDegrees[start + r] = gap
            }
        }
        return result
    }
}
