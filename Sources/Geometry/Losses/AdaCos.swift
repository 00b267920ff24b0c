import Foundation

/// AdaCos (Zhang et al., CVPR 2019), as 4uiiurz1/pytorch-adacos `metrics.py:8-39` computes it: no margin, every
/// logit f_j = s c_j (target included), with s fixed at √2 ln(C − 1) or given, or, with `dynamic`, recomputed from
/// each batch: s = ln B_avg / cos(min(π/4, θ_med)), B_avg = (1/N) Σ_i Σ_{j≠y_i} exp(s_prev c_ij), θ_med the lower
/// median of the target angles, all detached, and the new s used for this same batch.
///
/// With C = 2 the fixed rule gives s = √2 ln 1 = 0: every logit is 0, the loss is ln 2 and nothing learns, and the
/// dynamic rule stays at 0 (B_avg = 1). That is AdaCos's formula, kept as it is and reported; give s to see a
/// two-class picture. The dynamic s is negative whenever B_avg < 1 (few classes, negative non-target cosines);
/// neither the paper nor the code guards against it, and neither does this: `AdaCosScale.isNegative` says so.
public struct AdaCos: LogitRule {
    /// The scale s; nil: the fixed rule √2 ln(C − 1) for the batch's C classes.
    public var s: Double?
    /// Recompute s from each batch (the paper's dynamic AdaCos), starting from the fixed or given value.
    public var dynamic: Bool

    /// AdaCos with scale `s` (nil: √2 ln(C − 1)), fixed unless `dynamic`.
    public init(s: Double? = nil, dynamic: Bool = false) {
        self.s = s
        self.dynamic = dynamic
    }

    /// "adacos".
    public var name: String { "adacos" }

    /// The fixed scale of the paper for C classes: s = √2 ln(C − 1) (0 for C = 2; metrics.py:13).
    public static func fixedScale(classes: Int) -> Double { 2.0.squareRoot() * log(Double(classes - 1)) }

    /// The CosFace paper's lower bound on the scale for a target probability P with C classes:
    /// s ≥ (C − 1)/C · ln((C − 1) P / (1 − P)), the bound AdaCos's fixed rule is meant to meet.
    public static func scaleBound(classes: Int, targetProbability p: Double) -> Double {
        let c = Double(classes)
        return (c - 1) / c * log((c - 1) * p / (1 - p))
    }

    /// The scale before any batch: s if given, else √2 ln(C − 1).
    public func initialScale(classes: Int) -> Double { s ?? Self.fixedScale(classes: classes) }

    /// One dynamic update (metrics.py:28-37), with the previous scale s_prev:
    /// ln B_avg = LSE_{i, j≠y_i}(s_prev c_ij) − ln N (log-sum-exp, so s_prev = 256 does not overflow),
    /// θ_i = acos(clamp(c_iy, −1 + 1e-7, 1 − 1e-7)), θ_med = torch.median (the lower middle value for even N),
    /// s = ln B_avg / cos(min(π/4, θ_med)); the divisor is at least 1/√2.
    public static func dynamicScale(_ input: StatisticsInput, previous sPrevious: Double) -> AdaCosScale {
        var exponents: [Double] = []
        exponents.reserveCapacity(input.labels.count * max(input.classes - 1, 0))
        for (i, y) in input.labels.enumerated() {
            for j in 0..<input.classes where j != y { exponents.append(sPrevious * input.cosines[i, j]) }
        }
        let logAverage = logSumExp(exponents) - log(Double(input.labels.count))
        let angles = input.targetCosines.map { acos(min(max($0, -1 + 1e-7), 1 - 1e-7)) }
        let median = lowerMedian(angles)
        let scale = logAverage / cos(min(Double.pi / 4, median))
        return AdaCosScale(scale: scale, previousScale: sPrevious, logAverageNonTarget: logAverage,
                           medianAngle: Angle(radians: median))
    }

    /// torch.median of a non-empty list: the middle value, and for an even count the lower of the two middle
    /// values, sorted[(n − 1) / 2] (numpy's median would average them).
    public static func lowerMedian(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }

    /// ln Σ exp(z) = M + ln Σ exp(z − M) with M = max z; −∞ for no terms.
    static func logSumExp(_ values: [Double]) -> Double {
        guard let top = values.max() else { return -.infinity }
        return top + log(values.reduce(0) { $0 + exp($1 - top) })
    }

    /// The fixed (or given) s, or with `dynamic` one update from the previous batch's s (from `initialScale` when
    /// there is none: in eval, and on training's first batch).
    public func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase)
        -> LossStatistics {
        let start = previous?.adaCos?.scale ?? initialScale(classes: input.classes)
        guard dynamic else {
            return LossStatistics(adaCos: AdaCosScale(scale: start, previousScale: start,
                                                      logAverageNonTarget: nil, medianAngle: nil))
        }
        return LossStatistics(adaCos: Self.dynamicScale(input, previous: start))
    }

    /// S = the statistics' s, else `initialScale(classes:)`.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double {
        statistics.adaCos?.scale ?? initialScale(classes: classes)
    }

    /// f_y = c, slope 1 (σ = s after scaling); no margin.
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece { .identity(c) }

    /// s: default √2 ln(C − 1), 0 to 256.
    public var parameterSpecs: [LossParameterSpec] {
        [LossParameterSpec("s", default: .classCountRule, lower: 0, upper: 256, unit: "scale", step: .add(1),
                           reason: "0 is the fixed rule's value at C = 2; 256 is the largest scale of the other "
                               + "losses (the rule gives 16.06 at C = 85,742)")]
    }

    /// dynamic, off by default.
    public var flagSpecs: [LossFlagSpec] {
        [LossFlagSpec("dynamic", default: false,
                      meaning: "recompute s from each batch: s = ln B_avg / cos(min(π/4, θ_med))")]
    }

    /// s when given.
    public func value(of key: String) -> Double? { key == "s" ? s : nil }
}

/// The scale AdaCos used for a batch, and for the dynamic rule the two statistics it came from.
public struct AdaCosScale: Sendable, Hashable {
    /// The s the logits of this batch were scaled by.
    public var scale: Double
    /// s_prev, the scale the statistics were taken at (the fixed value on the first batch).
    public var previousScale: Double
    /// ln B_avg = ln((1/N) Σ_i Σ_{j≠y_i} exp(s_prev c_ij)); nil for a fixed s.
    public var logAverageNonTarget: Double?
    /// θ_med, the lower median of the target angles; nil for a fixed s.
    public var medianAngle: Angle?

    /// The scale `scale`, found from `previousScale` with these statistics (nil for a fixed scale).
    public init(scale: Double, previousScale: Double, logAverageNonTarget: Double?, medianAngle: Angle?) {
        self.scale = scale
        self.previousScale = previousScale
        self.logAverageNonTarget = logAverageNonTarget
        self.medianAngle = medianAngle
    }

    /// B_avg = exp(ln B_avg) (may overflow to ∞ where its logarithm does not; report the logarithm then).
    public var averageNonTarget: Double? { logAverageNonTarget.map { exp($0) } }

    /// True when s < 0: the logits are reversed and training pushes each feature away from its class (B_avg < 1).
    public var isNegative: Bool { scale < 0 }

    /// True when s = 0: every logit is 0, the loss is ln C and the gradient vanishes (the fixed rule at C = 2).
    public var isDegenerate: Bool { scale == 0 }
}
