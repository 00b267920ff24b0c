import Foundation

/// The binary decision margins of a loss in the (theta1, theta2) plane and in cosine space, as in the ArcFace and
/// CosFace papers. Class 1 meets its margin where A1 t(cos theta1) > A2 cos theta2; its curve is where the two are
/// equal: theta2 = acos(A1 t(cos theta1) / A2). Class 2's curve is the mirror image.
public struct MarginCurves: Sendable, Hashable {
    /// The loss.
    public var loss: MarginLoss
    /// r = ‖W1‖/‖W2‖, used only where the loss keeps raw weights.
    public var normRatio: Double

    /// The curves of `loss` with norm ratio `normRatio`.
    public init(loss: MarginLoss, normRatio: Double = 1) {
        self.loss = loss; self.normRatio = normRatio
    }

    /// The factors A_1, A_2 that multiply the cosine terms per unit ‖x‖ (‖W2‖ = 1): (r, 1) where weights are raw.
    var factors: (Double, Double) { loss.normalization == .none ? (normRatio, 1) : (1, 1) }

    /// In cosine space: the other class's cosine at which a sample of `label` whose cosine to its own weight is
    /// `cosine` just meets its margin, A_own t(cosine) / A_other, or nil outside [-1, 1] (the margin is met for
    /// every other cosine there, or for none). For class 1 that is cos theta2 as a function of cos theta1.
    public func boundary(of label: ClassLabel, cosine: Double) -> Double? {
        let (a1, a2) = factors
        let (own, other) = label == .class1 ? (a1, a2) : (a2, a1)
        let value = own * loss.targetLogit(cosine: cosine).value / other
        return (-1...1).contains(value) ? value : nil
    }

    /// In the (theta1, theta2) plane: the angle to the other class's weight at which a sample of `label` at
    /// `angle` from its own weight just meets its margin, acos of `boundary(of:cosine:)`, or nil where none does.
    public func boundary(of label: ClassLabel, angle: Angle) -> Angle? {
        boundary(of: label, cosine: cos(angle.radians)).map { Angle(radians: acos($0)) }
    }

    /// The two margin functions per unit ‖x‖ (with ‖W2‖ = 1) at a pair of cosines: g1 = A1 t(c1) - A2 c2, positive
    /// where a class-1 sample meets its margin, and g2 = A2 t(c2) - A1 c1, positive where a class-2 sample does.
    public func margins(cosine1 c1: Double, cosine2 c2: Double) -> (class1: Double, class2: Double) {
        let (a1, a2) = factors
        return (a1 * loss.targetLogit(cosine: c1).value - a2 * c2, a2 * loss.targetLogit(cosine: c2).value - a1 * c1)
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
