import Geometry
import MatrixKernels

/// What one forward and backward pass over a batch found.
struct BatchReport: Sendable {
    /// Mean cross-entropy of the margin loss over the batch.
    var crossEntropy: Double
    /// The whole objective: cross-entropy plus center loss plus feature incay (weight decay is the optimiser's).
    var objective: Double
    /// The batch's 2-D features (rows x 2), for the centre update.
    var features: Matrix
    /// The detached statistics the loss took on this batch (CurricularFace's t, AdaFace's μ and σ, AdaCos's s,
    /// ElasticFace's draws), which the next step continues from.
    var statistics: LossStatistics
}

/// The network's gradient and scratch space, in scalar type S: Float to train, Double to check gradients against
/// finite differences. The parameters (laid out by `layout`) are passed in, so that the trainer owns them alone.
/// Every buffer is allocated once; a step allocates only the small matrices that `MarginLoss.evaluate` returns.
/// The products run on OpenBLAS with one thread (`MatrixProduct`), so a run repeats bit for bit on one machine.
struct Model<S: NetworkScalar>: Sendable {
    let layout: NetworkLayout
    /// The most rows a pass takes at once.
    let capacity: Int
    /// The gradient of the last `lossAndGradient`, same layout.
    var gradient: [S]
    /// Activations A_0 (the input block) ... A_L (the features), then the gradients dL/dZ_1 ... dL/dZ_L.
    private var scratch: ScalarBuffer<S>
    private let activationOffsets: [Int]
    /// `deltaOffsets[l]` is where dL/dZ_l starts (l >= 1).
    private let deltaOffsets: [Int]

    init(layout: NetworkLayout, capacity: Int) {
        self.layout = layout
        self.capacity = capacity
        gradient = [S](repeating: 0, count: layout.parameterCount)
        var offset = 0
        var activations: [Int] = [], deltas: [Int] = []
        for size in layout.sizes { activations.append(offset); offset += capacity * size }
        for (l, size) in layout.sizes.enumerated() { deltas.append(offset); offset += l == 0 ? 0 : capacity * size }
        activationOffsets = activations
        deltaOffsets = deltas
        scratch = ScalarBuffer(count: offset)
    }

    /// Where the passes read and write (valid while `scratch` is this model's own and alive).
    private var passes: Passes<S> {
        Passes(layout: layout, scratch: scratch.base, activationOffsets: activationOffsets, deltaOffsets: deltaOffsets)
    }

    /// Makes the scratch space this model's own before it is written.
    private mutating func ownScratch() {
        if !isKnownUniquelyReferenced(&scratch) { scratch = scratch.copy() }
    }

    /// Runs `rows` samples through the network. `fill` writes the input block (rows x d, row-major); afterwards
    /// `features(rows:)` holds the 2-D features.
    mutating func forward(parameters: [S], rows: Int, fill: (UnsafeMutablePointer<S>) -> Void) {
        precondition(rows <= capacity)
        ownScratch()
        let passes = passes
        fill(passes.activation(0))
        parameters.withUnsafeBufferPointer { passes.forward($0.baseAddress!, rows: rows) }
    }

    /// The features of the last `forward`, as Doubles (rows x 2).
    func features(rows: Int) -> Matrix {
        let d = layout.featureDimension, top = passes.activation(layout.layerCount)
        var result = Matrix(rows: rows, columns: d)
        for index in 0 ..< rows * d { result.storage[index] = Double(top[index]) }
        return result
    }

    /// The class weights W (K x 2, K·k x 2 with k sub-centres per class) in `parameters`, as Doubles.
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
    /// - `fill` writes the batch inputs; `labels` are the batch labels; `centers` (K x 2) the center-loss centres;
    ///   `previous` the statistics of the step before (nil on the first), which the loss's training rules continue.
    mutating func lossAndGradient(parameters: [S], rows: Int, labels: [Int], loss: MarginLoss,
                                  centerLoss: CenterLoss?, centers: Matrix, incay: FeatureIncay?,
                                  previous: LossStatistics? = nil,
                                  fill: (UnsafeMutablePointer<S>) -> Void) -> BatchReport {
        forward(parameters: parameters, rows: rows, fill: fill)
        let features = features(rows: rows)
        let report = loss.evaluation(of: Batch(checkedWeights: classWeights(parameters), features: features,
                                               labels: labels),
                                     previous: previous, phase: .training, normFloor: MarginLoss.normFloor)
        let evaluation = report.evaluation
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
        return BatchReport(crossEntropy: evaluation.meanLoss, objective: objective, features: features,
                           statistics: report.statistics)
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
        ownScratch()
        let passes = passes
        let top = passes.delta(layout.layerCount)
        for index in 0 ..< rows * layout.featureDimension { top[index] = S(featureGradient.storage[index]) }
        for index in 0 ..< layout.classes * layout.featureDimension {
            gradient[layout.classWeightOffset + index] = S(classWeightGradient.storage[index])
        }
        gradient.withUnsafeMutableBufferPointer { gradient in
            parameters.withUnsafeBufferPointer { parameters in
                passes.backward(parameters.baseAddress!, rows: rows, into: gradient.baseAddress!)
            }
        }
    }
}

/// The forward and backward passes over a model's scratch space: A_l and dL/dZ_l by layer, and the arithmetic.
private struct Passes<S: NetworkScalar> {
    let layout: NetworkLayout
    let scratch: UnsafeMutablePointer<S>
    let activationOffsets: [Int]
    let deltaOffsets: [Int]

    /// A_l, rows x sizes[l].
    func activation(_ l: Int) -> UnsafeMutablePointer<S> { scratch + activationOffsets[l] }
    /// dL/dZ_l, rows x sizes[l] (l >= 1).
    func delta(_ l: Int) -> UnsafeMutablePointer<S> { scratch + deltaOffsets[l] }

    /// Z_{l+1} = A_l W_l + 1 b_lᵀ, then A_{l+1} = max(Z_{l+1}, 0) for every layer but the feature layer.
    func forward(_ parameters: UnsafePointer<S>, rows: Int) {
        for l in 0..<layout.layerCount {
            let (m, n) = (layout.sizes[l], layout.sizes[l + 1])
            let output = activation(l + 1)
            Kernels.fillRows(output, rows: rows, columns: n, with: parameters + layout.biasOffsets[l])
            MatrixProduct.multiply(activation(l), .plain, parameters + layout.weightOffsets[l], .plain,
                                   into: output, m: rows, n: n, k: m, beta: 1, threads: 1)
            if l < layout.layerCount - 1 { Kernels.rectify(output, count: rows * n) }
        }
    }

    /// From dZ_L (already in place) down through every layer: each layer's weight and bias gradient, and the
    /// gradient of the layer below. Writes every layer's part of `gradient` (the class weights' part is not
    /// touched).
    func backward(_ parameters: UnsafePointer<S>, rows: Int, into gradient: UnsafeMutablePointer<S>) {
        for l in stride(from: layout.layerCount - 1, through: 0, by: -1) {
            let (m, n) = (layout.sizes[l], layout.sizes[l + 1])
            let input = activation(l), above = delta(l + 1)
            // dW_l = A_lᵀ dZ_{l+1}; db_l = column sums of dZ_{l+1}.
            MatrixProduct.multiply(input, .transposed, above, .plain, into: gradient + layout.weightOffsets[l],
                                   m: m, n: n, k: rows, threads: 1)
            Kernels.columnSums(rows: rows, columns: n, above, into: gradient + layout.biasOffsets[l])
            guard l > 0 else { break }
            // dZ_l = (dZ_{l+1} W_lᵀ) ⊙ [A_l > 0]: the ReLU passes gradient where it was open.
            let below = delta(l)
            MatrixProduct.multiply(above, .plain, parameters + layout.weightOffsets[l], .transposed, into: below,
                                   m: rows, n: m, k: n, threads: 1)
            Kernels.maskClosed(below, by: input, count: rows * m)
        }
    }
}
