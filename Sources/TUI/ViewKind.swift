/// The explorer's views, switched with the number keys.
public enum ViewKind: String, CaseIterable, Sendable, Hashable {
    case plane, psi, angles, compare, training, model, sphere

    /// The tab title.
    public var title: String {
        switch self {
        case .plane: "Plane"
        case .psi: "ψ(θ)"
        case .angles: "Angles"
        case .compare: "Compare"
        case .training: "Train"
        case .model: "Model"
        case .sphere: "Sphere"
        }
    }

    /// What the view shows, in a few words (help, `render --help`).
    public var summary: String {
        switch self {
        case .plane: "W1, W2, boundaries, regions, samples"
        case .psi: "target logit against the angle"
        case .angles: "margins in the (θ1, θ2) plane"
        case .compare: "losses side by side"
        case .training: "a network learns 2-D features live"
        case .model: "your model's angles and margins"
        case .sphere: "classes as caps on the unit sphere"
        }
    }

    /// True for the views that draw the two-class picture of W1 and W2 (the angle and ratio belong to them).
    public var isTwoClass: Bool { self != .training && self != .model }
}
