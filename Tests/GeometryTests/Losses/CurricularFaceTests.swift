import Foundation
import Testing
@testable import Geometry

/// CurricularFace: known answers from the spec's §6 and the reference's "Newer losses"; t's update order.
@Suite struct CurricularFaceTests {
    /// §6 "curricularface t = 0 / 0.5 / 1 (only x2 is hard)": x2's loss 5.0093139110 / 5.3042796248 / 5.5996837520,
    /// the others ArcFace's (0.2090474773 0.4766277205 · 0.0767951850), means 1.4429460734 / 1.5166875019 /
    /// 1.5905385337.
    @Test(arguments: [(0.0, 5.0093139110, 1.4429460734), (0.5, 5.3042796248, 1.5166875019),
                      (1.0, 5.5996837520, 1.5905385337)])
    func evalUsesTAsGiven(t: Double, hardLoss: Double, mean: Double) throws {
        let result = try CurricularFace(m: 0.5, s: 4, t: t).evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.2090474773, 0.4766277205, hardLoss, 0.0767951850], 1e-9)
        expectClose(result.evaluation.meanLoss, mean, 1e-9)
        #expect(result.statistics.curricularT == t)
    }

    /// §6 "curricularface training step from t = 0": t is updated before it is used, t = 0.01 mean(c_y) + 0.99 · 0
    /// = 0.0024658446 (the mean of the four target cosines is 0.24658446), x2's loss 5.0107672890, mean 1.4433094179.
    @Test func trainingUpdatesTBeforeUsingIt() throws {
        let result = try CurricularFace(m: 0.5, s: 4, t: 0).evaluate(try Reference.batch(), phase: .training)
        expectClose(try #require(result.statistics.curricularT), 0.0024658446, 1e-10)
        expectClose(result.evaluation.losses[2], 5.0107672890, 1e-9)
        expectClose(result.evaluation.meanLoss, 1.4433094179, 1e-9)
    }

    /// The second training step starts from the first's t: t₂ = 0.01 mean(c_y) + 0.99 t₁ (same batch, so the same
    /// mean 0.24658446...).
    @Test func trainingContinuesFromThePreviousT() throws {
        let rule = CurricularFace(m: 0.5, s: 4)
        let first = try rule.evaluate(try Reference.batch(), phase: .training)
        let second = try rule.evaluate(try Reference.batch(), previous: first.statistics, phase: .training)
        let t1 = try #require(first.statistics.curricularT)
        let mean = (0.9486832981 + 0.8944271910 - 0.9889363529 + 0.1321637201) / 4
        expectClose(try #require(second.statistics.curricularT), mean * 0.01 + 0.99 * t1, 1e-10)
    }

    /// Reference, "Newer losses": m = 0.5, t = 0.5, a hard non-target with c_j = 0.3 becomes c_j (t + c_j) = 0.24.
    /// Hard means c_j > T(c_y): with c_y = 0.5, T = cos(60° + 0.5) = 0.0236 < 0.3.
    @Test func hardNegativeValue() {
        let rule = CurricularFace(m: 0.5, s: 64, t: 0.5)
        let piece = rule.nonTargetLogit(cosine: 0.3, context: SampleContext(length: 1, targetCosine: 0.5))
        expectClose(piece.value, 0.24, 1e-15)
        expectClose(piece.slope, 0.5 + 2 * 0.3, 1e-15)
        // An easy one (c_j below T) is left alone.
        let easy = rule.nonTargetLogit(cosine: 0.3, context: SampleContext(length: 1, targetCosine: 0.99))
        #expect(easy == .identity(0.3))
    }

    /// The mask compares with T itself, the unfolded cos(θ + m), even where the target takes the fallback: x2 has
    /// c_y = −0.989 (θ = 171.5° > π − m), T = cos(171.5° + 28.6°) = −0.8823 < c_j = 0.148, so x2 is hard; and the
    /// non-target jumps by T(t + T − 1) at the mask edge (here with c_j = T exactly on the easy side).
    @Test func maskUsesTheUnfoldedTarget() {
        let rule = CurricularFace(m: 0.5, s: 4, t: 0.3)
        let cy = -0.9889363529
        let threshold = rule.marginCosine(cy)
        expectClose(threshold, cos(acos(cy) + 0.5), 1e-12)
        let context = SampleContext(length: 1, targetCosine: cy)
        #expect(rule.nonTargetLogit(cosine: 0.1483404529, context: context).slope != 1)
        let atEdge = rule.nonTargetLogit(cosine: threshold, context: context)
        let pastEdge = CurricularFace.nonTarget(cosine: threshold.nextUp, targetMarginCosine: threshold, t: 0.3)
        expectClose(pastEdge.value - atEdge.value, threshold * (0.3 + threshold - 1), 1e-12)
    }
}
