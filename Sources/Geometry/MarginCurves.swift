import Foundation

/// The binary decision margins of a loss in the (theta1, theta2) plane and in cosine space, as in the ArcFace and
/// CosFace papers. Class 1 meets its margin where A1 t(cos theta1) > A2 cos theta2; its curve is where the two are
/// equal: theta2 = acos(A1 t(cos theta1) / A2). Class 2's curve is the mirror image.
public struct MarginCurves: Sendable, Hashable {
    /// The loss.
    public var loss: MarginLoss
    /// r = ‖W1‖/‖W2‖, used only where the loss keeps raw weights.
    public var normRatio: Double
    /// The feature length ‖x‖ the curves hold for, where the loss depends on it (MagFace, AdaFace); nil:
    /// `loss.referenceLength`.
    public var featureLength: Double?

    /// The curves of `loss` with norm ratio `normRatio`, for features of length `featureLength`.
    public init(loss: MarginLoss, normRatio: Double = 1, featureLength: Double? = nil) {
        self.loss = loss; self.normRatio = normRatio; self.featureLength = featureLength
    }

    /// The length the curves are drawn for: `featureLength`, else the loss's reference length.
    public var length: Double { featureLength ?? loss.referenceLength }

    /// The factors A_1, A_2 that multiply the cosine terms per unit ‖x‖ (‖W2‖ = 1): (r, 1) where weights are raw.
    var factors: (Double, Double) { loss.normalization == .none ? (normRatio, 1) : (1, 1) }

    /// In cosine space: the other class's cosine at which a sample of `label` whose cosine to its own weight is
    /// `cosine` just meets its margin, A_own t(cosine) / A_other, or nil outside [-1, 1] (the margin is met for
    /// every other cosine there, or for none). For class 1 that is cos theta2 as a function of cos theta1.
    ///
    /// For a loss of issue 10 the two classes are alike (unit weights): where the non-target logit is the plain
    /// cosine the other cosine is t(cosine); otherwise (CurricularFace, Circle) it is where the margin function
    /// target(own) − nonTarget(other) changes sign, scanned over other = 1 … −1 in steps of 0.005 and bisected,
    /// the largest such cosine (nil where there is none).
    public func boundary(of label: ClassLabel, cosine: Double) -> Double? {
        if loss.rule != nil {
            if loss.hasPlainNonTarget {
                let value = loss.targetLogit(cosine: cosine, length: length).value
                return (-1...1).contains(value) ? value : nil
            }
            return ruleBoundary(cosine: cosine)
        }
        let (a1, a2) = factors
        let (own, other) = label == .class1 ? (a1, a2) : (a2, a1)
        let value = own * loss.targetLogit(cosine: cosine).value / other
        return (-1...1).contains(value) ? value : nil
    }

    /// The largest other cosine where g(own, other) changes sign (see `boundary(of:cosine:)`): the rule and the
    /// drawing context are made once, the scan steps 0.005 from other = 1 down, and the bracket is bisected 50
    /// times (to 2^-50 · 0.005).
    private func ruleBoundary(cosine own: Double) -> Double? {
        guard let rule = loss.rule else { return nil }
        let context = loss.drawingContext(length: length)
        let g = { (other: Double) in rule.twoClassMargin(cosine1: own, cosine2: other, context: context) }
        var high = 1.0, gHigh = g(high)
        for step in stride(from: 399, through: 0, by: -1) {
            let low = Double(step) / 200 - 1, gLow = g(low)
            if (gLow > 0) != (gHigh > 0) {
                var (a, b, aMeets) = (low, high, gLow > 0)
                for _ in 0..<50 {
                    let middle = (a + b) / 2
                    if (g(middle) > 0) == aMeets { a = middle } else { b = middle }
                }
                return (a + b) / 2
            }
            (high, gHigh) = (low, gLow)
        }
        return nil
    }

    /// In the (theta1, theta2) plane: the angle to the other class's weight at which a sample of `label` at
    /// `angle` from its own weight just meets its margin, acos of `boundary(of:cosine:)`, or nil where none does.
    public func boundary(of label: ClassLabel, angle: Angle) -> Angle? {
        boundary(of: label, cosine: cos(angle.radians)).map { Angle(radians: acos($0)) }
    }

    /// The two margin functions per unit ‖x‖ (with ‖W2‖ = 1) at a pair of cosines: g1 = A1 t(c1) - A2 c2, positive
    /// where a class-1 sample meets its margin, and g2 = A2 t(c2) - A1 c1, positive where a class-2 sample does.
    /// For a loss of issue 10: its rule's two-class margin g1 = target(c1) − nonTarget(c2) at `length`, and g2
    /// with the roles swapped.
    public func margins(cosine1 c1: Double, cosine2 c2: Double) -> (class1: Double, class2: Double) {
        if loss.rule != nil {
            return (loss.twoClassMargin(cosine1: c1, cosine2: c2, length: length),
                    loss.twoClassMargin(cosine1: c2, cosine2: c1, length: length))
        }
        let (a1, a2) = factors
        return (a1 * loss.targetLogit(cosine: c1).value - a2 * c2, a2 * loss.targetLogit(cosine: c2).value - a1 * c1)
    }

    /// `margins(cosine1:cosine2:)` with the loss's rule and drawing context made once, for evaluating many pairs
    /// (a regions scan, every cell of a frame): the same numbers, without rebuilding the rule on every call.
    public func marginFunction() -> @Sendable (_ c1: Double, _ c2: Double) -> (class1: Double, class2: Double) {
        if let rule = loss.rule {
            let context = loss.drawingContext(length: length)
            return { c1, c2 in
                (rule.twoClassMargin(cosine1: c1, cosine2: c2, context: context),
                 rule.twoClassMargin(cosine1: c2, cosine2: c1, context: context))
            }
        }
        let (a1, a2, loss) = (factors.0, factors.1, loss)
        return { c1, c2 in
            (a1 * loss.targetLogit(cosine: c1).value - a2 * c2, a2 * loss.targetLogit(cosine: c2).value - a1 * c1)
        }
    }

    /// `classify(cosine1:cosine2:)` through `marginFunction()`, for classifying many pairs.
    public func classifier() -> @Sendable (_ c1: Double, _ c2: Double) -> PointClass {
        let (a1, a2) = factors
        let margins = marginFunction()
        return { c1, c2 in
            let (g1, g2) = margins(c1, c2)
            return PointClass(argmaxClass: a1 * c1 >= a2 * c2 ? 1 : 2, meetsClass1Margin: g1 > 0,
                              meetsClass2Margin: g2 > 0)
        }
    }

    /// How a pair of cosines fares: the class with the larger margin-free logit, and whether a class-1 sample
    /// (g1 > 0) or a class-2 sample (g2 > 0) would meet its margin there.
    public func classify(cosine1 c1: Double, cosine2 c2: Double) -> PointClass {
        let (a1, a2) = factors
        let (g1, g2) = margins(cosine1: c1, cosine2: c2)
        return PointClass(argmaxClass: a1 * c1 >= a2 * c2 ? 1 : 2, meetsClass1Margin: g1 > 0, meetsClass2Margin: g2 > 0)
    }

    /// `classify(cosine1: cos theta1, cosine2: cos theta2)`.
    public func classify(theta1: Angle, theta2: Angle) -> PointClass {
        classify(cosine1: cos(theta1.radians), cosine2: cos(theta2.radians))
    }
}
