import Foundation
import Testing
@testable import Geometry

/// Losses, probabilities and gradients keep their relative precision at both ends (issue 7, item 3).
@Suite struct PrecisionAtTheEndsTests {
    static let identity: [[Double]] = [[1, 0], [0, 1]]

    static func evaluate(_ loss: MarginLoss, weights: [[Double]] = identity, features: [[Double]],
                         labels: [Int]) throws -> BatchEvaluation {
        loss.evaluate(try Batch(weights: weights, features: features, labels: labels, for: loss))
    }

    /// True when `value` equals `expected` to `ulps` units in the last place, relative.
    static func close(_ value: Double, _ expected: Double, relative: Double = 4e-16) -> Bool {
        abs(value - expected) <= relative * abs(expected)
    }

    /// Softmax with W = I and x = (40, 0): logits (40, 0), so with x = e^-40 = 4.248354255291589e-18,
    /// L = log(1 + x) = log1p(x) = x - x^2/2 + ... = x to double precision (x^2/2 ~ 9e-36 is far below half an ulp
    /// of x). p = (1/(1+x), x/(1+x)) = (1, 4.248354255291589e-18), and dL/dx = (p0 - 1) W0 + p1 W1
    /// = (-x/(1+x), x/(1+x)): the target's share comes from the other class, not from 1 - p0 = 0.
    @Test func twoLogitsFortyApart() throws {
        let result = try Self.evaluate(MarginLoss(.softmax), features: [[40, 0]], labels: [0])
        let x = exp(-40.0)
        #expect(x == 4.248354255291589e-18)
        #expect(Self.close(result.losses[0], 4.248354255291589e-18), "\(result.losses[0])")
        #expect(Self.close(result.meanLoss, x))
        #expect(Self.close(result.probabilities[0, 1], x))
        #expect(Self.close(result.featureGradient[0, 0], -x) && Self.close(result.featureGradient[0, 1], x),
                "\(result.featureGradient.storage)")
        // dL/dW0 = (p0 - 1) x_feature = (-40 x, 0); dL/dW1 = p1 x_feature = (40 x, 0).
        #expect(Self.close(result.weightGradient[0, 0], -40 * x) && Self.close(result.weightGradient[1, 0], 40 * x))
        // The other label: L = 40 + log1p(x), which is 40 in double.
        let other = try Self.evaluate(MarginLoss(.softmax), features: [[40, 0]], labels: [1])
        #expect(other.losses[0] == 40)
    }

    /// Three classes, logits (40, 0, 0), label 0: L = log1p(2 e^-40) = 2 e^-40 = 8.496708510583178e-18.
    @Test func threeClassesKeepTheSumOfTheOthers() throws {
        let weights: [[Double]] = [[1, 0], [0, 1], [0, -1]]
        let result = try Self.evaluate(MarginLoss(.softmax), weights: weights, features: [[40, 0]], labels: [0])
        #expect(Self.close(result.losses[0], 8.496708510583178e-18), "\(result.losses[0])")
        #expect(Self.close(result.featureGradient[0, 0], -2 * exp(-40.0)))
    }

    /// Softmax on x = (1e300, 1e300) with W = I: both logits are 1e300, so p = (1/2, 1/2) and L = ln 2 exactly.
    /// f_max + log(2) - f_y would give 0: ln 2 is absorbed by 1e300 before f_y is taken away.
    @Test func hugeEqualLogitsGiveLnTwo() throws {
        let result = try Self.evaluate(MarginLoss(.softmax), features: [[1e300, 1e300]], labels: [0])
        #expect(result.losses[0] == log(2.0))
        #expect(result.probabilities.row(0) == [0.5, 0.5])
        #expect(result.featureGradient.row(0) == [-0.5, 0.5])
    }

    /// A normalised loss with a large scale: CosFace s = 256, m = 0.35, feature at 12° from W1 (78° from W2):
    /// Delta = 256 (cos 12° - 0.35 - cos 78°) = 107.58..., L = log1p(e^-Delta) = e^-Delta ~ 1.6e-47, which the
    /// inspector (SampleInspection) reports as that number.
    @Test func aTinyLossReachesTheInspector() {
        var loss = MarginLoss(.cosface)
        loss.s = 256
        let angle = Angle(degrees: 12).radians
        let inspection = SampleInspection(loss: loss, weights: Matrix(Self.identity),
                                          feature: [0.8 * cos(angle), 0.8 * sin(angle)], label: 0)
        let delta = 256 * (cos(angle) - 0.35 - cos(Angle(degrees: 78).radians))
        #expect(abs(inspection.loss - exp(-delta)) <= 1e-10 * exp(-delta), "\(inspection.loss) vs \(exp(-delta))")
        #expect(inspection.loss > 1e-48 && inspection.loss < 1e-46)
        let push = (inspection.gradient[0] * inspection.gradient[0] + inspection.gradient[1] * inspection.gradient[1])
            .squareRoot()
        #expect(push > 0)
    }
}
