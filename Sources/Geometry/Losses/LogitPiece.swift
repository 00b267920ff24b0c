/// One logit before scaling and the slopes the backward pass uses: the logit fed to the cross-entropy is
/// f = S · value, and df = S · (slope · dc + lengthSlope · da), with c the cosine of the logit's column, a = ‖x‖ and
/// S the loss's scale (`LogitRule.scale(using:classes:)`).
///
/// `slope` is the official code's backward slope ∂f/∂c / S. It is the derivative of `value` except where the
/// official code detaches a factor: Circle (α_p, α_n) and AdaFace (ẑ); each loss documents which.
public struct LogitPiece: Sendable, Hashable {
    /// The unscaled logit: t(c) for a target, the non-target transform for the others.
    public var value: Double
    /// The backward slope with respect to the cosine, ∂f/∂c / S, as the official code computes it.
    public var slope: Double
    /// The backward slope with respect to the feature length, ∂f/∂a / S: MagFace's -sin(θ + m(a)) m'(a), AdaFace's
    /// optional live path, 0 elsewhere.
    public var lengthSlope: Double

    /// A logit `value` with backward slopes `slope` (∂/∂c) and `lengthSlope` (∂/∂a), both unscaled.
    public init(value: Double, slope: Double, lengthSlope: Double = 0) {
        self.value = value
        self.slope = slope
        self.lengthSlope = lengthSlope
    }

    /// The plain cosine logit f = c: value c, slope 1, no length path.
    public static func identity(_ c: Double) -> LogitPiece { LogitPiece(value: c, slope: 1) }
}

/// A per-sample term added to the cross-entropy, R(a) with a = ‖x‖, and its backward slope dR/da
/// (MagFace's λ_g g(a)). The per-sample loss is L_i = CE_i + R(a_i).
public struct LengthPenalty: Sendable, Hashable {
    /// R(a).
    public var value: Double
    /// dR/da, the slope the feature gradient gets along x̂: (1/N) R'(a) x̂.
    public var slope: Double

    /// A penalty of `value` with slope `slope` along the feature length.
    public init(value: Double, slope: Double) {
        self.value = value
        self.slope = slope
    }

    /// No penalty: R = 0, R' = 0.
    public static let zero = LengthPenalty(value: 0, slope: 0)
}
