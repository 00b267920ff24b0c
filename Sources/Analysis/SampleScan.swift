import Foundation
import ArrayFiles
import Dispatch
import Geometry
import MatrixKernels
import Synchronization

/// One pass over the embeddings, a chunk of rows at a time, so memory stays flat: each chunk is normalised, its
/// cosines to every class come from one BLAS product X̂ Ŵᵀ in the screening precision S, and each row is then
/// scanned for its own class and its best other classes.
///
/// Screening, then exact numbers: a cosine from the product errs by at most delta = 8 (d + 8) u (u the unit
/// roundoff of S: the product's k u bound on unit vectors, the normalisation's few u, and a factor 4 to spare).
/// Every class whose screening cosine (or, without unit weights, ‖W_j‖ times it) lies within a window of 2 delta
/// of the row's best is a candidate, so the class that is best in exact arithmetic is always among them; the
/// candidates (rarely more than one or two) are recomputed in Double by `MarginLoss`'s own functions.
///
/// With `everyLoss` the scan also keeps what the other kinds of loss need (softmax's dots, L-Softmax's scaled
/// cosines, the farthest class's cosine), so that the margin test of any loss can be re-run from the table alone
/// (the Model view).
///
/// The losses of issue 10 (`RuleMarginTest`): Sub-center ArcFace's weights hold k rows per class, so the product
/// has K·k columns, the own class's cosine is the best of its k rows (recomputed exactly, the first of equals) and
/// the nearest other class is the class of the best other row; Circle and AdaCos also keep the farthest class's
/// cosine, CurricularFace the cosines on either side of its hard-negative threshold T = cos(θ_y + m) (every class
/// whose screening cosine lies within the error bound of T or of the nearest cosine past it is recomputed), and
/// dynamic AdaCos each row's Σ_{j≠y} exp(s₀ c_j − |s₀|).
struct SampleScan<S: AnalysisScalar> {
    let input: ModelInput
    let loss: MarginLoss
    let threads: Int
    let everyLoss: Bool
    /// The weight rows: K·k (k = `subCenters`).
    let rows: Int
    /// k, the weight rows per class (1 but for Sub-center ArcFace).
    let subCenters: Int
    /// K, the classes.
    let classes: Int
    let dimension: Int
    /// Keep min_{j≠y} c_j (Circle, AdaCos, every loss).
    let keepsFarthest: Bool
    /// CurricularFace's hard-negative margin m, when the loss is CurricularFace.
    let hardNegativeRule: CurricularFace?
    /// Dynamic AdaCos's starting scale s₀, when the loss is dynamic AdaCos.
    let dynamicStart: Double?
    /// True for the losses of issue 10, whose prediction is the first class of the largest class cosine.
    let isRuleLoss: Bool
    /// W as stored (K·k x d), for the exact numbers.
    let weights: [S]
    /// Ŵ in the screening precision.
    let unitWeights: [S]
    /// ‖W_j‖ and the divisors that make the directions, as `evaluate` computes them.
    let weightNorms: [Double]
    let weightDivisors: [Double]
    /// ‖W_j‖ in S, for screening the logits of losses without unit weights.
    let screeningNorms: [S]
    let delta: Double

    init(input: ModelInput, loss: MarginLoss, threads: Int, everyLoss: Bool = false) {
        self.input = input
        self.loss = loss
        self.threads = max(threads, 1)
        self.everyLoss = everyLoss
        rows = input.classes
        subCenters = loss.subCenters
        classes = input.classes / loss.subCenters
        dimension = input.dimension
        keepsFarthest = everyLoss || loss.kind == .circle || loss.kind == .adacos
        hardNegativeRule = loss.rule as? CurricularFace
        isRuleLoss = loss.rule != nil
        dynamicStart = (loss.rule as? AdaCos).flatMap { $0.dynamic ? $0.initialScale(classes: input.classes) : nil }
        var weights: [S] = []
        S.decode(input.weights, rows: 0 ..< input.classes, into: &weights)
        self.weights = weights
        let (unit, norms, divisors) = Self.directions(of: weights, rows: input.classes, dimension: input.dimension)
        unitWeights = unit
        weightNorms = norms
        weightDivisors = divisors
        screeningNorms = norms.map { S($0) }
        delta = 8 * Double(input.dimension + 8) * Double(S.unitRoundoff)
    }

    /// The unit rows (in S), the norms and the divisors of `rows` rows of `values`.
    static func directions(of values: [S], rows: Int, dimension d: Int) -> ([S], [Double], [Double]) {
        var unit = [S](repeating: 0, count: rows * d)
        var norms = [Double](repeating: 0, count: rows), divisors = norms
        var row = [Double](repeating: 0, count: d)
        for i in 0..<rows {
            for a in 0..<d { row[a] = Double(values[i * d + a]) }
            (norms[i], divisors[i]) = MarginLoss.length(of: row, offset: 0, count: d)
            for a in 0..<d { unit[i * d + a] = S(row[a] / divisors[i]) }
        }
        return (unit, norms, divisors)
    }

    /// Rows per chunk: a chunk's cosines take at most 64 MiB over all threads (each thread works on a chunk of its
    /// own), and a chunk has 64 to 4096 rows.
    var chunkRows: Int { min(max((64 << 20) / (rows * MemoryLayout<S>.stride * threads), 64), 4096) }

    /// Scans every sample; also returns, per class, the sum of its samples' unit features x / ‖x‖ in Double (K x d,
    /// for the class centres) and its number of samples.
    ///
    /// Every thread takes the next chunk not yet taken and does all of its work alone: decode, normalise, one
    /// single-threaded BLAS product, the scans and the exact numbers, into the rows' own places. No thread waits
    /// for another until the last chunk (a barrier per chunk left a core idle whenever the other was slower), and
    /// nothing runs on one core between chunks. Each row's numbers depend on that row alone, so the results are
    /// the same bits whichever thread took which chunk. The class-centre sums follow in a second pass, each thread
    /// summing its own columns over the rows in order, the order a single thread would take.
    func run() -> (table: SampleTable, centerSums: [Double], counts: [Int], statistics: LossStatistics) {
        let n = input.samples
        let chunks = input.embeddings.rowChunks(of: chunkRows)
        let results = UnsafeMutableBufferPointer<SampleRow>.allocate(capacity: n)
        results.initialize(repeating: SampleRow())
        let divisors = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        divisors.initialize(repeating: 0)
        defer { results.deallocate(); divisors.deallocate() }
        let shared = Shared((results: results, divisors: divisors))
        let taken = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, chunks.count)) { _ in
            let buffers = ChunkBuffers<S>(rows: chunkRows, dimension: dimension, classes: rows)
            var raw: [S] = []
            while true {
                let index = taken.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < chunks.count else { return }
                let chunk = chunks[index]
                S.decode(input.embeddings, rows: chunk, into: &raw)
                raw.withUnsafeBufferPointer { raw in
                    process(0 ..< chunk.count, of: chunk, raw: raw.baseAddress!, in: buffers)
                }
                for r in 0 ..< chunk.count {
                    shared.value.results[chunk.lowerBound + r] = buffers.rows[r]
                    shared.value.divisors[chunk.lowerBound + r] = buffers.divisors[r]
                }
            }
        }
        var table = SampleTable(count: n)
        table.labels = input.labels
        for i in 0 ..< n { table.store(results[i], at: i) }
        table.hardNegativeMargin = hardNegativeRule?.m
        var counts = [Int](repeating: 0, count: classes)
        for y in input.labels { counts[y] += 1 }
        let centerSums = centreSums(chunks: chunks, divisors: UnsafeBufferPointer(divisors))
        let statistics = RuleStatistics.of(loss, table: table, classes: classes,
                                           exponentialSums: dynamicStart == nil ? nil : (0 ..< n).map {
                                               results[$0].exponentialSum })
        let test = MarginTest(loss: loss, weightNorms: weightNorms, statistics: statistics)
        for i in 0 ..< table.count { table.meetsMargin[i] = test.meets(table, i) }
        return (table, centerSums, counts, statistics)
    }

    /// Per class, the sum of its samples' x / ‖x‖ (‖x‖ the screening length in `divisors`), in Double: each
    /// thread sums its own slice of the columns, row after row, so every sum is added in row order.
    private func centreSums(chunks: [Range<Int>], divisors: UnsafeBufferPointer<Double>) -> [Double] {
        let d = dimension
        var sums = [Double](repeating: 0, count: classes * d)
        sums.withUnsafeMutableBufferPointer { sums in
            let (shared, divisors) = (Shared(sums), Shared(divisors))
            DispatchQueue.concurrentPerform(iterations: min(threads, d)) { part in
                let columns = Self.slice(part, of: min(threads, d), rows: d)
                var raw: [S] = []
                for chunk in chunks {
                    S.decode(input.embeddings, rows: chunk, into: &raw)
                    for (r, i) in chunk.enumerated() {
                        let base = input.labels[i] * d
                        let divisor = divisors.value[i], inverse = 1 / divisor
                        for a in columns {
                            let value = Double(raw[r * d + a])
                            shared.value[base + a] += inverse.isFinite ? value * inverse : value / divisor
                        }
                    }
                }
            }
        }
        return sums
    }

    /// ‖v‖ for screening and centres (the exact numbers use `MarginLoss.length`): the plain root of the sum of
    /// squares where that sum is a normal number, else the scaled computation.
    static func length(_ v: [Double]) -> Double {
        var sum = 0.0
        for value in v { sum += value * value }
        if sum.isNormal && sum < 0x1p1000 { return sum.squareRoot() }
        return MarginLoss.length(of: v, offset: 0, count: v.count).divisor
    }

    /// Rows `part` of `parts` equal slices of `rows`.
    static func slice(_ part: Int, of parts: Int, rows: Int) -> Range<Int> {
        (part * rows / parts) ..< ((part + 1) * rows / parts)
    }

    /// Rows `slice` of the chunk on this thread: normalise, one product, the exact numbers.
    private func process(_ slice: Range<Int>, of chunk: Range<Int>, raw: UnsafePointer<S>, in buffers: ChunkBuffers<S>) {
        let d = dimension
        let unit = buffers.unit.baseAddress!, cosines = buffers.cosines.baseAddress!
        var row = [Double](repeating: 0, count: d)
        for r in slice {
            for a in 0..<d { row[a] = Double(raw[r * d + a]) }
            buffers.divisors[r] = Self.length(row)
            // Screening only, so a multiply serves as well as a division, unless the length is so small (below
            // 1 / Double.greatestFiniteMagnitude) that its inverse overflows.
            let divisor = buffers.divisors[r], inverse = 1 / divisor
            if inverse.isFinite {
                for a in 0..<d { unit[r * d + a] = S(row[a] * inverse) }
            } else {
                for a in 0..<d { unit[r * d + a] = S(row[a] / divisor) }
            }
        }
        unitWeights.withUnsafeBufferPointer { w in
            MatrixProduct.multiply(unit + slice.lowerBound * d, .plain, w.baseAddress!, .transposed,
                                   into: cosines + slice.lowerBound * rows, m: slice.count, n: rows, k: d,
                                   threads: 1)
        }
        var scratch = ScanScratch(dimension: d)
        for r in slice {
            buffers.rows[r] = exactRow(raw + r * d, cosines: cosines + r * rows,
                                       label: input.labels[chunk.lowerBound + r], scratch: &scratch)
        }
    }

    /// One sample: its screening cosines `row` (overwritten at the label's rows), its values `x`.
    private func exactRow(_ x: UnsafePointer<S>, cosines row: UnsafeMutablePointer<S>, label y: Int,
                          scratch: inout ScanScratch) -> SampleRow {
        let d = dimension
        for a in 0..<d { scratch.feature[a] = Double(x[a]) }
        let (xNorm, xDivisor) = MarginLoss.length(of: scratch.feature, offset: 0, count: d)
        for a in 0..<d { scratch.unitFeature[a] = scratch.feature[a] / xDivisor }
        let own = y * subCenters ..< (y + 1) * subCenters
        var result = SampleRow()
        if let start = dynamicStart { result.exponentialSum = exponentialSum(row, excluding: own, start: start) }
        for r in own { row[r] = -S.infinity }  // the other classes only
        scratch.candidates.removeAll(keepingCapacity: true)
        let best = RowScan.maximum(UnsafePointer(row), scaledBy: nil, count: rows)
        RowScan.indices(atLeast: best - S(2 * delta), row, scaledBy: nil, count: rows, into: &scratch.candidates)
        result.norm = xNorm
        // The own class: its best row, the first of equals (k = 1: row y).
        var target = exactPair(own.lowerBound, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
        var targetRow = own.lowerBound
        if subCenters > 1 {
            for r in own.dropFirst() {
                let pair = exactPair(r, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
                if pair.cosine > target.cosine { (target, targetRow) = (pair, r) }
            }
            _ = exactPair(targetRow, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
            result.targetSubCenter = targetRow - own.lowerBound
        }
        result.targetCosine = target.cosine
        result.targetDot = target.dot
        result.thetaTarget = degrees(angle(toWeight: targetRow, scratch: &scratch))
        // The nearest other class: the largest exact cosine, the smallest index among equals (candidates ascend).
        var nearest = -1, nearestCosine = -Double.infinity
        var bestOther = (plain: -Double.infinity, index: -1)
        for j in scratch.candidates {
            let pair = exactPair(j, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
            if pair.cosine > nearestCosine {
                (nearest, nearestCosine) = (j, pair.cosine)
                swap(&scratch.weight, &scratch.nearestWeight)
            }
            if loss.normalization != .none && pair.plain > bestOther.plain { bestOther = (pair.plain, j) }
        }
        result.nearestClass = nearest / subCenters
        result.nearestCosine = nearestCosine
        swap(&scratch.weight, &scratch.nearestWeight)
        result.thetaNearest = degrees(angle(toWeight: nearest, scratch: &scratch))
        if keepsFarthest {
            result.minimumCosine = farthestCosine(row, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
        }
        if let hardNegativeRule {
            (result.smallestAboveThreshold, result.largestAtThreshold) = thresholdNeighbours(
                row, threshold: hardNegativeRule.marginCosine(target.cosine), scratch: &scratch, xNorm: xNorm,
                xDivisor: xDivisor)
        }
        if loss.normalization == .none || everyLoss {
            // Logits scale with ‖W_j‖: screen ‖W_j‖ c_j, whose error is at most ‖W_j‖ delta.
            let window = S(3 * delta * (weightNorms.max() ?? 1))
            scratch.candidates.removeAll(keepingCapacity: true)
            screeningNorms.withUnsafeBufferPointer { norms in
                let top = RowScan.maximum(UnsafePointer(row), scaledBy: norms.baseAddress!, count: rows)
                RowScan.indices(atLeast: top - window, row, scaledBy: norms.baseAddress!, count: rows,
                                into: &scratch.candidates)
            }
            // Other logits carry no margin: logit = plain. Softmax's is W_j · x, L-Softmax's ‖W_j‖ ‖x‖ c_j.
            var dots = (value: -Double.infinity, label: -1), scaled = dots
            for j in scratch.candidates {
                let pair = exactPair(j, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor)
                if loss.normalization == .none && pair.plain > bestOther.plain { bestOther = (pair.plain, j) }
                if pair.dot > dots.value { dots = (pair.dot, j) }
                if pair.scaled > scaled.value { scaled = (pair.scaled, j) }
            }
            (result.maxOtherDot, result.maxOtherDotClass) = dots
            (result.maxOtherScaled, result.maxOtherScaledClass) = scaled
        }
        // evaluate's prediction: for the losses of issue 10 the first class of the largest class cosine, for the
        // paper losses the first index of the largest margin-free logit.
        if isRuleLoss {
            result.predicted = target.cosine > nearestCosine || (target.cosine == nearestCosine && y < nearest / subCenters)
                ? y : nearest / subCenters
        } else if target.plain > bestOther.plain || (target.plain == bestOther.plain && y < bestOther.index) {
            result.predicted = y
        } else {
            result.predicted = bestOther.index
        }
        return result
    }

    /// Σ_{j ∉ own} exp(s₀ ĉ_j − |s₀|) over the screening cosines (each term at most 1, so nothing overflows).
    private func exponentialSum(_ row: UnsafeMutablePointer<S>, excluding own: Range<Int>, start: Double) -> Double {
        var sum = 0.0
        for j in 0 ..< rows where !own.contains(j) { sum += exp(start * Double(row[j]) - abs(start)) }
        return sum
    }

    /// The exact min_{j ∉ own} c_j: every row whose screening cosine lies within 2 delta of the smallest is
    /// recomputed. The own rows hold −∞ (`exactRow`), which the scans pass over: they look at finite values only.
    private func farthestCosine(_ row: UnsafeMutablePointer<S>, scratch: inout ScanScratch, xNorm: Double,
                                xDivisor: Double) -> Double {
        let finite = -S.greatestFiniteMagnitude
        let least = RowScan.extremes(UnsafePointer(row), count: rows, atOrBelow: -S.infinity, atOrAbove: finite)
            .smallest
        scratch.candidates.removeAll(keepingCapacity: true)
        RowScan.indices(from: finite, through: S(Double(least) + 2 * delta).nextUp, UnsafePointer(row), count: rows,
                        into: &scratch.candidates)
        var exact = Double.infinity
        for j in scratch.candidates {
            exact = min(exact, exactPair(j, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor).cosine)
        }
        return exact
    }

    /// The exact smallest c_j > T (+∞ for none) and largest c_j ≤ T (−∞ for none) over the other rows (the own
    /// ones hold −∞ and never fall in the band). A screening cosine errs by at most delta, so ĉ ≤ T − delta is
    /// surely at or below T and ĉ ≥ T + delta surely above (the thresholds rounded outwards into S); the largest
    /// exact c ≤ T has ĉ within 2 delta below the largest surely-below ĉ (or in the uncertain band), and likewise
    /// the smallest above, so every row with ĉ in [largest surely below − 2 delta, smallest surely above +
    /// 2 delta] is recomputed.
    private func thresholdNeighbours(_ row: UnsafeMutablePointer<S>, threshold t: Double, scratch: inout ScanScratch,
                                     xNorm: Double, xDivisor: Double) -> (above: Double, atOrBelow: Double) {
        let (below, above) = RowScan.extremes(UnsafePointer(row), count: rows, atOrBelow: S(t - delta).nextDown,
                                              atOrAbove: S(t + delta).nextUp)
        let low = below.isFinite ? Double(below) - 2 * delta : t - delta
        let high = above.isFinite ? Double(above) + 2 * delta : t + delta
        scratch.candidates.removeAll(keepingCapacity: true)
        RowScan.indices(from: S(low).nextDown, through: S(high).nextUp, UnsafePointer(row), count: rows,
                        into: &scratch.candidates)
        var result = (above: Double.infinity, atOrBelow: -Double.infinity)
        for j in scratch.candidates {
            let c = exactPair(j, scratch: &scratch, xNorm: xNorm, xDivisor: xDivisor).cosine
            if c > t { result.above = min(result.above, c) } else { result.atOrBelow = max(result.atOrBelow, c) }
        }
        return result
    }

    /// The angle between the feature (its unit vector in `scratch.unitFeature`) and W_j (in `scratch.weight`).
    private func angle(toWeight j: Int, scratch: inout ScanScratch) -> Double {
        for a in 0..<dimension { scratch.unitWeight[a] = scratch.weight[a] / weightDivisors[j] }
        return ExactPair.angle(units: scratch.unitFeature, scratch.unitWeight, dimension: dimension)
    }

    /// Class j's cosine, dot (softmax's logit; only for softmax or every loss) and margin-free logit for the
    /// feature in `scratch.feature`, and (for every loss) L-Softmax's margin-free logit ‖W_j‖ ‖x‖ c_j, leaving W_j
    /// in `scratch.weight`.
    private func exactPair(_ j: Int, scratch: inout ScanScratch, xNorm: Double, xDivisor: Double)
        -> (cosine: Double, dot: Double, plain: Double, scaled: Double) {
        let d = dimension
        for a in 0..<d { scratch.weight[a] = Double(weights[j * d + a]) }
        let c = MarginLoss.cosine(scratch.weight, offset: 0, divisor: weightDivisors[j], scratch.feature, offset: 0,
                                  divisor: xDivisor, dimension: d)
        let dot = loss.kind == .softmax || everyLoss
            ? MarginLoss.dot(scratch.weight, offset: 0, scratch.feature, offset: 0, dimension: d) : 0
        let scale = loss.logitScale(weightNorm: weightNorms[j], featureNorm: xNorm)
        let plain = loss.pairLogits(dot: dot, cosine: c, scale: scale, isTarget: false).plain
        guard everyLoss, loss.kind != .lsoftmax else { return (c, dot, plain, plain) }
        let lsoftmax = MarginLoss(.lsoftmax)
        let scaled = lsoftmax.pairLogits(dot: dot, cosine: c,
                                         scale: lsoftmax.logitScale(weightNorm: weightNorms[j], featureNorm: xNorm),
                                         isTarget: false).plain
        return (c, dot, plain, scaled)
    }
}

/// The buffers of one chunk, allocated once for the largest chunk: the unit rows, the cosines, the lengths and the
/// rows' results. Each thread writes only its own slice of rows.
final class ChunkBuffers<S: AnalysisScalar>: @unchecked Sendable {
    let unit: UnsafeMutableBufferPointer<S>
    let cosines: UnsafeMutableBufferPointer<S>
    let divisors: UnsafeMutableBufferPointer<Double>
    let rows: UnsafeMutableBufferPointer<SampleRow>

    init(rows: Int, dimension: Int, classes: Int) {
        unit = .allocate(capacity: rows * dimension)
        unit.initialize(repeating: 0)
        cosines = .allocate(capacity: rows * classes)
        cosines.initialize(repeating: 0)
        divisors = .allocate(capacity: rows)
        divisors.initialize(repeating: 0)
        self.rows = .allocate(capacity: rows)
        self.rows.initialize(repeating: SampleRow())
    }

    deinit {
        unit.deallocate()
        cosines.deallocate()
        divisors.deallocate()
        rows.deallocate()
    }
}

/// A thread's buffers while it scans rows.
struct ScanScratch {
    var feature: [Double]
    var unitFeature: [Double]
    var weight: [Double]
    var nearestWeight: [Double]
    var unitWeight: [Double]
    var candidates: [Int] = []

    init(dimension: Int) {
        feature = [Double](repeating: 0, count: dimension)
        (unitFeature, weight, nearestWeight, unitWeight) = (feature, feature, feature, feature)
        candidates.reserveCapacity(64)
    }
}

/// One sample's numbers from the scan.
struct SampleRow {
    var thetaTarget = 0.0, thetaNearest = 0.0, norm = 0.0
    var nearestClass = 0, predicted = 0
    var targetCosine = 0.0, targetDot = 0.0, nearestCosine = 0.0
    var maxOtherDot = 0.0, maxOtherScaled = 0.0, maxOtherDotClass = 0, maxOtherScaledClass = 0
    var minimumCosine = Double.infinity, smallestAboveThreshold = Double.infinity, largestAtThreshold = -Double.infinity
    var targetSubCenter = 0
    var exponentialSum = 0.0
}

extension SampleTable {
    mutating func store(_ row: SampleRow, at i: Int) {
        thetaTargetDegrees[i] = row.thetaTarget
        thetaNearestDegrees[i] = row.thetaNearest
        norm[i] = row.norm
        nearestClass[i] = row.nearestClass
        predicted[i] = row.predicted
        targetCosine[i] = row.targetCosine
        targetDot[i] = row.targetDot
        nearestCosine[i] = row.nearestCosine
        maxOtherDot[i] = row.maxOtherDot
        maxOtherDotClass[i] = row.maxOtherDotClass
        maxOtherScaled[i] = row.maxOtherScaled
        maxOtherScaledClass[i] = row.maxOtherScaledClass
        minimumCosine[i] = row.minimumCosine
        smallestAboveThreshold[i] = row.smallestAboveThreshold
        largestAtThreshold[i] = row.largestAtThreshold
        targetSubCenter[i] = row.targetSubCenter
    }
}
