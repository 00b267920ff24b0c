import ArgumentParser
import ArrayFiles
import Geometry
import TUI

/// The flags that name a model's files: `--embeddings E --labels L --weights W [--weights W2 ...]
/// [--weights-layout auto|classes-by-dims|dims-by-classes]`.
struct ModelFlags: ParsableArguments {
    @Option(help: ArgumentHelp("""
        The embeddings, N x d (one sample a row, d >= 2): FILE.npy, FILE.npz:NAME, FILE.safetensors:NAME or \
        FILE.csv.
        """, valueName: "file"))
    var embeddings: String

    @Option(help: ArgumentHelp("The labels, N whole numbers from 0 to K-1: a vector (N,) or a column (N, 1).",
                               valueName: "file"))
    var labels: String

    @Option(help: ArgumentHelp("""
        The class weights, K x d or d x K. Given more than once, the files are shards (insightface's per-GPU \
        parts of the head), stacked in order.
        """, valueName: "file"))
    var weights: [String] = []

    @Option(name: .customLong("weights-layout"), help: ArgumentHelp("""
        auto (decide from d; refused when both fit), classes-by-dims (K x d: insightface, nn.Linear) or \
        dims-by-classes (d x K: pytorch-metric-learning). Default auto.
        """, valueName: "layout"))
    var weightsLayout: String?

    /// The files read, with their flags, so that no output file may replace one.
    var inputs: [(flag: String, path: String)] {
        ([("--embeddings", embeddings), ("--labels", labels)] + weights.map { ("--weights", $0) })
            .map { (flag: $0.0, path: ArrayLocation($0.1).path) }
    }

    /// The layout flag, checked.
    func layout() throws(UsageError) -> WeightsLayout { try Self.layout(weightsLayout) }

    /// A layout's name, checked (nil: auto).
    static func layout(_ text: String?) throws(UsageError) -> WeightsLayout {
        guard let text else { return .auto }
        guard let layout = WeightsLayout(rawValue: text) else {
            throw UsageError("--weights-layout \(quoted(text)) is not a layout: use "
                + WeightsLayout.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return layout
    }

    /// Checks the flags that need no file (call before any output file is prepared).
    func check() throws(UsageError) {
        guard !weights.isEmpty else { throw UsageError("--weights is missing: give the class weights' file") }
        _ = try layout()
    }

    /// Reads and checks the model; a bad file is one line naming the flag, the file, the member and the problem.
    func read() throws(UsageError) -> ModelInput { try Self.read(files) }

    /// The files the flags name.
    var files: ModelFiles { ModelFiles(embeddings: embeddings, labels: labels, weights: weights, layout: weightsLayout) }

    /// Reads and checks the model `files` name, as `read()` does (the explorer's flags and state string too).
    static func read(_ files: ModelFiles) throws(UsageError) -> ModelInput {
        do {
            return try ModelInput.read(embeddings: ArrayLocation(files.embeddings), labels: ArrayLocation(files.labels),
                                       weights: files.weights.map(ArrayLocation.init), layout: try layout(files.layout))
        } catch let error as ArrayFileError {
            throw UsageError(Self.flagged(error))
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// `--embeddings 'emb.npy', row 3: ...` from the reader's `embeddings 'emb.npy', row 3: ...`.
    static func flagged(_ error: ArrayFileError) -> String {
        guard let role = error.role else { return error.message }
        var copy = error
        copy.role = nil
        return "--\(role.rawValue) " + copy.message
    }
}

/// The explorer's and `render`'s model flags: those of `analyze`, each optional; given, they open the Model view.
struct OptionalModelFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Open the Model view on these embeddings (N x d), as analyze reads them.",
                               valueName: "file"))
    var embeddings: String?

    @Option(help: ArgumentHelp("The labels of the Model view's embeddings, as analyze reads them.", valueName: "file"))
    var labels: String?

    @Option(help: ArgumentHelp("The class weights of the Model view (more than once: shards), as analyze reads them.",
                               valueName: "file"))
    var weights: [String] = []

    @Option(name: .customLong("weights-layout"), help: ArgumentHelp("""
        auto, classes-by-dims or dims-by-classes, as for analyze.
        """, valueName: "layout"))
    var weightsLayout: String?

    /// The files, or nil when no model flag is given; an error when only some are, or the layout is not one.
    func files() throws(UsageError) -> ModelFiles? {
        guard embeddings != nil || labels != nil || !weights.isEmpty || weightsLayout != nil else { return nil }
        guard let embeddings else { throw UsageError("--embeddings is missing: the Model view needs the embeddings' file") }
        guard let labels else { throw UsageError("--labels is missing: the Model view needs the labels' file") }
        guard !weights.isEmpty else { throw UsageError("--weights is missing: give the class weights' file") }
        _ = try ModelFlags.layout(weightsLayout)
        return ModelFiles(embeddings: embeddings, labels: labels, weights: weights, layout: weightsLayout)
    }
}
