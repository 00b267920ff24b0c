import Foundation
import Testing
@testable import Geometry

/// Sub-center ArcFace's two-class picture with every sub-centre (k per class, fanned out round W1 and W2) against
/// the batch path `eval` and training use: real weight rows at the fan's directions, features of length 2.5 at
/// many directions, and `MarginLoss.evaluation`'s logits (does the sample meet its margin?) and winners (which
/// sub-centre is its class's best?). Plus ElasticFace's band against ArcFace's and CosFace's known rays.
@Suite struct SubCenterRegionTests {
    static let angles: [Double] = [1, 5, 15, 20, 45, 60, 90, 100, 120, 150, 179, 180]
    static let counts = [1, 2, 3, 4, 7, 10]
    static let margins = [0.5, 0.1, 1.2]
    static let directions = 1440

    static func loss(k: Int, m: Double) -> MarginLoss {
        var loss = MarginLoss(.subcenterArcface)
        loss[.subCenters] = Double(k)
        loss.m = m
        return loss
    }

    /// The fan written out by hand from its definition, α_jr = W_j + (r − (k − 1)/2) · 15°, as weight rows of
    /// class 0 (rows 0 … k − 1) and class 1 (rows k … 2k − 1), the layout `SubCenterCosines` reads.
    static func weightRows(k: Int, separation: Double) -> [[Double]] {
        [0.0, separation].flatMap { centre in
            (0..<k).map { r in
                let alpha = (centre + (Double(r) - Double(k - 1) / 2) * 15) * .pi / 180
                return [cos(alpha), sin(alpha)]
            }
        }
    }

    @Test(arguments: counts)
    func regionsAndWinnersAgreeWithTheBatch(k: Int) throws {
        for m in Self.margins {
            for angle in Self.angles {
                let loss = Self.loss(k: k, m: m)
                let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: angle),
                                                subCenters: SubCenterFan(count: k))
                let regions = geometry.regions
                let arcs = geometry.subCenterArcs(in: regions)
                let context = "k \(k) m \(m) angle \(angle)"
                Self.checkShape(arcs, regions: regions, context)
                try Self.checkAgainstBatch(geometry, regions: regions, arcs: arcs, k: k, angle: angle, context)
            }
        }
    }

    /// Each class's arcs are disjoint, in order, of positive width, and together as wide as its region; the
    /// dividers lie between two arcs of one class with different sub-centres.
    static func checkShape(_ arcs: [SubCenterArc], regions: TwoClassRegions, _ context: String) {
        for label in ClassLabel.allCases {
            let own = arcs.filter { $0.label == label }
            let regionWidth = regions.region(of: label).map(\.width.radians).reduce(0, +)
            let arcWidth = own.map(\.span.width.radians).reduce(0, +)
            #expect(abs(regionWidth - arcWidth) < 1e-9, "\(context) class \(label.rawValue)")
            for (a, b) in zip(own, own.dropFirst()) {
                #expect(a.span.from < b.span.from && a.span.to.radians <= b.span.from.radians + 1e-12, "\(context)")
            }
            #expect(own.allSatisfy { $0.span.width.radians > 0 && (0..<(2 * .pi)).contains($0.span.from.radians) })
        }
    }

    static func checkAgainstBatch(_ geometry: TwoClassGeometry, regions: TwoClassRegions, arcs: [SubCenterArc],
                                  k: Int, angle: Double, _ context: String) throws {
        let loss = geometry.loss
        let weights = weightRows(k: k, separation: angle)
        let phis = (0..<directions).map { 2 * Double.pi * (Double($0) + 0.37) / Double(directions) }
        let features = phis.map { [2.5 * cos($0), 2.5 * sin($0)] }
        let class1 = loss.evaluation(of: try Batch(weights: weights, features: features, labels: phis.map { _ in 0 },
                                                   for: loss))
        let class2 = loss.evaluation(of: try Batch(weights: weights, features: features, labels: phis.map { _ in 1 },
                                                   for: loss))
        var judged = 0
        var winnerFlips: [Int] = []  // indices i where the margin-free winner differs from that at i − 1
        for (i, phi) in phis.enumerated() {
            let direction = Angle(radians: phi)
            let (a, b) = (class1.evaluation.logits[i, 0], class1.evaluation.logits[i, 1])
            let (c, d) = (class2.evaluation.logits[i, 1], class2.evaluation.logits[i, 0])
            let cosines = (class1.evaluation.cosines[i, 0], class1.evaluation.cosines[i, 1])
            // Class 1 wins ties to 1e-12, as the geometry's ties say (fans that coincide tie on whole arcs).
            let winsClass1 = cosines.0 >= cosines.1 - 1e-12
            if i > 0, winsClass1 != (class1.evaluation.cosines[i - 1, 0] >= class1.evaluation.cosines[i - 1, 1] - 1e-12) {
                winnerFlips.append(i)
            }
            let tie = { (x: Double, y: Double) in abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300) }
            // A direction where two sub-centres of one class nearly tie cannot be judged for its winner.
            let rowCosines = class1.rowCosines.row(i)
            let nearTie = (0..<2).contains { j in
                let own = rowCosines[(j * k)..<((j + 1) * k)].sorted(by: >)
                return own.count > 1 && own[0] - own[1] < 1e-9
            }
            guard !tie(a, b), !tie(c, d), !tie(cosines.0, cosines.1), !nearTie else { continue }
            judged += 1
            let expected = RegionKind(meetsClass1: a > b, meetsClass2: c > d)
            let kind = regions.kind(at: direction)
            guard kind == expected else {
                Issue.record(Comment(rawValue: "\(context): at \(direction.degrees)° the arcs say \(kind), the logits \(expected)"))
                return
            }
            #expect(geometry.classify(direction).argmaxClass == (winsClass1 ? 1 : 2), "\(context) \(direction.degrees)°")
            for (label, evaluation) in [(ClassLabel.class1, class1), (.class2, class2)] {
                let column = label.rawValue - 1
                let winner = evaluation.winners[i][column] - column * k  // r within the class
                let holding = arcs.first { $0.label == label && $0.span.contains(direction) }
                if expected.isMet(by: label) {
                    guard let holding else {
                        Issue.record(Comment(rawValue: "\(context): class \(label.rawValue) meets its margin at "
                                             + "\(direction.degrees)° but no sub-centre arc holds it"))
                        return
                    }
                    #expect(holding.index == winner, "\(context) class \(label.rawValue) at \(direction.degrees)°")
                } else {
                    #expect(holding == nil, "\(context) class \(label.rawValue) at \(direction.degrees)°")
                }
                #expect(geometry.bestSubCenter(of: label, at: direction) == winner, "\(context)")
            }
        }
        // Where the fans coincide (θ12 a multiple of 15°, k large) the best cosines tie on whole arcs, which are
        // not judged: still more than half the circle is.
        #expect(judged > directions / 2, "\(context): only \(judged) judged")
        // Every change of the margin-free winner between neighbouring directions has a softmax boundary between
        // them, and every boundary one change (ties closer than a step are not told apart: none here but the
        // coinciding fans).
        let ties = regions.softmaxBoundaries.map(\.radians)
        for i in winnerFlips {
            #expect(ties.contains { $0 > phis[i - 1] && $0 < phis[i] }, "\(context): no tie between \(phis[i - 1]) and \(phis[i])")
        }
        let step = 2 * Double.pi / Double(directions)
        for tie in ties where tie > phis[0] && tie < phis[phis.count - 1] {
            let i = Int(((tie / step) - 0.37).rounded(.up))
            #expect(winnerFlips.contains(i) || ties.filter({ abs($0 - tie) < step }).count > 1,
                    "\(context): the tie at \(tie * 180 / .pi)° is no change of winner")
        }
    }

    /// k = 3 at θ12 = 90°: class 1's sub-centres at −15°, 0°, 15° and class 2's at 75°, 90°, 105°, so the inner
    /// rays are ArcFace's between 15° and 75° (θ12 = 60° in the reference: 15.676055° from each) and the outer
    /// ones where, going from the tie at 225° (120° from both 345° and 105°), θ̃1 = 345° − φ plus m reaches
    /// θ̃2 = φ − 105°: φ = 225° + m/2 for class 1, 225° − m/2 for class 2. Sub-centre 1 (W1 itself) wins ±7.5°.
    @Test func threeSubCentresAtRightAnglesHaveArcFacesRays() {
        let geometry = TwoClassGeometry(loss: Self.loss(k: 3, m: 0.5), separation: Angle(degrees: 90),
                                        subCenters: SubCenterFan(count: 3))
        let regions = geometry.regions
        #expect(abs(regions.inner.class1!.degrees - (15 + 15.676055)) < 1e-6)
        #expect(abs(regions.inner.class2!.degrees - (75 - 15.676055)) < 1e-6)
        #expect(abs(regions.inner.margin!.degrees - 0.5 * 180 / .pi) < 1e-6)
        let halfMargin = 0.25 * 180 / Double.pi
        #expect(abs(regions.outer.class1!.degrees - (225 + halfMargin)) < 1e-6)
        #expect(abs(regions.outer.class2!.degrees - (225 - halfMargin)) < 1e-6)
        #expect(regions.softmaxBoundaries.map { ($0.degrees * 1e6).rounded() / 1e6 } == [45, 225])
        let arcs = geometry.subCenterArcs(in: regions).filter { $0.label == .class1 }
        // In order of their starts: +15°'s from 7.5° to the inner ray, −15°'s from the outer ray to 352.5°, and W1's
        // own from 352.5° through 0° to 7.5°.
        #expect(arcs.map(\.index) == [2, 0, 1])
        #expect(abs(arcs[0].span.from.degrees - 7.5) < 1e-9 && abs(arcs[0].span.to.degrees - (15 + 15.676055)) < 1e-6)
        #expect(abs(arcs[1].span.from.degrees - (225 + halfMargin)) < 1e-6 && abs(arcs[1].span.to.degrees - 352.5) < 1e-9)
        #expect(abs(arcs[2].span.from.degrees - 352.5) < 1e-9 && abs(arcs[2].span.to.degrees - 367.5) < 1e-9)
        let dividers = geometry.subCenterDividers(of: .class1, in: regions).map(\.degrees)
        #expect(dividers.count == 2 && abs(dividers[0] - 7.5) < 1e-9 && abs(dividers[1] - 352.5) < 1e-9)
        // The handover behind the fan (180°) lies in class 2's region, so it divides nothing.
        #expect(geometry.subCenterHandovers(of: .class1).contains { abs($0.degrees - 180) < 1e-9 })
    }

    /// With raw weights and ‖W1‖/‖W2‖ = r the margin-free logits of a fan tie where r · max_r cos(phi − α_1r) =
    /// max_r cos(phi − β_2r), which is no bisector: the ties against a scan of that difference, worked out here
    /// from the fan's definition, at 7200 directions.
    @Test func fanTiesWithUnequalNormsAreWhereTheLogitsTie() {
        for (ratio, angle, k) in [(2.0, 90.0, 3), (0.5, 40.0, 4), (3.0, 150.0, 2), (1.0, 20.0, 5)] {
            let geometry = TwoClassGeometry(loss: MarginLoss(.softmax), separation: Angle(degrees: angle),
                                            normRatio: ratio, subCenters: SubCenterFan(count: k))
            let rows = Self.weightRows(k: k, separation: angle)
            let difference = { (phi: Double) -> Double in
                let c = rows.map { $0[0] * cos(phi) + $0[1] * sin(phi) }
                return ratio * c[0..<k].max()! - c[k...].max()!
            }
            let steps = 7200
            var changes: [(Double, Double)] = []
            for i in 0..<steps {
                let (a, b) = (2 * Double.pi * Double(i) / Double(steps), 2 * Double.pi * Double(i + 1) / Double(steps))
                if (difference(a) >= 0) != (difference(b) >= 0) { changes.append((a, b)) }
            }
            let ties = geometry.regions.softmaxBoundaries.map(\.radians)
            #expect(ties.count == changes.count, "ratio \(ratio) angle \(angle) k \(k): \(ties) against \(changes)")
            for (a, b) in changes {
                #expect(ties.contains { $0 >= a - 1e-12 && $0 <= b + 1e-12 }, "ratio \(ratio) angle \(angle) k \(k)")
            }
            for tie in ties { #expect(abs(difference(tie)) < 1e-9, "ratio \(ratio) angle \(angle) k \(k)") }
        }
    }

    /// With k = 1 the fan is W1 and W2 alone: the same regions as ArcFace's, and one arc per class region.
    @Test func oneSubCentreIsArcFace() {
        for angle in Self.angles {
            let fan = TwoClassGeometry(loss: Self.loss(k: 1, m: 0.5), separation: Angle(degrees: angle),
                                       subCenters: SubCenterFan(count: 1))
            let arcface = TwoClassGeometry(loss: MarginLoss(.arcface), separation: Angle(degrees: angle))
            let (a, b) = (fan.regions, arcface.regions)
            #expect(a.arcs.map(\.kind) == b.arcs.map(\.kind), "\(angle)")
            for (x, y) in zip(a.arcs, b.arcs) { #expect(abs(x.from.radians - y.from.radians) < 1e-9, "\(angle)") }
            let arcs = fan.subCenterArcs(in: a)
            #expect(arcs.count == a.region(of: .class1).count + a.region(of: .class2).count, "\(angle)")
            #expect(arcs.allSatisfy { $0.index == 0 })
        }
    }

    /// ElasticFace's band with equal norms: the class-1 ray at ArcFace's (θ12 − m')/2 and CosFace's
    /// θ12/2 − asin(m' / (2 sin(θ12/2))) (the reference's formulas) for m' = m − 2σ and m + 2σ.
    @Test func elasticBandRaysAreTheFixedMarginRays() throws {
        for angle in [60.0, 90, 120] {
            let t12 = angle * .pi / 180
            var arc = MarginLoss(.elasticArcface)
            arc[.sigma] = 0.1
            let arcBand = try #require(TwoClassGeometry(loss: arc, separation: Angle(degrees: angle)).elasticBand)
            #expect(abs(arcBand.lower.regions.inner.class1!.radians - (t12 - 0.3) / 2) < 1e-9, "\(angle)")
            #expect(abs(arcBand.upper.regions.inner.class1!.radians - (t12 - 0.7) / 2) < 1e-9, "\(angle)")
            #expect(abs(arcBand.lower.regions.inner.class2!.radians - (t12 + 0.3) / 2) < 1e-9, "\(angle)")
            let cos = MarginLoss(.elasticCosface)  // m 0.35, σ 0.05
            let cosBand = try #require(TwoClassGeometry(loss: cos, separation: Angle(degrees: angle)).elasticBand)
            for (geometry, m) in [(cosBand.lower, 0.25), (cosBand.upper, 0.45)] {
                #expect(abs(geometry.regions.inner.class1!.radians - (t12 / 2 - asin(m / (2 * sin(t12 / 2))))) < 1e-9,
                        "\(angle) \(m)")
            }
        }
        #expect(TwoClassGeometry(loss: MarginLoss(.arcface), separation: Angle(degrees: 90)).elasticBand == nil)
    }
}
