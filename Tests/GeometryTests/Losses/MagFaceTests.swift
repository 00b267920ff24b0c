import Foundation
import Testing
@testable import Geometry

/// MagFace: known answers from the spec's §6 and §A.2 and the reference's "Newer losses".
@Suite struct MagFaceTests {
    /// Reference, "Newer losses": at θ = 60° and a = 10 / 60 / 110, m(a) = 0.45 / 0.625 / 0.8, target
    /// cos(60° + m) = 0.0735323 / −0.101228 / −0.272895, g(a) = a/u_a² + 1/a = 0.100826 / 0.021625 / 0.018182
    /// (the spec's §A.2 to seven places: 0.0735323 −0.1012275 −0.2728952, 0.1008264 0.0216253 0.0181818).
    @Test(arguments: [(10.0, 0.45, 0.0735323, 0.1008264), (60, 0.625, -0.1012275, 0.0216253),
                      (110, 0.8, -0.2728952, 0.0181818)])
    func referenceValues(length: Double, margin: Double, target: Double, g: Double) {
        let rule = MagFace()
        expectClose(rule.margin(length: length).value, margin, 1e-12)
        let piece = rule.targetLogit(cosine: 0.5, context: SampleContext(length: length, targetCosine: 0.5))
        expectClose(piece.value, target, 5e-8)
        expectClose(rule.regularizer(length: length), g, 5e-8)
    }

    /// §6 "magface, reference batch": every norm is below l_a = 10, so a_c = 10, m = 0.45, and λ_g g = 35 ·
    /// (10/110² + 1/10) = 3.5289256198 for every sample; per-sample 3.7125153765 3.9474079442 8.0885539444
    /// 3.5929481942, mean 4.8353563648 (CE parts 0.1835897567 0.4184823243 4.5596283245 0.0640225744).
    @Test func referenceBatchIsClampedToTheLowerLength() throws {
        let result = try MagFace(s: 4).evaluate(try Reference.batch())
        expectClose(result.penalties, Array(repeating: 3.5289256198, count: 4), 1e-9)
        expectClose(result.evaluation.losses, [3.7125153765, 3.9474079442, 8.0885539444, 3.5929481942], 1e-9)
        expectClose(result.evaluation.meanLoss, 4.8353563648, 1e-9)
        let crossEntropies = zip(result.evaluation.losses, result.penalties).map { $0 - $1 }
        expectClose(crossEntropies, [0.1835897567, 0.4184823243, 4.5596283245, 0.0640225744], 1e-9)
    }

    /// §6 "magface, batch ×20": norms 63.2 44.7 40.4 30.3 inside [l_a, u_a], m(a) 0.6363594362 0.5715247584
    /// 0.5565662389 0.5209292217, g(a) 0.0210382935 0.0260566599 0.0280661772 0.0355422103, per-sample
    /// 1.0402149861 1.4867603202 5.5419445250 1.3267360244, mean 2.3489139639.
    @Test func lengthsInsideTheClamp() throws {
        let rule = MagFace(s: 4)
        let features = Reference.scaled(Reference.features, by: 20)
        let result = try rule.evaluate(try Reference.batch(features: features))
        let lengths = features.map { hypot($0[0], $0[1]) }
        expectClose(lengths.map { rule.margin(length: $0).value },
                    [0.6363594362, 0.5715247584, 0.5565662389, 0.5209292217], 1e-9)
        expectClose(lengths.map(rule.regularizer), [0.0210382935, 0.0260566599, 0.0280661772, 0.0355422103], 1e-9)
        expectClose(result.evaluation.losses, [1.0402149861, 1.4867603202, 5.5419445250, 1.3267360244], 1e-9)
        expectClose(result.evaluation.meanLoss, 2.3489139639, 1e-9)
    }

    /// §A.2 "batch x 20, easy margin off": x2 (c = −0.989) takes the fallback c − m sin m below cos(π − m):
    /// per-sample 1.0402149861 1.4867603202 6.7107583121 1.3267360244, mean 2.6411174107. With easy margin x2
    /// (c ≤ 0) keeps its plain cosine.
    @Test func easyMarginOff() throws {
        let features = Reference.scaled(Reference.features, by: 20)
        let result = try MagFace(s: 4, easyMargin: false).evaluate(try Reference.batch(features: features))
        expectClose(result.evaluation.losses, [1.0402149861, 1.4867603202, 6.7107583121, 1.3267360244], 1e-9)
        expectClose(result.evaluation.meanLoss, 2.6411174107, 1e-9)
    }

    /// §A.2: the trainer's floor s k u_a² l_a²/(u_a² − l_a²) is 22.586667 at s = 64 and 1.411667 at s = 4
    /// (k = 0.35/100: 64 · 0.0035 · 12100 · 100 / 12000 = 22.5866...).
    @Test func lambdaGFloor() {
        expectClose(MagFace().lambdaGFloor, 22.586667, 5e-7)
        expectClose(MagFace(s: 4).lambdaGFloor, 1.411667, 5e-7)
    }

    /// Outside [l_a, u_a] the clamp stops the length path: no length slope, no penalty slope; inside both live.
    @Test func clampStopsTheLengthPath() {
        let rule = MagFace()
        for length in [5.0, 200] {
            let piece = rule.targetLogit(cosine: 0.5, context: SampleContext(length: length, targetCosine: 0.5))
            #expect(piece.lengthSlope == 0)
            #expect(rule.lengthPenalty(length: length).slope == 0)
        }
        let inside = rule.targetLogit(cosine: 0.5, context: SampleContext(length: 60, targetCosine: 0.5))
        // −sin(θ + m) m'(a) at θ = 60°, m = 0.625, k = 0.0035.
        expectClose(inside.lengthSlope, -sin(.pi / 3 + 0.625) * 0.0035, 1e-15)
        expectClose(rule.lengthPenalty(length: 60).slope, 35 * (1 / 12100 - 1 / 3600.0), 1e-15)
    }
}
