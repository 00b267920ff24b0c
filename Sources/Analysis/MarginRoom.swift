import Foundation
import Geometry

/// Whether a margin fits between a class weight and its nearest other class weight, gap Δ apart.
///
/// The rule, and why. Training pulls a class's features towards its weight direction, so the margin is allowed
/// when a feature lying on its own class weight W_y (theta_y = 0) meets it against the nearest other class:
/// there theta_j = Δ, and the sample meets the margin when A_y t(cos 0) > A_j cos Δ, with t the loss's target
/// logit before scaling and A its scale. For losses on unit weights A_y = A_j (s, or ‖x‖), so the rule is
///
///     t(1) > cos Δ.
///
/// Per loss: CosFace t(1) = 1 - m, so m < 1 - cos Δ, which for C classes evenly spread in 2-D (Δ = 2π / C) is
/// CosFace's own bound m <= 1 - cos(2π / C); ArcFace t(1) = cos m, so m < Δ; the combined margin
/// t(1) = cos m2 - m3 (m1 multiplies theta = 0), so cos m2 - m3 > cos Δ; SphereFace t(1) = ψ(0) = 1 > cos Δ for
/// every Δ > 0, never too large. Without unit weights (softmax, L-Softmax) A_y / A_j = ‖W_y‖ / ‖W_j‖ and the rule
/// is ‖W_y‖ t(1) > ‖W_j‖ cos Δ. Past this limit only features away from their own weight can meet the margin
/// (CosFace's up to m < 2 sin(Δ / 2), at the bisecting direction), so the class's samples are pushed off its
/// weight instead of towards it.
///
/// The losses of issue 10 use their rule's two-class margin target(1) − nonTarget(cos Δ) at the feature length
/// `length` (MagFace's m(a), AdaFace's ẑ with the loss's μ and σ; ignored by the others): CurricularFace's
/// hard-negative weight, AdaFace's clamp and Circle's weights then count; ElasticFace is checked at its mean
/// margin, Sub-center ArcFace as ArcFace between two sub-centres of different classes, AdaCos (no margin) always
/// fits.
public struct MarginRoom: Sendable, Hashable {
    /// The loss.
    public var loss: MarginLoss
    /// Δ, the angle between the two class weights.
    public var gap: Angle
    /// ‖W_y‖ / ‖W_j‖ (used only by losses without unit weights).
    public var normRatio: Double
    /// ‖x‖ for the losses whose margin depends on it (MagFace, AdaFace).
    public var length: Double

    /// The check of `loss`'s margin between weights `gap` apart (`normRatio` ‖W_y‖ / ‖W_j‖, `length` ‖x‖ where the
    /// loss depends on them).
    public init(loss: MarginLoss, gap: Angle, normRatio: Double = 1, length: Double = 1) {
        self.loss = loss
        self.gap = gap
        self.normRatio = normRatio
        self.length = length
    }

    /// A_y t(1) - A_j cos Δ in units of A_j: positive when the margin fits (for the losses of issue 10,
    /// target(1) − nonTarget(cos Δ) before scaling).
    public var room: Double {
        if loss.rule != nil { return loss.twoClassMargin(cosine1: 1, cosine2: cos(gap.radians), length: length) }
        let ratio = loss.normalization == .none ? normRatio : 1
        return ratio * loss.targetLogit(cosine: 1).value - cos(gap.radians)
    }

    /// True when a feature on its own class weight meets the margin against the other class.
    public var fits: Bool { room > 0 }

    /// The margin m at which the rule becomes an equality, for the losses where it has a closed form: CosFace
    /// and ElasticFace-cos 1 - cos Δ (cosine units), ArcFace, Sub-center ArcFace and ElasticFace-arc Δ (radians;
    /// for ElasticFace the mean margin); nil for the others.
    public var largestMargin: Double? {
        switch loss.kind {
        case .cosface, .elasticCosface: 1 - cos(gap.radians)
        case .arcface, .subcenterArcface, .elasticArcface: gap.radians
        default: nil
        }
    }
}
