import Foundation
import Testing
@testable import Geometry

/// Circle loss (classification form): known answers from the spec's §6 and the reference's "Newer losses".
@Suite struct CircleLossTests {
    /// §6 "circle γ = 4": 0.6494141841 0.8802076980 15.4114910257 2.8237766193, mean 4.9412223818.
    @Test func gammaFour() throws {
        let result = try CircleLoss(m: 0.25, gamma: 4).evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.6494141841, 0.8802076980, 15.4114910257, 2.8237766193], 1e-9)
        expectClose(result.evaluation.meanLoss, 4.9412223818, 1e-9)
    }

    /// §6 "circle γ = 256": 0.0032552810 22.0532782083 986.3354126686 176.8037910339, mean 296.2989342979.
    @Test func gammaTwoFiftySix() throws {
        let result = try CircleLoss().evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.0032552810, 22.0532782083, 986.3354126686, 176.8037910339], 1e-8)
        expectClose(result.evaluation.meanLoss, 296.2989342979, 1e-8)
    }

    /// Reference, "Newer losses": m = 0.25, γ = 256: the scaled target at c = 0.5 is 256 · 0.75 · (0.5 − 0.75) =
    /// −48, the scaled non-target at c_j = 0.3 is 256 · 0.55 · 0.05 = 7.04; and (c_p, c_n) = (0.9, 0.339116) lies on
    /// the two-class boundary (§A.2: c_n = √(2m² − (c_p − 1)²) = 0.3391165).
    @Test func referenceValues() {
        let rule = CircleLoss()
        let context = SampleContext(length: 1, targetCosine: 0.5)
        expectClose(rule.gamma * rule.targetLogit(cosine: 0.5, context: context).value, -48, 1e-12)
        expectClose(rule.gamma * rule.nonTargetLogit(cosine: 0.3, context: context).value, 7.04, 1e-12)
        let cn = (2 * 0.25 * 0.25 - 0.01).squareRoot()
        expectClose(cn, 0.3391165, 5e-8)
        expectClose(rule.twoClassMargin(cosine1: 0.9, cosine2: cn, context: context), 0, 1e-15)
        #expect(rule.twoClassMargin(cosine1: 0.9, cosine2: cn - 1e-6, context: context) > 0)
        #expect(rule.twoClassMargin(cosine1: 0.9, cosine2: cn + 1e-6, context: context) < 0)
    }

    /// The official slope is γ α, not the derivative of the forward value: at c = 0.5 the target's slope is
    /// α_p = 0.75 while d/dc (α_p(c)(c − 0.75)) = 2(1 − c) = 1; below c_j = −m the non-target is 0 with slope 0.
    @Test func slopesAreTheDetachedWeights() {
        let rule = CircleLoss()
        let context = SampleContext(length: 1, targetCosine: 0.5)
        #expect(rule.targetLogit(cosine: 0.5, context: context).slope == 0.75)
        #expect(rule.nonTargetLogit(cosine: 0.3, context: context).slope == 0.55)
        #expect(rule.nonTargetLogit(cosine: -0.5, context: context) == LogitPiece(value: 0, slope: 0))
    }
}
