import ArgumentParser
import ArrayFiles
import Geometry

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
    func layout() throws(UsageError) -> WeightsLayout {
        guard let text = weightsLayout else { return .auto }
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
    func read() throws(UsageError) -> ModelInput {
        do {
            return try ModelInput.read(embeddings: ArrayLocation(embeddings), labels: ArrayLocation(labels),
                                       weights: weights.map(ArrayLocation.init), layout: try layout())
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
