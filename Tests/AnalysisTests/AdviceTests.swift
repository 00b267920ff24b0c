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
