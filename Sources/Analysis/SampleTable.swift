import Geometry

/// Every sample's numbers, one array per column: what `--per-sample` writes, and what a sweep re-evaluates.
/// Angles are in degrees, computed in Double from the file's values (2 atan2(‖x̂ - ŵ‖, ‖x̂ + ŵ‖), accurate near 0°
/// and 180°); the margin test uses the cosines and logits exactly as `MarginLoss.evaluate` forms them.
public struct SampleTable: Sendable, Hashable {
    /// The class of each sample.
    public internal(set) var labels: [Int]
    /// theta_target: the angle between the sample and its own class weight.
    public internal(set) var thetaTargetDegrees: [Double]
    /// theta_nearest: the smallest angle between the sample and any other class weight.
    public internal(set) var thetaNearestDegrees: [Double]
    /// The class at theta_nearest (the smallest index where several tie).
    public internal(set) var nearestClass: [Int]
    /// ‖x‖, the feature norm.
    public internal(set) var norm: [Double]
    /// Whether the target logit with margin beats every other logit (strictly), as `eval`'s logits say.
    public internal(set) var meetsMargin: [Bool]
    /// The margin-free prediction: the first class of the largest margin-free logit, as `eval`'s predictions.
    public internal(set) var predicted: [Int]

    /// c_y, the cosine to the own class as `evaluate` computes it.
    var targetCosine: [Double]
    /// W_y · x (softmax's target logit).
    var targetDot: [Double]
    /// max_{j != y} c_j, as `evaluate` computes each.
    var nearestCosine: [Double]
    /// Losses on unnormalised weights and features, whose other logits carry no margin or scale: softmax's
    /// max_{j != y} W_j · x and its class (the first among equals), and L-Softmax's max_{j != y} ‖W_j‖ ‖x‖ c_j and
    /// its class. Filled for the analysed loss's kind, or for both by an analysis for every loss; other losses need
    /// only `nearestCosine`.
    var maxOtherDot: [Double]
    var maxOtherDotClass: [Int]
    var maxOtherScaled: [Double]
    var maxOtherScaledClass: [Int]
    /// min_{j != y} c_j, the farthest other class's cosine (Circle's α_n is 0 below −m and its non-target least at
    /// 0, and AdaCos's logits reverse when its s is negative); +∞ where the scan did not need it.
    var minimumCosine: [Double]
    /// CurricularFace's other two candidates for its largest non-target logit (the nearest class is the third):
    /// with T = cos(θ_y + m), the smallest c_j above T (+∞ for none) and the largest c_j at or below T (−∞ for
    /// none; both infinite where the loss is not CurricularFace). `hardNegativeMargin` is the m they were found for.
    var smallestAboveThreshold: [Double]
    var largestAtThreshold: [Double]
    var hardNegativeMargin: Double?
    /// Sub-center ArcFace: which of its class's k weight rows each sample's own cosine came from (0 ..< k); 0 for
    /// the other losses.
    public internal(set) var targetSubCenter: [Int]

    init(count: Int) {
        labels = [Int](repeating: 0, count: count)
        thetaTargetDegrees = [Double](repeating: 0, count: count)
        thetaNearestDegrees = thetaTargetDegrees
        nearestClass = labels
        norm = thetaTargetDegrees
        meetsMargin = [Bool](repeating: false, count: count)
        predicted = labels
        targetCosine = thetaTargetDegrees
        targetDot = thetaTargetDegrees
        nearestCosine = thetaTargetDegrees
        maxOtherDot = thetaTargetDegrees
        maxOtherDotClass = labels
        maxOtherScaled = thetaTargetDegrees
        maxOtherScaledClass = labels
        minimumCosine = [Double](repeating: .infinity, count: count)
        smallestAboveThreshold = minimumCosine
        largestAtThreshold = [Double](repeating: -.infinity, count: count)
        targetSubCenter = labels
    }

    /// The number of samples.
    public var count: Int { labels.count }
}

/// The margin test of one sample under a loss: f_y > max_{j != y} f_j, each logit formed by the functions
/// `MarginLoss.evaluate` is built from. `weightNorms` are ‖W_j‖.
struct MarginTest {
    let loss: MarginLoss
    let weightNorms: [Double]
    /// The test of a loss of issue 10, with the statistics it takes from the samples; nil for the paper losses.
    let rule: RuleMarginTest?

    /// The test of `loss`, whose rule (if it has one) uses `statistics`.
    init(loss: MarginLoss, weightNorms: [Double], statistics: LossStatistics = .none) {
        self.loss = loss
        self.weightNorms = weightNorms
        rule = loss.rule.map { rule in
            RuleMarginTest(rule: rule, scale: rule.scale(using: statistics, classes: weightNorms.count / rule.subCenters),
                           statistics: statistics)
        }
    }

    /// The target logit with margin of sample `i`.
    func targetLogit(_ table: SampleTable, _ i: Int) -> Double {
        let scale = loss.logitScale(weightNorm: weightNorms[table.labels[i]], featureNorm: table.norm[i])
        return loss.pairLogits(dot: table.targetDot[i], cosine: table.targetCosine[i], scale: scale,
                               isTarget: true).logit
    }

    /// The largest other logit of sample `i` and its class: with unit weights every other logit is A c_j for one
    /// A, so it is the nearest class's; without, it was found by the scan.
    func largestOtherLogit(_ table: SampleTable, _ i: Int) -> (logit: Double, label: Int) {
        switch loss.normalization {
        case .none where loss.kind == .softmax: return (table.maxOtherDot[i], table.maxOtherDotClass[i])
        case .none: return (table.maxOtherScaled[i], table.maxOtherScaledClass[i])
        case .weights, .weightsAndFeatures:
            let scale = loss.logitScale(weightNorm: weightNorms[table.nearestClass[i]], featureNorm: table.norm[i])
            return (loss.pairLogits(dot: 0, cosine: table.nearestCosine[i], scale: scale, isTarget: false).logit,
                    table.nearestClass[i])
        }
    }

    func meets(_ table: SampleTable, _ i: Int) -> Bool {
        if let rule { return rule.meets(table, i) }
        return targetLogit(table, i) > largestOtherLogit(table, i).logit
    }

    /// The margin-free prediction of sample `i` from the stored numbers: its label when its margin-free logit beats
    /// the largest other (or ties it with a later class), else that class. The scan's own prediction takes the
    /// first class among equal margin-free logits; this one, for unit weights, the first among equal cosines (the
    /// two differ only where A c_j rounds two different cosines to one logit).
    func predicted(_ table: SampleTable, _ i: Int) -> Int {
        if rule != nil { return RuleMarginTest.predicted(table, i) }
        let y = table.labels[i]
        let scale = loss.logitScale(weightNorm: weightNorms[y], featureNorm: table.norm[i])
        let target = loss.pairLogits(dot: table.targetDot[i], cosine: table.targetCosine[i], scale: scale,
                                     isTarget: false).plain
        let other = largestOtherLogit(table, i)
        return target > other.logit || (target == other.logit && y < other.label) ? y : other.label
    }
}
