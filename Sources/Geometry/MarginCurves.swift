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

    private var factors: (Double, Double) { loss.normalization == .none ? (normRatio, 1) : (1, 1) }

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
