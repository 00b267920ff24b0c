import Foundation
import Geometry
import Testing
@testable import Training

/// Item 7 of issue 7: metrics evaluate the training set in chunks of rows, so memory grows with N + K rather than
/// N K, and give the numbers a single evaluation gives.
@Suite struct MetricsMemoryTests {
    @Test func chunksHoldAFixedNumberOfEntries() {
        #expect(TrainingMetrics.chunkRows(classes: 10) == 6553)
        #expect(TrainingMetrics.chunkRows(classes: 20_000) == 3)
        #expect(TrainingMetrics.chunkRows(classes: 100_000) == 1)
    }

    /// 3,000 classes and 70 rows: 21 rows a chunk, four chunks, the last short. The mean loss and the accuracy are
    /// those of one evaluation of all 70 rows, bit for bit.
    @Test(arguments: [LossKind.softmax, .arcface, .sphereface])
    func chunkedMetricsEqualOneEvaluation(kind: LossKind) {
        var generator = SeededGenerator(seed: 5)
        func uniform() -> Double { Double(generator.next() % 2_000_001) / 1_000_000 - 1 }
        let (k, n) = (3000, 70)
        let weights = Matrix((0..<k).map { _ in [uniform(), uniform()] })
        let features = Matrix((0..<n).map { _ in [3 * uniform(), 3 * uniform()] })
        let labels = (0..<n).map { _ in Int(generator.next() % UInt64(k)) }
        #expect(TrainingMetrics.chunkRows(classes: k) == 21)
        let loss = MarginLoss(kind)
        let measured = TrainingMetrics.measure(loss, weights: weights, features: features, labels: labels)
        let whole = loss.evaluate(Batch(checkedWeights: weights, features: features, labels: labels),
                                  normFloor: MarginLoss.normFloor)
        #expect(measured.loss == whole.meanLoss)
        #expect(measured.accuracy == Double(zip(whole.predictions, labels).filter { $0 == $1 }.count) / Double(n))
    }
}
