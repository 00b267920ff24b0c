import Geometry
import Training

/// The data sets the training view can choose by itself (`d`); a file comes only with a loaded run.
public enum TrainingData: String, CaseIterable, Sendable, Hashable {
    case blobs, rings, spirals, digits

    /// The recipe: blobs of 4 classes in 2-D, rings and spirals of 3 classes, the digits.
    public var source: DatasetSource {
        switch self {
        case .blobs: .blobs(classes: 4, dimension: 2)
        case .rings: .rings(classes: 3)
        case .spirals: .spirals(classes: 3)
        case .digits: .digits
        }
    }

    /// The data set `source` names, if the view can choose it.
    public init?(_ source: DatasetSource) {
        guard let data = Self.allCases.first(where: { $0.source == source }) else { return nil }
        self = data
    }
}

/// What the training view trains: one type, so that what trains, what the panels show, what the keys act on and what
/// the state string says all follow from one value.
public enum TrainingSubject: Sendable, Hashable {
    /// One run of the explorer's current loss on `data`.
    case single(TrainingData)
    /// The compare view's losses side by side on `data`.
    case compareLosses(TrainingData)
    /// A named preset: its own data and losses.
    case preset(TrainingPreset)
    /// A saved run opened with `--load`.
    case loaded(LoadedRun)

    /// The subjects `p` steps through, in order, keeping `data` for the two that choose their data.
    public static func cycle(data: TrainingData) -> [TrainingSubject] {
        [.single(data), .compareLosses(data)] + TrainingPreset.all.map { .preset($0) }
    }

    /// Its name in the state string (`preset=`): single, compare, or the preset's id; nil for a loaded run (`load=`).
    public var stateName: String? {
        switch self {
        case .single: "single"
        case .compareLosses: "compare"
        case .preset(let preset): preset.id
        case .loaded: nil
        }
    }

    /// True for a saved run opened with `--load`.
    public var isLoaded: Bool {
        if case .loaded = self { return true }
        return false
    }

    /// The names `preset=` takes.
    public static let stateNames = ["single", "compare"] + TrainingPreset.all.map(\.id)

    /// The data the user chose (`d`), for the subjects that choose it.
    public var chosenData: TrainingData? {
        switch self {
        case .single(let data), .compareLosses(let data): data
        case .preset, .loaded: nil
        }
    }

    /// The recipe of the data trained on.
    public var source: DatasetSource? {
        switch self {
        case .single(let data), .compareLosses(let data): data.source
        case .preset(let preset): preset.dataset
        case .loaded(let run): run.run.training?.source
        }
    }

    /// The name of what is trained, for the panel.
    public var title: String {
        switch self {
        case .single: "single run"
        case .compareLosses: "compare view's losses"
        case .preset(let preset): preset.name
        case .loaded(let run): "loaded run " + quoted(DatasetSource.fileName(run.path), limit: 30)
        }
    }

    /// Why the loss keys (t, m, s, l) do not act here, or nil where they change the run's loss (a single run).
    public var ownsItsLosses: String? {
        switch self {
        case .single: nil
        case .compareLosses: "the compare view's losses train here: change them in view 4 (p: another preset)"
        case .preset: "this preset trains its own losses: p changes the preset"
        case .loaded: "a loaded run keeps its loss: r trains it afresh, p leaves it"
        }
    }
}

/// A saved run opened with `--load`: the file it came from, what it holds, and (for a run that can continue) the
/// data set it trains on, loaded by the front end.
public struct LoadedRun: Sendable, Hashable {
    /// The path as the user gave it.
    public var path: String
    /// The run.
    public var run: SavedRun
    /// The data set of a resumable run (`run.training`), nil when the file cannot continue.
    public var dataset: Dataset?

    /// A loaded run.
    public init(path: String, run: SavedRun, dataset: Dataset?) {
        self.path = path
        self.run = run
        self.dataset = dataset
    }

    /// Why Space cannot continue this run, or nil when it can.
    public var cannotContinue: String? {
        if run.training == nil {
            return "saved as JSON: features only, nothing to continue; save as .npz (train --save run.npz) to "
                + "continue; r trains afresh"
        }
        return dataset == nil ? "its data set could not be loaded; r trains afresh" : nil
    }
}
