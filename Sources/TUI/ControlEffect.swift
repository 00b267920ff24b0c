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
    /// - The losses of issue 10: Circle's γ, MagFace's λ_g and ElasticFace's seed act like s (the sample
    ///   inspector's logits and loss); σ moves ElasticFace's band (its dotted rays in the plane and compare
    ///   pictures, its curves in the ψ and angle views) and the inspector's drawn margin; CurricularFace's t
    ///   reweights non-target logits, which the ψ view does not draw; sub_centers changes how many sub-centres the
    ///   plane and compare pictures fan out round W1 and W2 (the ψ and angle views draw the best sub-centre's
    ///   curves, which k does not move); AdaFace's h, norm_mean and norm_std decide which length has which ẑ: the plane and compare views draw the selected sample's length, the ψ view's
    ///   legend names the length of each ẑ curve, the angle view draws its curves by ẑ alone.
    /// - The model view re-tests every sample's margin with the loss, so s (in CosFace's scaled comparison), γ and
    ///   every margin parameter move its fraction; λ_g, the seed and σ (the expected margin is drawn) do not.
    /// - Every other loss parameter changes the target logit, so every two-class view and the model view.
    public func hasEffect(in view: ViewKind, on loss: MarginLoss) -> Bool {
        switch self {
        case .separation: [.plane, .compare, .sphere].contains(view)
        case .normRatio: loss.normalization == .none && [.plane, .compare, .angles, .sphere].contains(view)
        case .parameter(.s), .parameter(.gamma): view == .plane || view == .model
        case .parameter(.lambdaG), .parameter(.seed): view == .plane
        case .parameter(.sigma): [.plane, .compare, .psi, .angles].contains(view)
        case .parameter(.t): (view.isTwoClass && view != .psi && view != .sphere) || view == .model
        case .parameter(.subCenters): view == .plane || view == .compare
        case .parameter(.h), .parameter(.normMean), .parameter(.normStd): [.plane, .compare, .psi, .model].contains(view)
        case .parameter: view.isTwoClass || view == .model
        }
    }
}
