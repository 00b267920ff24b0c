import Foundation
import Geometry
import Training

/// The live training of the training view: one run of the explorer's current loss, or the runs of a preset
/// side by side, all from the same seed (the same initial network and the same batches).
public struct TrainingSession: Sendable {
    /// The data sets the `d` key cycles through.
    public static let datasets: [DatasetSource] = [.blobs(classes: 4, dimension: 2), .rings(classes: 3),
                                                   .spirals(classes: 3), .digits]
    /// The state-string names of the presets: a single run, the compare view's losses, then `TrainingPreset.all`.
    public static let presetNames = ["single", "compare"] + TrainingPreset.all.map(\.id)
    /// The first index of `TrainingPreset.all` in `presetNames`.
    static let fixedPresets = 2
    /// The state-string names of `datasets`.
    public static let datasetNames = ["blobs", "rings", "spirals", "digits"]
    /// Steps per frame the speed keys choose from.
    public static let speeds = [1, 2, 5, 10, 20]
    /// Learning rates the `[` and `]` keys step through.
    public static let learningRates = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]

    /// 0: one run of the explorer's loss; 1: the compare view's losses side by side; then `TrainingPreset.all`.
    public var preset = 0
    /// Index into `datasets` (single runs only; presets bring their own).
    public var datasetIndex = 0
    /// The seed of the network's start and of the batch order.
    public var seed: UInt64 = 1
    /// The learning rate of single runs (presets keep theirs unless changed).
    public var learningRate: Double?
    /// The runs.
    public private(set) var runs: [Trainer] = []
    /// Training advances on ticks.
    public var playing = false
    /// Index into `speeds`.
    public var speedIndex = 1
    /// Test samples drawn instead of training samples.
    public var showsTest = false
    /// Features drawn on the unit circle (their directions only).
    public var normalized = false
    /// The extent each run's picture shows, grown at once and shrunk slowly so the view stays steady.
    public var extents: [Double] = []
    /// Why the last build failed (a bad file), if it did.
    public var failure: String?
    /// A saved run (`--load`) shown frozen instead of training.
    public var snapshot: SavedRun?

    /// A session that has not built its runs yet.
    public init() {}

    /// The tokens of the state string that reproduce this session: `preset=single data=digits seed=1`.
    public var stateTokens: [String] {
        ["preset=\(Self.presetNames[preset])", "data=\(Self.datasetNames[datasetIndex])", "seed=\(seed)"]
    }

    /// The name of what is trained.
    public var title: String {
        switch preset {
        case 0: "single run"
        case 1: "compare view's losses"
        default: TrainingPreset.all[preset - Self.fixedPresets].name
        }
    }

    /// Steps per tick.
    public var speed: Int { Self.speeds[speedIndex] }

    /// True when the data set is the user's choice (`d`), not a preset's.
    public var choosesData: Bool { preset < Self.fixedPresets }

    /// The configurations and data this session trains: one run per loss of `losses` (the explorer's loss, or
    /// the compare view's), or a fixed preset's runs.
    func plan(losses: [MarginLoss]) -> (DatasetSource, [TrainingConfiguration]) {
        if !choosesData {
            let chosen = TrainingPreset.all[preset - Self.fixedPresets]
            var configurations = chosen.configurations
            for index in configurations.indices {
                configurations[index].seed = seed
                if let learningRate { configurations[index].learningRate = learningRate }
            }
            return (chosen.dataset, configurations)
        }
        let configurations = losses.map { loss in
            var configuration = TrainingConfiguration(name: loss.shortDescription, loss: loss, seed: seed)
            if loss.range(of: .lambda) != nil && loss.lambda == 0 { configuration.lambdaSchedule = .digits }
            if let learningRate { configuration.learningRate = learningRate }
            return configuration
        }
        return (Self.datasets[datasetIndex], configurations)
    }

    /// Builds the runs afresh (step 0) for `losses`; on failure keeps the old runs and says why.
    mutating func rebuild(losses: [MarginLoss]) {
        let (source, configurations) = plan(losses: losses)
        do {
            let dataset = try source.load(seed: seed)
            var built: [Trainer] = []
            for configuration in configurations { built.append(try Trainer(configuration: configuration, dataset: dataset)) }
            runs = built
            fitExtents()
            failure = nil
        } catch {
            failure = error.message
            playing = false
        }
    }

    /// Which run the next tick refreshes, when several train side by side.
    private var refreshCursor = 0

    /// Advances every run by `steps` minibatches, then refreshes pictures: all of them with `refreshingAll`, else
    /// one run per call in turn (a refresh is a forward pass over every sample, the dearest part of a frame, so
    /// four runs refreshed together would keep keys waiting longer than a frame). Pauses on divergence.
    mutating func advance(steps: Int, refreshingAll: Bool = true) {
        for index in runs.indices {
            for _ in 0..<steps where runs[index].divergence == nil { runs[index].step() }
        }
        let refreshed = refreshingAll || runs.count == 1 ? Array(runs.indices) : [refreshCursor % runs.count]
        refreshCursor += 1
        for index in refreshed {
            runs[index].refresh()
            let target = Self.extent(of: showsTest ? runs[index].testFeatures : runs[index].trainFeatures,
                                     normalized: normalized)
            extents[index] = target > extents[index] ? target : max(target, extents[index] * 0.97)
        }
        if runs.contains(where: { $0.divergence != nil }) { playing = false }
    }

    /// Sizes every picture to what it shows now, at once (after switching between training and test samples or
    /// to the unit circle, where easing from the old size would leave the picture far too small or large).
    mutating func fitExtents() {
        extents = runs.map { Self.extent(of: showsTest ? $0.testFeatures : $0.trainFeatures, normalized: normalized) }
    }

    /// Runs every run to the end of its current epoch.
    mutating func advanceEpoch() {
        for index in runs.indices { runs[index].runEpoch() }
        advance(steps: 0)
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
