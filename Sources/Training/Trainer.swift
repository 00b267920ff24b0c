import Foundation
import Geometry

/// Trains the network of a `TrainingConfiguration` on a `Dataset`, one minibatch at a time. A plain value: copy it
/// to fork a run, step it from any single thread. Arithmetic is Float in a fixed order, so the same configuration and
/// data give the same numbers bit for bit.
///
/// `trainFeatures`, `testFeatures`, `classWeights` and `metrics` describe the network as of the last `refresh()`;
/// `runEpoch()` refreshes at its end, `step()` does not (a refresh is one forward pass over every sample).
///
/// A step whose loss is NaN or infinite, whose update overflows the weights, or that ends `stuckStepLimit` steps in a
/// row with a batch loss at or above -ln(smallest Float), sets `divergence`, puts back the last state whose batch loss
/// was below that, and pauses: `step()` does nothing until `resume(learningRate:)`.
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
    public private(set) var lossHistory: [Double] = []
    /// The batch cross-entropy of the last step, nil before the first.
    public var lastLoss: Double? { lossHistory.last }
    /// Why training paused, with the usual remedy; nil while training is healthy.
    public private(set) var divergence: String?
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
    /// The center-loss centres (K x 2); zero without center loss.
    public var centers: Matrix { state.centers }

    /// Consecutive steps with a batch loss at or above `underflowLoss` that count as stuck. A loss that high is
    /// possible for a few steps at the start with a large scale s, so one step is not enough.
    public static let stuckStepLimit = 10
    /// -ln(Float.leastNormalMagnitude) = 87.3365: the loss of a probability that has underflowed a Float (the
    /// value Caffe's softmax loss gets stuck at when a network diverges).
    public static let underflowLoss = -log(Double(Float.leastNormalMagnitude))

    /// What changes as training runs, kept whole so the last good copy can be put back.
    private struct State: Sendable {
        var parameters: [Float]
        var optimizer: OptimizerState
        var centers: Matrix
        var epoch = 0
        var iteration = 0
        /// Next sample of this epoch's order.
        var position = 0

        /// Copies `other` into this state's buffers (no allocation once the sizes match).
        mutating func assign(_ other: State) {
            Self.copy(other.parameters, into: &parameters)
            Self.copy(other.optimizer.first, into: &optimizer.first)
            Self.copy(other.optimizer.second, into: &optimizer.second)
            optimizer.updates = other.optimizer.updates
            centers = other.centers
            (epoch, iteration, position) = (other.epoch, other.iteration, other.position)
        }

        private static func copy(_ source: [Float], into destination: inout [Float]) {
            guard destination.count == source.count else { destination = source; return }
            destination.withUnsafeMutableBufferPointer { target in
                source.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    private var state: State
    /// The last state whose batch loss was finite and below `underflowLoss`.
    private var lastGood: State
    /// Steps in a row with a batch loss at or above `underflowLoss`.
    private var stuckSteps = 0
    /// The network's gradient and scratch space (the parameters live in `state`).
    private var model: Model<Float>
    /// This epoch's order of the training samples.
    private(set) var order: [Int]
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
                                   classes: dataset.classes)
        let trainCount = dataset.trainInputs.rows
        let batch = min(configuration.batchSize, trainCount)
        stepsPerEpoch = (trainCount + batch - 1) / batch
        let (low, high) = Self.columnRanges(dataset.trainInputs)
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
        trainFeatures = Matrix(rows: 0, columns: 2)
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
                                  incay: configuration.incay) { block in
                for (row, index) in indices.enumerated() {
                    (block + row * d).update(from: inputs.baseAddress! + index * d, count: d)
                }
            }
        }
        guard report.objective.isFinite else {
            return diverge("the loss became \(report.objective.isNaN ? "NaN" : "infinite")")
        }
        if report.crossEntropy >= Self.underflowLoss {
            stuckSteps += 1
            if stuckSteps >= Self.stuckStepLimit {
                return diverge("the loss is stuck at \(String(format: "%.4g", report.crossEntropy)): for "
                    + "\(stuckSteps) steps it stayed at or above \(String(format: "%.4f", Self.underflowLoss)) = "
                    + "-ln(smallest Float), where the probabilities of the true classes underflow")
            }
        } else {
            stuckSteps = 0
            lastGood.assign(state)
        }
        let finite = state.optimizer.apply(configuration.optimizer, learningRate: configuration.learningRate,
                                           momentum: configuration.momentum, decay: decay,
                                           gradient: model.gradient, to: &state.parameters,
                                           root: &optimizerScratch)
        guard finite else {
            return diverge("the update overflowed the weights to infinity or NaN")
        }
        if let centerLoss = configuration.centerLoss, centerLoss.weight > 0 {
            Self.moveCenters(&state.centers, toward: report.features, labels: labels, alpha: centerLoss.alpha)
        }
        lossHistory.append(report.crossEntropy)
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
        metrics = TrainingMetrics(epoch: state.epoch, iteration: state.iteration,
                                  loss: configuration.loss(atIteration: state.iteration), weights: classWeights,
                                  trainFeatures: trainFeatures, trainLabels: dataset.trainLabels,
                                  testFeatures: testFeatures, testLabels: dataset.testLabels)
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

    /// Puts back the last good state, explains, suggests the usual remedy, and pauses.
    private mutating func diverge(_ what: String) {
        let (failedStep, failedEpoch) = (state.iteration + 1, state.epoch + 1)
        state.assign(lastGood)
        lossHistory.removeLast(lossHistory.count - state.iteration)
        stuckSteps = 0
        order = Self.order(count: dataset.trainInputs.rows, seed: configuration.seed, epoch: state.epoch)
        var remedies = ["lower the learning rate (now \(configuration.learningRate))"]
        let loss = configuration.loss
        if loss.range(of: .lambda) != nil {
            remedies.append(configuration.lambdaSchedule == nil
                ? "anneal lambda (the \(loss.kind.rawValue) schedule starts near softmax)"
                : "anneal lambda more slowly or raise its minimum")
        }
        if loss.range(of: .s) != nil { remedies.append("use a smaller scale s (now \(loss.s))") }
        divergence = "training diverged at step \(failedStep) (epoch \(failedEpoch)): \(what). "
            + "Try to \(remedies.joined(separator: ", or ")). Paused at the last good state, step \(state.iteration)."
        refresh()
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
    private static func order(count: Int, seed: UInt64, epoch: Int) -> [Int] {
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

    /// (x - low) / (high - low) per column, 0 where a column is constant; zeros stay zeros where low is 0.
    private static func scale(_ inputs: Matrix, low: [Double], high: [Double]) -> [Float] {
        var result = [Float](repeating: 0, count: inputs.storage.count)
        for i in 0..<inputs.rows {
            for a in 0..<inputs.columns where high[a] > low[a] {
                result[i * inputs.columns + a] = Float((inputs[i, a] - low[a]) / (high[a] - low[a]))
            }
        }
        return result
    }
}
