import Foundation
import Geometry
import Training

/// The live training of the training view: what is trained (`subject`), the runs side by side from one seed (the
/// same initial network and the same batches), and how the picture shows them.
public struct TrainingSession: Sendable {
    /// Steps per frame the speed keys choose from.
    public static let speeds = [1, 2, 5, 10, 20]
    /// Learning rates the `[` and `]` keys step through.
    public static let learningRates = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]
    /// Epochs the stop keys add or take away.
    public static let stopStep = 10

    /// What is trained.
    public var subject: TrainingSubject = .single(.blobs) {
        didSet { if subject != oldValue { stopEpoch = subject.defaultStopEpoch } }
    }
    /// The seed of the network's start and of the batch order.
    public var seed: UInt64 = 1
    /// The feature's length d the runs train with, 2 or 3 (`z` toggles it, `dim=3` in the state string); a loaded
    /// run keeps its own.
    public var featureDimension = 2
    /// A learning rate chosen with `[` `]`, replacing each run's own; nil keeps theirs.
    public var learningRate: Double?
    /// The epoch at which training stops by itself ("finished at epoch 40"), nil for none. A preset starts with its
    /// own (`TrainingPreset.epochs`).
    public var stopEpoch: Int?
    /// The runs.
    public private(set) var runs: [Trainer] = []
    /// Training advances on ticks.
    public var playing = false
    /// Index into `speeds`.
    public var speedIndex = 1
    /// How the picture draws the runs.
    public var figure = TrainingFigure()
    /// The extent each run's picture shows, grown at once and shrunk slowly so the view stays steady.
    public var extents: [Double] = []
    /// Why the last build failed, if it did.
    public var failure: String?
    /// Which run the next tick refreshes, when several train side by side.
    private var refreshCursor = 0
    /// The data set last made, kept so that a loss key does not make it again.
    private var cachedData: (source: DatasetSource, seed: UInt64, dataset: Dataset)?

    /// A session that has not built its runs yet.
    public init() {}

    /// Steps per tick.
    public var speed: Int { Self.speeds[speedIndex] }

    /// True when every run has reached the stop epoch.
    public var isFinished: Bool {
        guard let stopEpoch, !runs.isEmpty else { return false }
        return runs.allSatisfy { $0.epoch >= stopEpoch }
    }

    /// The configurations and data the subject trains; `losses` are the explorer's (the current loss for a single
    /// run, the compare view's for the compare subject). Nil for a run that cannot train (a run saved as JSON).
    func plan(losses: [MarginLoss]) -> (DatasetSource, [TrainingConfiguration])? {
        var (source, configurations): (DatasetSource, [TrainingConfiguration])
        switch subject {
        case .single(let data), .compareLosses(let data):
            source = data.source
            configurations = losses.map { loss in
                var configuration = TrainingConfiguration(name: loss.shortDescription, loss: loss, seed: seed)
                if loss.range(of: .lambda) != nil && loss.lambda == 0 { configuration.lambdaSchedule = .digits }
                return configuration
            }
        case .preset(let preset):
            source = preset.dataset
            configurations = preset.configurations
        case .loaded(let loaded):
            guard let training = loaded.run.training else { return nil }
            source = training.source
            configurations = [training.configuration]
        }
        for index in configurations.indices {
            if case .loaded = subject {} else { configurations[index].featureDimension = featureDimension }
            configurations[index].seed = seed
            if let learningRate { configurations[index].learningRate = learningRate }
        }
        return (source, configurations)
    }

    /// Forgets the runs, so the next sync makes them for the subject.
    mutating func clearRuns() {
        runs = []
        extents = []
        failure = nil
    }

    /// Builds the runs afresh at step 0 for `losses` (see `plan`); a loaded run that can continue is resumed where
    /// it was saved unless `fresh`. On failure keeps the old runs and says why.
    mutating func rebuild(losses: [MarginLoss], fresh: Bool = false) {
        playing = false
        guard let (source, configurations) = plan(losses: losses) else {
            runs = []
            extents = []
            return
        }
        do {
            var built: [Trainer] = []
            if case .loaded(let loaded) = subject, !fresh, let training = loaded.run.training,
               let dataset = loaded.dataset, seed == training.configuration.seed, learningRate == nil {
                built = [try training.trainer(on: dataset)]
            } else {
                let dataset = try data(source)
                for configuration in configurations {
                    built.append(try Trainer(configuration: configuration, dataset: dataset))
                }
            }
            runs = built
            fitExtents()
            failure = nil
        } catch {
            failure = error.message
        }
    }

    /// The data set `source` makes with this seed, made once and kept (a loaded run brings its own).
    private mutating func data(_ source: DatasetSource) throws(InputError) -> Dataset {
        if case .loaded(let loaded) = subject, let dataset = loaded.dataset { return dataset }
        if let cached = cachedData, cached.source == source, cached.seed == seed { return cached.dataset }
        let dataset = try source.load(seed: seed)
        cachedData = (source, seed, dataset)
        return dataset
    }

    /// Advances every run by `steps` minibatches, never past the stop epoch, then refreshes pictures: all of them
    /// with `refreshingAll`, else one run per call in turn (a refresh is a forward pass over every sample, the
    /// dearest part of a frame, so four runs refreshed together would keep keys waiting longer than a frame).
    /// Pauses on divergence and when every run has reached the stop epoch. While playing, the pictures' extents
    /// ease (grown at once, shrunk slowly) so the view stays steady; whenever training is paused they fit what
    /// they show, so a paused picture depends on the runs alone and a state string reopens it exactly.
    mutating func advance(steps: Int, refreshingAll: Bool = true) {
        for index in runs.indices {
            for _ in 0..<steps where runs[index].divergence == nil && !reachedStop(runs[index]) { runs[index].step() }
        }
        let refreshed = refreshingAll || runs.count == 1 ? Array(runs.indices) : [refreshCursor % max(runs.count, 1)]
        refreshCursor += 1
        for index in refreshed where runs.indices.contains(index) { refresh(index) }
        if runs.contains(where: { $0.divergence != nil }) || isFinished { playing = false }
        if !playing { fitExtents() }
    }

    /// Runs every run to the end of its current epoch (never past the stop epoch).
    mutating func advanceEpoch() {
        for index in runs.indices where !reachedStop(runs[index]) { runs[index].runEpoch() }
        advance(steps: 0)
    }

    /// Trains every run to `step` steps (or the stop epoch, or a divergence), refreshing at the end: how a state
    /// string's `step=` is reached again.
    mutating func advance(toStep step: Int) {
        for index in runs.indices {
            while runs[index].iteration < step && runs[index].divergence == nil && !reachedStop(runs[index]) {
                runs[index].step()
            }
        }
        advance(steps: 0)
    }

    private func reachedStop(_ run: Trainer) -> Bool { stopEpoch.map { run.epoch >= $0 } ?? false }

    private mutating func refresh(_ index: Int) {
        runs[index].refresh()
        let target = Self.extent(of: figure.extentFeatures(of: runs[index]), normalized: figure.normalized)
        extents[index] = target > extents[index] ? target : max(target, extents[index] * 0.97)
    }

    /// Sizes every picture to what it shows now, at once (after switching between training and test samples or
    /// to the unit circle, where easing from the old size would leave the picture far too small or large).
    mutating func fitExtents() {
        extents = runs.map { Self.extent(of: figure.extentFeatures(of: $0), normalized: figure.normalized) }
    }

    /// The radius the picture shows (1 on the unit circle): the radius that holds 98% of the points, leaving out
    /// first the points more than `outlierFactor` times the median nonzero radius away, so that one far-out
    /// feature (1e19 among radii near 5) cannot shrink every other point into the centre dot, even in a run of
    /// ten points. Radii are `hypot`s (no overflow at 1e200); rows that are not finite are skipped, and the
    /// answer always lies in [1e-6, largest Double / 8], so the picture's reach and scale stay finite.
    static func extent(of features: Matrix, normalized: Bool) -> Double {
        guard !normalized else { return 1 }
        var radii = (0..<features.rows).map { hypot(features[$0, 0], features[$0, 1]) }.filter(\.isFinite)
        radii.sort()
        guard let firstNonzero = radii.firstIndex(where: { $0 > 0 }) else { return 1 }  // nothing to size by
        let median = radii[(firstNonzero + radii.count) / 2]
        let kept = radii.prefix { $0 <= median * outlierFactor }  // holds the median, so never empty
        return min(max(kept[min(Int(Double(kept.count) * 0.98), kept.count - 1)], 1e-6), .greatestFiniteMagnitude / 8)
    }

    /// How many times the median radius a point may lie out and still size the picture.
    static let outlierFactor = 10.0
}

extension TrainingSubject {
    /// The epoch a subject stops at unless the user chooses another: a preset's own, none otherwise.
    var defaultStopEpoch: Int? {
        if case .preset(let preset) = self { return preset.epochs }
        return nil
    }
}
