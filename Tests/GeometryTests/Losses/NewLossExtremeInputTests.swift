import Foundation
import Testing
@testable import Geometry

/// Every new loss at the ends of Double and of its parameters: lengths 1e-300 and 1e300, zero features with the
/// training floor, the largest scale, and cosines of exactly ±1. Nothing may be NaN or infinite, and where the
/// answer is known from another computation it must be that answer.
@Suite struct NewLossExtremeInputTests {
    /// One rule, named for the test list.
    struct Rule: Sendable, CustomTestStringConvertible {
        var rule: any LogitRule
        var testDescription: String { rule.name + (extra.isEmpty ? "" : " " + extra) }
        var extra = ""
    }

    static let rules: [Rule] = [
        Rule(rule: AdaCos(s: 64)), Rule(rule: AdaCos(), extra: "C-rule"), Rule(rule: AdaCos(s: 64, dynamic: true), extra: "dynamic"),
        Rule(rule: SubCenterArcFace(subCenters: 1)), Rule(rule: CurricularFace(t: 0.5)),
        Rule(rule: MagFace()), Rule(rule: MagFace(easyMargin: false), extra: "no easy margin"),
        Rule(rule: AdaFace()), Rule(rule: AdaFace(throughNorm: true), extra: "through norm"),
        Rule(rule: ElasticFace(.arc)), Rule(rule: ElasticFace(.cos)), Rule(rule: CircleLoss()),
    ]

    static func expectFinite(_ result: LossEvaluation, _ label: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let e = result.evaluation
        for (name, values) in [("losses", e.losses), ("logits", e.logits.storage), ("probabilities", e.probabilities.storage),
                               ("feature gradient", e.featureGradient.storage),
                               ("weight gradient", e.weightGradient.storage), ("mean", [e.meanLoss])] {
            let finite = values.allSatisfy { $0.isFinite }
            #expect(finite, "\(label): \(name) \(values)", sourceLocation: sourceLocation)
        }
    }

    /// Features of length near 1e-300 and near 1e300 keep their cosines (unit vectors are formed before any
    /// product). The losses equal the unscaled batch's for every rule whose logits ignore the length; MagFace's
    /// equal those of lengths clamped the same way (the reference batch is below l_a already; ×1000 is above
    /// u_a); AdaFace's clip every norm to 0.001 or 100, so σ = 0, ẑ = 0, and it is CosFace with m = 0.4.
    @Test(arguments: rules) func hugeAndTinyLengths(rule: Rule) throws {
        let plain = try rule.rule.evaluate(try Reference.batch())
        for factor in [1e-300, 1e300] {
            let features = Reference.scaled(Reference.features, by: factor)
            let result = try rule.rule.evaluate(try Reference.batch(features: features))
            Self.expectFinite(result, "\(rule.testDescription) ×\(factor)")
            expectClose(result.evaluation.cosines.storage, plain.evaluation.cosines.storage, 1e-15, "cosines")
            let expected: [Double]
            switch rule.rule {
            case is MagFace where factor > 1:
                let above = try Reference.batch(features: Reference.scaled(Reference.features, by: 1000))
                expected = try rule.rule.evaluate(above).evaluation.losses
            case let adaFace as AdaFace:
                #expect(result.statistics.adaFace?.zHats == [0, 0, 0, 0])
                let cosFace = ElasticFace(.cos, m: adaFace.m, s: adaFace.s, sigma: 0)
                expected = try cosFace.evaluate(try Reference.batch()).evaluation.losses
            default:
                expected = plain.evaluation.losses
            }
            expectClose(result.evaluation.losses, expected, 1e-9, "\(rule.testDescription) ×\(factor)")
        }
    }

    /// A zero feature with the training floor (1e-12): cosine 0 with every class, finite losses and gradients.
    /// MagFace clamps its length to l_a, so its penalty is λ_g g(10) = 3.5289256198 and its length slope 0;
    /// AdaFace clips it to 0.001.
    @Test(arguments: rules) func zeroFeatureWithTheTrainingFloor(rule: Rule) throws {
        let batch = Batch(checkedWeights: Matrix(Reference.weights), features: Matrix([[0, 0], [3, 1]]),
                          labels: [0, 1])
        let result = try rule.rule.evaluate(batch, normFloor: MarginLoss.normFloor)
        Self.expectFinite(result, rule.testDescription)
        #expect(result.evaluation.cosines.row(0) == [0, 0])
        if rule.rule is MagFace { expectClose(result.penalties[0], 3.5289256198, 1e-9) }
        if rule.rule is AdaFace {
            let norms = try #require(result.statistics.adaFace)
            expectClose(norms.mean, (0.001 + 10.0.squareRoot()) / 2, 1e-12)
        }
    }

    /// The largest scale (s = 256, Circle's γ = 1024) on a sample deep inside its class, x = (1, 0.01): the loss
    /// is tiny and keeps its precision, L = log1p(exp(f_2 − f_1)) ≈ exp(f_2 − f_1), not 0 (MagFace with λ_g = 0, so
    /// the penalty does not swamp it).
    @Test func largestScaleKeepsTinyLosses() throws {
        let rules: [any LogitRule] = [
            AdaCos(s: 256), SubCenterArcFace(s: 256, subCenters: 1), CurricularFace(s: 256),
            MagFace(s: 256, lambdaG: 0), AdaFace(s: 256), ElasticFace(.arc, s: 256), ElasticFace(.cos, s: 256),
            CircleLoss(gamma: 1024),
        ]
        let batch = try Reference.batch(features: [[1, 0.01]], labels: [0])
        for rule in rules {
            let result = try rule.evaluate(batch)
            Self.expectFinite(result, rule.name)
            let (f1, f2) = (result.evaluation.logits[0, 0], result.evaluation.logits[0, 1])
            let loss = result.evaluation.losses[0]
            #expect(loss > 0 && loss < 1e-20, "\(rule.name): \(loss)")
            #expect(abs(loss - exp(f2 - f1)) <= 1e-12 * loss, "\(rule.name): \(loss) vs \(exp(f2 - f1))")
            expectClose(result.evaluation.probabilities.row(0).reduce(0, +), 1, 1e-15)
        }
    }

    /// Cosines of exactly 1 and −1 (a feature along W1 or against it) and a feature along the other class: the
    /// slopes that divide by sin θ are floored or clipped, so no gradient is NaN.
    @Test(arguments: rules) func cosinesOfPlusAndMinusOne(rule: Rule) throws {
        let batch = try Reference.batch(features: [[2, 0], [-2, 0], [0, 3], [0, -3]], labels: [0, 0, 0, 1])
        let result = try rule.rule.evaluate(batch)
        Self.expectFinite(result, rule.testDescription)
        #expect(result.evaluation.cosines.row(0) == [1, 0])
        #expect(result.evaluation.cosines.row(1) == [-1, 0])
        #expect(result.evaluation.cosines.row(3) == [0, -1])
    }

    /// Scale 256 with lengths 1e300 and 1e-300 together, the worst mix: still finite.
    @Test(arguments: rules) func largeScaleAtExtremeLengths(rule: Rule) throws {
        let batch = try Reference.batch(features: [[1e300, 3e299], [-2e-300, 3e-301], [1, 2], [0.2, -1.5]])
        var scaled = rule.rule
        if var r = scaled as? AdaCos { r.s = 256; scaled = r }
        if var r = scaled as? MagFace { r.s = 256; scaled = r }
        if var r = scaled as? AdaFace { r.s = 256; scaled = r }
        Self.expectFinite(try scaled.evaluate(batch), rule.testDescription)
    }
}
