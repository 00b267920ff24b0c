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
    /// k, the weight rows per class (Sub-center ArcFace's sub-centres; 1 for every other loss): the weights hold K·k
    /// rows, class j's at rows j·k … j·k + k − 1.
    public let subCenters: Int
    /// The statistics the margin test used, taken from the samples as `eval` takes them from its batch (AdaCos's s,
    /// CurricularFace's t, AdaFace's μ, σ and ẑ, ElasticFace's drawn margins); `.none` for the paper losses.
    public private(set) var statistics: LossStatistics
    /// Every sample's numbers.
    public private(set) var table: SampleTable
    /// True when the table holds what every kind of loss needs, so `under(_:)` takes any loss.
    public let holdsEveryLoss: Bool
    /// ‖W_r‖ for each weight row (K·k of them).
    public let weightNorms: [Double]
    /// Each weight row's nearest row of another class (with one row per class: each class weight's nearest other
    /// one).
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
    /// The weights must fit the loss's sub-centres (`problem(with:loss:)` says why not); a table for every loss
    /// reads one weight row per class, as the plane draws Sub-center ArcFace (its best sub-centres).
    /// Dynamic AdaCos screens in Double: its s sums exp(s₀ c) over every cosine of the product.
    public init(_ input: ModelInput, loss: MarginLoss, threads: Int = BLASThreads.available, everyLoss: Bool = false) {
        precondition(everyLoss || Self.problem(with: input, loss: loss) == nil)
        let dynamic = loss.kind == .adacos && loss.dynamic
        if input.embeddings.fitsFloat && input.weights.fitsFloat && !dynamic {
            self.init(input, loss: loss, threads: threads, everyLoss: everyLoss, precision: Float.self)
        } else {
            self.init(input, loss: loss, threads: threads, everyLoss: everyLoss, precision: Double.self)
        }
    }

    private init<S: AnalysisScalar>(_ input: ModelInput, loss: MarginLoss, threads: Int, everyLoss: Bool,
                                    precision _: S.Type) {
        var scanned = loss
        if everyLoss && loss.kind == .subcenterArcface { scanned[.subCenters] = 1 }
        let scan = SampleScan<S>(input: input, loss: scanned, threads: threads, everyLoss: everyLoss)
        let (table, centerSums, counts, statistics) = scan.run()
        self.loss = loss
        holdsEveryLoss = everyLoss
        samples = input.samples
        classes = scan.classes
        subCenters = scan.subCenters
        dimension = input.dimension
        self.table = table
        self.statistics = statistics
        weightNorms = scan.weightNorms
        weightGaps = NearestDirections.find(scan.weights, rows: scan.rows, dimension: dimension, threads: threads,
                                            screening: S.self, group: scan.subCenters)
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
        precondition(problem(with: input, loss: loss) == nil)
        if input.embeddings.fitsFloat && input.weights.fitsFloat && !(loss.kind == .adacos && loss.dynamic) {
            return SampleScan<Float>(input: input, loss: loss, threads: threads).run().table
        }
        return SampleScan<Double>(input: input, loss: loss, threads: threads).run().table
    }

    /// Why `input` cannot be analysed under `loss`, in one line naming the counts, or nil: Sub-center ArcFace needs
    /// K·k weight rows (k = sub_centers) and labels below K.
    public static func problem(with input: ModelInput, loss: MarginLoss) -> String? {
        guard loss.subCenters > 1 else { return nil }
        return SubCenterLayout.problem(rows: input.classes, subCenters: loss.subCenters, labels: input.labels)?.message
    }

    /// The weight rows, K·k.
    public var weightRows: Int { classes * subCenters }

    /// S, the factor of every logit: s, AdaCos's s for these samples, Circle's γ; ‖x‖ for A-Softmax on unit weights
    /// and nil for the losses whose logits scale with ‖W‖ ‖x‖.
    public var scale: Double? {
        if let rule = loss.rule { return rule.scale(using: statistics, classes: classes) }
        return loss.normalization == .weightsAndFeatures ? loss.s : nil
    }

    /// Sub-center ArcFace: the fraction of samples whose own class cosine came from each sub-centre r = 0 ..< k (the
    /// first of equal rows); nil for the other losses.
    public var subCenterShare: [Double]? {
        guard subCenters > 1 else { return nil }
        var counts = [Int](repeating: 0, count: subCenters)
        for r in table.targetSubCenter { counts[r] += 1 }
        return counts.map { Double($0) / Double(samples) }
    }

    /// The feature length the margin check (`marginsThatDoNotFit`) is made at for the losses whose margin depends
    /// on it (MagFace, AdaFace): the median ‖x‖ of the samples; nil for the other losses.
    public var marginCheckLength: Double? { loss.dependsOnLength ? norm.median : nil }

    /// The loss with the statistics the analysis took written into its parameters (`MarginLoss.fixing`: AdaCos's
    /// s, CurricularFace's t, AdaFace's μ and σ), as the margin check and the advice see it.
    public var lossAsAnalysed: MarginLoss { loss.fixing(statistics) }

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

    /// Up to `limit` pairs of class weights, closest first; with sub-centres, pairs of classes by their closest
    /// sub-centres.
    public func closestWeightPairs(limit: Int = 5) -> [(first: Int, second: Int, degrees: Double)] {
        guard subCenters > 1 else { return weightGaps.closestPairs(limit: limit) }
        var seen = Set<[Int]>(), pairs: [(first: Int, second: Int, degrees: Double)] = []
        for pair in weightGaps.closestPairs(limit: weightRows) {
            let classes = [pair.first / subCenters, pair.second / subCenters].sorted()
            guard seen.insert(classes).inserted else { continue }
            pairs.append((classes[0], classes[1], pair.degrees))
            if pairs.count == limit { break }
        }
        return pairs
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

    /// The margin check of every class weight (every sub-centre) against its nearest weight of another class: the
    /// classes whose margin does not fit (`MarginRoom`, for the loss as analysed and at `marginCheckLength`),
    /// tightest first, each with its weight row and the other's (= the classes with one row per class).
    public func marginsThatDoNotFit() -> [(label: Int, nearest: Int, room: MarginRoom, rows: (Int, Int))] {
        let analysed = lossAsAnalysed, length = marginCheckLength ?? 1
        return (0 ..< weightRows).compactMap { r -> (Int, Int, MarginRoom, (Int, Int))? in
            let j = weightGaps.nearest[r]
            let room = MarginRoom(loss: analysed, gap: Angle(degrees: weightGaps.gapDegrees[r]),
                                  normRatio: weightNorms[r] / weightNorms[j], length: length)
            return room.fits ? nil : (r / subCenters, j / subCenters, room, (r, j))
        }
        .sorted { ($0.2.room, $0.3.0) < ($1.2.room, $1.3.0) }
    }

    /// Why re-testing the stored numbers under `other` would not give what a fresh analysis under `other` gives, in
    /// one sentence, or nil when it would: another kind of loss (unless the table holds every loss's numbers),
    /// another number of sub-centres (the rows of each class), CurricularFace at another m (the cosines around
    /// its hard-negative threshold were kept for the scanned m), or dynamic AdaCos from another start (its s sums
    /// exp(s₀ c) over every cosine during the pass).
    public func retestProblem(under other: MarginLoss) -> String? {
        if !holdsEveryLoss { return Self.retestProblem(scannedFor: loss, under: other) }
        if other.subCenters != subCenters {
            return "sub_centers decides which weight rows form a class; the scan read \(subCenters) per class"
        }
        if other.kind == .curricularface && table.hardNegativeMargin != other.m {
            return "m moves CurricularFace's hard-negative threshold cos(θ_y + m), and the scan kept the cosines "
                + "around it for " + (table.hardNegativeMargin.map { "m = \(NumberText.tidy($0))" } ?? "another loss")
        }
        if other.kind == .adacos && other.dynamic && !Self.sameDynamicStart(loss, other) {
            return "dynamic AdaCos's s sums exp(s₀ c) over every cosine in the pass, which was taken for another loss"
        }
        return nil
    }

    /// `retestProblem(under:)` of an analysis scanned for `loss` alone, known before the scan (for `--sweep`).
    public static func retestProblem(scannedFor loss: MarginLoss, under other: MarginLoss) -> String? {
        if other.kind != loss.kind || other.normalization != loss.normalization {
            return "the samples are scanned for \(loss.kind.rawValue), not \(other.kind.rawValue)"
        }
        if other.subCenters != loss.subCenters {
            return "sub_centers decides which weight rows form a class, so each value needs its own pass: run "
                + "analyze with --sub-centers"
        }
        if other.kind == .curricularface && other.m != loss.m {
            return "m moves CurricularFace's hard-negative threshold cos(θ_y + m), and the pass keeps the cosines "
                + "around it for one m: run analyze with each --m"
        }
        if other.kind == .adacos && other.dynamic && !sameDynamicStart(loss, other) {
            return "dynamic AdaCos's s sums exp(s₀ c) over every cosine during the pass, for one starting s₀: run "
                + "analyze with each --s"
        }
        return nil
    }

    /// True when `other` is dynamic AdaCos from the s₀ `loss`, a dynamic AdaCos, started from (both the fixed rule
    /// or the same given s).
    private static func sameDynamicStart(_ loss: MarginLoss, _ other: MarginLoss) -> Bool {
        guard loss.kind == .adacos, loss.dynamic, let mine = loss.rule as? AdaCos, let theirs = other.rule as? AdaCos
        else { return false }
        return mine.s == theirs.s
    }

    /// True when `under(_:)` and `fractionMeetingMargin(under:)` give for `other` what a fresh analysis under
    /// `other` gives (`retestProblem(under:)` is nil).
    public func canRetest(under other: MarginLoss) -> Bool { retestProblem(under: other) == nil }

    /// The test of `other` on the stored numbers, with the statistics it takes from them: `other` read with this
    /// analysis's sub-centres, and dynamic AdaCos's s the analysed one when it started from the same s₀, else its
    /// starting s (see `retestProblem(under:)`).
    private func test(under other: MarginLoss) -> (test: MarginTest, statistics: LossStatistics) {
        var read = other
        if read.kind == .subcenterArcface { read[.subCenters] = Double(subCenters) }
        let statistics = read.kind == .adacos && read.dynamic && Self.sameDynamicStart(loss, read)
            ? self.statistics
            : RuleStatistics.of(read, table: table, classes: classes, exponentialSums: nil)
        return (MarginTest(loss: read, weightNorms: weightNorms, statistics: statistics), statistics)
    }

    /// The fraction meeting the margin under `loss` (see `canRetest(under:)`): the stored cosines and logits
    /// re-tested, no pass over the embeddings.
    public func fractionMeetingMargin(under other: MarginLoss) -> Double {
        precondition(canRetest(under: other))
        let test = test(under: other).test
        var count = 0
        for i in 0 ..< samples where test.meets(table, i) { count += 1 }
        return Double(count) / Double(samples)
    }

    /// This analysis under `other`: every sample's margin test re-run from the stored numbers, and, for another
    /// kind of loss, its margin-free prediction; the angles, norms and gaps stay. One pass over the N samples'
    /// stored numbers, none over the embeddings: what the Model view does per key. Exact where
    /// `canRetest(under:)`; otherwise (the Model view's table, scanned once for every loss) the nearest reading:
    /// Sub-center ArcFace with this analysis's rows per class, CurricularFace's largest other logit over the
    /// nearest and farthest classes (and the cosines kept around another threshold), dynamic AdaCos at its
    /// starting s; `statistics` says what was used.
    public func under(_ other: MarginLoss) -> ModelAnalysis {
        precondition(holdsEveryLoss || (other.kind == loss.kind && other.normalization == loss.normalization))
        var copy = self
        copy.loss = other
        let (test, statistics) = test(under: other)
        copy.statistics = statistics
        let samePrediction = other.kind == loss.kind && other.normalization == loss.normalization
        for i in 0 ..< samples {
            copy.table.meetsMargin[i] = test.meets(table, i)
            if !samePrediction || other.rule != nil { copy.table.predicted[i] = test.predicted(table, i) }
        }
        return copy
    }
}
