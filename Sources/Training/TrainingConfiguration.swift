import Geometry

/// The optimiser that moves the parameters.
public enum OptimizerKind: String, CaseIterable, Sendable, Hashable {
    /// SGD with momentum (PyTorch's form): v = mu v + g, p -= lr v.
    case sgd
    /// Adam with beta1 0.9, beta2 0.999, epsilon 1e-8 and bias correction.
    case adam
}

/// Center loss (Wen et al.): (lambda_c / 2N) sum_i ‖x_i - c_{y_i}‖², the mean over the batch as in the authors'
/// Caffe layer. The centres start at the origin and move with rate alpha:
/// c_j -= alpha sum_{y_i = j} (c_j - x_i) / (1 + count_j).
public struct CenterLoss: Sendable, Hashable {
    /// lambda_c, the weight of the term.
    public var weight: Double
    /// alpha, the rate at which the centres follow the features.
    public var alpha: Double

    /// Center loss with weight lambda_c and centre rate alpha (the paper uses alpha = 0.5).
    public init(weight: Double, alpha: Double = 0.5) { self.weight = weight; self.alpha = alpha }

    /// The valid weights lambda_c.
    public static let weightRange = ParameterRange(lower: 0, upper: 100, isInteger: false, unit: "weight", step: 0.01)
    /// The valid centre rates alpha.
    public static let alphaRange = ParameterRange(lower: 0, upper: 1, isInteger: false, unit: "rate", step: 0.05)
}

/// Feature incay: lambda (1/N) sum_i h(i) / (‖x_i‖² + epsilon), h(i) = 1 where sample i is classified correctly.
/// Minimising it lengthens the features of samples that are already right.
public struct FeatureIncay: Sendable, Hashable {
    /// lambda, the weight of the term.
    public var weight: Double
    /// epsilon, which keeps the term finite for a zero feature.
    public var epsilon: Double

    /// Feature incay with weight lambda; epsilon 0.01 keeps the pull on near-zero features bounded.
    public init(weight: Double, epsilon: Double = 0.01) { self.weight = weight; self.epsilon = epsilon }

    /// The valid weights lambda.
    public static let weightRange = ParameterRange(lower: 0, upper: 100, isInteger: false, unit: "weight", step: 0.01)
}

/// Everything that decides a training run besides the data. Same configuration, same data: the same run, bit for
/// bit. The initial network and the order of the batches depend on `seed` and the shape only, never on the loss.
public struct TrainingConfiguration: Sendable, Hashable {
    /// A short name for lists and legends ("L-Softmax m=4").
    public var name: String
    /// The margin loss on the 2-D features. With `lambdaSchedule`, its lambda is replaced at every step.
    public var loss: MarginLoss
    /// Widths of the hidden ReLU layers between the input and the feature.
    public var hiddenSizes: [Int]
    /// d, the length of the feature and of each class weight: 2 (the plane) or 3 (the sphere of view 7).
    public var featureDimension: Int
    /// The optimiser.
    public var optimizer: OptimizerKind
    /// The learning rate.
    public var learningRate: Double
    /// SGD momentum mu (ignored by Adam).
    public var momentum: Double
    /// Samples per step; the last batch of an epoch takes the remainder.
    public var batchSize: Int
    /// L2 weight decay on the weight matrices and the class weights (not on biases), added to the gradient.
    public var weightDecay: Double
    /// Center loss on the features, or nil.
    public var centerLoss: CenterLoss?
    /// Feature incay, or nil.
    public var incay: FeatureIncay?
    /// Lambda annealing for L-Softmax and A-Softmax, or nil to keep `loss.lambda`.
    public var lambdaSchedule: LambdaSchedule?
    /// Fixes the initial weights and the batch order.
    public var seed: UInt64

    /// A configuration with the defaults: hidden layers 128-128, Adam at 0.01, batch 128, weight decay 5e-4.
    public init(name: String? = nil, loss: MarginLoss, hiddenSizes: [Int] = [128, 128],
                optimizer: OptimizerKind = .adam, learningRate: Double? = nil, momentum: Double = 0.9,
                batchSize: Int = 128, weightDecay: Double = 5e-4, centerLoss: CenterLoss? = nil,
                incay: FeatureIncay? = nil, lambdaSchedule: LambdaSchedule? = nil, seed: UInt64 = 1,
                featureDimension: Int = 2) {
        self.name = name ?? loss.summary
        self.loss = loss
        self.hiddenSizes = hiddenSizes
        self.featureDimension = featureDimension
        self.optimizer = optimizer
        self.learningRate = learningRate ?? Self.defaultLearningRate(for: optimizer)
        self.momentum = momentum
        self.batchSize = batchSize
        self.weightDecay = weightDecay
        self.centerLoss = centerLoss
        self.incay = incay
        self.lambdaSchedule = lambdaSchedule
        self.seed = seed
    }

    /// Adam 0.01, SGD 0.05: a 2-D bottleneck on a few thousand samples learns slowly at the usual 0.001.
    public static func defaultLearningRate(for optimizer: OptimizerKind) -> Double {
        optimizer == .adam ? 0.01 : 0.05
    }

    /// The valid learning rates.
    public static let learningRateRange = ParameterRange(lower: 0.0001, upper: 10, isInteger: false, unit: "learning rate", step: 0.0005)
    /// The valid batch sizes.
    public static let batchSizeRange = ParameterRange(lower: 1, upper: 4096, isInteger: true, unit: "samples", step: 16)
    /// The valid hidden layer widths.
    public static let hiddenSizeRange = ParameterRange(lower: 1, upper: 1024, isInteger: true, unit: "units", step: 16)
    /// The valid numbers of hidden layers.
    public static let hiddenLayerCountRange = ParameterRange(lower: 1, upper: 8, isInteger: true, unit: "layers", step: 1)
    /// The valid feature dimensions d: 2 or 3.
    public static let featureDimensionRange = ParameterRange(lower: 2, upper: 3, isInteger: true, unit: "dimensions", step: 1)
    /// The valid weight decays.
    public static let weightDecayRange = ParameterRange(lower: 0, upper: 1, isInteger: false, unit: "decay", step: 0.0001)
    /// The valid SGD momenta.
    public static let momentumRange = ParameterRange(lower: 0, upper: 0.999, isInteger: false, unit: "momentum", step: 0.05)

    /// Throws the first setting outside its range: an `InputError` about the loss field or the `TrainingSetting`.
    public func validate() throws(InputError) {
        try loss.validate()
        try TrainingSetting.learningRate.check(learningRate, in: Self.learningRateRange)
        try TrainingSetting.batchSize.check(Double(batchSize), in: Self.batchSizeRange)
        try TrainingSetting.hiddenLayers.check(Double(hiddenSizes.count), in: Self.hiddenLayerCountRange)
        for width in hiddenSizes { try TrainingSetting.hiddenWidth.check(Double(width), in: Self.hiddenSizeRange) }
        try TrainingSetting.embeddingDimension.check(Double(featureDimension), in: Self.featureDimensionRange)
        try TrainingSetting.weightDecay.check(weightDecay, in: Self.weightDecayRange)
        try TrainingSetting.momentum.check(momentum, in: Self.momentumRange)
        if let centerLoss {
            try TrainingSetting.centerLossWeight.check(centerLoss.weight, in: CenterLoss.weightRange)
            try TrainingSetting.centerLossAlpha.check(centerLoss.alpha, in: CenterLoss.alphaRange)
        }
        if let incay {
            try TrainingSetting.incayWeight.check(incay.weight, in: FeatureIncay.weightRange)
            if !(incay.epsilon > 0 && incay.epsilon.isFinite) {
                throw TrainingSetting.incayEpsilon.invalid("\(NumberText.exact(incay.epsilon)) must be a positive number")
            }
        }
        if let schedule = lambdaSchedule {
            guard loss.range(of: .lambda) != nil else {
                throw TrainingSetting.lambdaSchedule.invalid("lambda annealing applies to lsoftmax and sphereface only, "
                    + "not \(loss.kind.rawValue)")
            }
            let values = [schedule.base, schedule.gamma, schedule.power, schedule.minimum]
            if values.contains(where: { !$0.isFinite || $0 < 0 }) {
                throw TrainingSetting.lambdaSchedule.invalid("the lambda schedule needs finite base, gamma, power and "
                    + "minimum >= 0")
            }
        }
    }

    /// The loss as used at iteration `iteration` (1 is the first step): lambda from the schedule where there is one.
    public func loss(atIteration iteration: Int) -> MarginLoss {
        guard let schedule = lambdaSchedule, loss.range(of: .lambda) != nil else { return loss }
        var result = loss
        result.lambda = schedule.lambda(atIteration: max(iteration, 1))
        return result
    }
}
