import Foundation

/// AdaFace (Kim et al., CVPR 2022) as mk-minchul/AdaFace `head.py:77-120` computes it, with ε = 1e-3:
///   c' = clamp(c, −1 + ε, 1 − ε) on every column, ã = clip(‖x‖, 0.001, 100) (detached),
///   ẑ = clip(h (ã − μ)/(σ + ε), −1, 1), θ_m = clip(acos(c'_y) − m ẑ, ε, π − ε),
///   f_y = s (cos θ_m − (m + m ẑ)),  f_j = s c'_j.
/// ẑ = −1 is ArcFace's cos(θ + m), ẑ = 0 CosFace's c − m, and the clip of θ_m makes the target flat near θ = m ẑ
/// (ẑ > 0) and near θ = π + m ẑ (ẑ < 0) instead of a fallback.
///
/// Gradient through the norm (the lead's decision for issue 10): by default the norm is detached, as the official
/// code does (head.py:84: `safe_norms.clone().detach()`), so ẑ is a constant in the backward pass and x moves only
/// through its direction. That default keeps eval, train and every known answer equal to what AdaFace users run.
/// `throughNorm` offers the literal reading, a live path through ẑ(a) with μ and σ held as numbers:
/// ∂f_y/∂a = s (m sin θ_m · [θ_m not clipped] − m) · h/(σ + ε) · [|h(ã − μ)/(σ + ε)| ≤ 1] · [0.001 ≤ ‖x‖ ≤ 100].
public struct AdaFace: LogitRule {
    /// ε of the official code: the cosine clamp, the θ clip and σ's offset.
    public static let epsilon = 1e-3
    /// The official buffers' start in training (head.py:68-69): μ = 20, σ = 100.
    public static let initialNorms = (mean: 20.0, standardDeviation: 100.0)
    /// The official training momentum t_α (config.py:65): μ ← t_α μ_batch + (1 − t_α) μ.
    public static let trainingMomentum = 0.01

    /// The margin m, radians in the angular part and cosine units in the additive part at once.
    public var m: Double
    /// h, the concentration: ẑ = clip(h (ã − μ)/(σ + ε), −1, 1) (0 makes it CosFace).
    public var h: Double
    /// The scale s.
    public var s: Double
    /// μ as given (norm_mean), or nil for the batch's mean (eval) or the running mean (training).
    public var normMean: Double?
    /// σ as given (norm_std), or nil for the batch's unbiased standard deviation (eval) or the running one.
    public var normStd: Double?
    /// Let the gradient flow through ẑ(‖x‖) (not official; off by default, see the type's note).
    public var throughNorm: Bool

    /// AdaFace with the published settings (run_ir101_ms1mv2.sh: m 0.4, h 0.333; s 64).
    public init(m: Double = 0.4, h: Double = 0.333, s: Double = 64, normMean: Double? = nil, normStd: Double? = nil,
                throughNorm: Bool = false) {
        self.m = m
        self.h = h
        self.s = s
        self.normMean = normMean
        self.normStd = normStd
        self.throughNorm = throughNorm
    }

    /// "adaface".
    public var name: String { "adaface" }

    /// The margin depends on ‖x‖ through ẑ.
    public var dependsOnLength: Bool { true }

    /// ã = clip(a, 0.001, 100) (head.py:83).
    public static func clippedNorm(_ length: Double) -> Double { min(max(length, 0.001), 100) }

    /// ẑ = clip((ã − μ)/(σ + ε) · h, −1, 1) and, for the live path, dẑ/da = h/(σ + ε) where neither clip acts,
    /// else 0 (head.py:93-95, in its order: divide, then multiply by h).
    public func scaledNorm(length: Double, mean: Double, standardDeviation: Double) -> (value: Double, slope: Double) {
        let raw = (Self.clippedNorm(length) - mean) / (standardDeviation + Self.epsilon) * h
        let live = abs(raw) <= 1 && length >= 0.001 && length <= 100
        return (min(max(raw, -1), 1), live ? h / (standardDeviation + Self.epsilon) : 0)
    }

    /// μ = mean(ã) and σ = the unbiased standard deviation √(Σ(ã − μ)²/(N − 1)) (torch.std); σ = 0 for N = 1,
    /// where torch gives NaN, so that ẑ = 0 (a − μ is exactly 0 then).
    public static func batchNorms(_ lengths: [Double]) -> (mean: Double, standardDeviation: Double) {
        let norms = lengths.map(clippedNorm)
        let mean = norms.reduce(0, +) / Double(norms.count)
        guard norms.count > 1 else { return (mean, 0) }
        let squares = norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(norms.count - 1)).squareRoot())
    }

    /// The training update, before use (head.py:86-91): μ ← μ_b t_α + (1 − t_α) μ_prev, σ ← σ_b t_α + (1 − t_α) σ_prev.
    public static func movingNorms(_ lengths: [Double], previous: (mean: Double, standardDeviation: Double),
                                   momentum: Double = trainingMomentum) -> (mean: Double, standardDeviation: Double) {
        let batch = batchNorms(lengths)
        return (batch.mean * momentum + (1 - momentum) * previous.mean,
                batch.standardDeviation * momentum + (1 - momentum) * previous.standardDeviation)
    }

    /// μ and σ: each given one as given; the others from the batch in eval (t_α = 1), from the EMA in training
    /// (t_α = 0.01 from the previous step's, from (20, 100) on the first). Then every sample's ẑ.
    public func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase)
        -> LossStatistics {
        let found = switch phase {
        case .evaluation: Self.batchNorms(input.lengths)
        case .training:
            Self.movingNorms(input.lengths, previous: previous?.adaFace.map { ($0.mean, $0.standardDeviation) }
                                 ?? Self.initialNorms)
        }
        let (mean, deviation) = (normMean ?? found.mean, normStd ?? found.standardDeviation)
        let zHats = input.lengths.map { scaledNorm(length: $0, mean: mean, standardDeviation: deviation).value }
        return LossStatistics(adaFace: AdaFaceNorms(mean: mean, standardDeviation: deviation, zHats: zHats))
    }

    /// S = s.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { s }

    /// ẑ for a context: with `throughNorm`, recomputed from its length (μ, σ fixed), with its slope; otherwise the
    /// sample's frozen ẑ_i, or for a direction that is no sample ẑ(length), slope 0. Without statistics μ, σ are
    /// the given ones, else (20, 100).
    public func scaledNorm(in context: SampleContext) -> (value: Double, slope: Double) {
        let norms = context.statistics.adaFace
        let mean = norms?.mean ?? normMean ?? Self.initialNorms.mean
        let deviation = norms?.standardDeviation ?? normStd ?? Self.initialNorms.standardDeviation
        let live = scaledNorm(length: context.length, mean: mean, standardDeviation: deviation)
        if throughNorm { return live }
        if let i = context.index, let zHats = norms?.zHats, zHats.indices.contains(i) { return (zHats[i], 0) }
        return (live.value, 0)
    }

    /// cos θ_m − (m + m ẑ), slope sin θ_m / sin θ where neither the θ clip nor the cosine clamp acts, else 0 (sin θ ≥
    /// sin(acos(1 − ε)) = 0.0447); length slope (m sin θ_m [θ clip inactive] − m) dẑ/da (0 unless `throughNorm`).
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        let z = scaledNorm(in: context)
        return Self.target(cosine: c, margin: m, zHat: z.value, zHatSlope: z.slope)
    }

    /// The target rule for a given ẑ and dẑ/da: see `targetLogit(cosine:context:)`.
    public static func target(cosine c: Double, margin m: Double, zHat z: Double, zHatSlope: Double = 0)
        -> LogitPiece {
        let clamped = min(max(c, -1 + epsilon), 1 - epsilon)
        let cosineLive = c >= -1 + epsilon && c <= 1 - epsilon
        let theta = acos(clamped)
        let shifted = theta + m * z * -1
        let angleLive = shifted >= epsilon && shifted <= .pi - epsilon
        let thetaM = min(max(shifted, epsilon), .pi - epsilon)
        let slope = angleLive && cosineLive ? sin(thetaM) / sin(theta) : 0
        let lengthSlope = ((angleLive ? m * sin(thetaM) : 0) - m) * zHatSlope
        return LogitPiece(value: cos(thetaM) - (m + m * z), slope: slope, lengthSlope: lengthSlope)
    }

    /// c'_j = clamp(c_j, −1 + ε, 1 − ε), slope 1 inside the clamp, 0 outside (head.py:81 clamps every column).
    public func nonTargetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        let live = c >= -1 + Self.epsilon && c <= 1 - Self.epsilon
        return LogitPiece(value: min(max(c, -1 + Self.epsilon), 1 - Self.epsilon), slope: live ? 1 : 0)
    }

    /// m 0–1, h 0–2, s 1–256, norm_mean 0.001–100, norm_std 0–100.
    public var parameterSpecs: [LossParameterSpec] {
        let clip = "the official clip range of ã, [0.001, 100]"
        return [
            LossParameterSpec("m", default: .value(0.4), lower: 0, upper: 1, unit: "radians and cosine units",
                              step: .add(0.05),
                              reason: "m is an angle and a cosine offset at once; at ẑ = 1 the offset is 2m, so "
                                  + "m = 1 already shifts the target by the cosine's whole range"),
            LossParameterSpec("h", default: .value(0.333), lower: 0, upper: 2, unit: "dimensionless",
                              step: .add(0.05),
                              reason: "0 is CosFace; at 2 ẑ saturates half a standard deviation from μ"),
            LossParameterSpec("s", default: .value(64), lower: 1, upper: 256, unit: "scale", step: .add(1),
                              reason: "the house's scale range"),
            LossParameterSpec("norm_mean", default: .batchStatistic, lower: 0.001, upper: 100,
                              unit: "feature length", step: .multiply(1.25), reason: clip),
            LossParameterSpec("norm_std", default: .batchStatistic, lower: 0, upper: 100, unit: "feature length",
                              step: .multiply(1.25), reason: clip + "; 0 makes ẑ a step at μ"),
        ]
    }

    /// through_norm, off by default.
    public var flagSpecs: [LossFlagSpec] {
        [LossFlagSpec("through_norm", default: false,
                      meaning: "let the gradient flow through ẑ(‖x‖) with μ and σ held fixed (the official code "
                          + "detaches the norm)")]
    }

    /// m, h, s, and norm_mean, norm_std when given.
    public func value(of key: String) -> Double? {
        switch key {
        case "m": m
        case "h": h
        case "s": s
        case "norm_mean": normMean
        case "norm_std": normStd
        default: nil
        }
    }
}

/// The norm statistics AdaFace used for a batch.
public struct AdaFaceNorms: Sendable, Hashable {
    /// μ.
    public var mean: Double
    /// σ.
    public var standardDeviation: Double
    /// ẑ_i = clip(h (ã_i − μ)/(σ + ε), −1, 1) for each sample, in batch order.
    public var zHats: [Double]

    /// Statistics μ = `mean`, σ = `standardDeviation` and the samples' `zHats`.
    public init(mean: Double, standardDeviation: Double, zHats: [Double]) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.zHats = zHats
    }
}
