import Foundation
import Geometry

/// The m and s figures for C classes: the CosFace bound on the scale, AdaCos's fixed scale, CosFace's largest
/// margin in 2-D, and the loss a fresh network starts from.
public struct Advice: Sendable, Hashable {
    /// C, the number of classes (at least 2).
    public var classes: Int
    /// d, the feature dimension, when known.
    public var dimension: Int?
    /// P, the target probability of the CosFace bound (0 < P < 1).
    public var probability: Double
    /// The loss the figures are for.
    public var loss: MarginLoss

    /// The default target probability of the scale bound.
    public static let defaultProbability = 0.99

    /// Advice for `classes` classes under `loss`.
    public init(classes: Int, dimension: Int? = nil, probability: Double = Advice.defaultProbability, loss: MarginLoss) {
        precondition(classes >= 2 && probability > 0 && probability < 1)
        self.classes = classes
        self.dimension = dimension
        self.probability = probability
        self.loss = loss
    }

    /// s_min = (C - 1) / C · ln((C - 1) P / (1 - P)) (CosFace): below it, even a feature on its own class weight
    /// and orthogonal to every other cannot reach probability P. Negative when P < 1 / C: any s reaches such a P.
    public var minimumScale: Double {
        let c = Double(classes)
        return (c - 1) / c * log((c - 1) * probability / (1 - probability))
    }

    /// AdaCos's fixed scale, sqrt(2) · ln(C - 1).
    public var adaCosScale: Double { 2.0.squareRoot() * log(Double(classes - 1)) }

    /// CosFace's largest margin for C classes spread evenly in 2-D, 1 - cos(2π / C); nil unless d = 2.
    public var maxCosFaceMargin2D: Double? {
        guard dimension == 2 else { return nil }
        return 1 - cos(2 * .pi / Double(classes))
    }

    /// t = s ψ(90°): the loss's own target logit at 90° times its scale, the target logit of a feature orthogonal
    /// to every class weight (what a fresh network sees in high dimensions), where every other logit is 0.
    /// Softmax's logits are W_j · x, all 0 there, so t = 0. nil for L-Softmax and SphereFace without feature
    /// normalisation, whose logits scale with the unknown norms ‖W‖ ‖x‖.
    public var initialTargetLogit: Double? {
        switch loss.normalization {
        case .none where loss.kind == .softmax: return 0
        case .none, .weights: return nil
        case .weightsAndFeatures: return loss.s * loss.targetLogit(at: Angle(degrees: 90))
        }
    }

    /// ln(e^t + C - 1) - t, the cross-entropy of a feature orthogonal to every class weight, computed as
    /// softplus(ln(C - 1) - t) = max(a, 0) + log1p(e^-|a|) so that it neither overflows nor loses digits at
    /// either end; nil where `initialTargetLogit` is.
    public var expectedInitialLoss: Double? {
        guard let t = initialTargetLogit else { return nil }
        let a = log(Double(classes - 1)) - t
        return max(a, 0) + log1p(exp(-abs(a)))
    }

    /// The margin check for C classes spread evenly in 2-D (the best case there: every gap 360° / C); nil unless
    /// d = 2.
    public var evenSpreadCheck: MarginRoom? {
        guard dimension == 2 else { return nil }
        return MarginRoom(loss: loss, gap: Angle(radians: 2 * .pi / Double(classes)))
    }
}
