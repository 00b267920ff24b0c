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
    /// Returns false when an updated parameter is not finite.
    ///
    /// The loops are plain element-wise loops over at most four buffers, which the compiler vectorises (every
    /// element sees the same operations in the same order, vector lanes or not).
    /// `root` is scratch space for Adam's square roots.
    mutating func apply(_ kind: OptimizerKind, learningRate: Double, momentum: Double,
                        decay: [(range: Range<Int>, rate: Float)], gradient: [Float],
                        to parameters: inout [Float], root: inout [Float]) -> Bool {
        updates += 1
        switch kind {
        case .sgd:
            let (lr, mu) = (Float(learningRate), Float(momentum))
            parameters.withUnsafeMutableBufferPointer { p in
                first.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        let (p, v, g) = (p.baseAddress!, v.baseAddress!, g.baseAddress!)
                        for (range, rate) in decay {
                            var i = range.lowerBound
                            while i < range.upperBound {
                                let pi = p[i]
                                let step = mu * v[i] + (g[i] + rate * pi)
                                v[i] = step
                                p[i] = pi - lr * step
                                i &+= 1
                            }
                        }
                    }
                }
            }
        case .adam:
            let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
            let stepSize = Float(learningRate / (1 - pow(beta1, Double(updates))))
            let inverseCorrection = Float(1 / (1 - pow(beta2, Double(updates))).squareRoot())
            let (b1, b2, eps) = (Float(beta1), Float(beta2), Float(epsilon))
            if root.count != parameters.count { root = [Float](repeating: 0, count: parameters.count) }
            parameters.withUnsafeMutableBufferPointer { p in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in
                        gradient.withUnsafeBufferPointer { g in
                            root.withUnsafeMutableBufferPointer { r in
                                let (p, m, v, g) = (p.baseAddress!, m.baseAddress!, v.baseAddress!, g.baseAddress!)
                                let (r, count) = (r.baseAddress!, r.count)
                                // Three passes, because Float.squareRoot() compiles to a libm call that no loop
                                // around it can vectorise: moments (vector), roots (scalar), parameters (vector).
                                for (range, rate) in decay {
                                    var i = range.lowerBound
                                    while i < range.upperBound {
                                        let gi = g[i] + rate * p[i]
                                        m[i] = b1 * m[i] + (1 - b1) * gi
                                        v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                        i &+= 1
                                    }
                                }
                                var i = 0
                                while i < count { r[i] = v[i].squareRoot(); i &+= 1 }
                                i = 0
                                while i < count {
                                    p[i] = p[i] - stepSize * m[i] / (r[i] * inverseCorrection + eps)
                                    i &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return parameters.withUnsafeBufferPointer { allFinite($0) }
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
