import Foundation
import Geometry

/// Trains the network of a `TrainingConfiguration` on a `Dataset`, one minibatch at a time. A plain value: copy it
/// to fork a run, step it from any single thread. Arithmetic is Float in a fixed order, so the same configuration and
/// data give the same numbers bit for bit.
///
/// `trainFeatures`, `testFeatures`, `classWeights` and `metrics` describe the network as of the last `refresh()`;
/// `runEpoch()` refreshes at its end, `step()` does not (a refresh is one forward pass over every sample).
///
/// A step whose loss is NaN or infinite, whose update overflows the weights, or, for a loss whose logits are
/// unbounded (softmax, L-Softmax, A-Softmax on raw features), that ends `stuckStepLimit` steps in a row with a batch
/// loss at or above -ln(smallest Float), sets `divergence` (the cause, found by looking at the features and weights,
/// and remedies that fit it), puts back the last good state, and pauses: `step()` does nothing until
/// `resume(learningRate:)`. `collapse` says when classes have collapsed onto one direction.
public struct Trainer: Sendable {
    /// The run's settings (the learning rate can change through `resume(learningRate:)`).
    public private(set) var configuration: TrainingConfiguration
    /// The data.
    public let dataset: Dataset
    /// Completed epochs.
    public var epoch: Int { state.epoch }
    /// Completed steps (minibatches) since the start.
    public var iteration: Int { state.iteration }
    /// Steps in one epoch: the training set in batches of `batchSize`, the last one possibly smaller.
    public let stepsPerEpoch: Int
    /// How far the current epoch has got, from 0 (at its start) towards 1.
    public var epochProgress: Double { Double(state.position) / Double(dataset.trainInputs.rows) }
    /// The cross-entropy of every step so far, oldest first (`lossHistory[i]` is step i + 1's batch).
    public internal(set) var lossHistory: [Double] = []
    /// The batch cross-entropy of the last step, nil before the first.
    public var lastLoss: Double? { lossHistory.last }
    /// Why training paused, with remedies that fit the cause; nil while training is healthy.
    public private(set) var divergence: String?
    /// As of the last refresh, which classes share one direction (`metrics.collapse`), with remedies; nil while
    /// every class has a direction of its own, and at step 0.
    public var collapse: String? {
        metrics.collapse.map { $0.description(classNames: dataset.classNames) + ". " + collapseRemedies }
    }
    /// The 2-D features of the training samples (rows in `dataset.trainInputs` order), as of the last refresh.
    public private(set) var trainFeatures: Matrix
    /// The 2-D features of the test samples, as of the last refresh.
    public private(set) var testFeatures: Matrix
    /// The class weights W (K x 2), as of the last refresh.
    public private(set) var classWeights: Matrix
    /// Loss, accuracies, angles and lambda, as of the last refresh.
    public private(set) var metrics: TrainingMetrics
    /// Training labels (`dataset.trainLabels`).
    public var trainLabels: [Int] { dataset.trainLabels }
    /// Test labels (`dataset.testLabels`).
    public var testLabels: [Int] { dataset.testLabels }
    /// The loss the next step uses (lambda from the schedule where there is one).
    public var currentLoss: MarginLoss { configuration.loss(atIteration: state.iteration + 1) }
    /// The loss's running statistics after the last step: CurricularFace's t, AdaFace's μ and σ, AdaCos's s,
    /// ElasticFace's draws; nil before the first step and for the paper losses. `runningColumns` names them.
    public var lossStatistics: LossStatistics? { state.statistics }
    /// The running statistics as log columns (adacos_s, curricular_t, adaface_mean, adaface_std), where the loss
    /// has them; before the first step, the values the first step starts from.
    public var runningColumns: [(name: String, value: Double)] {
        (state.statistics ?? configuration.loss.startingStatistics(classes: dataset.classes)).columns
    }
    /// The center-loss centres (K x 2); zero without center loss.
    public var centers: Matrix { state.centers }

    /// Consecutive steps with a batch loss at or above `underflowLoss` that count as stuck.
    public static let stuckStepLimit = 10
    /// -ln(Float.leastNormalMagnitude) = 87.3365: the loss of a probability that has underflowed a Float (the
    /// value Caffe's softmax loss gets stuck at when a network diverges). The check applies only where the logits
    /// are unbounded: with normalised features the logits lie within ±s, and at s = 256 a loss of 170 at the start
    /// is ordinary and falls (the loss is computed in Double, so nothing underflows).
    public static let underflowLoss = -log(Double(Float.leastNormalMagnitude))
    /// The largest magnitude a scaled test input is clipped to, so that the Float network stays finite on a test
    /// value far outside the training range.
    public static let inputClip = 1e6

    /// What changes as training runs, kept whole so the last good copy can be put back.
    struct State: Sendable {
        var parameters: [Float]
        var optimizer: OptimizerState
        var centers: Matrix
        var epoch = 0
        var iteration = 0
        /// Next sample of this epoch's order.
        var position = 0
        /// The loss's running statistics after the last step (nil before the first, and for losses without).
        var statistics: LossStatistics?

        /// Copies `other` into this state's buffers (no allocation once the sizes match).
        mutating func assign(_ other: State) {
            Self.copy(other.parameters, into: &parameters)
            Self.copy(other.optimizer.first, into: &optimizer.first)
            Self.copy(other.optimizer.second, into: &optimizer.second)
            optimizer.updates = other.optimizer.updates
            centers = other.centers
            (epoch, iteration, position) = (other.epoch, other.iteration, other.position)
            statistics = other.statistics
        }

        private static func copy(_ source: [Float], into destination: inout [Float]) {
            guard destination.count == source.count else { destination = source; return }
            destination.withUnsafeMutableBufferPointer { target in
                source.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    var state: State
    /// The last state whose batch loss was finite and below `underflowLoss`.
    var lastGood: State
    /// Steps in a row with a batch loss at or above `underflowLoss`.
    var stuckSteps = 0
    /// The network's gradient and scratch space (the parameters live in `state`).
    private var model: Model<Float>
    /// This epoch's order of the training samples.
    var order: [Int]
    /// Inputs scaled to [0, 1] per column with the training set's minimum and maximum, row-major.
    private let scaledTrain: [Float]
    private let scaledTest: [Float]
    /// Scratch space of the optimiser.
    private var optimizerScratch: [Float] = []
    /// Weight decay by range of parameters (0 for biases).
    private let decay: [(range: Range<Int>, rate: Float)]

    /// Every parameter of the network (for tests: runs that compare losses start from the same ones).
    var parameters: [Float] { state.parameters }

    /// A trainer at step 0, with features and metrics of the initial network. Throws when a setting is out of range.
    public init(configuration: TrainingConfiguration, dataset: Dataset) throws(InputError) {
        try configuration.validate()
        self.configuration = configuration
        self.dataset = dataset
        let layout = NetworkLayout(inputDimension: dataset.inputDimension, hiddenSizes: configuration.hiddenSizes,
                                   classes: dataset.classes * configuration.loss.subCenters,
                                   featureDimension: configuration.featureDimension)
        let trainCount = dataset.trainInputs.rows
        let batch = min(configuration.batchSize, trainCount)
        stepsPerEpoch = (trainCount + batch - 1) / batch
        let (low, high) = Self.columnRanges(dataset.trainInputs)
        guard zip(low, high).contains(where: { $0 < $1 }) else {
            throw InputError("every input column is constant over the training set, so every sample looks the same to "
                + "the network; nothing can be learned from it", subject: .dataset, file: dataset.name)
        }
        scaledTrain = Self.scale(dataset.trainInputs, low: low, high: high)
        scaledTest = Self.scale(dataset.testInputs, low: low, high: high)
        decay = layout.decayRanges.map { ($0.range, $0.decayed ? Float(configuration.weightDecay) : 0) }
        model = Model(layout: layout, capacity: batch)
        state = State(parameters: layout.initialParameters(seed: configuration.seed).map { Float($0) },
                      optimizer: OptimizerState(kind: configuration.optimizer, count: layout.parameterCount),
                      centers: Matrix(rows: dataset.classes, columns: layout.featureDimension))
        lastGood = state
        lastGood.assign(state)  // copies now into buffers of its own, so later copies reuse them
        order = Self.order(count: trainCount, seed: configuration.seed, epoch: 0)
        trainFeatures = Matrix(rows: 0, columns: layout.featureDimension)
        testFeatures = trainFeatures
        classWeights = trainFeatures
        metrics = TrainingMetrics(epoch: 0, iteration: 0, loss: .nan, trainAccuracy: 0, testAccuracy: 0,
                                  meanIntraClassAngle: .zero, minimumCenterAngle: .zero, lambda: nil)
        refresh()
    }

    /// One minibatch: forward, loss, backpropagation, one optimiser update, and the centre update of center loss.
    /// Does nothing while `divergence` is set.
    public mutating func step() {
        guard divergence == nil else { return }
        let trainCount = dataset.trainInputs.rows
        let rows = min(model.capacity, trainCount - state.position)
        let indices = Array(order[state.position ..< state.position + rows])
        let labels = indices.map { dataset.trainLabels[$0] }
        let d = dataset.inputDimension
        let report = scaledTrain.withUnsafeBufferPointer { inputs in
            model.lossAndGradient(parameters: state.parameters, rows: rows, labels: labels, loss: currentLoss,
                                  centerLoss: configuration.centerLoss, centers: state.centers,
                                  incay: configuration.incay, previous: state.statistics) { block in
                for (row, index) in indices.enumerated() {
                    (block + row * d).update(from: inputs.baseAddress! + index * d, count: d)
                }
            }
        }
        guard report.objective.isFinite else {
            return diverge(.nonFiniteLoss(report.objective, features: report.features))
        }
        if report.crossEntropy >= Self.underflowLoss && currentLoss.normalization != .weightsAndFeatures {
            stuckSteps += 1
            if stuckSteps >= Self.stuckStepLimit { return diverge(.stuck(report.crossEntropy)) }
        } else {
            stuckSteps = 0
            lastGood.assign(state)
        }
        let finite = state.optimizer.apply(configuration.optimizer, learningRate: configuration.learningRate,
                                           momentum: configuration.momentum, decay: decay,
                                           gradient: model.gradient, to: &state.parameters,
                                           root: &optimizerScratch)
        guard finite else { return diverge(.overflowedUpdate) }
        if let centerLoss = configuration.centerLoss, centerLoss.weight > 0 {
            Self.moveCenters(&state.centers, toward: report.features, labels: labels, alpha: centerLoss.alpha)
        }
        lossHistory.append(report.crossEntropy)
        if currentLoss.rule != nil { state.statistics = report.statistics }
        state.iteration += 1
        state.position += rows
        if state.position == trainCount {
            state.epoch += 1
            state.position = 0
            order = Self.order(count: trainCount, seed: configuration.seed, epoch: state.epoch)
        }
    }

    /// Steps to the end of the current epoch (a whole epoch from a fresh one), then refreshes the features and
    /// metrics. Stops early where training diverges.
    public mutating func runEpoch() {
        let target = state.epoch + 1
        while state.epoch < target && divergence == nil { step() }
        refresh()
    }

    /// Recomputes `trainFeatures`, `testFeatures`, `classWeights` and `metrics` from the current network.
    public mutating func refresh() {
        trainFeatures = features(of: scaledTrain, rows: dataset.trainInputs.rows)
        testFeatures = features(of: scaledTest, rows: dataset.testInputs.rows)
        classWeights = model.classWeights(state.parameters)
        let measured = configuration.loss(atIteration: state.iteration).fixing(state.statistics)
        metrics = TrainingMetrics(epoch: state.epoch, iteration: state.iteration,
                                  loss: measured, weights: classWeights,
                                  trainFeatures: trainFeatures, trainLabels: dataset.trainLabels,
                                  testFeatures: testFeatures, testLabels: dataset.testLabels)
        metrics.runningStatistics = state.statistics ?? configuration.loss.startingStatistics(classes: dataset.classes)
    }

    /// Clears `divergence` so that `step()` trains again, optionally with a new learning rate (checked against
    /// `TrainingConfiguration.learningRateRange`).
    public mutating func resume(learningRate: Double? = nil) throws(InputError) {
        if let learningRate {
            var changed = configuration
            changed.learningRate = learningRate
            try changed.validate()
            configuration = changed
        }
        divergence = nil
        stuckSteps = 0
    }

    /// What made a step fail.
    private enum Failure {
        /// The objective was NaN or infinite; the batch's features as computed.
        case nonFiniteLoss(Double, features: Matrix)
        /// The cross-entropy stayed at or above `underflowLoss` for `stuckStepLimit` steps; the last one.
        case stuck(Double)
        /// The optimiser's update made a weight infinite or NaN.
        case overflowedUpdate
    }

    /// Puts back the last good state, explains the cause, suggests remedies that fit it, and pauses.
    private mutating func diverge(_ failure: Failure) {
        let (failedStep, failedEpoch) = (state.iteration + 1, state.epoch + 1)
        let (what, remedies) = explain(failure)
        state.assign(lastGood)
        lossHistory.removeLast(lossHistory.count - state.iteration)
        stuckSteps = 0
        order = Self.order(count: dataset.trainInputs.rows, seed: configuration.seed, epoch: state.epoch)
        divergence = "training diverged at step \(failedStep) (epoch \(failedEpoch)): \(what). "
            + "Try to \(remedies.joined(separator: ", or ")). Paused at the last good state, step \(state.iteration)."
        refresh()
    }

    /// The cause of `failure` in words, found from the state it left, and the remedies that address that cause.
    /// Inputs are finite and scaled without overflow, and a zero feature has cosine 0 and a finite gradient, so
    /// neither the data nor a dead layer can make a loss NaN: what is left is weights that grew too large.
    private func explain(_ failure: Failure) -> (what: String, remedies: [String]) {
        let rate = "lower the learning rate (now \(configuration.learningRate))"
        let loss = configuration.loss
        var growth: [String] = []
        if loss.range(of: .lambda) != nil {
            growth.append(configuration.lambdaSchedule == nil
                ? "anneal lambda (a schedule such as digits starts near softmax)"
                : "anneal lambda more slowly or raise its minimum")
        }
        if loss.normalization == .weightsAndFeatures {
            growth.append("use a smaller scale s (now \(loss.s)): the gradients grow with it")
        }
        let shrink = configuration.learningRate * configuration.weightDecay
        if configuration.optimizer == .sgd && shrink > 2 {
            growth.insert("lower the weight decay (now \(configuration.weightDecay)): with SGD each step multiplies "
                + "the weights by 1 - lr · decay = \(NumberText.significant(1 - shrink, digits: 3)), which grows them", at: 0)
        } else if configuration.weightDecay < 0.01 {
            growth.append("raise the weight decay (now \(configuration.weightDecay)) to hold the weights back")
        }
        switch failure {
        case let .nonFiniteLoss(value, features):
            let name = value.isNaN ? "NaN" : "infinite"
            if features.storage.contains(where: { !$0.isFinite }) {
                return ("the loss became \(name) because the 2-D features overflowed a Float (the weights grew "
                    + "too large)", [rate] + growth)
            }
            let largest = features.storage.map(abs).max() ?? 0
            return ("the loss became \(name) with finite features (the largest is \(NumberText.significant(largest, digits: 3)))",
                    [rate] + growth)
        case .stuck(let value):
            return ("the loss is stuck at \(NumberText.significant(value)): for \(Self.stuckStepLimit) steps it stayed "
                + "at or above \(NumberText.fixed(Self.underflowLoss, decimals: 4)) = -ln(smallest Float), so the true "
                + "classes' probabilities are below e^-87: the logits (feature length times weight length) have "
                + "grown without bound", [rate] + growth)
        case .overflowedUpdate:
            return ("the update overflowed the weights to infinity or NaN", [rate] + growth)
        }
    }

    /// What may separate collapsed classes, for this loss.
    private var collapseRemedies: String {
        let loss = configuration.loss
        var remedies = ["train for more epochs if the accuracy is still rising"]
        if loss.range(of: .lambda) != nil {
            remedies.append(configuration.lambdaSchedule == nil
                ? "anneal lambda (a schedule such as digits starts near softmax and brings the margin in slowly)"
                : "anneal lambda more slowly or raise its minimum")
        }
        if let m = loss.range(of: .m).map({ _ in loss.m }), loss.range(of: .lambda) == nil {
            remedies.append("use a smaller margin m (now \(m)): \(dataset.classes) classes share 360°")
        }
        remedies.append("try another seed")
        return "Try to " + remedies.joined(separator: ", or ")
            + ", unless the inputs themselves cannot tell these classes apart."
    }

    /// Features of `rows` scaled inputs, computed `model.capacity` rows at a time.
    private mutating func features(of inputs: [Float], rows: Int) -> Matrix {
        let d = dataset.inputDimension, chunk = model.capacity
        var result = Matrix(rows: rows, columns: model.layout.featureDimension)
        var start = 0
        while start < rows {
            let count = min(chunk, rows - start)
            inputs.withUnsafeBufferPointer { source in
                model.forward(parameters: state.parameters, rows: count) { block in
                    block.update(from: source.baseAddress! + start * d, count: count * d)
                }
            }
            let block = model.features(rows: count)
            let offset = start * result.columns
            result.storage.replaceSubrange(offset ..< offset + block.storage.count, with: block.storage)
            start += count
        }
        return result
    }

    /// Center loss's centre update: c_j -= alpha sum_{y_i = j} (c_j - x_i) / (1 + count_j).
    private static func moveCenters(_ centers: inout Matrix, toward features: Matrix, labels: [Int], alpha: Double) {
        var difference = Matrix(rows: centers.rows, columns: centers.columns)
        var counts = [Int](repeating: 0, count: centers.rows)
        for (i, label) in labels.enumerated() {
            counts[label] += 1
            for a in 0..<centers.columns { difference[label, a] += centers[label, a] - features[i, a] }
        }
        for j in 0..<centers.rows where counts[j] > 0 {
            for a in 0..<centers.columns { centers[j, a] -= alpha * difference[j, a] / Double(1 + counts[j]) }
        }
    }

    /// The order of the training samples in epoch `epoch`: a function of the seed alone.
    static func order(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var mixer = SeededGenerator(seed: seed ^ 0x0ADE_B000_0000_0006)
        var generator = SeededGenerator(seed: mixer.next() ^ UInt64(epoch) &* 0xD129_1C6B_5A3E_F3A5)
        var result = Array(0..<count)
        shuffle(&result, using: &generator)
        return result
    }

    /// Each column's minimum and maximum over the rows.
    private static func columnRanges(_ inputs: Matrix) -> (low: [Double], high: [Double]) {
        var low = [Double](repeating: .infinity, count: inputs.columns)
        var high = [Double](repeating: -.infinity, count: inputs.columns)
        for i in 0..<inputs.rows {
            for a in 0..<inputs.columns { low[a] = min(low[a], inputs[i, a]); high[a] = max(high[a], inputs[i, a]) }
        }
        return (low, high)
    }

    /// (x - low) / (high - low) per column, computed on halves so that no difference overflows (a column may run
    /// from -1e308 to 1e308), and clipped to ±`inputClip` (only a test value can fall outside [0, 1]). A column
    /// constant over the training set is 0 for every sample, test samples included: the network has learned
    /// nothing about it (its first-layer weights never saw a non-zero input), so a test value that differs is
    /// ignored rather than sent through untrained weights.
    private static func scale(_ inputs: Matrix, low: [Double], high: [Double]) -> [Float] {
        var result = [Float](repeating: 0, count: inputs.storage.count)
        for i in 0..<inputs.rows {
            for a in 0..<inputs.columns where high[a] > low[a] {
                let value = (inputs[i, a] / 2 - low[a] / 2) / (high[a] / 2 - low[a] / 2)
                result[i * inputs.columns + a] = Float(min(max(value, -inputClip), inputClip))
            }
        }
        return result
    }
}
