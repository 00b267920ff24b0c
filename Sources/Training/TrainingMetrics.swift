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

    /// Metrics from their values (for tests and fixed screens).
    public init(epoch: Int, iteration: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double,
                meanIntraClassAngle: Angle, minimumCenterAngle: Angle, lambda: Double?) {
        self.epoch = epoch
        self.iteration = iteration
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.meanIntraClassAngle = meanIntraClassAngle
        self.minimumCenterAngle = minimumCenterAngle
        self.lambda = lambda
    }

    /// Measures `features` (train and test, rows x d) against class weights `weights` under `loss`.
    init(epoch: Int, iteration: Int, loss: MarginLoss, weights: Matrix, trainFeatures: Matrix, trainLabels: [Int],
         testFeatures: Matrix, testLabels: [Int]) {
        self.epoch = epoch
        self.iteration = iteration
        let train = loss.evaluate(Batch(checkedWeights: weights, features: trainFeatures, labels: trainLabels),
                                  normFloor: MarginLoss.normFloor)
        let test = loss.evaluate(Batch(checkedWeights: weights, features: testFeatures, labels: testLabels),
                                 normFloor: MarginLoss.normFloor)
        self.loss = train.meanLoss
        trainAccuracy = Self.accuracy(train.predictions, trainLabels)
        testAccuracy = Self.accuracy(test.predictions, testLabels)
        let centers = Self.classCenters(trainFeatures, labels: trainLabels, classes: weights.rows)
        var (total, count) = (0.0, 0)
        for i in 0..<trainFeatures.rows {
            guard let center = centers[trainLabels[i]], let unit = Self.unit(trainFeatures.row(i)) else { continue }
            total += Self.angle(unit, center)
            count += 1
        }
        meanIntraClassAngle = Angle(radians: count == 0 ? 0 : total / Double(count))
        let defined = centers.compactMap { $0 }
        var smallest = defined.count < 2 ? 0.0 : Double.pi
        for a in defined.indices {
            for b in defined.indices where b > a { smallest = min(smallest, Self.angle(defined[a], defined[b])) }
        }
        minimumCenterAngle = Angle(radians: smallest)
        lambda = loss.range(of: .lambda) == nil ? nil : loss.lambda
    }

    private static func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
        Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }

    /// The direction of the mean unit feature of every class, nil for a class with no (non-zero) training feature.
    static func classCenters(_ features: Matrix, labels: [Int], classes: Int) -> [[Double]?] {
        var sums = [[Double]](repeating: [Double](repeating: 0, count: features.columns), count: classes)
        for i in 0..<features.rows {
            guard let unit = unit(features.row(i)) else { continue }
            for a in unit.indices { sums[labels[i]][a] += unit[a] }
        }
        return sums.map(unit)
    }

    /// `vector` scaled to length 1, or nil when it is zero or not finite.
    static func unit(_ vector: [Double]) -> [Double]? {
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0, length.isFinite else { return nil }
        return vector.map { $0 / length }
    }

    /// The angle in radians between two unit vectors.
    static func angle(_ a: [Double], _ b: [Double]) -> Double {
        acos(min(max(zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }, -1), 1))
    }
}
