import Foundation
import Testing
@testable import Geometry

/// AdaFace: known answers from the spec's §6 and §A.2 and the reference's "Newer losses"; the statistics rules.
@Suite struct AdaFaceTests {
    /// Reference, "Newer losses": m = 0.4 at θ = 60°, ẑ = −1, −0.5, 0, 0.5, 1: 0.123284, 0.117981, 0.1, 0.062086,
    /// −0.002223 (§A.2 to seven places: 0.1232843 0.1179806 0.1000000 0.0620860 −0.0022233). ẑ = −1 is ArcFace's
    /// cos(θ + m) − 0, ẑ = 0 CosFace's c − m.
    @Test(arguments: [(-1.0, 0.1232843), (-0.5, 0.1179806), (0, 0.1), (0.5, 0.0620860), (1, -0.0022233)])
    func targetAtSixtyDegrees(zHat: Double, expected: Double) {
        expectClose(AdaFace.target(cosine: 0.5, margin: 0.4, zHat: zHat).value, expected, 5e-8)
    }

    /// Reference: a norm of 30 with μ = 20, σ = 5, h = 0.333 gives ẑ = 0.333 · 10/5.001 = 0.665867.
    @Test func scaledNormOfThirty() {
        let z = AdaFace(h: 0.333).scaledNorm(length: 30, mean: 20, standardDeviation: 5)
        expectClose(z.value, 0.665867, 5e-7)
        expectClose(z.slope, 0.333 / 5.001, 1e-15)
    }

    /// §6 "adaface, batch statistics": μ 2.2334987686, σ 0.6894280245 (unbiased), ẑ 0.4479588891 0.0012391539
    /// −0.1018270771 −0.3473709659, per-sample 0.5219947291 0.6036683732 6.0095227778 0.0538179848, mean
    /// 1.7972509662.
    @Test func evalUsesThisBatchsMeanAndUnbiasedStd() throws {
        let result = try AdaFace(s: 4).evaluate(try Reference.batch())
        let norms = try #require(result.statistics.adaFace)
        expectClose(norms.mean, 2.2334987686, 1e-9)
        expectClose(norms.standardDeviation, 0.6894280245, 1e-9)
        expectClose(norms.zHats, [0.4479588891, 0.0012391539, -0.1018270771, -0.3473709659], 1e-9)
        expectClose(result.evaluation.losses, [0.5219947291, 0.6036683732, 6.0095227778, 0.0538179848], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.7972509662, 1e-9)
    }

    /// §6 "adaface norm_mean 20, norm_std 5": every ẑ clips to −1; per-sample 0.1620561819 0.3680662392
    /// 4.6034277633 0.0531561488, mean 1.2966765833.
    @Test func givenStatisticsClipToMinusOne() throws {
        let result = try AdaFace(s: 4, normMean: 20, normStd: 5).evaluate(try Reference.batch())
        #expect(result.statistics.adaFace?.zHats == [-1, -1, -1, -1])
        expectClose(result.evaluation.losses, [0.1620561819, 0.3680662392, 4.6034277633, 0.0531561488], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.2966765833, 1e-9)
    }

    /// §A.2 "norm_mean 2, norm_std 0.5": ẑ 0.7725318580 0.1569074581 0.0148719007 −0.3235120955, per-sample
    /// 0.7450722711 0.6718987085 6.1713930342 0.0538179950, mean 1.9105455022.
    @Test func givenStatisticsInsideTheClip() throws {
        let result = try AdaFace(s: 4, normMean: 2, normStd: 0.5).evaluate(try Reference.batch())
        expectClose(try #require(result.statistics.adaFace).zHats,
                    [0.7725318580, 0.1569074581, 0.0148719007, -0.3235120955], 1e-9)
        expectClose(result.evaluation.losses, [0.7450722711, 0.6718987085, 6.1713930342, 0.0538179950], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.9105455022, 1e-9)
    }

    /// §A.2 "training step 1: EMA t_alpha 0.01 from (20, 100)": μ = 0.01 · 2.2334987686 + 0.99 · 20 = 19.8223349877,
    /// σ = 0.01 · 0.6894280245 + 0.99 · 100 = 99.0068942802, per-sample 0.3159136890 0.5802542779 6.0687093188
    /// 0.0538618895, mean 1.7546847938.
    @Test func trainingRunsTheOfficialMovingAverage() throws {
        let result = try AdaFace(s: 4).evaluate(try Reference.batch(), phase: .training)
        let norms = try #require(result.statistics.adaFace)
        expectClose(norms.mean, 19.8223349877, 1e-9)
        expectClose(norms.standardDeviation, 99.0068942802, 1e-9)
        expectClose(norms.zHats, [-0.0560339065, -0.0591490907, -0.0598678193, -0.0615801109], 1e-9)
        expectClose(result.evaluation.losses, [0.3159136890, 0.5802542779, 6.0687093188, 0.0538618895], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.7546847938, 1e-9)
        // The second step continues from the first: μ₂ = 0.01 μ_b + 0.99 μ₁.
        let second = try AdaFace(s: 4).evaluate(try Reference.batch(), previous: result.statistics, phase: .training)
        expectClose(try #require(second.statistics.adaFace).mean, 0.01 * 2.2334987686 + 0.99 * 19.8223349877, 1e-9)
    }

    /// One sample: torch.std is NaN; here σ = 0, and since ã − μ = 0 exactly, ẑ = 0 and the target is CosFace's
    /// c − m (x0: c = 0.9486832981, s = 4, m = 0.4; by hand L = log(1 + exp(4 · 0.3162277660 − 4 · 0.5486832981))).
    @Test func oneSampleHasZeroStd() throws {
        let result = try AdaFace(s: 4).evaluate(try Reference.batch(features: [[3, 1]], labels: [0]))
        let norms = try #require(result.statistics.adaFace)
        #expect(norms.standardDeviation == 0)
        #expect(norms.zHats == [0])
        expectClose(result.evaluation.losses[0], log1p(exp(4 * 0.3162277660 - 4 * (cos(acos(0.9486832981)) - 0.4))),
                    1e-9)
    }

    /// The statistics are of the clipped norms: a feature of length 200 counts as 100 (head.py:83), so with x0
    /// (length √10) μ = (100 + √10)/2 and σ = |100 − √10| / √2 (two samples, unbiased).
    @Test func statisticsUseTheClippedNorms() throws {
        let result = try AdaFace(s: 4).evaluate(try Reference.batch(features: [[200, 0], [3, 1]], labels: [0, 0]))
        let norms = try #require(result.statistics.adaFace)
        expectClose(norms.mean, (100 + 10.0.squareRoot()) / 2, 1e-12)
        expectClose(norms.standardDeviation, (100 - 10.0.squareRoot()) / 2.0.squareRoot(), 1e-12)
    }

    /// A given norm_mean with the std left out: the batch's unbiased std with the given mean.
    @Test func onlyTheMeanGiven() throws {
        let result = try AdaFace(s: 4, normMean: 2).evaluate(try Reference.batch())
        let norms = try #require(result.statistics.adaFace)
        #expect(norms.mean == 2)
        expectClose(norms.standardDeviation, 0.6894280245, 1e-9)
    }

    /// The official backward ignores the length (the norm is detached); `throughNorm` adds
    /// (m sin θ_m − m) dẑ/da, here at θ = 60°, ẑ = 0.665867 for a = 30, μ = 20, σ = 5.
    @Test func lengthSlopeOnlyThroughTheOption() {
        let statistics = LossStatistics(adaFace: AdaFaceNorms(mean: 20, standardDeviation: 5, zHats: []))
        let context = SampleContext(length: 30, targetCosine: 0.5, statistics: statistics)
        #expect(AdaFace().targetLogit(cosine: 0.5, context: context).lengthSlope == 0)
        let live = AdaFace(throughNorm: true).targetLogit(cosine: 0.5, context: context)
        let z = 0.333 * 10 / 5.001
        expectClose(live.lengthSlope, (0.4 * sin(.pi / 3 - 0.4 * z) - 0.4) * 0.333 / 5.001, 1e-15)
    }

    /// The θ clip makes the target flat: for ẑ = 1 (m = 0.4) every θ below m ẑ + ε gives cos ε − 2m with slope 0;
    /// for ẑ = −1 every θ above π − ε − m gives −cos ε. The cosine clamp zeroes the slope beyond ±(1 − ε).
    @Test func clippedPiecesAreFlat() {
        let near = AdaFace.target(cosine: cos(0.2), margin: 0.4, zHat: 1)
        expectClose(near.value, cos(1e-3) - 0.8, 1e-15)
        #expect(near.slope == 0)
        let far = AdaFace.target(cosine: cos(3.0), margin: 0.4, zHat: -1)
        expectClose(far.value, -cos(1e-3), 1e-15)
        #expect(far.slope == 0)
        #expect(AdaFace.target(cosine: 1, margin: 0.4, zHat: -1).slope == 0)
        let nonTarget = AdaFace().nonTargetLogit(cosine: -1, context: SampleContext(length: 1, targetCosine: 0))
        #expect(nonTarget == LogitPiece(value: -1 + 1e-3, slope: 0))
    }
}
