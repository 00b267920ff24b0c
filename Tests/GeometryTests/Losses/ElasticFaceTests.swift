import Foundation
import Testing
@testable import Geometry

/// ElasticFace: known answers from the spec's §6 and §A.2, and the reproducibility of the draws.
@Suite struct ElasticFaceTests {
    /// §A.2: SeededGenerator(seed: 42).nextGaussian() four times: 0.8822489062 −0.4508498757 0.1883526341
    /// 0.2195863792 (the script reimplements SplitMix64 and the Box-Muller draw in Python).
    @Test func seededGaussians() {
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<4).map { _ in generator.nextGaussian() }
        expectClose(draws, [0.8822489062, -0.4508498757, 0.1883526341, 0.2195863792], 1e-10)
    }

    /// §6 "elastic_arcface σ = 0": m_i = 0.5 for all and no fallback, so x2 (θ = 171.5° > π − m) differs from
    /// ArcFace: 0.2090474773 0.4766277205 4.3621606079 0.0767951850, mean 1.2811577477.
    @Test func arcWithoutSpread() throws {
        let result = try ElasticFace(.arc, s: 4, sigma: 0).evaluate(try Reference.batch())
        #expect(result.statistics.elastic?.margins == [0.5, 0.5, 0.5, 0.5])
        expectClose(result.evaluation.losses, [0.2090474773, 0.4766277205, 4.3621606079, 0.0767951850], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.2811577477, 1e-9)
    }

    /// §6 "elastic_cosface σ = 0 (= reference cosface)": margin-losses.md's cosface line, 0.2799704543
    /// 0.5175030605 5.9517119958 0.0443421545, mean 1.6983819163.
    @Test func cosWithoutSpreadIsCosFace() throws {
        let result = try ElasticFace(.cos, s: 4, sigma: 0).evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.2799704543, 0.5175030605, 5.9517119958, 0.0443421545], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.6983819163, 1e-9)
    }

    /// §A.2 explicit margins, given as frozen statistics: arc m_i = 0.55 0.45 0.60 0.40 gives 0.2390794418
    /// 0.4184823243 4.2082014718 0.0531561488 (mean 1.2297298467); cos m_i = 0.40 0.30 0.45 0.25 gives
    /// 0.3326247708 0.4414515556 6.3508540040 0.0299395890 (mean 1.7887174798).
    @Test func givenMargins() throws {
        let arcMargins = LossStatistics(elastic: ElasticDraws(margins: [0.55, 0.45, 0.60, 0.40],
                                                              generator: SeededGenerator(seed: 0)))
        let arc = try ElasticFace(.arc, s: 4).evaluate(try Reference.batch(), frozen: arcMargins)
        expectClose(arc.evaluation.losses, [0.2390794418, 0.4184823243, 4.2082014718, 0.0531561488], 1e-9)
        expectClose(arc.evaluation.meanLoss, 1.2297298467, 1e-9)
        let cosMargins = LossStatistics(elastic: ElasticDraws(margins: [0.40, 0.30, 0.45, 0.25],
                                                              generator: SeededGenerator(seed: 0)))
        let cosine = try ElasticFace(.cos, s: 4).evaluate(try Reference.batch(), frozen: cosMargins)
        expectClose(cosine.evaluation.losses, [0.3326247708, 0.4414515556, 6.3508540040, 0.0299395890], 1e-9)
        expectClose(cosine.evaluation.meanLoss, 1.7887174798, 1e-9)
    }

    /// §6 "elastic_arcface seed 42": m_i = 0.5 + 0.05 z_i = 0.5441124453 0.4774575062 0.5094176317 0.5109793190,
    /// per-sample 0.2352825969 0.4494052569 4.3492062395 0.0798763246, mean 1.2784426045; and cosface with the same
    /// seed (m_i = 0.35 + 0.05 z_i): 0.3260170535 0.4820479283 5.9892863454 0.0462875500, mean 1.7109097193.
    @Test func seedFortyTwo() throws {
        let arc = try ElasticFace(.arc, s: 4, sigma: 0.05, seed: 42).evaluate(try Reference.batch())
        expectClose(try #require(arc.statistics.elastic).margins,
                    [0.5441124453, 0.4774575062, 0.5094176317, 0.5109793190], 1e-10)
        expectClose(arc.evaluation.losses, [0.2352825969, 0.4494052569, 4.3492062395, 0.0798763246], 1e-9)
        expectClose(arc.evaluation.meanLoss, 1.2784426045, 1e-9)
        let cosine = try ElasticFace(.cos, s: 4, sigma: 0.05, seed: 42).evaluate(try Reference.batch())
        expectClose(cosine.evaluation.losses, [0.3260170535, 0.4820479283, 5.9892863454, 0.0462875500], 1e-9)
        expectClose(cosine.evaluation.meanLoss, 1.7109097193, 1e-9)
    }

    /// The same seed gives the same draws and losses bit for bit, another seed others; training continues one
    /// generator, so two steps draw exactly what one generator gives for 2N draws.
    @Test func drawsAreReproducibleBySeed() throws {
        let batch = try Reference.batch()
        let rule = ElasticFace(.arc, s: 4, sigma: 0.05, seed: 7)
        #expect(try rule.evaluate(batch) == rule.evaluate(batch))
        var other = rule
        other.seed = 8
        #expect(try rule.evaluate(batch).statistics.elastic?.margins != other.evaluate(batch).statistics.elastic?.margins)
        let first = try rule.evaluate(batch, phase: .training)
        let second = try rule.evaluate(batch, previous: first.statistics, phase: .training)
        var generator = SeededGenerator(seed: 7)
        let eight = rule.drawMargins(count: 8, using: &generator)
        #expect(try #require(first.statistics.elastic).margins == Array(eight.prefix(4)))
        #expect(try #require(second.statistics.elastic).margins == Array(eight.suffix(4)))
        // Eval never continues: with previous statistics it still starts from the seed.
        #expect(try rule.evaluate(batch, previous: first.statistics).statistics.elastic?.margins
                == Array(eight.prefix(4)))
    }

    /// The band is m ± 2σ (0.4 and 0.6 at the arc defaults), and the expected arc target is e^{−σ²/2} cos(θ + m),
    /// 0.99875 times the curve at the mean margin at σ = 0.05 (spec §1.6).
    @Test func bandAndExpectedCurve() {
        let rule = ElasticFace(.arc)
        let band = rule.band
        expectClose(band.lower, 0.4, 1e-15)
        expectClose(band.upper, 0.6, 1e-15)
        #expect(rule.fixed(at: band.lower).sigma == 0)
        expectClose(rule.expectedTarget(cosine: 0.5) / cos(.pi / 3 + 0.5), 0.99875, 5e-6)
        expectClose(ElasticFace(.cos).expectedTarget(cosine: 0.5), 0.15, 1e-15)
    }

    /// Reference, "Newer losses": θ = 60°: ArcFace m = 0.5 gives 0.0235966, CosFace m = 0.35 gives 0.15 (the band's
    /// middle curves).
    @Test func meanCurvesAtSixtyDegrees() {
        expectClose(ElasticFace.target(.arc, cosine: 0.5, margin: 0.5).value, 0.0235966, 5e-8)
        expectClose(ElasticFace.target(.cos, cosine: 0.5, margin: 0.35).value, 0.15, 1e-15)
    }

    /// Statistics drawn for another batch size are refused, not indexed past their end.
    @Test func statisticsOfAnotherBatchAreRefused() throws {
        let three = LossStatistics(elastic: ElasticDraws(margins: [0.5, 0.5, 0.5], generator: SeededGenerator(seed: 0)))
        #expect(throws: LossBatchProblem.statisticsDoNotFit(samples: 4)) {
            try ElasticFace(.arc).evaluate(try Reference.batch(), frozen: three)
        }
    }
}
