import Geometry

/// Everything a run has learnt and where it stands: the network's parameters, the optimiser's memory (SGD's
/// velocity, Adam's moments and step count), the center-loss centres, the epoch, step and place in the epoch's
/// order, the loss of every step so far, and the count of steps stuck at the underflow line. A run resumed from its
/// progress (`Trainer(configuration:dataset:resuming:)`) takes exactly the steps the run would have taken had it
/// never stopped, bit for bit; only the fallback kept for a divergence starts again at the resumed state.
public struct TrainerProgress: Sendable, Hashable {
    /// Every parameter of the network, in `NetworkLayout` order (the class weights last).
    public var parameters: [Float]
    /// SGD's velocity or Adam's first moment, one per parameter.
    public var optimizerFirst: [Float]
    /// Adam's second moment, one per parameter (empty for SGD).
    public var optimizerSecond: [Float]
    /// Optimiser updates so far (Adam's t).
    public var optimizerUpdates: Int
    /// The center-loss centres, K x 2.
    public var centers: Matrix
    /// Completed epochs.
    public var epoch: Int
    /// Completed steps.
    public var iteration: Int
    /// The next sample of this epoch's order (0 at the start of an epoch).
    public var position: Int
    /// Steps in a row whose loss stood at or above the underflow line.
    public var stuckSteps: Int
    /// The batch loss of every step so far.
    public var lossHistory: [Double]
    /// The loss's running statistics after the last step (CurricularFace's t, AdaFace's μ and σ, AdaCos's s,
    /// ElasticFace's generator), nil before the first step and for the paper losses.
    public var lossStatistics: LossStatistics?

    /// Progress from its parts (a saved run's).
    public init(parameters: [Float], optimizerFirst: [Float], optimizerSecond: [Float], optimizerUpdates: Int,
                centers: Matrix, epoch: Int, iteration: Int, position: Int, stuckSteps: Int, lossHistory: [Double],
                lossStatistics: LossStatistics? = nil) {
        self.parameters = parameters
        self.optimizerFirst = optimizerFirst
        self.optimizerSecond = optimizerSecond
        self.optimizerUpdates = optimizerUpdates
        self.centers = centers
        self.epoch = epoch
        self.iteration = iteration
        self.position = position
        self.stuckSteps = stuckSteps
        self.lossHistory = lossHistory
        self.lossStatistics = lossStatistics
    }
}

extension Trainer {
    /// Where the run stands now.
    public var progress: TrainerProgress {
        TrainerProgress(parameters: state.parameters, optimizerFirst: state.optimizer.first,
                        optimizerSecond: state.optimizer.second, optimizerUpdates: state.optimizer.updates,
                        centers: state.centers, epoch: state.epoch, iteration: state.iteration,
                        position: state.position, stuckSteps: stuckSteps, lossHistory: lossHistory,
                        lossStatistics: state.statistics)
    }

    /// The run of `configuration` on `dataset`, continued from `progress`; throws when the progress does not fit
    /// (another network shape, data set or batch size than the one it was saved from).
    public init(configuration: TrainingConfiguration, dataset: Dataset, resuming progress: TrainerProgress)
        throws(InputError) {
        try self.init(configuration: configuration, dataset: dataset)
        try check(progress)
        state.parameters = progress.parameters
        state.optimizer.first = progress.optimizerFirst
        state.optimizer.second = progress.optimizerSecond
        state.optimizer.updates = progress.optimizerUpdates
        state.centers = progress.centers
        (state.epoch, state.iteration, state.position) = (progress.epoch, progress.iteration, progress.position)
        stuckSteps = progress.stuckSteps
        lossHistory = progress.lossHistory
        state.statistics = progress.lossStatistics
        lastGood.assign(state)
        order = Self.order(count: dataset.trainInputs.rows, seed: configuration.seed, epoch: state.epoch)
        refresh()
    }

    /// Throws unless `progress` fits this run's network, data and batches.
    private func check(_ progress: TrainerProgress) throws(InputError) {
        func misfit(_ what: String) -> InputError {
            InputError("the saved progress does not fit the run it names: \(what)", subject: .dataset)
        }
        let count = state.parameters.count
        guard progress.parameters.count == count, progress.optimizerFirst.count == count,
              progress.optimizerSecond.count == state.optimizer.second.count else {
            throw misfit("\(progress.parameters.count) parameters, the network has \(count)")
        }
        guard progress.centers.rows == state.centers.rows, progress.centers.columns == state.centers.columns else {
            throw misfit("centres for \(progress.centers.rows) classes, the data has \(state.centers.rows)")
        }
        let rows = dataset.trainInputs.rows, batch = min(configuration.batchSize, rows)
        guard progress.epoch >= 0, (0..<rows).contains(progress.position), progress.position % batch == 0,
              progress.iteration == progress.epoch * stepsPerEpoch + progress.position / batch,
              progress.lossHistory.count == progress.iteration, progress.optimizerUpdates >= 0,
              progress.stuckSteps >= 0 else {
            throw misfit("epoch \(progress.epoch), step \(progress.iteration) and sample \(progress.position) do not "
                + "agree with \(stepsPerEpoch) steps an epoch of \(batch) samples")
        }
        guard progress.parameters.allSatisfy(\.isFinite), progress.optimizerFirst.allSatisfy(\.isFinite),
              progress.optimizerSecond.allSatisfy(\.isFinite), progress.centers.storage.allSatisfy(\.isFinite) else {
            throw misfit("a parameter that is not a finite number")
        }
    }
}
