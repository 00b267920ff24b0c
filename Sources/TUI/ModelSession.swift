import Analysis
import Geometry

/// The files of a model as the command line names them (`--embeddings E --labels L --weights W [--weights W2 ...]
/// [--weights-layout L]`); the state string records them so that reopening it reads the same files.
public struct ModelFiles: Sendable, Hashable {
    /// The embeddings' location: FILE.npy, FILE.npz[:NAME], FILE.safetensors:NAME or FILE.csv.
    public var embeddings: String
    /// The labels' location.
    public var labels: String
    /// The class weights' locations, shards stacked in order (at least one).
    public var weights: [String]
    /// The weights' layout as given (`classes-by-dims`, `dims-by-classes`), nil for auto.
    public var layout: String?

    /// The files of a model.
    public init(embeddings: String, labels: String, weights: [String], layout: String? = nil) {
        self.embeddings = embeddings
        self.labels = labels
        self.weights = weights
        self.layout = layout
    }
}

/// The Model view's data. The expensive part, every sample's angles to its own and its nearest other class weight
/// (one pass over the embeddings with a BLAS product per chunk), is computed once, by the front end, for every
/// kind of loss (`ModelAnalysis(..., everyLoss: true)`); a change of loss or parameter then only re-runs the margin
/// test of each sample from the stored numbers (`follow(_:)`, one pass over N stored rows), so keys stay quick
/// however large the model.
public struct ModelSession: Sendable {
    /// The files the model came from.
    public var files: ModelFiles
    /// The analysis made once, holding what every loss needs.
    public let analysis: ModelAnalysis
    /// The analysis under the explorer's current loss.
    public private(set) var current: ModelAnalysis

    /// A session of `analysis` (made with `everyLoss: true`) read from `files`.
    public init(files: ModelFiles, analysis: ModelAnalysis) {
        precondition(analysis.holdsEveryLoss, "the Model view re-tests any loss: analyse with everyLoss")
        self.files = files
        self.analysis = analysis
        current = analysis
    }

    /// Re-tests every sample's margin under `loss` (nothing when it is the loss already tested).
    public mutating func follow(_ loss: MarginLoss) {
        guard current.loss != loss else { return }
        current = analysis.under(loss)
    }

    /// The number of samples meeting the margin under the current loss.
    public var meetingMargin: Int { current.table.meetsMargin.lazy.filter { $0 }.count }
}
