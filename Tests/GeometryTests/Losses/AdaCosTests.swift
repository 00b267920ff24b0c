import Foundation
import Testing
@testable import Geometry

/// AdaCos: known answers from the spec's §6 (issue10-spec.md, numpy script §A.1 `AdaCos`, output §A.2) and the
/// reference's "Newer losses".
@Suite struct AdaCosTests {
    /// §6 "adacos s = 4 fixed": f = 4 c for every class.
    @Test func fixedScaleOfFour() throws {
        let result = try AdaCos(s: 4).evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.0766583941, 0.1545662094, 4.5596283245, 0.0111186549], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.2004928957, 1e-9)
        #expect(result.statistics.adaCos?.scale == 4)
        #expect(result.statistics.adaCos?.logAverageNonTarget == nil)
    }

    /// §6 "adacos default s (C = 2 → 0)": s = √2 ln 1 = 0, every logit 0, every loss ln 2, no gradient. This is
    /// AdaCos's own rule at two classes, reported as degenerate rather than patched.
    @Test func defaultScaleAtTwoClassesIsZero() throws {
        let result = try AdaCos().evaluate(try Reference.batch())
        #expect(result.scale == 0)
        #expect(result.statistics.adaCos?.isDegenerate == true)
        expectClose(result.evaluation.losses, Array(repeating: log(2.0), count: 4), 1e-15)
        #expect(result.evaluation.featureGradient.storage.allSatisfy { $0 == 0 })
        #expect(result.evaluation.weightGradient.storage.allSatisfy { $0 == 0 })
        // Predictions still name the nearest class (argmax of the cosines), not argmax of the all-zero logits.
        #expect(result.evaluation.predictions == [0, 1, 1, 0])
    }

    /// §6 "adacos dynamic from s = 4": B_avg 2.8386013541 at s_prev = 4, θ_med 0.4636476090 (torch's lower median
    /// of the four target angles), s = ln B_avg / cos θ_med = 1.1664576619, used for this batch's logits.
    @Test func dynamicScaleFromFour() throws {
        let result = try AdaCos(s: 4, dynamic: true).evaluate(try Reference.batch())
        let scale = try #require(result.statistics.adaCos)
        expectClose(try #require(scale.averageNonTarget), 2.8386013541, 1e-9)
        expectClose(try #require(scale.medianAngle).radians, 0.4636476090, 1e-9)
        expectClose(scale.scale, 1.1664576619, 1e-9)
        #expect(scale.previousScale == 4)
        expectClose(result.evaluation.losses, [0.3908230684, 0.4659560739, 1.5619592417, 0.2387926081], 1e-9)
        expectClose(result.evaluation.meanLoss, 0.6643827480, 1e-9)
    }

    /// The lower median is torch's: for four angles it takes sorted[1]; numpy's average of sorted[1] and sorted[2]
    /// would give θ_med 0.9509462017 and s 1.4754652022 (§A.2, "median=numpy"), which this must not.
    @Test func medianIsTheLowerOfTheTwoMiddleValues() {
        #expect(AdaCos.lowerMedian([4, 1, 3, 2]) == 2)
        #expect(AdaCos.lowerMedian([5, 1, 3]) == 3)
        #expect(AdaCos.lowerMedian([7]) == 7)
        let angles = [0.9486832981, 0.8944271910, -0.9889363529, 0.1321637201].map { acos($0) }
        expectClose(AdaCos.lowerMedian(angles), 0.4636476090, 1e-9)
        expectClose((angles.sorted()[1] + angles.sorted()[2]) / 2, 0.9509462017, 1e-9)  // the value it avoids
    }

    /// §A.2 "adacos dynamic from default s (C=2: s0 = 0)": B_avg = 1, s stays 0.
    @Test func dynamicFromTheTwoClassDefaultStaysAtZero() throws {
        let result = try AdaCos(dynamic: true).evaluate(try Reference.batch())
        let scale = try #require(result.statistics.adaCos)
        #expect(scale.logAverageNonTarget == 0)
        #expect(scale.scale == 0)
        expectClose(result.evaluation.meanLoss, log(2.0), 1e-15)
    }

    /// §A.2 "adacos 3 classes W rows (1,0),(0,1),(−1,−1), labels 0 1 0 2": default s = √2 ln 2 = 0.9802581435, and
    /// dynamic from it: B_avg 2.0470959325, θ_med 0.4636476090, s 0.8009843369.
    @Test func threeClasses() throws {
        let batch = try Reference.batch(weights: [[1, 0], [0, 1], [-1, -1]], labels: [0, 1, 0, 2])
        let fixed = try AdaCos().evaluate(batch)
        expectClose(fixed.scale, 0.9802581435, 1e-10)
        expectClose(fixed.evaluation.losses, [0.5318932631, 0.5929227114, 2.1713670445, 0.6077057059], 1e-9)
        expectClose(fixed.evaluation.meanLoss, 0.9759721812, 1e-9)
        let dynamic = try AdaCos(dynamic: true).evaluate(batch)
        let scale = try #require(dynamic.statistics.adaCos)
        expectClose(try #require(scale.averageNonTarget), 2.0470959325, 1e-9)
        expectClose(try #require(scale.medianAngle).radians, 0.4636476090, 1e-9)
        expectClose(scale.scale, 0.8009843369, 1e-9)
        expectClose(dynamic.evaluation.losses, [0.6048783732, 0.6561752821, 1.9517761484, 0.6735967169], 1e-9)
        expectClose(dynamic.evaluation.meanLoss, 0.9716066301, 1e-9)
    }

    /// Reference, "Newer losses": √2 ln(C − 1) = 3.1073 (C = 10), 13.104 (10,575), 16.064 (85,742); the spec's
    /// §A.2 prints them to six places: 3.107345, 13.104320, 16.064174.
    @Test(arguments: [(10, 3.107345), (10_575, 13.104320), (85_742, 16.064174)])
    func fixedScaleRule(classes: Int, expected: Double) {
        expectClose(AdaCos.fixedScale(classes: classes), expected, 5e-7)
    }

    /// Reference, "Newer losses": the CosFace paper's bound s ≥ (C − 1)/C ln((C − 1) P/(1 − P)): 13.860 at
    /// C = 10,575, P = 0.99 and 13.556 at C = 85,742, P = 0.9 (§A.2: 13.859963, 13.556153).
    @Test(arguments: [(10_575, 0.99, 13.859963), (85_742, 0.9, 13.556153)])
    func scaleBound(classes: Int, probability: Double, expected: Double) {
        expectClose(AdaCos.scaleBound(classes: classes, targetProbability: probability), expected, 5e-7)
    }

    /// Training continues from the last s: the second step's s_prev is the first step's s, and that is one more
    /// update of the same formula (by hand: the first step gives 1.1664576619 as above).
    @Test func trainingFeedsTheScaleBack() throws {
        let rule = AdaCos(s: 4, dynamic: true)
        let batch = try Reference.batch()
        let first = try rule.evaluate(batch, phase: .training)
        let second = try rule.evaluate(batch, previous: first.statistics, phase: .training)
        #expect(second.statistics.adaCos?.previousScale == first.statistics.adaCos?.scale)
        let input = StatisticsInput(cosines: first.evaluation.cosines, labels: Reference.labels,
                                    lengths: Reference.features.map { hypot($0[0], $0[1]) })
        let byHand = AdaCos.dynamicScale(input, previous: 1.1664576619)
        expectClose(try #require(second.statistics.adaCos).scale, byHand.scale, 1e-9)
    }

    /// B_avg < 1 makes s negative (spec §1.1 (b)): every non-target at c = −1/√2, s_prev = 4: ln B_avg = −4/√2,
    /// θ_med = π/4, so s = (−4/√2) / cos(π/4) = −4. Reported, not clamped.
    @Test func negativeScaleIsReported() throws {
        let features: [[Double]] = [[1, -1], [2, -2], [0.5, -0.5]]
        let batch = try Reference.batch(features: features, labels: [0, 0, 0])
        let result = try AdaCos(s: 4, dynamic: true).evaluate(batch)
        let scale = try #require(result.statistics.adaCos)
        expectClose(scale.scale, -4, 1e-12)
        #expect(scale.isNegative)
        #expect(result.evaluation.predictions == [0, 0, 0])
    }

    /// The log-sum-exp keeps B_avg's logarithm finite where B_avg itself overflows: s_prev = 1000 with both
    /// non-targets at c = 1 gives ln B_avg = ln((1/2)(2 e^1000)) = 1000 (exp(1000) is ∞ in Double).
    @Test func logAverageDoesNotOverflow() throws {
        let input = StatisticsInput(cosines: Matrix([[0, 1], [0, 1]]), labels: [0, 0], lengths: [1, 1])
        let scale = AdaCos.dynamicScale(input, previous: 1000)
        expectClose(try #require(scale.logAverageNonTarget), 1000, 1e-12)
        #expect(scale.scale.isFinite)
    }
}
