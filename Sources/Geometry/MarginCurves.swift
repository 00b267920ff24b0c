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

    /// The theta2 at which a class-1 sample at theta1 just meets its margin, or nil where no theta2 in [0, pi]
    /// does (the margin is met for every theta2, or for none).
    public func class1Boundary(theta1: Angle) -> Angle? {
        let (a1, a2) = factors
        let c2 = a1 * loss.targetLogit(cosine: cos(theta1.radians)).value / a2
        return (-1...1).contains(c2) ? Angle(radians: acos(c2)) : nil
    }

    /// The theta1 at which a class-2 sample at theta2 just meets its margin, or nil where none does.
    public func class2Boundary(theta2: Angle) -> Angle? {
        let (a1, a2) = factors
        let c1 = a2 * loss.targetLogit(cosine: cos(theta2.radians)).value / a1
        return (-1...1).contains(c1) ? Angle(radians: acos(c1)) : nil
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

    /// In cosine space: the cos theta2 at which a class-1 sample with cos theta1 = `cosine1` just meets its margin
    /// (A1 t(c1) / A2), or nil outside [-1, 1].
    public func class1Boundary(cosine1: Double) -> Double? {
        let (a1, a2) = factors
        let c2 = a1 * loss.targetLogit(cosine: cosine1).value / a2
        return (-1...1).contains(c2) ? c2 : nil
    }

    /// In cosine space: the cos theta1 at which a class-2 sample with cos theta2 = `cosine2` just meets its margin.
    public func class2Boundary(cosine2: Double) -> Double? {
        let (a1, a2) = factors
        let c1 = a2 * loss.targetLogit(cosine: cosine2).value / a1
        return (-1...1).contains(c1) ? c1 : nil
    }
}
