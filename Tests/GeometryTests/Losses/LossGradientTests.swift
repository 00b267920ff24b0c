import Foundation
import Testing
@testable import Geometry

/// The analytic gradients of every new loss against central differences (h = 1e-6) in d = 2 and d = 3, with the
/// detached quantities frozen at their values on the unperturbed batch, as the spec's §5 prescribes: AdaCos's s,
/// CurricularFace's t, AdaFace's ẑ (or μ and σ on the live path), ElasticFace's m_i, Circle's α_p and α_n. MagFace
/// detaches nothing. The finite differences come from `FrozenForward`, a from-scratch forward pass, not from the
/// evaluator. Every check batch uses raw (non-unit) weights so that dc/dW is exercised; the points sit away from
/// branch switches (noted per case), so a slope that is not the derivative of the value shows as a failure.
@Suite struct LossGradientTests {
    /// A batch in d = 2 (the reference features with the spec's raw weights) or d = 3.
    struct Case: Sendable, CustomTestStringConvertible {
        var features: [[Double]]
        var weights: [[Double]]
        var labels: [Int]
        var testDescription: String

        static let plane = Case(features: Reference.features, weights: Reference.rawWeights, labels: Reference.labels,
                                testDescription: "d=2")
        static let space = Case(features: Reference.features3, weights: Reference.rawWeights3,
                                labels: Reference.labels3, testDescription: "d=3")
        static let both = [plane, space]

        /// The same case with features × `factor` (MagFace's lengths inside [l_a, u_a]).
        func scaled(by factor: Double) -> Case {
            Case(features: Reference.scaled(features, by: factor), weights: weights, labels: labels,
                 testDescription: testDescription + " x\(String(format: "%g", factor))")
        }
    }

    /// Evaluates `rule` on `c` (statistics by `phase`), then compares its gradients with finite differences of the
    /// frozen forward; returns the worst difference. `forward` overrides the frozen forward (Circle).
    func worst<L: LogitRule>(_ rule: L, _ c: Case, phase: LossPhase = .evaluation,
                             forward: ((LossEvaluation) -> FrozenForward)? = nil) throws -> Double {
        let batch = try Batch(weights: c.weights, features: c.features, labels: c.labels, for: MarginLoss(.arcface))
        let result = try rule.evaluate(batch, phase: phase)
        let frozen = forward?(result) ?? frozenForward(rule, statistics: result.statistics, labels: c.labels,
                                                       classes: c.weights.count / rule.subCenters)
        #expect(result.evaluation.featureGradient.storage.contains { $0 != 0 })
        return worstGradientError(result.evaluation, forward: frozen, features: c.features, weights: c.weights)
    }

    static let tolerance = 1e-7

    @Test(arguments: Case.both) func adaCosFixed(c: Case) throws {
        #expect(try worst(AdaCos(s: 4), c) < Self.tolerance)
    }

    /// s frozen at the dynamic value the batch gave.
    @Test(arguments: Case.both) func adaCosDynamic(c: Case) throws {
        #expect(try worst(AdaCos(s: 4, dynamic: true), c) < Self.tolerance)
    }

    /// k = 3 in d = 2 (the spec's six rows × 1.7); k = 2 in d = 3 (each class's rows plus a rotated copy). Winners
    /// are recomputed by the forward; no sample has two sub-centres within 1e-3 of each other.
    @Test(arguments: Case.both) func subCenters(c: Case) throws {
        let r3 = 3.0.squareRoot() / 2
        let plane: [[Double]] = [[1, 0], [-0.5, r3], [-0.5, -r3], [0, 1], [-r3, -0.5], [r3, -0.5]].map { $0.map { $0 * 1.7 } }
        let isPlane = c.features[0].count == 2
        let space = isPlane ? [] : c.weights.flatMap { w in [w, [w[1], -w[2], 0.8 * w[0]]] }
        let withRows = Case(features: c.features, weights: isPlane ? plane : space,
                            labels: c.labels, testDescription: c.testDescription)
        let rule = SubCenterArcFace(m: 0.5, s: 4, subCenters: isPlane ? 3 : 2)
        #expect(try worst(rule, withRows) < Self.tolerance)
    }

    /// t = 0.5 as given, and a training step from t = 0.2 with t frozen at its updated value.
    @Test(arguments: Case.both) func curricularFace(c: Case) throws {
        #expect(try worst(CurricularFace(m: 0.5, s: 4, t: 0.5), c) < Self.tolerance)
        #expect(try worst(CurricularFace(m: 0.5, s: 4, t: 0.2), c, phase: .training) < Self.tolerance)
    }

    /// ×20: every length inside [l_a, u_a] (d = 2: 30–63, d = 3: 36–64), so the length path is live, with easy
    /// margin on and off; and the unscaled batch, where the clamp kills it. No target cosine is within 0.1 of 0.
    @Test(arguments: Case.both) func magFace(c: Case) throws {
        #expect(try worst(MagFace(s: 4), c.scaled(by: 20)) < Self.tolerance)
        #expect(try worst(MagFace(s: 4, easyMargin: false), c.scaled(by: 20)) < Self.tolerance)
        #expect(try worst(MagFace(s: 4), c) < Self.tolerance)
    }

    /// Official: ẑ frozen (batch statistics). Through the norm: μ = 2, σ = 0.5 held, ẑ live in ‖x‖ (|h(ã − μ)/(σ+ε)|
    /// < 1 for every sample of both batches, so no clip switches).
    @Test(arguments: Case.both) func adaFace(c: Case) throws {
        #expect(try worst(AdaFace(s: 4), c) < Self.tolerance)
        #expect(try worst(AdaFace(s: 4), c, phase: .training) < Self.tolerance)
        #expect(try worst(AdaFace(s: 4, normMean: 2, normStd: 0.5, throughNorm: true), c) < Self.tolerance)
    }

    /// m_i frozen at the seed-42 draws.
    @Test(arguments: Case.both) func elasticFace(c: Case) throws {
        #expect(try worst(ElasticFace(.arc, s: 4, seed: 42), c) < Self.tolerance)
        #expect(try worst(ElasticFace(.cos, s: 4, seed: 42), c) < Self.tolerance)
    }

    /// α_p and α_n frozen at the unperturbed cosines (γ = 4). No non-target cosine is within 0.05 of −m.
    @Test(arguments: Case.both) func circle(c: Case) throws {
        let rule = CircleLoss(m: 0.25, gamma: 4)
        let worstError = try worst(rule, c) { result in
            let cosines = result.evaluation.cosines
            return FrozenForward(labels: c.labels, logit: { i, j, cosine, _, _ in
                let frozen = cosines[i, j]
                let piece = j == c.labels[i]
                    ? rule.targetLogit(cosine: cosine, weight: rule.positiveWeight(cosine: frozen))
                    : rule.nonTargetLogit(cosine: cosine, weight: rule.negativeWeight(cosine: frozen))
                return rule.gamma * piece.value
            })
        }
        #expect(worstError < Self.tolerance)
    }

    /// Freezing matters: with α recomputed at every perturbed point (Circle's true derivative) the official
    /// backward disagrees, by 0.49 in the spec's §5 (features only); here it must disagree by more than 0.1.
    @Test func circleBackwardIsNotTheDerivative() throws {
        let rule = CircleLoss(m: 0.25, gamma: 4)
        let live = FrozenForward(labels: Reference.labels, logit: { i, j, cosine, _, _ in
            let context = SampleContext(length: 1, targetCosine: 0)
            let piece = j == Reference.labels[i] ? rule.targetLogit(cosine: cosine, context: context)
                : rule.nonTargetLogit(cosine: cosine, context: context)
            return rule.gamma * piece.value
        })
        #expect(try worst(rule, .plane) { _ in live } > 0.1)
    }

    /// The official AdaFace backward leaves out the path through ẑ(‖x‖) (head.py:84 detaches the norm). Against a
    /// forward that recomputes ẑ from each perturbed length (μ, σ held at the batch's values) it must disagree,
    /// and `throughNorm`, which adds that path, must agree. (The spec's §5 finds 0.09 with μ and σ recomputed
    /// too.) No ẑ of the reference batch is clipped (0.448 0.001 −0.102 −0.347), so the path is live everywhere.
    @Test func adaFaceOfficialBackwardIgnoresTheNorm() throws {
        func liveForward(_ rule: AdaFace) -> (LossEvaluation) -> FrozenForward {
            { result in
                FrozenForward(labels: Reference.labels, logit: { i, j, c, cy, a in
                    // No sample index: ẑ comes from the length a, with the batch's μ and σ.
                    let context = SampleContext(length: a, targetCosine: cy, statistics: result.statistics)
                    let piece = j == Reference.labels[i] ? rule.targetLogit(cosine: c, context: context)
                        : rule.nonTargetLogit(cosine: c, context: context)
                    return rule.s * piece.value
                })
            }
        }
        let official = AdaFace(s: 4), live = AdaFace(s: 4, throughNorm: true)
        #expect(try worst(official, .plane, forward: liveForward(official)) > 1e-3)
        #expect(try worst(live, .plane, forward: liveForward(live)) < Self.tolerance)
    }

    /// Replaying a step with its own statistics frozen gives the step bit for bit, in eval and in training (what
    /// the finite differences rely on for every loss but Circle).
    @Test func frozenReplayIsTheSameStep() throws {
        let rules: [any LogitRule] = [
            AdaCos(s: 4, dynamic: true), CurricularFace(s: 4, t: 0.2), AdaFace(s: 4), AdaFace(s: 4, throughNorm: true),
            ElasticFace(.arc, s: 4, seed: 42), MagFace(s: 4), CircleLoss(gamma: 4),
        ]
        let batch = try Reference.batch(weights: Reference.rawWeights)
        for rule in rules {
            for phase in [LossPhase.evaluation, .training] {
                let step = try rule.evaluate(batch, phase: phase)
                #expect(try rule.evaluate(batch, frozen: step.statistics) == step, "\(rule.name) \(phase)")
            }
        }
    }
}
