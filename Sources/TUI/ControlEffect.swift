import Geometry

extension Control {
    /// Whether turning this control changes what `view` draws for `loss`: the one rule behind every "no effect"
    /// in the side panel.
    /// - The angle between W1 and W2 moves the plane and compare pictures; the ψ view plots the target logit
    ///   against the angle to the own class and the angle view the margins against both angles, so neither has a
    ///   W2 to move.
    /// - The norm ratio matters only to losses that keep raw weights (softmax, L-Softmax), and only where weights
    ///   meet: the plane, compare and angle views, not the ψ view.
    /// - The scale s multiplies the logits; regions, margins and the ψ and angle curves do not depend on it, so only
    ///   the plane view's sample inspector shows it.
    /// - Every other loss parameter changes the target logit, so every two-class view.
    public func hasEffect(in view: ViewKind, on loss: MarginLoss) -> Bool {
        switch self {
        case .separation: [.plane, .compare, .sphere].contains(view)
        case .normRatio: loss.normalization == .none && [.plane, .compare, .angles, .sphere].contains(view)
        case .parameter(.s): view == .plane
        case .parameter: view.isTwoClass
        }
    }
}
