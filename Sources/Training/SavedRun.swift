import Geometry
import TextFormats

/// The end of a training run. Its first four parts have the shape of an `eval` request, so `margin-explorer eval <
/// run.json` reads them back: `{"loss": {...}, "weights": [[..], ..], "features": [[..], ..], "labels": [..]}`, the
/// loss with lambda as it stood at the last step. `training`, when present, is what continuing the run needs (its
/// configuration, its data set and its progress); a `.npz` saved run holds it, an eval request cannot.
public struct SavedRun: Sendable, Hashable {
    /// The loss, lambda as annealed at the last step.
    public var loss: MarginLoss
    /// Class weights W (K x 2).
    public var weights: Matrix
    /// The training samples' 2-D features.
    public var features: Matrix
    /// The training labels.
    public var labels: [Int]
    /// What continuing the run needs, or nil (a run saved as JSON, an eval request).
    public var training: ResumableTraining?

    /// The values as given.
    public init(loss: MarginLoss, weights: Matrix, features: Matrix, labels: [Int], training: ResumableTraining? = nil) {
        self.loss = loss; self.weights = weights; self.features = features; self.labels = labels
        self.training = training
    }

    /// A trainer's state as of its last refresh, and what continuing it needs: the data set's recipe `source`
    /// and its `testFraction`.
    public init(_ trainer: Trainer, source: DatasetSource, testFraction: Double = 0.2) {
        self.init(trainer)
        training = ResumableTraining(configuration: trainer.configuration, source: source,
                                     testFraction: testFraction, progress: trainer.progress)
    }

    /// A trainer's state as of its last refresh: class weights, training features and labels (nothing to resume).
    public init(_ trainer: Trainer) {
        self.init(loss: trainer.configuration.loss(atIteration: trainer.iteration), weights: trainer.classWeights,
                  features: trainer.trainFeatures, labels: trainer.trainLabels)
    }

    /// The eval request: one object, one key a line, ending in a newline. A feature that overflowed to infinity
    /// cannot be written (JSON has no infinity).
    public func evalRequest() throws(JSONText.NonFinite) -> String {
        var object = JSONObjectWriter()
        object.add("loss", json: LossObject.json(loss))
        object.add("weights", json: try JSONText.matrix(weights, at: "weights"))
        object.add("features", json: try JSONText.matrix(features, at: "features"))
        object.add("labels", json: JSONText.array(labels))
        return object.result
    }
}

/// What a saved run needs to continue: how it was configured, which data it trains on, and how far it got.
public struct ResumableTraining: Sendable, Hashable {
    /// The run's settings, with the loss as configured (lambda before any annealing).
    public var configuration: TrainingConfiguration
    /// The data set's recipe.
    public var source: DatasetSource
    /// The fraction of samples held out for testing.
    public var testFraction: Double
    /// The network, the optimiser's memory and where training stands.
    public var progress: TrainerProgress

    /// The parts as given.
    public init(configuration: TrainingConfiguration, source: DatasetSource, testFraction: Double,
                progress: TrainerProgress) {
        self.configuration = configuration
        self.source = source
        self.testFraction = testFraction
        self.progress = progress
    }

    /// The trainer that continues the run on `dataset` (the data `source` loads with the saved seed).
    public func trainer(on dataset: Dataset) throws(InputError) -> Trainer {
        try Trainer(configuration: configuration, dataset: dataset, resuming: progress)
    }
}
