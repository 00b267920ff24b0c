import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import Analysis

/// The newer losses in `analyze` against the published formulas worked here by hand, independently of the rule
/// code: the reference's small batch (W rows (1, 0), (0, 1), with a third class (−1, 0) so that a farthest class
/// exists) and two more samples, each sample's margin test f_y > max_{j≠y} f_j written out per loss.
@Suite struct NewLossKnownAnswerTests {
    static let weights: [[Double]] = [[1, 0], [0, 1], [-1, 0]]
    static let features: [[Double]] = [[3, 1], [1, 2], [-2, 0.3], [0.2, -1.5], [0.1, 1], [-3, -0.2]]
    static let labels = [0, 1, 0, 0, 2, 2]

    static var input: ModelInput {
        try! ModelInput(embeddings: NumericArray(float64: features.flatMap { $0 }, shape: [features.count, 2]),
                        labels: NumericArray(int64: labels.map { Int64($0) }, shape: [labels.count]),
                        weights: [NumericArray(float64: weights.flatMap { $0 }, shape: [3, 2])], layout: .classesByDims)
    }

    /// ‖x_i‖ and c_ij = x_i · W_j / (‖x_i‖ ‖W_j‖) (every W_j is a unit vector here).
    static func length(_ i: Int) -> Double { (features[i][0] * features[i][0] + features[i][1] * features[i][1]).squareRoot() }
    static func cosine(_ i: Int, _ j: Int) -> Double {
        (features[i][0] * weights[j][0] + features[i][1] * weights[j][1]) / length(i)
    }

    /// The expected test from hand formulas of the target (cosine, length, sample) and the other logits (cosine,
    /// own cosine, length, sample), all before the common positive scale.
    static func expected(target: (Double, Double, Int) -> Double, other: (Double, Double, Double, Int) -> Double)
        -> [Bool] {
        labels.indices.map { i in
            let y = labels[i], own = cosine(i, y)
            let largest = (0..<3).filter { $0 != y }.map { other(cosine(i, $0), own, length(i), i) }.max()!
            return target(own, length(i), i) > largest
        }
    }

    static func meets(_ loss: MarginLoss) -> [Bool] { ModelAnalysis(input, loss: loss, threads: 1).table.meetsMargin }

    @Test func adaCosHasNoMarginAndTheFixedScale() {
        let analysis = ModelAnalysis(Self.input, loss: MarginLoss(.adacos), threads: 1)
        #expect(analysis.table.meetsMargin == Self.expected(target: { c, _, _ in c }, other: { c, _, _, _ in c }))
        #expect(abs(analysis.scale! - 2.0.squareRoot() * log(2)) < 1e-15)  // C = 3
        #expect(analysis.statistics.adaCos?.logAverageNonTarget == nil)
    }

    @Test func curricularFaceWeighsHardNegatives() {
        var loss = MarginLoss(.curricularface)
        loss[.t] = 0.3
        let m = 0.5
        func marginCosine(_ c: Double) -> Double { cos(acos(c) + m) }
        let expected = Self.expected(
            target: { c, _, _ in acos(c) + m <= .pi ? marginCosine(c) : c - m * sin(m) },
            other: { c, own, _, _ in c > marginCosine(own) ? c * (0.3 + c) : c })
        #expect(Self.meets(loss) == expected)
        #expect(Set(expected) == [true, false])
        #expect(ModelAnalysis(Self.input, loss: loss, threads: 1).statistics.curricularT == 0.3)
    }

    @Test func magFaceUsesEachLength() {
        var loss = MarginLoss(.magface)
        loss[.lowerLength] = 1; loss[.upperLength] = 5; loss[.lowerMargin] = 0.2; loss[.upperMargin] = 0.8
        func margin(_ a: Double) -> Double { 0.2 + (0.8 - 0.2) / (5 - 1) * (min(max(a, 1), 5) - 1) }
        let expected = Self.expected(target: { c, a, _ in c > 0 ? cos(acos(c) + margin(a)) : c },
                                     other: { c, _, _, _ in c })
        #expect(Self.meets(loss) == expected)
        // x0: ‖x‖ = √10, m = 0.2 + 0.15 (√10 − 1) = 0.524342, cos(18.4349° + m) = 0.6628 > c_1 = 0.3162.
        // x3 = (0.2, −1.5): c_0 = 0.1322, m(1.5133) = 0.2770, cos(82.405° + m) = −0.1439 < c_2 = −0.1322: misses.
        // x4 = (0.1, 1) of class 2 = (−1, 0): c = −0.0995 ≤ 0, so the easy margin leaves c, below c_1 = 0.995.
        #expect(expected == [true, true, false, false, false, true])
        #expect(abs(margin(10.0.squareRoot()) - 0.524342) < 1e-6)
    }

    @Test func adaFaceTakesTheBatchNormsAndEachZ() {
        let loss = MarginLoss(.adaface)
        let (m, h, eps) = (0.4, 0.333, 1e-3)
        let norms = Self.labels.indices.map(Self.length)
        let mean = norms.reduce(0, +) / 6
        let std = (norms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
        func z(_ a: Double) -> Double { min(max(h * (a - mean) / (std + eps), -1), 1) }
        let expected = Self.expected(
            target: { c, a, _ in
                let theta = min(max(acos(min(max(c, -1 + eps), 1 - eps)) - m * z(a), eps), .pi - eps)
                return cos(theta) - m - m * z(a)
            },
            other: { c, _, _, _ in min(max(c, -1 + eps), 1 - eps) })
        let analysis = ModelAnalysis(Self.input, loss: loss, threads: 1)
        #expect(analysis.table.meetsMargin == expected)
        #expect(Set(expected) == [true, false])
        let used = try! #require(analysis.statistics.adaFace)
        #expect(abs(used.mean - mean) < 1e-14 && abs(used.standardDeviation - std) < 1e-14)
        for (zHat, a) in zip(used.zHats, norms) { #expect(abs(zHat - z(a)) < 1e-14) }
    }

    @Test(arguments: [LossKind.elasticArcface, .elasticCosface])
    func elasticDrawsOneMarginPerSampleFromTheSeed(_ kind: LossKind) {
        var loss = MarginLoss(kind)
        loss[.seed] = 42
        loss[.sigma] = 0.2
        var generator = SeededGenerator(seed: 42)
        let mean = kind == .elasticArcface ? 0.5 : 0.35
        let margins = Self.labels.map { _ in mean + 0.2 * generator.nextGaussian() }
        let expected = Self.expected(
            target: { c, _, i in kind == .elasticArcface ? cos(acos(c) + margins[i]) : c - margins[i] },
            other: { c, _, _, _ in c })
        let analysis = ModelAnalysis(Self.input, loss: loss, threads: 1)
        #expect(analysis.table.meetsMargin == expected)
        #expect(analysis.statistics.elastic?.margins == margins)
        // Reproducible: the same seed, the same verdicts; the margins differ between samples.
        #expect(ModelAnalysis(Self.input, loss: loss, threads: 2).table == analysis.table)
        #expect(Set(margins).count == margins.count)
    }

    @Test func circleUsesItsClassificationLogits() {
        for (m, gamma) in [(0.25, 256.0), (0.45, 32.0)] {
            var loss = MarginLoss(.circle)
            loss.m = m
            loss[.gamma] = gamma
            let expected = Self.expected(target: { c, _, _ in max(1 + m - c, 0) * (c - (1 - m)) },
                                         other: { c, _, _, _ in max(c + m, 0) * (c - m) })
            #expect(Self.meets(loss) == expected, "m = \(m)")
        }
        // x0 = (3, 1): c_p = 0.948683, target (1.25 − c)(c − 0.75) = 0.059868 > c_1's (0.316228 + 0.25)(0.066228)
        // = 0.037500, and the far class (−1, 0) has α_n = 0.
        var loss = MarginLoss(.circle)
        loss.m = 0.25
        #expect(Self.meets(loss)[0])
    }

    /// Sub-centres by hand: class 0 owns rows (1, 0) and (0, 1), class 1 rows (−1, 0) and (0, −1).
    /// (1, 1) sits between class 0's two rows at 45° from each: the first row wins, θ_target = 45°, and class 1's
    /// best is 135° away. (0.2, 1): row 1 wins at atan(0.2) = 11.3099°, class 1's best (−1, 0) at 101.3099°.
    /// (−1, −0.1) of class 0: its best row is (0, 1) at 95.7106°, class 1's (−1, 0) at 5.7106°: ArcFace's target
    /// cos(95.7106° + 0.5 rad) = −0.5644 is far below 0.99504, so it misses its margin and is misclassified.
    @Test func subCentresByHand() throws {
        let weights: [Double] = [1, 0, 0, 1, -1, 0, 0, -1]
        let features: [Double] = [1, 1, 0.2, 1, -1, -0.1]
        let input = try ModelInput(embeddings: NumericArray(float64: features, shape: [3, 2]),
                                   labels: NumericArray(int64: [0, 0, 0], shape: [3]),
                                   weights: [NumericArray(float64: weights, shape: [4, 2])], layout: .classesByDims)
        var loss = MarginLoss(.subcenterArcface)
        loss[.subCenters] = 2
        let analysis = ModelAnalysis(input, loss: loss, threads: 1)
        let t = analysis.table
        #expect(analysis.classes == 2)
        #expect(t.targetSubCenter == [0, 1, 1])
        let expectedTarget = [45, atan(0.2) * 180 / .pi, 90 + atan(0.1) * 180 / .pi]
        let expectedNearest = [135, 90 + atan(0.2) * 180 / .pi, atan(0.1) * 180 / .pi]
        for i in 0..<3 {
            #expect(abs(t.thetaTargetDegrees[i] - expectedTarget[i]) < 1e-12, "\(i)")
            #expect(abs(t.thetaNearestDegrees[i] - expectedNearest[i]) < 1e-12, "\(i)")
        }
        #expect(t.nearestClass == [1, 1, 1])
        #expect(t.meetsMargin == [true, true, false])
        #expect(t.predicted == [0, 0, 1])
        #expect(analysis.subCenterShare == [1.0 / 3, 2.0 / 3])
        // The class gap is between rows of different classes (90°), never within class 0 (also 90° here, but
        // the nearest row is always of class 1).
        for r in 0..<4 { #expect(analysis.weightGaps.nearest[r] / 2 != r / 2) }
    }
}
