import Foundation
import Geometry
import Testing
@testable import Analysis

/// The advice figures against the reference's known answers and derivations written here.
@Suite struct AdviceTests {
    /// Reference: AdaCos's fixed scale sqrt(2) ln(C - 1) for C = 10, 10,575, 85,742 is 3.1073, 13.104, 16.064.
    @Test(arguments: [(10, 3.1073), (10_575, 13.104), (85_742, 16.064)])
    func adaCosScale(classes: Int, expected: Double) {
        let advice = Advice(classes: classes, loss: MarginLoss(.cosface))
        #expect(abs(advice.adaCosScale - expected) < 0.0005)
    }

    /// Reference: the CosFace bound (C - 1)/C ln((C - 1) P/(1 - P)): C = 10,575, P = 0.99 gives 13.860;
    /// C = 85,742, P = 0.9 gives 13.556.
    @Test(arguments: [(10_575, 0.99, 13.860), (85_742, 0.9, 13.556)])
    func cosFaceScaleBound(classes: Int, probability: Double, expected: Double) {
        let advice = Advice(classes: classes, probability: probability, loss: MarginLoss(.cosface))
        #expect(abs(advice.minimumScale - expected) < 0.0005)
    }

    /// 1 - cos(2π / C): C = 4 leaves 1 - cos 90° = 1, C = 6 leaves 1 - cos 60° = 0.5; only for d = 2.
    @Test func cosFaceMarginIn2D() {
        #expect(abs(Advice(classes: 4, dimension: 2, loss: MarginLoss(.cosface)).maxCosFaceMargin2D! - 1) < 1e-15)
        #expect(abs(Advice(classes: 6, dimension: 2, loss: MarginLoss(.cosface)).maxCosFaceMargin2D! - 0.5) < 1e-15)
        #expect(Advice(classes: 6, dimension: 3, loss: MarginLoss(.cosface)).maxCosFaceMargin2D == nil)
        #expect(Advice(classes: 6, loss: MarginLoss(.cosface)).maxCosFaceMargin2D == nil)
    }

    /// Orthogonal features: softmax's logits are all 0, so the loss is ln C. CosFace s = 64, m = 0.35 has
    /// t = 64 (cos 90° - 0.35) = -22.4 (cos 90° is 6e-17 in Double, 4e-15 after scaling: below the tolerance),
    /// so ln(e^-22.4 + C - 1) + 22.4; ArcFace m = 0.5 has t = 64 cos(90° + 0.5 rad) = -64 sin 0.5.
    @Test func expectedInitialLoss() {
        #expect(abs(Advice(classes: 1000, loss: MarginLoss(.softmax)).expectedInitialLoss! - log(1000)) < 1e-12)
        let cosface = Advice(classes: 1000, loss: MarginLoss(.cosface)).expectedInitialLoss!
        #expect(abs(cosface - (log(exp(-22.4) + 999) + 22.4)) < 1e-12)
        let t = -64 * sin(0.5)
        let arcface = Advice(classes: 10, loss: MarginLoss(.arcface)).expectedInitialLoss!
        #expect(abs(arcface - (log(exp(t) + 9) - t)) < 1e-12)
        // A huge scale keeps every digit: s = 256, m = 1 (CosFace) gives t = -256, loss = 256 + ln(C - 1 + e^-256).
        var big = MarginLoss(.cosface); big.s = 256; big.m = 1
        #expect(abs(Advice(classes: 2, loss: big).expectedInitialLoss! - 256) < 1e-12)
        // Losses whose logits scale with the unknown norms have none.
        #expect(Advice(classes: 10, loss: MarginLoss(.lsoftmax)).expectedInitialLoss == nil)
        #expect(Advice(classes: 10, loss: MarginLoss(.sphereface)).expectedInitialLoss == nil)
    }

    /// MarginRoom: a feature on its own weight meets the margin against a class Δ away when t(1) > cos Δ.
    /// CosFace m < 1 - cos Δ (60°: 0.5), ArcFace m < Δ, SphereFace always; the combined margin cos m2 - m3 > cos Δ.
    @Test func marginRoom() {
        var cosface = MarginLoss(.cosface)
        cosface.m = 0.49
        #expect(MarginRoom(loss: cosface, gap: Angle(degrees: 60)).fits)
        cosface.m = 0.51
        #expect(!MarginRoom(loss: cosface, gap: Angle(degrees: 60)).fits)
        #expect(abs(MarginRoom(loss: cosface, gap: Angle(degrees: 60)).largestMargin! - 0.5) < 1e-15)
        var arcface = MarginLoss(.arcface)
        arcface.m = 0.5
        #expect(MarginRoom(loss: arcface, gap: Angle(radians: 0.51)).fits)
        #expect(!MarginRoom(loss: arcface, gap: Angle(radians: 0.49)).fits)
        #expect(MarginRoom(loss: MarginLoss(.sphereface), gap: Angle(degrees: 1)).fits)
        var combined = MarginLoss(.combined)
        combined.m2 = 0.3; combined.m3 = 0.2
        let limit = acos(cos(0.3) - 0.2)  // where cos m2 - m3 = cos Δ
        #expect(MarginRoom(loss: combined, gap: Angle(radians: limit + 1e-9)).fits)
        #expect(!MarginRoom(loss: combined, gap: Angle(radians: limit - 1e-9)).fits)
        // Without unit weights the norms count: ‖W_y‖ = 0.5 ‖W_j‖ cannot beat cos 30° = 0.866.
        #expect(!MarginRoom(loss: MarginLoss(.softmax), gap: Angle(degrees: 30), normRatio: 0.5).fits)
        #expect(MarginRoom(loss: MarginLoss(.softmax), gap: Angle(degrees: 30), normRatio: 2).fits)
    }

    /// NumPy's default percentile ("linear"): for 1...10, h = 9 p / 100, so p05 = 1 + 0.45 = 1.45, the median 5.5,
    /// p95 = 9 + 0.55 = 9.55; one value is every percentile.
    @Test func percentileRule() {
        let d = Distribution((1...10).map(Double.init).reversed())
        #expect(d.median == 5.5 && abs(d.p05 - 1.45) < 1e-15 && abs(d.p95 - 9.55) < 1e-15)
        #expect(d.mean == 5.5 && d.min == 1 && d.max == 10)
        let single = Distribution([3])
        #expect(single.median == 3 && single.p05 == 3 && single.p95 == 3)
    }
}

/// The advice for the newer losses: a figure with no meaning for a loss is a reason instead of a number, the others
/// come from the loss's own rule, derived here.
@Suite struct NewLossAdviceTests {
    /// AdaCos sets s itself and Circle's γ scales other logits: no s bound; the other losses keep it.
    @Test func theScaleBoundIsNoAdviceForAdaCosAndCircle() {
        #expect(Advice(classes: 10, loss: MarginLoss(.adacos)).scaleBoundNote?.contains("AdaCos sets s itself") == true)
        #expect(Advice(classes: 10, loss: MarginLoss(.circle)).scaleBoundNote != nil)
        for kind in [LossKind.subcenterArcface, .curricularface, .magface, .adaface, .elasticArcface, .elasticCosface] {
            #expect(Advice(classes: 10, loss: MarginLoss(kind)).scaleBoundNote == nil, "\(kind)")
        }
    }

    /// At 90° every cosine is 0. AdaCos: all logits 0, so ln C whatever its s. ElasticFace-arc at its mean margin
    /// 0.5 and s 64: t = 64 cos(90° + 0.5) = −64 sin 0.5, as ArcFace. CurricularFace (m 0.5): t = −64 sin 0.5, and
    /// every other class is a hard negative (0 > −sin 0.5) with logit 0 (0 + t) · 0 = 0. Circle (m 0.25, γ 256):
    /// t = γ (1 + m)(0 − (1 − m)) = −256 · 0.9375 = −240, o = γ m (0 − m) = −16, loss = ln(e^t + (C − 1) e^o) − t.
    @Test func expectedInitialLossByTheRule() throws {
        #expect(abs(try #require(Advice(classes: 50, loss: MarginLoss(.adacos)).expectedInitialLoss) - log(50)) < 1e-12)
        let t = -64 * sin(0.5)
        for kind in [LossKind.elasticArcface, .curricularface, .subcenterArcface] {
            let loss = try #require(Advice(classes: 10, loss: MarginLoss(kind)).expectedInitialLoss)
            #expect(abs(loss - (log(exp(t) + 9) - t)) < 1e-12, "\(kind)")
        }
        let elasticCos = try #require(Advice(classes: 10, loss: MarginLoss(.elasticCosface)).expectedInitialLoss)
        #expect(abs(elasticCos - (log(exp(-22.4) + 9) + 22.4)) < 1e-12)
        let circle = Advice(classes: 10, loss: MarginLoss(.circle))
        #expect(abs(try #require(circle.initialTargetLogit) + 240) < 1e-12)
        #expect(abs(circle.initialOtherLogit + 16) < 1e-12)
        #expect(abs(try #require(circle.expectedInitialLoss) - (log(exp(-240) + 9 * exp(-16)) + 240)) < 1e-9)
    }

    /// MagFace's and AdaFace's margins depend on ‖x‖, which advise does not know: one line each, no number, and no
    /// 2-D margin check.
    @Test func lengthDependentMarginsGiveAReason() {
        for kind in [LossKind.magface, .adaface] {
            let advice = Advice(classes: 10, dimension: 2, loss: MarginLoss(kind))
            #expect(advice.expectedInitialLoss == nil && advice.initialLossNote?.contains("feature length") == true)
            #expect(advice.evenSpreadCheck == nil && advice.marginCheckNote != nil)
        }
        #expect(Advice(classes: 10, dimension: 2, loss: MarginLoss(.arcface)).marginCheckNote == nil)
    }

    /// The room on the rule: Sub-center ArcFace and ElasticFace-arc (mean m) fit while m < Δ, ElasticFace-cos while
    /// m < 1 − cos Δ; AdaCos has no margin and always fits; MagFace at ‖x‖ = 60 has m = 0.625, so a gap of 0.6 rad
    /// does not fit and 0.65 does. CurricularFace (m 0.5, t 0): at Δ = 0.4 rad the other class is a hard negative,
    /// cos Δ (0 + cos Δ) = cos² 0.4 = 0.848353 < cos 0.5 = 0.877583, so it fits although Δ < m; with t = 0.2 the
    /// other logit is cos 0.4 (0.2 + cos 0.4) = 1.032564 and it does not.
    @Test func marginRoomForTheNewerLosses() {
        for kind in [LossKind.subcenterArcface, .elasticArcface] {
            #expect(MarginRoom(loss: MarginLoss(kind), gap: Angle(radians: 0.55)).fits, "\(kind)")
            #expect(!MarginRoom(loss: MarginLoss(kind), gap: Angle(radians: 0.45)).fits, "\(kind)")
        }
        let cos = MarginLoss(.elasticCosface)
        #expect(MarginRoom(loss: cos, gap: Angle(radians: acos(1 - 0.36))).fits)
        #expect(!MarginRoom(loss: cos, gap: Angle(radians: acos(1 - 0.34))).fits)
        #expect(MarginRoom(loss: MarginLoss(.adacos), gap: Angle(degrees: 1)).fits)
        #expect(!MarginRoom(loss: MarginLoss(.magface), gap: Angle(radians: 0.6), length: 60).fits)
        #expect(MarginRoom(loss: MarginLoss(.magface), gap: Angle(radians: 0.65), length: 60).fits)
        var curricular = MarginLoss(.curricularface)
        let room = MarginRoom(loss: curricular, gap: Angle(radians: 0.4))
        #expect(abs(room.room - (Foundation.cos(0.5) - Foundation.cos(0.4) * Foundation.cos(0.4))) < 1e-15 && room.fits)
        curricular[.t] = 0.2
        #expect(!MarginRoom(loss: curricular, gap: Angle(radians: 0.4)).fits)
    }
}
