/// Circle loss (Sun et al., CVPR 2020) in the classification form of JDAI-CV/fast-reid
/// `fastreid/layers/circle_softmax.py:26-38` (also `any_softmax.py:57-80` and TinyZeaMays' CircleLossLikeCE), the
/// issue's table form, followed by the ordinary cross-entropy:
///   α_p = [1 + m − c]₊,  α_n = [c_j + m]₊  (both detached),  Δ_p = 1 − m,  Δ_n = m,
///   f_y = γ α_p (c − Δ_p) = γ (m² − (1 − c)²),  f_j = γ α_n (c_j − Δ_n) = γ (c_j² − m²) for c_j ≥ −m, else 0.
/// The non-target is not monotone in c_j (least at c_j = 0). Because α is detached, the official backward slope is
/// γ α_p and γ α_n, not the derivative of the forward value (2γ (1 − c) and 2γ c_j): finite differences must freeze
/// α. In cosine space the two-class boundary is the circle c_n² + (c_p − 1)² = 2m² where c_n ≥ −m and the line
/// c_p = 1 − m where c_n < −m (α_n = 0 there); a class has a region only where θ12 > acos(√2 m).
public struct CircleLoss: LogitRule {
    /// The relaxation m (cosine units): the optima are O_p = 1 + m, O_n = −m, the thresholds Δ_p = 1 − m, Δ_n = m.
    public var m: Double
    /// The scale γ.
    public var gamma: Double

    /// Circle loss with the paper's face-recognition setting, m = 0.25 and γ = 256.
    public init(m: Double = 0.25, gamma: Double = 256) {
        self.m = m
        self.gamma = gamma
    }

    /// "circle".
    public var name: String { "circle" }

    /// S = γ.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { gamma }

    /// α_p = [1 + m − c]₊ (never clamps for c ≤ 1).
    public func positiveWeight(cosine c: Double) -> Double { max(1 + m - c, 0) }

    /// α_n = [c_j + m]₊ (0 below c_j = −m).
    public func negativeWeight(cosine c: Double) -> Double { max(c + m, 0) }

    /// α_p (c − (1 − m)), slope α_p (α_p detached).
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        targetLogit(cosine: c, weight: positiveWeight(cosine: c))
    }

    /// α_n (c_j − m), slope α_n (α_n detached).
    public func nonTargetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        nonTargetLogit(cosine: c, weight: negativeWeight(cosine: c))
    }

    /// The target with α_p given (frozen): α_p (c − (1 − m)), slope α_p.
    public func targetLogit(cosine c: Double, weight alpha: Double) -> LogitPiece {
        LogitPiece(value: alpha * (c - (1 - m)), slope: alpha)
    }

    /// The non-target with α_n given (frozen): α_n (c_j − m), slope α_n.
    public func nonTargetLogit(cosine c: Double, weight alpha: Double) -> LogitPiece {
        LogitPiece(value: alpha * (c - m), slope: alpha)
    }

    /// m 0–0.5, gamma 1–1024.
    public var parameterSpecs: [LossParameterSpec] {
        [LossParameterSpec("m", default: .value(0.25), lower: 0, upper: 0.5, unit: "cosine units", step: .add(0.05),
                           reason: "the circle c_n² + (c_p − 1)² = 2m² stays off the bisector c_p = c_n only for "
                               + "m < 1/2 (the nearest point of the bisector is (½, ½), at distance 1/√2 from (1, 0)); "
                               + "from m = 1/2 on, the class regions overlap and no margin is left"),
         LossParameterSpec("gamma", default: .value(256), lower: 1, upper: 1024, unit: "scale", step: .add(8),
                           reason: "256 is the paper's face setting; |f| ≤ 4γ, so 1024 is far from overflow")]
    }

    /// m, gamma.
    public func value(of key: String) -> Double? {
        switch key {
        case "m": m
        case "gamma": gamma
        default: nil
        }
    }
}
