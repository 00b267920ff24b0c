import Foundation

/// MagFace (Meng et al., CVPR 2021) as IrvingMeng/MagFace `models/magface.py:57-137` and `run/trainer.py:198-199`
/// compute it. With a_c = clamp(‖x‖, l_a, u_a) (not detached) and m(a) = (u_m − l_m)/(u_a − l_a) · (a_c − l_a) + l_m:
///   f_y = s cos(θ + m(a)) where c > 0 (easy margin, on by default), else s c;
///   without easy margin: s cos(θ + m(a)) where c > cos(π − m(a)), else s (c − m(a) sin m(a));
///   f_j = s c_j;  L_i = CE_i + λ_g g(a_c), g(a) = a/u_a² + 1/a.
/// The clamp holds for g too, so outside [l_a, u_a] g is constant and the length gets no gradient. Every feature
/// shorter than l_a = 10 (the whole reference batch) has m = l_m and a dead length path.
public struct MagFace: LogitRule {
    /// The scale s.
    public var s: Double
    /// l_a, the length where the margin starts rising.
    public var lowerLength: Double
    /// u_a, the length where it stops.
    public var upperLength: Double
    /// l_m, the margin at and below l_a (radians).
    public var lowerMargin: Double
    /// u_m, the margin at and above u_a (radians).
    public var upperMargin: Double
    /// λ_g, the weight of the length regulariser g.
    public var lambdaG: Double
    /// Apply the margin only where c > 0 (MagLinear's easy_margin=True, the official default).
    public var easyMargin: Bool

    /// MagFace with the published settings (run.sh: l_a 10, u_a 110, l_m 0.45, u_m 0.8, λ_g 35; s 64; easy margin).
    public init(s: Double = 64, lowerLength: Double = 10, upperLength: Double = 110, lowerMargin: Double = 0.45,
                upperMargin: Double = 0.8, lambdaG: Double = 35, easyMargin: Bool = true) {
        self.s = s
        self.lowerLength = lowerLength
        self.upperLength = upperLength
        self.lowerMargin = lowerMargin
        self.upperMargin = upperMargin
        self.lambdaG = lambdaG
        self.easyMargin = easyMargin
    }

    /// "magface".
    public var name: String { "magface" }

    /// The margin depends on ‖x‖.
    public var dependsOnLength: Bool { true }

    /// k = (u_m − l_m)/(u_a − l_a), the margin's slope in the length.
    public var marginSlope: Double { (upperMargin - lowerMargin) / (upperLength - lowerLength) }

    /// True when ‖x‖ lies in [l_a, u_a], where the clamp passes the gradient (torch.clamp passes it at the ends).
    public func isInsideClamp(_ length: Double) -> Bool { length >= lowerLength && length <= upperLength }

    /// a_c = clamp(a, l_a, u_a).
    public func clampedLength(_ length: Double) -> Double { min(max(length, lowerLength), upperLength) }

    /// m(a) = k (a_c − l_a) + l_m, and dm/da = k where l_a ≤ a ≤ u_a, else 0.
    public func margin(length: Double) -> (value: Double, slope: Double) {
        (marginSlope * (clampedLength(length) - lowerLength) + lowerMargin, isInsideClamp(length) ? marginSlope : 0)
    }

    /// g(a) = a_c/u_a² + 1/a_c (magface.py:125-127), before λ_g.
    public func regularizer(length: Double) -> Double {
        let a = clampedLength(length)
        return 1 / (upperLength * upperLength) * a + 1 / a
    }

    /// λ_g g(a_c), slope λ_g (1/u_a² − 1/a_c²) inside [l_a, u_a], 0 outside.
    public func lengthPenalty(length: Double) -> LengthPenalty {
        let a = clampedLength(length)
        let slope = isInsideClamp(length) ? lambdaG * (1 / (upperLength * upperLength) - 1 / (a * a)) : 0
        return LengthPenalty(value: lambdaG * regularizer(length: length), slope: slope)
    }

    /// The smallest λ_g for which the paper's guarantees hold (trainer.py:95-100, with the actual s instead of its
    /// hard-coded 64): s k u_a² l_a² / (u_a² − l_a²). 22.586667 at the defaults and s = 64.
    public var lambdaGFloor: Double {
        let (lower, upper) = (lowerLength * lowerLength, upperLength * upperLength)
        return s * marginSlope * upper * lower / (upper - lower)
    }

    /// S = s.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { s }

    /// With m = m(a) and θ = acos(c): on the margin branch T = c cos m − sin θ sin m, slope cos m + c sin m / sin θ
    /// (sin θ floored at 1e-8), length slope −sin(θ + m) m'(a) = −(sin θ cos m + c sin m) m'(a). Easy margin, c ≤ 0:
    /// c, slope 1, length slope 0. Without it, c ≤ cos(π − m): c − m sin m, slope 1, length slope
    /// −(sin m + m cos m) m'(a).
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        let c = min(max(c, -1), 1)
        let (m, dm) = margin(length: context.length)
        let onMargin = easyMargin ? c > 0 : c > cos(.pi - m)
        guard onMargin else {
            if easyMargin { return .identity(c) }
            return LogitPiece(value: c - sin(.pi - m) * m, slope: 1, lengthSlope: -(sin(m) + m * cos(m)) * dm)
        }
        let sine = (1 - c * c).squareRoot()
        return LogitPiece(value: c * cos(m) - sine * sin(m), slope: cos(m) + c * sin(m) / max(sine, 1e-8),
                          lengthSlope: -(sine * cos(m) + c * sin(m)) * dm)
    }

    /// s 1–256; l_a, u_a 0.01–1000 (×1.25); l_m, u_m 0–1.5 rad; lambda_g 0–1000.
    public var parameterSpecs: [LossParameterSpec] {
        let length = "feature length"
        let lengths = "lengths span decades (the reference batch is near 2, trained faces near 30–60); l_a < u_a"
        let margins = "the house's ArcFace range; l_m ≤ u_m (the margin grows with the length)"
        return [
            LossParameterSpec("s", default: .value(64), lower: 1, upper: 256, unit: "scale", step: .add(1),
                              reason: "the house's scale range"),
            LossParameterSpec("l_a", default: .value(10), lower: 0.01, upper: 1000, unit: length,
                              step: .multiply(1.25), reason: lengths),
            LossParameterSpec("u_a", default: .value(110), lower: 0.01, upper: 1000, unit: length,
                              step: .multiply(1.25), reason: lengths),
            LossParameterSpec("l_m", default: .value(0.45), lower: 0, upper: 1.5, unit: "radians", step: .add(0.05),
                              reason: margins),
            LossParameterSpec("u_m", default: .value(0.8), lower: 0, upper: 1.5, unit: "radians", step: .add(0.05),
                              reason: margins),
            LossParameterSpec("lambda_g", default: .value(35), lower: 0, upper: 1000, unit: "weight", step: .add(1),
                              reason: "0 turns the regulariser off; the paper's guarantee needs λ_g ≥ "
                                  + "s k u_a² l_a²/(u_a² − l_a²) (`lambdaGFloor`), 22.6 at the defaults"),
        ]
    }

    /// easy_margin, on by default.
    public var flagSpecs: [LossFlagSpec] {
        [LossFlagSpec("easy_margin", default: true,
                      meaning: "apply the margin only where c > 0; off: the fallback c − m sin m below cos(π − m)")]
    }

    /// s, l_a, u_a, l_m, u_m, lambda_g.
    public func value(of key: String) -> Double? {
        switch key {
        case "s": s
        case "l_a": lowerLength
        case "u_a": upperLength
        case "l_m": lowerMargin
        case "u_m": upperMargin
        case "lambda_g": lambdaG
        default: nil
        }
    }

    /// l_a < u_a (the margin's slope divides by u_a − l_a), and l_m ≤ u_m.
    public func crossParameterProblem() -> LossParameterProblem? {
        if !(lowerLength < upperLength) {
            return LossParameterProblem(key: "l_a", problem: .mustBeBelow(other: "u_a", orEqual: false))
        }
        if !(lowerMargin <= upperMargin) {
            return LossParameterProblem(key: "l_m", problem: .mustBeBelow(other: "u_m", orEqual: true))
        }
        return nil
    }
}
