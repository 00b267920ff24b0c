import ArrayFiles
import Geometry
import MatrixKernels

/// What `analyze` finds in a model: every sample's angles and margin test, their distributions, the gaps between
/// class weights and between class centres, the worst classes, and the advice for its number of classes.
/// Pure: no I/O, no terminal. Memory stays flat in the number of samples times classes: the embeddings are read a
/// chunk of rows at a time (`SampleScan`).
public struct ModelAnalysis: Sendable {
    /// The loss whose margin the samples are tested against.
    public private(set) var loss: MarginLoss
    /// N, K and d.
    public let samples: Int, classes: Int, dimension: Int
    /// Every sample's numbers.
    public private(set) var table: SampleTable
    /// True when the table holds what every kind of loss needs, so `under(_:)` takes any loss.
    public let holdsEveryLoss: Bool
    /// ‖W_j‖ for each class.
    public let weightNorms: [Double]
    /// Each class weight's nearest other class weight.
    public let weightGaps: NearestDirections
    /// The class centres' nearest neighbours, over the classes that have samples (`centerClasses`); nil when fewer
    /// than two classes have samples. A class centre is the direction of the mean of its samples' unit features.
    public let centerGaps: NearestDirections?
    /// The classes that have samples, in order: index i of `centerGaps` is class centerClasses[i].
    public let centerClasses: [Int]
    /// Samples per class.
    public let classCounts: [Int]

    /// Analyses `input` under `loss` with `threads` threads (BLAS and the scans). With `everyLoss` the table also
    /// keeps what the other kinds of loss need (a little more work per sample), so that `under(_:)` can re-test
    /// the margins of any loss without another pass over the embeddings.
    public init(_ input: ModelInput, loss: MarginLoss, threads: Int = BLASThreads.available, everyLoss: Bool = false) {
        if input.embeddings.fitsFloat && input.weights.fitsFloat {
            self.init(input, loss: loss, threads: threads, everyLoss: everyLoss, precision: Float.self)
        } else {
            self.init(input, loss: loss, threads: threads, everyLoss: everyLoss, precision: Double.self)
        }
    }

    private init<S: AnalysisScalar>(_ input: ModelInput, loss: MarginLoss, threads: Int, everyLoss: Bool,
                                    precision _: S.Type) {
        let scan = SampleScan<S>(input: input, loss: loss, threads: threads, everyLoss: everyLoss)
        let (table, centerSums, counts) = scan.run()
        self.loss = loss
        holdsEveryLoss = everyLoss
        samples = input.samples
        classes = input.classes
        dimension = input.dimension
        self.table = table
        weightNorms = scan.weightNorms
        weightGaps = NearestDirections.find(scan.weights, rows: classes, dimension: dimension, threads: threads,
                                            screening: S.self)
        classCounts = counts
        // A class whose unit features sum to zero (two opposite samples) has no mean direction either.
        let d = input.dimension
        let present = counts.indices.filter { k in
            counts[k] > 0 && centerSums[k * d ..< (k + 1) * d].contains { $0 != 0 }
        }
        centerClasses = present
        if present.count >= 2 {
            var centres = [Double](repeating: 0, count: present.count * d)
            for (index, k) in present.enumerated() {
                for a in 0 ..< d { centres[index * d + a] = centerSums[k * d + a] }
            }
            centerGaps = NearestDirections.find(centres, rows: present.count, dimension: d, threads: threads,
                                                screening: S.self)
        } else {
            centerGaps = nil
        }
    }

    /// The per-sample pass alone (what Benchmarks/numpy_analyze.py computes, plus the exact margin test and
    /// prediction): no gaps, no centres' neighbours. For the benchmark.
    public static func sampleTable(_ input: ModelInput, loss: MarginLoss, threads: Int = BLASThreads.available)
        -> SampleTable {
        if input.embeddings.fitsFloat && input.weights.fitsFloat {
            return SampleScan<Float>(input: input, loss: loss, threads: threads).run().table
        }
        return SampleScan<Double>(input: input, loss: loss, threads: threads).run().table
    }

    /// The distributions of theta_target, theta_nearest (degrees) and the norm.
    public var thetaTarget: Distribution { Distribution(table.thetaTargetDegrees) }
    public var thetaNearest: Distribution { Distribution(table.thetaNearestDegrees) }
    public var norm: Distribution { Distribution(table.norm) }

    /// The fraction of samples that meet the margin.
    public var fractionMeetingMargin: Double {
        Double(table.meetsMargin.lazy.filter { $0 }.count) / Double(samples)
    }

    /// The fraction whose margin-free prediction is not their label.
    public var fractionMisclassified: Double {
        Double(zip(table.predicted, table.labels).lazy.filter { $0 != $1 }.count) / Double(samples)
    }

    /// The smallest angle between two class weights, degrees.
    public var minimumWeightGapDegrees: Double { weightGaps.gapDegrees.min() ?? 0 }

    /// The smallest angle between two class centres, degrees; nil when fewer than two classes have samples.
    public var minimumCenterGapDegrees: Double? { centerGaps?.gapDegrees.min() }

    /// Up to `limit` pairs of class weights, closest first.
    public func closestWeightPairs(limit: Int = 5) -> [(first: Int, second: Int, degrees: Double)] {
        weightGaps.closestPairs(limit: limit)
    }

    /// Up to `limit` pairs of class centres, closest first, by class.
    public func closestCenterPairs(limit: Int = 5) -> [(first: Int, second: Int, degrees: Double)] {
        (centerGaps?.closestPairs(limit: limit) ?? []).map { (centerClasses[$0.first], centerClasses[$0.second], $0.degrees) }
    }

    /// One class's share of samples inside the margin (not meeting it).
    public struct ClassMargin: Sendable, Hashable {
        public var label: Int
        public var samples: Int
        public var insideMargin: Int
    }

    /// Up to `limit` classes with the most samples inside the margin, most first (ties by the larger fraction,
    /// then by class); classes with none are left out.
    public func classesMostInsideMargin(limit: Int = 5) -> [ClassMargin] {
        var inside = [Int](repeating: 0, count: classes)
        for i in 0 ..< samples where !table.meetsMargin[i] { inside[table.labels[i]] += 1 }
        return (0 ..< classes).filter { inside[$0] > 0 }
            .map { ClassMargin(label: $0, samples: classCounts[$0], insideMargin: inside[$0]) }
            .sorted { a, b in
                if a.insideMargin != b.insideMargin { return a.insideMargin > b.insideMargin }
                let (fa, fb) = (Double(a.insideMargin) / Double(a.samples), Double(b.insideMargin) / Double(b.samples))
                return fa != fb ? fa > fb : a.label < b.label
            }
            .prefix(limit).map { $0 }
    }

    /// The histograms of theta_target and theta_nearest, `bins` bins from 0° to 180°.
    public func histograms(bins: Int = 36) -> (target: AngleHistogram, nearest: AngleHistogram) {
        (AngleHistogram(table.thetaTargetDegrees, bins: bins), AngleHistogram(table.thetaNearestDegrees, bins: bins))
    }

    /// The advice for this model's number of classes and dimension.
    public func advice(probability: Double = Advice.defaultProbability) -> Advice {
        Advice(classes: classes, dimension: dimension, probability: probability, loss: loss)
    }

    /// The margin check of every class against its nearest other class weight: the classes whose margin does
    /// not fit (`MarginRoom`), tightest first.
    public func marginsThatDoNotFit() -> [(label: Int, nearest: Int, room: MarginRoom)] {
        (0 ..< classes).compactMap { y -> (Int, Int, MarginRoom)? in
            let j = weightGaps.nearest[y]
            let room = MarginRoom(loss: loss, gap: Angle(degrees: weightGaps.gapDegrees[y]),
                                  normRatio: weightNorms[y] / weightNorms[j])
            return room.fits ? nil : (y, j, room)
        }
        .sorted { ($0.2.room, $0.0) < ($1.2.room, $1.0) }
    }

    /// True when `under(_:)` and `fractionMeetingMargin(under:)` take `other`: a loss of this analysis's kind and
    /// normalisation, or any loss when the table holds every loss's numbers.
    public func canRetest(under other: MarginLoss) -> Bool {
        holdsEveryLoss || (other.kind == loss.kind && other.normalization == loss.normalization)
    }

    /// The fraction meeting the margin under `loss` (see `canRetest(under:)`): the stored cosines and logits
    /// re-tested, no pass over the embeddings.
    public func fractionMeetingMargin(under other: MarginLoss) -> Double {
        precondition(canRetest(under: other))
        let test = MarginTest(loss: other, weightNorms: weightNorms)
        var count = 0
        for i in 0 ..< samples where test.meets(table, i) { count += 1 }
        return Double(count) / Double(samples)
    }

    /// This analysis under `other` (see `canRetest(under:)`): every sample's margin test re-run from the stored
    /// numbers, and, for another kind of loss, its margin-free prediction; the angles, norms and gaps stay. One
    /// pass over the N samples' stored numbers, none over the embeddings: what the Model view does per key.
    public func under(_ other: MarginLoss) -> ModelAnalysis {
        precondition(canRetest(under: other))
        var copy = self
        copy.loss = other
        let test = MarginTest(loss: other, weightNorms: weightNorms)
        let samePrediction = other.kind == loss.kind && other.normalization == loss.normalization
        for i in 0 ..< samples {
            copy.table.meetsMargin[i] = test.meets(table, i)
            if !samePrediction { copy.table.predicted[i] = test.predicted(table, i) }
        }
        return copy
    }
}
