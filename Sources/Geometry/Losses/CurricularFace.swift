import Foundation

/// CurricularFace (Huang et al., CVPR 2020) as HuangYG123/CurricularFace `head/metrics.py:70-105` computes it, with
/// T(c) = c cos m − √(1 − c²) sin m = cos(θ + m):
///   f_y = s T(c) where c > cos(π − m), else s (c − m sin m);
///   f_j = s c_j (t + c_j) where c_j > T(c_y) (a hard negative; T unfolded, even where the fallback applies),
///   else s c_j.
/// t is a detached running mean of the target cosines, updated before it is used: t ← 0.01 mean(c_y) + 0.99 t,
/// starting at 0. In eval t is used as given. The non-target logit jumps at the mask edge, by T(t + T − 1).
public struct CurricularFace: LogitRule {
    /// The additive angular margin m (radians).
    public var m: Double
    /// The scale s.
    public var s: Double
    /// t, the hard-negative weight: as given in eval, the start of the running mean in training (0 officially).
    public var t: Double

    /// CurricularFace with margin `m` (radians), scale `s` and hard-negative weight `t`.
    public init(m: Double = 0.5, s: Double = 64, t: Double = 0) {
        self.m = m
        self.s = s
        self.t = t
    }

    /// "curricularface".
    public var name: String { "curricularface" }

    /// The training update, before use (metrics.py:100-101): t_new = mean(c_y) · 0.01 + (1 − 0.01) · t_prev, the
    /// mean taken over the clamped target cosines, not the modified logits.
    public static func updatedT(previous: Double, targetCosines: [Double]) -> Double {
        let mean = targetCosines.reduce(0, +) / Double(targetCosines.count)
        return mean * 0.01 + (1 - 0.01) * previous
    }

    /// T(c) = c cos m − √(1 − c²) sin m, the target with its margin and without the fallback (metrics.py:94-95).
    public func marginCosine(_ c: Double) -> Double { c * cos(m) - (1 - c * c).squareRoot() * sin(m) }

    /// Eval: t as given. Training: `updatedT(previous:targetCosines:)` from the previous step's t (from `t` on the
    /// first step).
    public func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase)
        -> LossStatistics {
        switch phase {
        case .evaluation: LossStatistics(curricularT: t)
        case .training:
            LossStatistics(curricularT: Self.updatedT(previous: previous?.curricularT ?? t,
                                                      targetCosines: input.targetCosines))
        }
    }

    /// S = s.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { s }

    /// T(c), slope cos m + c sin m / √(1 − c²) (√ floored at 1e-8), where c > cos(π − m) (strict); else c − m sin m,
    /// slope 1.
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        let c = min(max(c, -1), 1)
        guard c > cos(.pi - m) else { return LogitPiece(value: c - sin(.pi - m) * m, slope: 1) }
        let sine = (1 - c * c).squareRoot()
        return LogitPiece(value: marginCosine(c), slope: cos(m) + c * sin(m) / max(sine, 1e-8))
    }

    /// With T = T(c_y): c_j (t + c_j), slope t + 2 c_j, where c_j > T (strict; t detached); else c_j, slope 1.
    /// t is the statistics' t, else `t`.
    public func nonTargetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        let weight = context.statistics.curricularT ?? t
        return Self.nonTarget(cosine: c, targetMarginCosine: marginCosine(min(max(context.targetCosine, -1), 1)),
                              t: weight)
    }

    /// The non-target rule with T given: c_j (t + c_j), slope t + 2 c_j, where c_j > T; else c_j, slope 1.
    public static func nonTarget(cosine c: Double, targetMarginCosine threshold: Double, t: Double) -> LogitPiece {
        c > threshold ? LogitPiece(value: c * (t + c), slope: t + 2 * c) : .identity(c)
    }

    /// m 0–1.5 rad, s 1–256, t −1–1.
    public var parameterSpecs: [LossParameterSpec] {
        [LossParameterSpec("m", default: .value(0.5), lower: 0, upper: 1.5, unit: "radians", step: .add(0.05),
                           reason: "the house's ArcFace range"),
         LossParameterSpec("s", default: .value(64), lower: 1, upper: 256, unit: "scale", step: .add(1),
                           reason: "the house's scale range"),
         LossParameterSpec("t", default: .value(0), lower: -1, upper: 1, unit: "cosine units", step: .add(0.05),
                           reason: "t is a running mean of cosines, which lie in [−1, 1]")]
    }

    /// m, s, t.
    public func value(of key: String) -> Double? {
        switch key {
        case "m": m
        case "s": s
        case "t": t
        default: nil
        }
    }
}
