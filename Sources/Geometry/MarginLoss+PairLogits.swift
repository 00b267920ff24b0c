/// The logit of one class for one sample, exactly as `evaluate` forms it: `evaluate` is built from these
/// functions, so code that needs the logits of a few classes only (`analyze` on 10,000 classes) gets the very same
/// bits without building the N x K matrices.
extension MarginLoss {
    /// The Euclidean length ‖v‖ of `count` entries of `values` from `offset` (scaled by the largest entry first, so
    /// squares of huge or tiny numbers neither overflow nor underflow), and the divisor that makes the direction:
    /// ‖v‖ where ‖v‖ > `normFloor`, else `normFloor`, else (a zero vector with no floor) 1.
    public static func length(of values: [Double], offset: Int, count: Int, normFloor: Double = 0)
        -> (norm: Double, divisor: Double) {
        let length = norm(values, offset: offset, count: count)
        return (length, length > normFloor ? length : normFloor > 0 ? normFloor : 1)
    }

    /// c = clamp(sum_a (w_a / wDivisor) (x_a / xDivisor), -1, 1), summed in order a = 0..<d: the cosine of the unit
    /// vectors, so huge or tiny vectors neither overflow nor underflow.
    public static func cosine(_ w: [Double], offset wOffset: Int, divisor wDivisor: Double,
                              _ x: [Double], offset xOffset: Int, divisor xDivisor: Double, dimension d: Int) -> Double {
        var sum = 0.0
        for a in 0..<d { sum += (w[wOffset + a] / wDivisor) * (x[xOffset + a] / xDivisor) }
        return min(max(sum, -1), 1)
    }

    /// W · x = sum_a w_a x_a, summed in order a = 0..<d (softmax's logit).
    public static func dot(_ w: [Double], offset wOffset: Int, _ x: [Double], offset xOffset: Int,
                           dimension d: Int) -> Double {
        var sum = 0.0
        for a in 0..<d { sum += w[wOffset + a] * x[xOffset + a] }
        return sum
    }

    /// The factor A_j of the logit A_j t_j(c): ‖W_j‖ ‖x‖ without normalisation, ‖x‖ with unit weights, s with both
    /// normalised.
    public func logitScale(weightNorm: Double, featureNorm: Double) -> Double {
        switch normalization {
        case .none: weightNorm * featureNorm
        case .weights: featureNorm
        case .weightsAndFeatures: s
        }
    }

    /// The logit fed to the cross-entropy and the margin-free one for class j of a sample: softmax W_j · x for
    /// both (`dot`); every other loss A_j t_j(c) and A_j c, with t_j = `targetLogit(cosine:)` when j is the
    /// sample's class and the identity otherwise.
    public func pairLogits(dot: Double, cosine c: Double, scale: Double, isTarget: Bool)
        -> (logit: Double, plain: Double, transformed: Double, slope: Double) {
        let (t, slope) = isTarget ? targetLogit(cosine: c) : (c, 1)
        if kind == .softmax { return (dot, dot, t, slope) }
        return (scale * t, scale * c, t, slope)
    }
}
