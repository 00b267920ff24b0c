import Foundation

/// What one loss says about one sample: its angle to every class, logits, probabilities, loss, and the gradient
/// of its loss with respect to the sample (training moves the sample along minus this vector).
public struct SampleInspection: Sendable, Hashable {
    /// theta_j = acos(cos(x, W_j)) for every class j.
    public var angles: [Angle]
    /// Logits with margin and scale.
    public var logits: [Double]
    /// Softmax probabilities of `logits`.
    public var probabilities: [Double]
    /// The sample's cross-entropy.
    public var loss: Double
    /// dL/dx.
    public var gradient: [Double]
    /// The class with the largest margin-free logit.
    public var prediction: Int

    /// Inspects `feature` with label `label` against `weights` (rows of the same dimension, checked by the caller).
    public init(loss: MarginLoss, weights: Matrix, feature: [Double], label: Int) {
        let batch = Batch(checkedWeights: weights, features: Matrix([feature]), labels: [label])
        let result = loss.evaluate(batch)
        angles = result.cosines.row(0).map { Angle(radians: acos(min(max($0, -1), 1))) }
        logits = result.logits.row(0)
        probabilities = result.probabilities.row(0)
        self.loss = result.losses[0]
        gradient = result.featureGradient.row(0)
        prediction = result.predictions[0]
    }
}
