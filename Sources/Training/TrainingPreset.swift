import Geometry

extension LambdaSchedule {
    /// An annealing that suits the digits (12 steps an epoch): lambda = 100 (1 + 0.05 iter)^-2, from 100 (near
    /// softmax) to 2 after 10 epochs and 0.2 after 40. The published schedules are far slower: the L-Softmax one
    /// is still at 660 after 40 epochs of the digits.
    public static let digits = LambdaSchedule(base: 100, gamma: 0.05, power: 2, minimum: 0)
}

/// Runs meant to be watched side by side: one data set, several configurations that share a seed (so they start
/// from the same network and see the same batches), and how many epochs the picture needs.
public struct TrainingPreset: Sendable, Hashable {
    /// A short name for menus.
    public var name: String
    /// A short name without spaces, for state strings: `lsoftmax-figure`.
    public var id: String
    /// One sentence on what to look for.
    public var summary: String
    /// The data.
    public var dataset: DatasetSource
    /// The runs, in display order.
    public var configurations: [TrainingConfiguration]
    /// Epochs after which the picture has formed.
    public var epochs: Int

    /// The L-Softmax paper's figure on the digits: softmax and L-Softmax with m = 2, 3, 4 (lambda annealed with
    /// `LambdaSchedule.digits`); the spokes of the 2-D features thin as m grows. Adam at 0.01, batch 128.
    public static func lsoftmaxFigure(seed: UInt64 = 1) -> TrainingPreset {
        var runs = [TrainingConfiguration(name: "Softmax", loss: MarginLoss(.softmax), seed: seed)]
        for m in 2...4 {
            var loss = MarginLoss(.lsoftmax)
            loss.m = Double(m)
            runs.append(TrainingConfiguration(name: "L-Softmax m=\(m)", loss: loss, lambdaSchedule: .digits, seed: seed))
        }
        return TrainingPreset(name: "L-Softmax figure", id: "lsoftmax-figure",
                              summary: "Softmax against L-Softmax m=2, 3, 4 on the digits: thinner spokes as m grows.",
                              dataset: .digits, configurations: runs, epochs: 40)
    }

    /// Softmax against CosFace and ArcFace on the digits. Ten classes in the plane leave room for a cosine margin of
    /// at most 1 - cos(36°) = 0.19 (the CosFace paper's bound), so the paper defaults (m = 0.35 and 0.5 with s = 64)
    /// do not fit; CosFace m = 0.1 and ArcFace m = 0.2 with s = 16 do.
    public static func angularMarginComparison(seed: UInt64 = 1) -> TrainingPreset {
        var cosface = MarginLoss(.cosface)
        cosface.m = 0.1
        cosface.s = 16
        var arcface = MarginLoss(.arcface)
        arcface.m = 0.2
        arcface.s = 16
        return TrainingPreset(
            name: "Softmax, CosFace, ArcFace", id: "angular-margins",
            summary: "Normalised losses with a margin pack each digit into a narrow angle, evenly spaced.",
            dataset: .digits,
            configurations: [TrainingConfiguration(name: "Softmax", loss: MarginLoss(.softmax), seed: seed),
                             TrainingConfiguration(name: "CosFace m=0.1 s=16", loss: cosface, seed: seed),
                             TrainingConfiguration(name: "ArcFace m=0.2 s=16", loss: arcface, seed: seed)],
            epochs: 40)
    }

    /// Every preset, seed 1.
    public static let all: [TrainingPreset] = [lsoftmaxFigure(), angularMarginComparison()]
}
