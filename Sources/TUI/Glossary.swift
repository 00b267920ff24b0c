/// What each symbol on screen means, for the help overlay: every Greek letter, parameter and glyph a view draws is
/// defined on the screen itself or here.
enum Glossary {
    /// The symbols of `view`, each with its meaning.
    static func entries(for view: ViewKind) -> [(symbol: String, meaning: String)] {
        switch view {
        case .training: training
        case .model: model
        case .sphere: sphere
        default: twoClass(view)
        }
    }

    private static let model: [(symbol: String, meaning: String)] = [
        ("θ_target θt", "angle of a sample to its own class weight"),
        ("θ_nearest θn", "smallest angle to any other class weight"),
        ("━ curve", "where a sample just meets the margin; above it: meets"),
        ("╌ line", "θ_nearest = θ_target: no margin; below it: wrong"),
        ("⣿ shade", "samples: dim few, bright many in a cell"),
        ("m s λ", "the loss's margin, scale and blend weight"),
        ("s ≥", "CosFace's least scale for probability p"),
        ("gap W", "smallest angle between two class weights"),
        ("▸", "the selected parameter"),
    ]

    private static func twoClass(_ view: ViewKind) -> [(symbol: String, meaning: String)] {
        var list: [(String, String)] = [
            ("θ θ1 θ2", "angle of a sample to a class weight (to W1, to W2)"),
            ("W1 W2 ‖W‖", "the class weights; ‖W‖ their lengths, ratio ‖W1‖/‖W2‖"),
            ("m", "margin: whole (L-, A-Softmax), rad (ArcFace), cos (CosFace)"),
            ("s", "scale the cosines are multiplied by"),
            ("λ", "weight of cos θ blended into ψ: (λcos θ+ψ)/(1+λ)"),
            ("m1 m2 m3", "combined margin: s·(cos(m1·θ+m2) − m3)"),
            ("ψ(θ) k", "L-, A-Softmax: (−1)^k·cos(mθ) − 2k, k = floor(mθ/180°)"),
        ]
        if view == .plane || view == .compare {
            list += [("● ○ ⊗", "class-1 sample: meets its margin, inside it, wrong"),
                     ("■ □ ⊠", "class-2 sample: meets its margin, inside it, wrong"),
                     ("rays 1 2", "where a class-1 / class-2 sample just meets its margin"),
                     ("margin W1→W2", "angle between the rays from W1 to W2 (W2→W1: round)"),
                     ("sub-centres", "k arrows per class 15° apart round W1, W2; dashed: best changes"),
                     ("band m±2σ", "ElasticFace: dotted rays at m − 2σ and m + 2σ, solid at m")]
        }
        return list + [("▸", "the selected parameter or panel"), ("no effect", "the parameter changes nothing here")]
    }

    private static let sphere: [(symbol: String, meaning: String)] = [
        ("W1 W2 0 1 …", "class weight directions, solid in front, dotted behind"),
        ("bright dim", "a sample direction on the front / the back hemisphere"),
        ("cap", "shaded: where a class wins with its margin"),
        ("band", "between caps: the class wins only without its margin"),
        ("yaw pitch", "turn about the vertical, then tilt about the horizontal"),
        ("θ12", "two-class figure: the angle between W1 and W2"),
        ("m s λ", "the loss's margin, scale and blend, as in the other views"),
    ]

    private static let training: [(symbol: String, meaning: String)] = [
        ("● ■ ▲ ◆ ★", "training samples: a shape and a colour per class"),
        ("○ □ △ ◇ ☆", "test samples of the same classes (paler dots)"),
        ("0 1 2 …", "class names, at the end of each class's weight ray"),
        ("spread", "mean angle of a class's samples to its centre"),
        ("gap", "smallest angle between two class centres"),
        ("λ", "L-, A-Softmax blend weight, annealed as training runs"),
        ("train test", "accuracy on the training and on the test samples"),
        ("▶ ❚❚ ×5", "playing, paused; steps a frame"),
    ]
}
