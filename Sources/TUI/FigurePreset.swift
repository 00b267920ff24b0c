import Training

/// A figure of the papers, ready to open: a name, where it comes from, and the state string that draws it, so that
/// `--state 'preset=ID'` (or the whole string) opens it as the `i` key does (in the two-class views and the training
/// view, where `p` still cycles what trains; `i` in another view goes on from the preset last opened). The training
/// view's own presets (`TrainingPreset`, cycled there with `p`) are part of the list through their state strings,
/// not a second mechanism: the L-Softmax feature figure is `view=training preset=lsoftmax-figure`.
public struct FigurePreset: Sendable, Hashable {
    /// A short name without spaces for `preset=`: `arcface-fig4b`.
    public var id: String
    /// What the notice and the README call it.
    public var name: String
    /// The paper and figure it reproduces, in a sentence.
    public var source: String
    /// The state string that opens it.
    public var state: String

    /// The presets, in the order `i` steps through them.
    public static let all: [FigurePreset] = [
        FigurePreset(id: "lsoftmax-geometry", name: "L-Softmax geometry, equal norms",
                     source: "L-Softmax (Liu et al. 2016), the geometric interpretation with ‖W1‖ = ‖W2‖: both class "
                         + "boundaries and the margin between them, against the dashed softmax boundary",
                     state: "view=plane loss=lsoftmax m=2 lambda=0 angle=90 ratio=1"),
        FigurePreset(id: "lsoftmax-geometry-unequal", name: "L-Softmax geometry, unequal norms",
                     source: "L-Softmax, the same with ‖W1‖ = 2 ‖W2‖: the boundaries lean towards the shorter weight",
                     state: "view=plane loss=lsoftmax m=2 lambda=0 angle=90 ratio=2"),
        FigurePreset(id: "amsoftmax-psi", name: "AM-Softmax target logits",
                     source: "AM-Softmax (Wang et al. 2018), the target logit against θ: cos θ, A-Softmax m = 2 λ = 0, "
                         + "m = 4 λ = 0, m = 4 λ = 5, and cos θ − 0.35",
                     state: "view=psi loss=cosface m=0.35 s=30 angle=90 ratio=1 pin=sphereface:m=2:lambda=0 "
                         + "pin=sphereface:m=4:lambda=0 pin=sphereface:m=4:lambda=5"),
        FigurePreset(id: "arcface-fig4b", name: "ArcFace Fig. 4b, combined margins",
                     source: "ArcFace (Deng et al. 2019) Fig. 4b, target logits from 20° to 100° for (m1, m2, m3) = "
                         + "(1, 0, 0), (1.35, 0, 0), (1, 0.5, 0), (1, 0, 0.35), (1, 0.3, 0.2), (0.9, 0.4, 0.15)",
                     state: "view=psi loss=combined s=64 m1=0.9 m2=0.4 m3=0.15 angle=90 ratio=1 "
                         + "pin=combined:m1=1.35:m2=0:m3=0 pin=combined:m1=1:m2=0.5:m3=0 pin=combined:m1=1:m2=0:m3=0.35 "
                         + "pin=combined:m1=1:m2=0.3:m3=0.2 theta=20,100 logit=-0.8,1.05"),
        FigurePreset(id: "margins-theta", name: "Decision margins in θ (ArcFace Fig. 5)",
                     source: "ArcFace Fig. 5: the binary decision margins in the (θ1, θ2) plane for softmax, "
                         + "SphereFace, CosFace and ArcFace side by side",
                     state: "view=compare angle=90 ratio=1 panels=margins "
                         + "compare=softmax,sphereface:m=4:lambda=0,cosface:m=0.35,arcface:m=0.5"),
        FigurePreset(id: "margins-cosine", name: "Decision margins in cosine space (CosFace Fig. 2)",
                     source: "CosFace (Wang et al. 2018) Fig. 2: the same margins in cosine space (cos θ1, cos θ2)",
                     state: "view=compare angle=90 ratio=1 panels=margins space=cosine "
                         + "compare=softmax,sphereface:m=4:lambda=0,cosface:m=0.35,arcface:m=0.5"),
        FigurePreset(id: "lsoftmax-features", name: "L-Softmax feature figure",
                     source: "L-Softmax Fig. 2: 2-D features of the digits for softmax and m = 2, 3, 4, trained live "
                         + "to the preset's stop epoch (Space plays, f finishes)",
                     state: "view=training preset=\(TrainingPreset.lsoftmaxFigure().id)"),
    ]
}
