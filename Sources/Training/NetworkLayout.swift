import Geometry

/// Where every parameter of the network lives in one flat buffer.
///
/// The network: input (d) -> hidden layers with ReLU -> a linear layer to the 2-D feature, then K class weight
/// vectors W (K x 2, no bias) that the margin loss compares the feature with. Layer l maps sizes[l] inputs to
/// sizes[l + 1] outputs with weights stored row-major as sizes[l] x sizes[l + 1] (one row per input unit) followed by
/// sizes[l + 1] biases; the class weights come last.
struct NetworkLayout: Sendable, Hashable {
    /// [input, hidden..., feature dimension].
    let sizes: [Int]
    /// Number of classes K.
    let classes: Int
    /// Offset of layer l's weight matrix.
    let weightOffsets: [Int]
    /// Offset of layer l's biases.
    let biasOffsets: [Int]
    /// Offset of the class weights W (K x featureDimension).
    let classWeightOffset: Int
    /// Total number of parameters.
    let parameterCount: Int

    init(inputDimension: Int, hiddenSizes: [Int], classes: Int, featureDimension: Int = 2) {
        sizes = [inputDimension] + hiddenSizes + [featureDimension]
        self.classes = classes
        var offset = 0
        var weights: [Int] = [], biases: [Int] = []
        for l in 0 ..< sizes.count - 1 {
            weights.append(offset)
            offset += sizes[l] * sizes[l + 1]
            biases.append(offset)
            offset += sizes[l + 1]
        }
        weightOffsets = weights
        biasOffsets = biases
        classWeightOffset = offset
        parameterCount = offset + classes * featureDimension
    }

    /// Number of linear layers.
    var layerCount: Int { sizes.count - 1 }
    /// Dimension of the feature the loss sees (2).
    var featureDimension: Int { sizes[sizes.count - 1] }
    /// The widest layer.
    var widest: Int { sizes.max()! }

    /// Every parameter once, in order, by range: the weight matrices and the class weights take weight decay, the
    /// biases do not.
    var decayRanges: [(range: Range<Int>, decayed: Bool)] {
        (0..<layerCount).flatMap { l in
            [(weightOffsets[l] ..< biasOffsets[l], true), (biasOffsets[l] ..< biasOffsets[l] + sizes[l + 1], false)]
        } + [(classWeightOffset ..< parameterCount, true)]
    }

    /// Initial parameters, a function of the seed and the shape only (never of the loss), so runs that compare
    /// losses start from the same network. He-normal weights (std sqrt(2 / fan-in)) for layers followed by a
    /// ReLU, std sqrt(1 / fan-in) for the linear feature layer, zero biases, and standard normal class weights.
    func initialParameters(seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed ^ 0x1F0A_5EED_0000_0001)
        var parameters = [Double](repeating: 0, count: parameterCount)
        for l in 0..<layerCount {
            let std = ((l < layerCount - 1 ? 2.0 : 1.0) / Double(sizes[l])).squareRoot()
            for index in weightOffsets[l] ..< biasOffsets[l] { parameters[index] = std * generator.nextGaussian() }
        }
        for index in classWeightOffset ..< parameterCount { parameters[index] = generator.nextGaussian() }
        return parameters
    }
}
