import Foundation
import Geometry

/// How a network is doing, measured on the whole training and test sets at one moment.
public struct TrainingMetrics: Sendable, Hashable {
    /// Completed epochs when measured.
    public var epoch: Int
    /// Completed steps (minibatches) when measured.
    public var iteration: Int
    /// Mean cross-entropy of the margin loss over the training set (regularisers not included), at `lambda`.
    public var loss: Double
    /// Fraction of training samples whose margin-free logits pick their class, 0 to 1.
    public var trainAccuracy: Double
    /// The same on the test set.
    public var testAccuracy: Double
    /// Mean angle between a training feature and its class centre. A class centre is the direction of the mean of
    /// the class's unit training features.
    public var meanIntraClassAngle: Angle
    /// Smallest angle between two class centres (zero when fewer than two classes have a centre).
    public var minimumCenterAngle: Angle
    /// The lambda of L-Softmax or A-Softmax at this step, nil for losses without one.
    public var lambda: Double?
    /// Classes whose features training has not told apart by direction (see `ClassCollapse`); nil when every class
    /// has a direction of its own, and at step 0, where nothing has been trained yet.
    public var collapse: ClassCollapse?
    /// The loss's running statistics at this moment (CurricularFace's t, AdaFace's μ and σ, AdaCos's s), `.none`
    /// for losses without; `runningStatistics.columns` are the log's extra columns.
    public var runningStatistics: LossStatistics = .none

    /// Metrics from their values (for tests and fixed screens).
    public init(epoch: Int, iteration: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double,
                meanIntraClassAngle: Angle, minimumCenterAngle: Angle, lambda: Double?,
                collapse: ClassCollapse? = nil) {
        self.epoch = epoch
        self.iteration = iteration
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.meanIntraClassAngle = meanIntraClassAngle
        self.minimumCenterAngle = minimumCenterAngle
        self.lambda = lambda
        self.collapse = collapse
    }

    /// Measures `features` (train and test, rows x 2) against class weights `weights` under `loss`. Memory stays
    /// linear in the samples and the classes: the loss is evaluated `chunkRows(classes:)` rows at a time, and the
    /// centres are compared as neighbours on the circle.
    init(epoch: Int, iteration: Int, loss: MarginLoss, weights: Matrix, trainFeatures: Matrix, trainLabels: [Int],
         testFeatures: Matrix, testLabels: [Int]) {
        self.epoch = epoch
        self.iteration = iteration
        let train = Self.measure(loss, weights: weights, features: trainFeatures, labels: trainLabels)
        let test = Self.measure(loss, weights: weights, features: testFeatures, labels: testLabels)
        self.loss = train.loss
        trainAccuracy = train.accuracy
        testAccuracy = test.accuracy
        let geometry = ClassGeometry(features: trainFeatures, labels: trainLabels,
                                     classes: weights.rows / loss.subCenters)
        meanIntraClassAngle = geometry.meanSpread
        minimumCenterAngle = geometry.minimumCenterAngle
        collapse = iteration > 0 ? geometry.collapse : nil
        lambda = loss.range(of: .lambda) == nil ? nil : loss.lambda
    }

    /// Entries of one N x K matrix of an evaluation: rows are evaluated this many entries at a time (512 KB per
    /// matrix), so measuring 20,000 classes takes megabytes, not the 32 N K bytes (12.5 GB) of one whole evaluation.
    static let entryBudget = 1 << 16

    /// Rows evaluated at once for `classes` classes: at least one.
    static func chunkRows(classes: Int) -> Int { max(1, entryBudget / max(classes, 1)) }

    /// Mean cross-entropy and the fraction of rows whose margin-free logits pick their label, evaluated in chunks
    /// of rows. Each row's loss does not depend on the others, and the losses are summed in row order, so the mean
    /// is the one a single evaluation of every row gives, bit for bit.
    static func measure(_ loss: MarginLoss, weights: Matrix, features: Matrix,
                        labels: [Int]) -> (loss: Double, accuracy: Double) {
        let (rows, columns) = (features.rows, features.columns)
        let chunk = chunkRows(classes: weights.rows)
        var (total, correct, start) = (0.0, 0, 0)
        while start < rows {
            let count = min(chunk, rows - start)
            var block = Matrix(rows: count, columns: columns)
            block.storage = Array(features.storage[start * columns ..< (start + count) * columns])
            let blockLabels = Array(labels[start ..< start + count])
            let result = loss.evaluate(Batch(checkedWeights: weights, features: block, labels: blockLabels),
                                       normFloor: MarginLoss.normFloor)
            for value in result.losses { total += value }
            correct += zip(result.predictions, blockLabels).filter { $0 == $1 }.count
            start += count
        }
        return (total / Double(rows), Double(correct) / Double(max(rows, 1)))
    }
}
