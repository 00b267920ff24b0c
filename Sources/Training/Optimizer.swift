import Foundation

/// The optimiser's memory: SGD's velocity, or Adam's first and second moments and step count. Float only: it is
/// the training path (gradient checks run the network in Double, not the optimiser).
struct OptimizerState: Sendable {
    /// SGD velocity, or Adam's first moment m.
    var first: [Float]
    /// Adam's second moment v (empty for SGD).
    var second: [Float]
    /// Updates applied so far (Adam's t).
    var updates: Int

    init(kind: OptimizerKind, count: Int) {
        first = [Float](repeating: 0, count: count)
        second = kind == .adam ? [Float](repeating: 0, count: count) : []
        updates = 0
    }

    /// One update of `parameters` from `gradient`, with L2 decay added to the gradient: `decay` lists ranges of
    /// parameters and their decay (0 for biases). Written in PyTorch's form:
    /// - SGD: v = mu v + g; p -= lr v
    /// - Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; p -= lr / (1 - b1^t) m / (sqrt(v / (1 - b2^t)) + eps)
    /// Returns false when an updated parameter is not finite. `root` is scratch space for Adam's square roots.
    ///
    /// The loops are plain element-wise loops over spans, which the compiler vectorises: every element sees the same
    /// operations in the same order, vector lanes or not, so a run repeats bit for bit.
    mutating func apply(_ kind: OptimizerKind, learningRate: Double, momentum: Double,
                        decay: [(range: Range<Int>, rate: Float)], gradient: [Float],
                        to parameters: inout [Float], root: inout [Float]) -> Bool {
        updates += 1
        switch kind {
        case .sgd:
            Self.momentumStep(&parameters, velocity: &first, gradient: gradient, decay: decay,
                              learningRate: Float(learningRate), momentum: Float(momentum))
        case .adam:
            let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
            let correction = AdamCorrection(
                stepSize: Float(learningRate / (1 - pow(beta1, Double(updates)))),
                inverseRoot: Float(1 / (1 - pow(beta2, Double(updates))).squareRoot()),
                beta1: Float(beta1), beta2: Float(beta2), epsilon: Float(epsilon))
            if root.count != parameters.count { root = [Float](repeating: 0, count: parameters.count) }
            Self.adamStep(&parameters, first: &first, second: &second, root: &root, gradient: gradient,
                          decay: decay, correction)
        }
        return parameters.withUnsafeBufferPointer { allFinite($0) }
    }

    /// Adam's constants for one step t: the bias-corrected step lr / (1 - b1^t) and 1 / sqrt(1 - b2^t).
    struct AdamCorrection {
        var stepSize: Float
        var inverseRoot: Float
        var beta1: Float
        var beta2: Float
        var epsilon: Float
    }

    /// v = mu v + (g + rate p); p -= lr v, range by range.
    private static func momentumStep(_ parameters: inout [Float], velocity: inout [Float], gradient: [Float],
                                     decay: [(range: Range<Int>, rate: Float)], learningRate lr: Float,
                                     momentum mu: Float) {
        var p = parameters.mutableSpan, v = velocity.mutableSpan
        let g = gradient.span
        for (range, rate) in decay {
            for i in range {
                let step = mu * v[unchecked: i] + (g[unchecked: i] + rate * p[unchecked: i])
                v[unchecked: i] = step
                p[unchecked: i] = p[unchecked: i] - lr * step
            }
        }
    }

    /// Adam in three passes, because `Float.squareRoot()` keeps a scalar libm path that no loop around it can
    /// vectorise: the moments (vector), the roots (scalar), the parameters (vector).
    private static func adamStep(_ parameters: inout [Float], first: inout [Float], second: inout [Float],
                                 root: inout [Float], gradient: [Float],
                                 decay: [(range: Range<Int>, rate: Float)], _ c: AdamCorrection) {
        var p = parameters.mutableSpan, m = first.mutableSpan, v = second.mutableSpan, r = root.mutableSpan
        let g = gradient.span
        for (range, rate) in decay {
            for i in range {
                let gi = g[unchecked: i] + rate * p[unchecked: i]
                m[unchecked: i] = c.beta1 * m[unchecked: i] + (1 - c.beta1) * gi
                v[unchecked: i] = c.beta2 * v[unchecked: i] + (1 - c.beta2) * gi * gi
            }
        }
        for i in 0 ..< r.count { r[unchecked: i] = v[unchecked: i].squareRoot() }
        for i in 0 ..< p.count {
            p[unchecked: i] = p[unchecked: i] - c.stepSize * m[unchecked: i] / (r[unchecked: i] * c.inverseRoot + c.epsilon)
        }
    }
}

/// True when no entry is infinite or NaN: an OR over the exponent bits, which vectorises (a float sum would not).
func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
    var flags: UInt32 = 0
    var i = 0
    while i < values.count {
        // The exponent field is all ones exactly for infinities and NaNs; adding one to it then carries into bit 31.
        flags |= ((values[i].bitPattern & 0x7F80_0000) &+ 0x0080_0000) & 0x8000_0000
        i &+= 1
    }
    return flags == 0
}
