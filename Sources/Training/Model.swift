import Geometry

/// What one forward and backward pass over a batch found.
struct BatchReport: Sendable {
    /// Mean cross-entropy of the margin loss over the batch.
    var crossEntropy: Double
    /// The whole objective: cross-entropy plus center loss plus feature incay (weight decay is the optimiser's).
    var objective: Double
    /// The batch's 2-D features (rows x 2), for the centre update.
    var features: Matrix
}

/// The network's gradient and scratch space, in scalar type S: Float to train, Double to check gradients against
/// finite differences. The parameters (laid out by `layout`) are passed in, so that the trainer owns them alone.
/// Every buffer is allocated once; a step allocates only the small matrices that `MarginLoss.evaluate` returns.
struct Model<S: NetworkScalar>: Sendable {
    let layout: NetworkLayout
    /// The most rows a pass takes at once.
    let capacity: Int
    /// The gradient of the last `lossAndGradient`, same layout.
    var gradient: [S]
    /// Activations A_0 (the input block) ... A_L (the features), then the gradients dL/dZ_1 ... dL/dZ_L, then one
    /// buffer for transposes. `deltaOffsets[l]` is where dL/dZ_l starts (l >= 1).
    private var scratch: [S]
    /// Scratch for the kernel's non-zero entries (indices, values).
    private var indexScratch: [Int]
    private var valueScratch: [S]
    private let activationOffsets: [Int]
    private let deltaOffsets: [Int]
    private let transposeOffset: Int

    init(layout: NetworkLayout, capacity: Int) {
        self.layout = layout
        self.capacity = capacity
        gradient = [S](repeating: 0, count: layout.parameterCount)
        var offset = 0
        var activations: [Int] = [], deltas: [Int] = []
        for size in layout.sizes { activations.append(offset); offset += capacity * size }
        for (l, size) in layout.sizes.enumerated() { deltas.append(offset); offset += l == 0 ? 0 : capacity * size }
        transposeOffset = offset
        let largestWeight = (0..<layout.layerCount).map { layout.sizes[$0] * layout.sizes[$0 + 1] }.max()!
        offset += max(capacity * layout.widest, largestWeight)
        activationOffsets = activations
        deltaOffsets = deltas
        scratch = [S](repeating: 0, count: offset)
        indexScratch = [Int](repeating: 0, count: max(capacity, layout.widest))
        valueScratch = [S](repeating: 0, count: max(capacity, layout.widest))
    }

    /// Runs `rows` samples through the network. `fill` writes the input block (rows x d, row-major); afterwards
    /// `features(rows:)` holds the 2-D features.
    mutating func forward(parameters: [S], rows: Int, fill: (UnsafeMutablePointer<S>) -> Void) {
        precondition(rows <= capacity)
        let layout = layout, activationOffsets = activationOffsets
        parameters.withUnsafeBufferPointer { p in
            scratch.withUnsafeMutableBufferPointer { s in
                indexScratch.withUnsafeMutableBufferPointer { indices in
                    valueScratch.withUnsafeMutableBufferPointer { values in
                        let base = s.baseAddress!, params = p.baseAddress!
                        fill(base + activationOffsets[0])
                        for l in 0..<layout.layerCount {
                            let (m, n) = (layout.sizes[l], layout.sizes[l + 1])
                            let input = base + activationOffsets[l], output = base + activationOffsets[l + 1]
                            let bias = params + layout.biasOffsets[l]
                            for i in 0..<rows {
                                for j in 0..<n { output[i * n + j] = bias[j] }
                            }
                            Kernels.accumulateProduct(rows: rows, inner: m, columns: n, left: input,
                                                      right: params + layout.weightOffsets[l], into: output,
                                                      indices: indices.baseAddress!, values: values.baseAddress!)
                            if l < layout.layerCount - 1 {
                                Kernels.rectify(output, count: rows * n)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The features of the last `forward`, as Doubles (rows x 2).
    func features(rows: Int) -> Matrix {
        let d = layout.featureDimension, offset = activationOffsets[layout.layerCount]
        var result = Matrix(rows: rows, columns: d)
        for index in 0 ..< rows * d { result.storage[index] = Double(scratch[offset + index]) }
        return result
    }

    /// The class weights W (K x 2) in `parameters`, as Doubles.
    func classWeights(_ parameters: [S]) -> Matrix {
        let d = layout.featureDimension
        var result = Matrix(rows: layout.classes, columns: d)
        for index in 0 ..< layout.classes * d {
            result.storage[index] = Double(parameters[layout.classWeightOffset + index])
        }
        return result
    }

    /// Forward pass, the loss with its regularisers on the 2-D features, and backpropagation through the whole
    /// network. Leaves the gradient of the objective in `gradient`.
    /// - `fill` writes the batch inputs; `labels` are the batch labels; `centers` (K x 2) the center-loss centres.
    mutating func lossAndGradient(parameters: [S], rows: Int, labels: [Int], loss: MarginLoss,
                                  centerLoss: CenterLoss?, centers: Matrix, incay: FeatureIncay?,
                                  fill: (UnsafeMutablePointer<S>) -> Void) -> BatchReport {
        forward(parameters: parameters, rows: rows, fill: fill)
        let features = features(rows: rows)
        let evaluation = loss.evaluate(Batch(checkedWeights: classWeights(parameters), features: features,
                                             labels: labels), normFloor: MarginLoss.normFloor)
        var objective = evaluation.meanLoss
        var featureGradient = evaluation.featureGradient
        let d = layout.featureDimension, n = Double(rows)
        if loss.normalization == .weightsAndFeatures {
            Self.clearUndirected(&featureGradient, features: features)
        }
        if let centerLoss, centerLoss.weight > 0 {
            for i in 0..<rows {
                for a in 0..<d {
                    let difference = features[i, a] - centers[labels[i], a]
                    objective += centerLoss.weight / (2 * n) * difference * difference
                    featureGradient[i, a] += centerLoss.weight / n * difference
                }
            }
        }
        if let incay, incay.weight > 0 {
            for i in 0..<rows where evaluation.predictions[i] == labels[i] {
                let squaredNorm = (0..<d).reduce(0.0) { $0 + features[i, $1] * features[i, $1] }
                let denominator = squaredNorm + incay.epsilon
                objective += incay.weight / n / denominator
                for a in 0..<d {
                    featureGradient[i, a] -= incay.weight / n * 2 * features[i, a] / (denominator * denominator)
                }
            }
        }
        backward(parameters: parameters, rows: rows, featureGradient: featureGradient,
                 classWeightGradient: evaluation.weightGradient)
        return BatchReport(crossEntropy: evaluation.meanLoss, objective: objective, features: features)
    }

    /// Sets the loss's gradient to zero for every feature too short to have a direction (length at or below
    /// `MarginLoss.normFloor`). A loss on normalised features depends on x through x / max(‖x‖, floor) only, which
    /// has no derivative at the origin; the floor's 1/floor = 1e12 would throw the next SGD step's feature-layer
    /// biases to about 1e11, and every sample's feature would then point the way of those biases. With the
    /// gradient zero, the other samples move the biases and the zero feature gains a direction on the next step.
    static func clearUndirected(_ gradient: inout Matrix, features: Matrix) {
        let d = features.columns
        for i in 0..<features.rows {
            let squared = (0..<d).reduce(0.0) { $0 + features[i, $1] * features[i, $1] }
            guard squared.squareRoot() <= MarginLoss.normFloor else { continue }
            for a in 0..<d { gradient[i, a] = 0 }
        }
    }

    /// Backpropagation from dL/dfeatures (rows x 2) through every layer; dL/dW for the class weights is given.
    private mutating func backward(parameters: [S], rows: Int, featureGradient: Matrix, classWeightGradient: Matrix) {
        let layout = layout, activationOffsets = activationOffsets, deltaOffsets = deltaOffsets
        let transposeOffset = transposeOffset
        parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                scratch.withUnsafeMutableBufferPointer { s in
                    indexScratch.withUnsafeMutableBufferPointer { indices in
                        valueScratch.withUnsafeMutableBufferPointer { values in
                            let base = s.baseAddress!, params = p.baseAddress!, grad = g.baseAddress!
                            let transposed = base + transposeOffset
                            let (indices, values) = (indices.baseAddress!, values.baseAddress!)
                            grad.update(repeating: 0, count: layout.parameterCount)
                            for index in 0 ..< layout.classes * layout.featureDimension {
                                grad[layout.classWeightOffset + index] = S(classWeightGradient.storage[index])
                            }
                            let top = base + deltaOffsets[layout.layerCount]
                            for index in 0 ..< rows * layout.featureDimension {
                                top[index] = S(featureGradient.storage[index])
                            }
                            for l in stride(from: layout.layerCount - 1, through: 0, by: -1) {
                                let (m, n) = (layout.sizes[l], layout.sizes[l + 1])
                                let input = base + activationOffsets[l], delta = base + deltaOffsets[l + 1]
                                // dW_l += A_lᵀ dZ_{l+1}; db_l += column sums of dZ_{l+1}.
                                Kernels.transpose(rows: rows, columns: m, input, into: transposed)
                                Kernels.accumulateProduct(rows: m, inner: rows, columns: n, left: transposed,
                                                          right: delta, into: grad + layout.weightOffsets[l],
                                                          indices: indices, values: values)
                                Kernels.accumulateColumnSums(rows: rows, columns: n, delta,
                                                             into: grad + layout.biasOffsets[l])
                                guard l > 0 else { break }
                                // dZ_l = (dZ_{l+1} W_lᵀ) ⊙ [A_l > 0]: the ReLU passes gradient where it was open.
                                let below = base + deltaOffsets[l]
                                Kernels.transpose(rows: m, columns: n, params + layout.weightOffsets[l],
                                                  into: transposed)
                                below.update(repeating: 0, count: rows * m)
                                Kernels.accumulateProduct(rows: rows, inner: n, columns: m, left: delta,
                                                          right: transposed, into: below,
                                                          indices: indices, values: values)
                                Kernels.maskClosed(below, by: input, count: rows * m)
                            }
                        }
                    }
                }
            }
        }
    }
}
