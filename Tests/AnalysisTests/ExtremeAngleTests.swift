import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import Analysis

/// Angles near 0° and 180° keep their digits (acos of a cosine would lose half of them), and huge and tiny norms
/// analyse like ordinary ones.
@Suite struct ExtremeAngleTests {
    static func analysis(features: [[Double]], weights: [[Double]], labels: [Int], loss: MarginLoss = MarginLoss(.arcface))
        -> ModelAnalysis {
        let d = weights[0].count
        let input = try! ModelInput(
            embeddings: NumericArray(float64: features.flatMap { $0 }, shape: [features.count, d]),
            labels: NumericArray(int64: labels.map { Int64($0) }, shape: [labels.count]),
            weights: [NumericArray(float64: weights.flatMap { $0 }, shape: [weights.count, d])], layout: .classesByDims)
        return ModelAnalysis(input, loss: loss)
    }

    /// x = (1, ε) against W = (1, 0): the angle is atan(ε) = ε - ε³/3, so ε = 1e-9 rad is 5.729577951308232e-8°;
    /// x = (-1, ε) is 180° - that.
    @Test func anglesNearZeroAndStraight() {
        let epsilon = 1e-9
        let a = Self.analysis(features: [[1, epsilon], [-1, epsilon]], weights: [[1, 0], [0, 1], [-1, -1e-12]],
                              labels: [0, 0])
        let small = epsilon * 180 / .pi
        #expect(abs(a.table.thetaTargetDegrees[0] - small) <= 1e-15 * small)
        #expect(abs(a.table.thetaTargetDegrees[1] - (180 - small)) <= 1e-13)
        // Class 2 points at 180° + 1e-12 rad (just below the axis): the nearest to sample 1, 1e-9 + 1e-12 rad away.
        #expect(a.table.nearestClass[1] == 2)
        #expect(abs(a.table.thetaNearestDegrees[1] - (epsilon + 1e-12) * 180 / .pi) <= 1e-6 * small)
        #expect(abs(a.minimumWeightGapDegrees - 90) < 1e-12)
    }

    /// The same directions at norms 1e-150 and 1e150 give the same angles and margin tests as at norm 1.
    @Test(arguments: [1e-150, 1e150])
    func hugeAndTinyNorms(scale: Double) {
        var generator = SeededGenerator(seed: 3)
        let weights = (0..<6).map { _ in (0..<4).map { _ in generator.nextGaussian() } }
        let features = (0..<50).map { _ in (0..<4).map { _ in generator.nextGaussian() } }
        let labels = (0..<50).map { $0 % 6 }
        let plain = Self.analysis(features: features, weights: weights, labels: labels)
        let scaled = Self.analysis(features: features.map { $0.map { $0 * scale } }, weights: weights, labels: labels)
        #expect(plain.table.meetsMargin == scaled.table.meetsMargin)
        #expect(plain.table.nearestClass == scaled.table.nearestClass)
        for i in 0..<50 {
            #expect(abs(plain.table.thetaTargetDegrees[i] - scaled.table.thetaTargetDegrees[i]) < 1e-12)
            #expect(abs(scaled.table.norm[i] / scale - plain.table.norm[i]) <= 1e-15 * plain.table.norm[i])
        }
    }

    /// Subnormal features (about 1e-309: 1 / ‖x‖ overflows, and the values keep only some 40 bits) still find the
    /// classes of their directions, at angles within what those bits allow.
    @Test func subnormalFeatures() {
        var generator = SeededGenerator(seed: 5)
        let weights = (0..<5).map { _ in (0..<3).map { _ in generator.nextGaussian() } }
        let features = (0..<40).map { _ in (0..<3).map { _ in generator.nextGaussian() } }
        let labels = (0..<40).map { $0 % 5 }
        let plain = Self.analysis(features: features, weights: weights, labels: labels)
        let tiny = Self.analysis(features: features.map { $0.map { $0 * 0x1p-1026 } }, weights: weights, labels: labels)
        #expect(plain.table.nearestClass == tiny.table.nearestClass)
        #expect(plain.table.predicted == tiny.table.predicted)
        for i in 0..<40 {
            #expect(abs(plain.table.thetaTargetDegrees[i] - tiny.table.thetaTargetDegrees[i]) < 1e-9)
            #expect(tiny.table.norm[i] > 0 && tiny.table.norm[i].isFinite)
        }
    }
}
