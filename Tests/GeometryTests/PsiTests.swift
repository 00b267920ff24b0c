import Foundation
import Testing
@testable import Geometry

/// The psi table of the reference (degrees; m = 1, 2, 3, 4).
@Suite struct PsiTests {
    static let table: [(degrees: Double, values: [Double])] = [
        (30, [0.866025, 0.5, 0, -0.5]),
        (60, [0.5, -0.5, -1, -1.5]),
        (90, [0, -1, -2, -3]),
        (135, [-0.707107, -2, -3.292893, -5]),
        (180, [-1, -3, -5, -7]),
    ]

    @Test(arguments: table)
    func matchesReferenceTable(row: (degrees: Double, values: [Double])) {
        for (index, expected) in row.values.enumerated() {
            let value = psi(cosine: cos(Angle(degrees: row.degrees).radians), m: index + 1).value
            #expect(abs(value - expected) < 5e-7, "psi(\(row.degrees)°, m=\(index + 1)) = \(value)")
        }
    }

    @Test(arguments: 1...6)
    func isContinuousAndDecreasingFromOneToOneMinusTwoM(m: Int) {
        #expect(abs(psi(cosine: 1, m: m).value - 1) < 1e-12)
        #expect(abs(psi(cosine: -1, m: m).value - Double(1 - 2 * m)) < 1e-12)
        var previous = psi(cosine: 1, m: m).value
        for step in 1...3600 {
            let value = psi(cosine: cos(Double(step) * .pi / 3600), m: m).value
            #expect(value <= previous + 1e-12)
            #expect(previous - value < 0.02, "jump at step \(step)")  // continuous: steps stay small
            previous = value
        }
    }

    @Test(arguments: 1...5)
    func derivativeMatchesFiniteDifferences(m: Int) {
        for c in stride(from: -0.95, through: 0.95, by: 0.1) {
            let h = 1e-6
            let numeric = (psi(cosine: c + h, m: m).value - psi(cosine: c - h, m: m).value) / (2 * h)
            let analytic = psi(cosine: c, m: m).derivative
            #expect(abs(numeric - analytic) < 1e-5 * max(1, abs(analytic)), "m=\(m) c=\(c)")
        }
    }
}

@Suite struct TargetLogitTests {
    @Test func arcFaceFallbackJumpsAtPiMinusM() {
        let loss = MarginLoss(.arcface)  // m = 0.5
        let before = loss.targetLogit(at: Angle(radians: .pi - 0.5 - 1e-9))
        let after = loss.targetLogit(at: Angle(radians: .pi - 0.5 + 1e-9))
        #expect(abs(before - -1) < 1e-8)
        #expect(abs(after - -1.1172953) < 1e-7)  // -cos(0.5) - 0.5 sin(0.5), the reference's value
    }

    @Test func arcFaceEasyMarginLeavesObtuseAnglesAlone() {
        var loss = MarginLoss(.arcface)
        loss.easyMargin = true
        #expect(loss.targetLogit(cosine: -0.3).value == -0.3)
        #expect(abs(loss.targetLogit(cosine: 0.6).value - cos(acos(0.6) + 0.5)) < 1e-12)
    }

    /// insightface's combined margin: cos(m1 theta + m2) - m3 at every angle, with no fallback (issue 7, item 2).
    /// At 180° with (1.35, 0, 0): cos(1.35 pi) = cos(243°) = -cos(63°) = -0.4539904997395468 (the old fallback
    /// gave -1.3138 there).
    @Test func combinedIsTheInsightfaceFormulaAtEveryAngle() {
        let variants: [(Double, Double, Double)] = [(1.35, 0, 0), (1, 0.5, 0), (1, 0.3, 0.2), (0.9, 0.4, 0.15), (4, 1.5, 1)]
        for (m1, m2, m3) in variants {
            var loss = MarginLoss(.combined)
            (loss.m1, loss.m2, loss.m3) = (m1, m2, m3)
            for step in 0...360 {
                let theta = Double(step) * .pi / 360
                #expect(abs(loss.targetLogit(at: Angle(radians: theta)) - (cos(m1 * theta + m2) - m3)) < 1e-12,
                        "\(loss.summary) at \(Double(step) / 2)°")
            }
        }
        var loss = MarginLoss(.combined)
        (loss.m1, loss.m2, loss.m3) = (1.35, 0, 0)
        #expect(abs(loss.targetLogit(at: Angle(degrees: 180)) - -0.4539904997395468) < 1e-15)
    }

    /// With m1 = 1 the combined margin is ArcFace's cos(theta + m) up to theta = pi - m2; past it ArcFace takes its
    /// fallback c - m sin m while the combined margin goes on as cos(theta + m2), rising back to -cos(m2) at 180°.
    @Test func combinedWithUnitMultiplierLeavesArcFaceAtItsFallback() {
        var combined = MarginLoss(.combined)  // (1, 0.5, 0)
        combined.m2 = 0.5
        let arcface = MarginLoss(.arcface)
        for degrees in stride(from: 0.0, through: 180, by: 0.5) {
            let theta = Angle(degrees: degrees)
            if theta.radians < .pi - 0.5 - 1e-9 {
                #expect(abs(combined.targetLogit(at: theta) - arcface.targetLogit(at: theta)) < 1e-12)
            } else if theta.radians > .pi - 0.5 + 1e-9 {
                #expect(combined.targetLogit(at: theta) > arcface.targetLogit(at: theta))
            }
        }
        #expect(abs(combined.targetLogit(at: Angle(degrees: 180)) - -cos(0.5)) < 1e-12)
    }

    /// Every loss's target logit is non-increasing in theta (ArcFace's fallback exists for this), easy margin
    /// aside; the combined margin falls until m1 theta + m2 = pi and rises after it (until 2 pi, for m1 >= 2).
    @Test(arguments: LossKind.paperKinds)
    func targetLogitFallsWithTheAngleUntilItTurns(kind: LossKind) {
        var variants = [MarginLoss(kind)]
        if kind == .combined {
            for (m1, m2, m3) in [(1.35, 0.0, 0.0), (1.0, 0.3, 0.2), (0.9, 0.4, 0.15), (2.0, 0.5, 0.1), (0.9, 0, 0.35)] {
                var loss = MarginLoss(.combined)
                (loss.m1, loss.m2, loss.m3) = (m1, m2, m3)
                variants.append(loss)
            }
        }
        if kind == .arcface { var loss = MarginLoss(.arcface); loss.m = 1.2; variants.append(loss) }
        for loss in variants {
            // cos(m1 theta + m2) turns where m1 theta + m2 = pi (a minimum) and again at 2 pi (a maximum).
            let turn = kind == .combined ? Angle(radians: (.pi - loss.m2) / loss.m1).degrees : 180
            let again = kind == .combined ? Angle(radians: (2 * .pi - loss.m2) / loss.m1).degrees : 180
            var previous = loss.targetLogit(at: .zero)
            for step in 1...1800 {
                let degrees = Double(step) / 10
                let value = loss.targetLogit(at: Angle(degrees: degrees))
                if degrees <= turn {
                    #expect(value <= previous + 1e-12, "\(loss.summary) rises at \(degrees)°")
                } else if degrees - 0.1 >= turn && degrees <= again {
                    #expect(value >= previous - 1e-12, "\(loss.summary) falls at \(degrees)° past its turn")
                }
                previous = value
            }
        }
    }

    @Test(arguments: LossKind.paperKinds)
    func slopeMatchesFiniteDifferences(kind: LossKind) {
        var loss = MarginLoss(kind)
        loss.lambda = kind == .lsoftmax || kind == .sphereface ? 2 : 0
        if kind == .combined { (loss.m1, loss.m2, loss.m3) = (0.9, 0.4, 0.15) }
        for c in stride(from: -0.93, through: 0.97, by: 0.1) {
            let h = 1e-7
            let numeric = (loss.targetLogit(cosine: c + h).value - loss.targetLogit(cosine: c - h).value) / (2 * h)
            let analytic = loss.targetLogit(cosine: c).derivative
            #expect(abs(numeric - analytic) < 1e-5 * max(1, abs(analytic)), "\(kind) c=\(c)")
        }
    }
}

@Suite struct LambdaScheduleTests {
    @Test func followsThePublishedFormula() {
        // SphereFace: 1000 / (1 + 0.12 iter), floored at 5. iter 1: 1000 / 1.12; iter 10000: 1000 / 1201 < 5.
        #expect(abs(LambdaSchedule.sphereface.lambda(atIteration: 1) - 892.857142857143) < 1e-9)
        #expect(LambdaSchedule.sphereface.lambda(atIteration: 10_000) == 5)
        // L-Softmax: 1000 (1 + 2.5e-5 iter)^-35. iter 4e4: (1 + 1)^-35 = 2^-35, so lambda = 1000 / 34359738368.
        #expect(abs(LambdaSchedule.lsoftmax.lambda(atIteration: 40_000) - 1000 / 34_359_738_368) < 1e-18)
    }
}
