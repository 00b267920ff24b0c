import Foundation
import Testing
@testable import Geometry

/// The regions of every loss, at angles and norm ratios out to their extremes, against the loss's own logits
/// computed the other way: through `MarginLoss.evaluate`, the batch path `eval` and training use, with real weight
/// vectors of lengths r and 1 and features of length 2.5 (the geometry claims ‖x‖ cancels).
@Suite struct RegionSweepTests {
    static let angles: [Double] = [1, 2, 5, 15, 30, 45, 60, 90, 120, 150, 170, 179, 180]
    static let ratios: [Double] = [0.1, 0.5, 1, 2, 10]
    static let directions = 720

    /// Every loss with its defaults, plus the variants that change the shape: a lambda blend, A-Softmax with
    /// normalised features, easy margin, the combined margin past its turn, and large margins.
    static var losses: [MarginLoss] {
        var list = LossKind.paperKinds.map { MarginLoss($0) }
        var blended = MarginLoss(.lsoftmax); blended.m = 2; blended.lambda = 3
        var normalised = MarginLoss(.sphereface); normalised.normalizesFeatures = true; normalised.s = 30; normalised.m = 3
        var easy = MarginLoss(.arcface); easy.easyMargin = true
        var turning = MarginLoss(.combined); (turning.m1, turning.m2, turning.m3) = (1.35, 0, 0)
        var mixed = MarginLoss(.combined); (mixed.m1, mixed.m2, mixed.m3) = (2, 0.3, 0.2)
        var wide = MarginLoss(.cosface); wide.m = 0.9
        var huge = MarginLoss(.lsoftmax); huge.m = 10
        list += [blended, normalised, easy, turning, mixed, wide, huge]
        return list
    }

    @Test(arguments: losses)
    func arcKindsAgreeWithTheBatchLogits(loss: MarginLoss) throws {
        for angle in Self.angles {
            for ratio in Self.ratios {
                let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: angle), normRatio: ratio)
                let regions = geometry.regions
                Self.checkShape(regions, "\(loss.summary) angle \(angle) ratio \(ratio)")
                try Self.checkKinds(regions, loss: loss, angle: angle, ratio: ratio)
                Self.checkSectorRays(regions, loss: loss, "\(loss.summary) angle \(angle) ratio \(ratio)")
            }
        }
    }

    /// The arcs cover the circle once, in order, from a start in [0, 360°), neighbours of different kinds.
    static func checkShape(_ regions: TwoClassRegions, _ context: String) {
        let arcs = regions.arcs
        guard let first = arcs.first, let last = arcs.last else { Issue.record("no arcs: \(context)"); return }
        #expect(first.from.radians >= 0 && first.from.radians < 2 * .pi, "\(context)")
        #expect(last.to.radians == first.from.radians + 2 * .pi, "\(context)")
        for (a, b) in zip(arcs, arcs.dropFirst()) {
            #expect(a.to == b.from && a.kind != b.kind, "\(context)")
        }
        if arcs.count > 1 { #expect(first.kind != last.kind, "\(context)") }
        #expect(arcs.allSatisfy { $0.width.radians > TwoClassGeometry.boundaryTolerance }, "\(context)")
        #expect(regions.softmaxBoundaries.count == 2, "\(context)")
    }

    /// At 720 directions (off the round angles), the kind of the arc against the batch logits of a class-1 and a
    /// class-2 sample there. A direction whose two logits tie to 1e-9 (relative) cannot be judged and is skipped.
    static func checkKinds(_ regions: TwoClassRegions, loss: MarginLoss, angle: Double, ratio: Double) throws {
        let t12 = Angle(degrees: angle).radians
        let weights = [[ratio, 0], [cos(t12), sin(t12)]]  // ‖W1‖ / ‖W2‖ = ratio
        let phis = (0..<directions).map { 2 * Double.pi * (Double($0) + 0.37) / Double(directions) }
        let features = phis.map { [2.5 * cos($0), 2.5 * sin($0)] }
        let class1 = loss.evaluate(try Batch(weights: weights, features: features, labels: phis.map { _ in 0 }, for: loss))
        let class2 = loss.evaluate(try Batch(weights: weights, features: features, labels: phis.map { _ in 1 }, for: loss))
        var judged = 0
        for (index, phi) in phis.enumerated() {
            let (a, b) = (class1.logits[index, 0], class1.logits[index, 1])
            let (c, d) = (class2.logits[index, 1], class2.logits[index, 0])
            let tie = { (x: Double, y: Double) in abs(x - y) <= 1e-9 * max(abs(x), abs(y)) }
            guard !tie(a, b), !tie(c, d) else { continue }
            judged += 1
            let expected = RegionKind(meetsClass1: a > b, meetsClass2: c > d)
            let kind = regions.kind(at: Angle(radians: phi))
            if kind != expected {
                let place = "\(loss.summary) angle \(angle) ratio \(ratio): at \(Angle(radians: phi).degrees)°"
                Issue.record(Comment(rawValue: place + " the arcs say \(kind), the logits \(expected) (\(a) vs \(b); \(c) vs \(d))"))
                return
            }
        }
        #expect(judged > directions * 9 / 10, "\(loss.summary) angle \(angle) ratio \(ratio): only \(judged) judged")
    }

    /// The sector rays agree with the arcs: each is an arc boundary, the class-1 ray of the inner sector is where
    /// the arc holding W1 ends, and with a monotone target logit and both weights in their own regions, the inner
    /// sector has both rays unless an overlap covers a weight.
    static func checkSectorRays(_ regions: TwoClassRegions, loss: MarginLoss, _ context: String) {
        let ends = Set(regions.arcs.map { normalisedDirection($0.from.radians) })
        let rays = [regions.inner.class1, regions.inner.class2, regions.outer.class1, regions.outer.class2]
        for ray in rays.compactMap({ $0 }) {
            #expect(ends.contains(normalisedDirection(ray.radians)), "\(context)")
        }
        if let class1 = regions.inner.class1 {  // just before, class 1 meets its margin; just past, not
            #expect(regions.kind(at: Angle(radians: class1.radians - 1e-9)).isMet(by: .class1), "\(context)")
            #expect(!regions.kind(at: Angle(radians: class1.radians + 1e-9)).isMet(by: .class1), "\(context)")
        }
        if let class2 = regions.inner.class2 {
            #expect(!regions.kind(at: Angle(radians: class2.radians - 1e-9)).isMet(by: .class2), "\(context)")
            #expect(regions.kind(at: Angle(radians: class2.radians + 1e-9)).isMet(by: .class2), "\(context)")
        }
        if regions.reachesWeight(.class1) && regions.reachesWeight(.class2) && loss.kind != .combined && !loss.easyMargin {
            let overlapAtWeight = ClassLabel.allCases.contains { regions.kind(at: regions.weightDirection($0)) == .overlap }
            #expect(overlapAtWeight || regions.inner.margin != nil, "\(context)")
        }
    }
}
