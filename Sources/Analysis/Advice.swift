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

    /// Why `minimumScale` is no advice for this loss, in one line, or nil: AdaCos sets its s itself, and Circle's
    /// γ multiplies logits that are not s c.
    public var scaleBoundNote: String? {
        switch loss.kind {
        case .adacos:
            "AdaCos sets s itself (" + (loss.isLeftToRule(.s) ? "sqrt(2) ln(C - 1), adacos_s" : "the given s")
                + (loss.dynamic ? ", then from each batch" : "") + ")"
        case .circle: "circle's gamma scales gamma [1 + m - c]+ (c - 1 + m), not s c"
        default: nil
        }
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
    /// normalisation, whose logits scale with the unknown norms ‖W‖ ‖x‖. The losses of issue 10: S target(0) by
    /// their rule with S the starting scale (AdaCos's for C classes, Circle's γ), ElasticFace at its mean margin,
    /// CurricularFace with t as given; nil for MagFace and AdaFace (`initialLossNote`).
    public var initialTargetLogit: Double? {
        if let rule = loss.rule {
            guard !loss.dependsOnLength else { return nil }
            return ruleScale(rule) * loss.targetLogit(cosine: 0, length: 1).value
        }
        switch loss.normalization {
        case .none where loss.kind == .softmax: return 0
        case .none, .weights: return nil
        case .weightsAndFeatures: return loss.s * loss.targetLogit(at: Angle(degrees: 90))
        }
    }

    /// o, every other logit of that feature: 0, except Circle's γ [0 + m]₊ (0 − m) = −γ m².
    public var initialOtherLogit: Double {
        guard let rule = loss.rule, !loss.dependsOnLength else { return 0 }
        return ruleScale(rule) * loss.nonTargetLogit(cosine: 0, targetCosine: 0, length: 1)
    }

    /// S for a fresh run on C classes: the rule's scale with its starting statistics.
    private func ruleScale(_ rule: any LogitRule) -> Double {
        rule.scale(using: loss.startingStatistics(classes: classes), classes: classes)
    }

    /// ln(e^t + (C - 1) e^o) - t, the cross-entropy of a feature orthogonal to every class weight, computed as
    /// softplus(ln(C - 1) + o - t) = max(a, 0) + log1p(e^-|a|) so that it neither overflows nor loses digits at
    /// either end; nil where `initialTargetLogit` is.
    public var expectedInitialLoss: Double? {
        guard let t = initialTargetLogit else { return nil }
        let a = log(Double(classes - 1)) + initialOtherLogit - t
        return max(a, 0) + log1p(exp(-abs(a)))
    }

    /// Why `expectedInitialLoss` is nil, in one line (nil when it is a number).
    public var initialLossNote: String? {
        guard initialTargetLogit == nil else { return nil }
        return switch loss.kind {
        case .magface: "magface's margin m(‖x‖) and its regulariser lambda_g g(‖x‖) depend on the feature length"
        case .adaface: "adaface's margin depends on the feature length through z = h (‖x‖ - mu) / (sigma + eps)"
        default: "\(loss.kind.rawValue)'s logits scale with ‖W‖ ‖x‖"
        }
    }

    /// Why `evenSpreadCheck` is nil although d = 2, in one line: MagFace's and AdaFace's margins depend on the
    /// feature length, which advise does not know.
    public var marginCheckNote: String? {
        guard dimension == 2, loss.dependsOnLength else { return nil }
        if loss.kind == .magface {
            return "magface's margin m(‖x‖) runs from l_m = \(NumberText.tidy(loss[.lowerMargin])) at ‖x‖ = "
                + "\(NumberText.tidy(loss[.lowerLength])) to u_m = \(NumberText.tidy(loss[.upperMargin])) at "
                + "\(NumberText.tidy(loss[.upperLength])): it depends on the feature length"
        }
        return "adaface's margin depends on the feature length through z; analyze checks it at the model's lengths"
    }

    /// The margin check for C classes spread evenly in 2-D (the best case there: every gap 360° / C); nil unless
    /// d = 2.
    public var evenSpreadCheck: MarginRoom? {
        guard dimension == 2, !loss.dependsOnLength else { return nil }
        return MarginRoom(loss: loss, gap: Angle(radians: 2 * .pi / Double(classes)))
    }
}
