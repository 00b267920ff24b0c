import Foundation
import Testing
@testable import Geometry

/// The boundary tables of the reference (equal norms) and the L-Softmax table with ‖W1‖ = 2‖W2‖.
@Suite struct TwoClassGeometryTests {
    static func geometry(_ kind: LossKind, m: Double, separation: Double, ratio: Double = 1) -> TwoClassGeometry {
        var loss = MarginLoss(kind)
        loss.m = m
        return TwoClassGeometry(loss: loss, separation: Angle(degrees: separation), normRatio: ratio)
    }

    /// The three rays and the margin of the sector between W1 and W2, each required to exist.
    static func inner(_ geometry: TwoClassGeometry) throws -> (class1: Angle, class2: Angle, margin: Angle, softmax: Angle) {
        let inner = geometry.regions.inner
        return (try #require(inner.class1), try #require(inner.class2), try #require(inner.margin),
                try #require(inner.softmax))
    }

    @Test(arguments: [(60.0, [30.0, 20, 15, 12]), (90.0, [45.0, 30, 22.5, 18]), (120.0, [60.0, 40, 30, 24])] as [(Double, [Double])])
    func aSoftmaxClassOneBoundaryIsSeparationOverMPlusOne(separation: Double, expected: [Double]) throws {
        for (index, want) in expected.enumerated() {
            let m = Double(index + 1)
            let inner = try Self.inner(Self.geometry(.sphereface, m: m, separation: separation))
            #expect(abs(inner.class1.degrees - want) < 1e-7, "m=\(m)")
            #expect(abs(inner.class2.degrees - (separation - want)) < 1e-7)
            // margin (m-1)/(m+1) theta12
            #expect(abs(inner.margin.degrees - (m - 1) / (m + 1) * separation) < 1e-7)
        }
    }

    @Test(arguments: [(60.0, 15.676055), (90, 30.676055), (120, 45.676055)])
    func arcFaceClassOneBoundary(separation: Double, expected: Double) throws {
        let inner = try Self.inner(Self.geometry(.arcface, m: 0.5, separation: separation))
        #expect(abs(inner.class1.degrees - expected) < 1e-6)
        #expect(abs(inner.margin.radians - 0.5) < 1e-9)  // the margin is m itself
    }

    @Test(arguments: [(60.0, 9.512685), (90, 30.671122), (120, 48.341815)])
    func cosFaceClassOneBoundary(separation: Double, expected: Double) throws {
        let inner = try Self.inner(Self.geometry(.cosface, m: 0.35, separation: separation))
        #expect(abs(inner.class1.degrees - expected) < 1e-6)
        // closed form theta12/2 - asin(m / (2 sin(theta12/2))), to 1e-12 rad (bisected to the last bit)
        let closed = Angle(degrees: separation / 2).radians - asin(0.35 / (2 * sin(Angle(degrees: separation / 2).radians)))
        #expect(abs(inner.class1.radians - closed) < 1e-12)
    }

    @Test(arguments: [(1.0, 63.434949, 26.565051), (2, 36.375192, 21.470701), (3, 25.808950, 17.598124),
                      (4, 20.034276, 14.812284)])
    func lSoftmaxWithUnequalNorms(m: Double, fromW1: Double, fromW2: Double) throws {
        let inner = try Self.inner(Self.geometry(.lsoftmax, m: m, separation: 90, ratio: 2))
        #expect(abs(inner.class1.degrees - fromW1) < 1e-6)
        #expect(abs((90 - inner.class2.degrees) - fromW2) < 1e-6)
    }

    @Test func softmaxBoundarySolvesTheNormRatioEquation() throws {
        // r cos(theta1) = cos(theta12 - theta1)  =>  tan(theta1) = (r - cos theta12) / sin theta12.
        for (ratio, separation) in [(1.0, 90.0), (2, 90), (0.5, 90), (3, 150)] {
            let geometry = Self.geometry(.softmax, m: 0, separation: separation, ratio: ratio)
            let t12 = Angle(degrees: separation).radians
            let expected = atan2(ratio - cos(t12), sin(t12))
            #expect(abs(try #require(geometry.regions.inner.softmax).radians - expected) < 1e-12)
            // The class regions of softmax are the two half-circles on either side of the ties.
            let arcs = geometry.regions.arcs
            #expect(arcs.count == 2 && arcs.allSatisfy { abs($0.width.radians - .pi) < 1e-12 })
            #expect(abs(arcs[0].from.radians - expected) < 1e-12 && arcs[0].kind == .class2)
        }
    }

    @Test func outerSectorMirrorsTheInnerOneAcrossTheOrigin() throws {
        // Equal norms, theta12 = 90: the outer sector spans 270°, its softmax boundary is the opposite ray at 225°.
        let outer = Self.geometry(.arcface, m: 0.5, separation: 90).regions.outer
        #expect(abs(try #require(outer.softmax).degrees - 225) < 1e-7)
        // In the outer sector cos(theta1 + m) = cos(theta2) with theta1 = 360 - phi, theta2 = phi - 90 (< 180):
        // theta1 + m = theta2  =>  phi = (450 + m°) / 2 ... class-1 boundary at 360 - (270 - m°)/2.
        let mDegrees = Angle(radians: 0.5).degrees
        let (class1, class2) = (try #require(outer.class1), try #require(outer.class2))
        #expect(abs(class1.degrees - (360 - (270 - mDegrees) / 2)) < 1e-7)
        #expect(abs(class2.degrees - (90 + (270 - mDegrees) / 2)) < 1e-7)
        #expect(abs(try #require(outer.margin).radians - 0.5) < 1e-9)
    }

    @Test func classifyPaintsRegionsAndTheMarginZone() {
        let arc = Self.geometry(.arcface, m: 0.5, separation: 90)  // class-1 boundary 30.676°, class-2 59.324°
        #expect(arc.classify(Angle(degrees: 10)) == PointClass(argmaxClass: 1, meetsClass1Margin: true, meetsClass2Margin: false))
        #expect(arc.classify(Angle(degrees: 40)) == PointClass(argmaxClass: 1, meetsClass1Margin: false, meetsClass2Margin: false))
        #expect(arc.classify(Angle(degrees: 50)) == PointClass(argmaxClass: 2, meetsClass1Margin: false, meetsClass2Margin: false))
        #expect(arc.classify(Angle(degrees: 80)) == PointClass(argmaxClass: 2, meetsClass1Margin: false, meetsClass2Margin: true))
        #expect(arc.classify(Angle(degrees: -30)).meetsClass1Margin)
    }

    @Test func normalisedLossesIgnoreTheNormRatio() {
        let one = Self.geometry(.cosface, m: 0.35, separation: 90, ratio: 1).regions
        let three = Self.geometry(.cosface, m: 0.35, separation: 90, ratio: 3).regions
        #expect(one == three)
    }
}

/// Known answers where a norm ratio far from 1 moves a class's region off its own weight vector (issue 7, item 1).
@Suite struct UnequalNormRegionTests {
    /// Softmax, theta12 = 60°, r = 3: the logits tie where 3 cos phi = cos(phi - 60°), i.e.
    /// tan phi = (3 - cos 60°) / sin 60° = 2.5 / (sqrt 3 / 2) = 5 / sqrt 3, phi = atan(5 / sqrt 3) = 70.8934°.
    /// Class 2 owns the half-circle beyond that ray, 70.89° to 250.89°, which does not hold W2 at 60°; class 1 owns
    /// the rest, W1 and W2 both. Softmax has no margin, so there is no margin zone and no overlap.
    @Test func softmaxAtSixtyDegreesAndRatioThree() throws {
        let geometry = TwoClassGeometry(loss: MarginLoss(.softmax), separation: Angle(degrees: 60), normRatio: 3)
        let regions = geometry.regions
        let tie = atan(5 / 3.0.squareRoot())
        #expect(abs(Angle(radians: tie).degrees - 70.893394649131) < 1e-9)
        #expect(regions.arcs.map(\.kind) == [.class2, .class1])
        #expect(abs(regions.arcs[0].from.radians - tie) < 1e-12)
        #expect(abs(regions.arcs[0].to.radians - (tie + .pi)) < 1e-12)
        #expect(abs(regions.arcs[1].to.radians - (tie + 2 * .pi)) < 1e-12)  // wraps through W1
        #expect(regions.hasRegion(.class2) && !regions.reachesWeight(.class2) && regions.reachesWeight(.class1))
        #expect(geometry.shortfalls(in: regions) == [.class2: .missesWeight(cause: .normRatio)])
        // No ray of class 1 or class 2 and no margin in the inner sector, nor a tie: every key there is undefined.
        let inner = regions.inner
        #expect(inner.softmax == nil && inner.class1 == nil && inner.class2 == nil && inner.margin == nil)
        // The outer sector holds both ties, so no single softmax ray; class 1's region starts at the far tie.
        let outer = regions.outer
        #expect(outer.softmax == nil && outer.class2 == nil && outer.margin == nil)
        #expect(abs(try #require(outer.class1).radians - (tie + .pi)) < 1e-12)
    }

    /// L-Softmax m = 4, theta12 = 30°, r = 10 (lambda 0). In the inner sector class 1 meets its margin while
    /// 10 cos(4 phi) > cos(30° - phi) (psi = cos 4 theta for theta < 45°). Class 2 has a region, but far from W2:
    /// on W2 a class-2 sample has psi(0) = 1 against 10 cos 30° = 8.66. With r = 1 it would meet it (1 > cos 30°),
    /// so the norm ratio is to blame. Each boundary solves its own equation, checked here with plain Foundation.
    @Test func lSoftmaxAtThirtyDegreesAndRatioTen() throws {
        var loss = MarginLoss(.lsoftmax)
        loss.m = 4
        let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: 30), normRatio: 10)
        let regions = geometry.regions
        #expect(regions.arcs.map(\.kind) == [.margin, .class2, .margin, .class1])
        let t12 = Angle(degrees: 30).radians
        func psi4(_ theta: Double) -> Double {  // (-1)^k cos(4 theta) - 2k, k = floor(4 theta / pi)
            let k = min(floor(4 * theta / .pi), 3)
            return (k.truncatingRemainder(dividingBy: 2) == 0 ? 1 : -1) * cos(4 * theta) - 2 * k
        }
        func theta(_ a: Double, _ b: Double) -> Double { acos(cos(a - b)) }
        let class1Residual = { (phi: Double) in 10 * psi4(theta(phi, 0)) - cos(theta(phi, t12)) }
        let class2Residual = { (phi: Double) in psi4(theta(phi, t12)) - 10 * cos(theta(phi, 0)) }
        let (end1, start2, end2, start1) = (regions.arcs[0].from.radians, regions.arcs[1].from.radians,
                                            regions.arcs[2].from.radians, regions.arcs[3].from.radians)
        for (phi, residual) in [(end1, class1Residual), (start2, class2Residual), (end2, class2Residual),
                                (start1, class1Residual)] {
            #expect(abs(residual(phi)) < 1e-12, "residual at \(Angle(radians: phi).degrees)°")
        }
        #expect(abs(Angle(radians: end1).degrees - 21.0826071) < 1e-6)
        #expect(try #require(regions.inner.class1) == Angle(radians: end1))
        #expect(regions.inner.class2 == nil && regions.inner.margin == nil)
        #expect(geometry.shortfalls(in: regions) == [.class2: .missesWeight(cause: .normRatio)])
        #expect(geometry.withEqualNorms.regions.reachesWeight(.class2))
    }
}
@Suite struct MarginCurveTests {
    @Test func arcFaceGivesParallelLines() {
        let curves = MarginCurves(loss: MarginLoss(.arcface))
        for degrees in stride(from: 0.0, through: 150, by: 10) {
            let theta2 = curves.boundary(of: .class1, angle: Angle(degrees: degrees))!
            #expect(abs(theta2.radians - (Angle(degrees: degrees).radians + 0.5)) < 1e-9)
        }
    }

    @Test func sphereFaceGivesAWedge() {
        var loss = MarginLoss(.sphereface)
        loss.m = 3
        let curves = MarginCurves(loss: loss)
        for degrees in stride(from: 0.0, through: 60, by: 5) {  // theta2 = m theta1 while m theta1 <= pi
            let theta2 = curves.boundary(of: .class1, angle: Angle(degrees: degrees))!
            #expect(abs(theta2.degrees - 3 * degrees) < 1e-7)
        }
        #expect(curves.boundary(of: .class1, angle: Angle(degrees: 90)) == nil)  // psi < -1: never met
    }

    @Test func cosFaceGivesShiftedDiagonalsInCosineSpace() {
        let curves = MarginCurves(loss: MarginLoss(.cosface))
        for c1 in stride(from: -0.6, through: 1, by: 0.1) {
            #expect(abs(curves.boundary(of: .class1, cosine: c1)! - (c1 - 0.35)) < 1e-12)
            #expect(abs(curves.boundary(of: .class2, cosine: c1)! - (c1 - 0.35)) < 1e-12)
        }
    }
}

@Suite struct PointClassificationTests {
    /// The per-point shortcut (cosines from the vector) agrees with classifying the direction's angle.
    @Test(arguments: LossKind.allCases)
    func vectorAndAngleClassificationAgree(kind: LossKind) {
        let geometry = TwoClassGeometry(loss: MarginLoss(kind), separation: Angle(degrees: 75), normRatio: 1.7)
        for degrees in stride(from: -179.3, through: 180, by: 1) {  // off the exact softmax ties at 37.5° and -142.5°
            let angle = Angle(degrees: degrees)
            let radius = 0.3 + abs(degrees) / 200
            #expect(geometry.classify(x: radius * cos(angle.radians), y: radius * sin(angle.radians))
                    == geometry.classify(angle), "\(kind) at \(degrees)°")
        }
    }
}

@Suite struct EmptyRegionTests {
    /// CosFace, equal norms: class 1 meets its margin where cos phi - m > cos(phi - theta12). The difference
    /// cos phi - cos(phi - theta12) = -2 sin(theta12/2) sin(phi - theta12/2) peaks at 2 sin(theta12/2) on the
    /// ray phi = theta12/2 - 90°, so class 1 has a region iff m < 2 sin(theta12/2), namely
    /// sin(phi - theta12/2) < -m / (2 sin(theta12/2)): the arc theta12/2 - 90° ± delta with
    /// delta = acos(m / (2 sin(theta12/2))). It holds W1 only if 1 - m > cos theta12.
    /// At theta12 = 30°: 2 sin 15° = 0.517638, so m = 0.51 leaves a 19.7° arc around 285° that misses W1 (the
    /// margin is to blame: 1 - 0.51 < cos 30°), and m = 0.52 leaves no region at all.
    @Test func aMarginTooLargeForTheAngleMovesOrRemovesTheRegion() throws {
        var loss = MarginLoss(.cosface)
        let t12 = Angle(degrees: 30)
        let peak = 2 * sin(t12.radians / 2)
        loss.m = 0.51
        let geometry = TwoClassGeometry(loss: loss, separation: t12)
        let regions = geometry.regions
        let region = regions.region(of: .class1)
        #expect(region.count == 1)
        let delta = acos(0.51 / peak)
        let centre = t12.radians / 2 - .pi / 2 + 2 * .pi  // 285°
        let arc = try #require(region.first)
        #expect(abs(arc.from.radians - (centre - delta)) < 1e-12 && abs(arc.to.radians - (centre + delta)) < 1e-12)
        #expect(abs(arc.width.degrees - 19.70) < 0.01)
        #expect(geometry.shortfalls(in: regions) == [.class1: .missesWeight(cause: .margin),
                                                     .class2: .missesWeight(cause: .margin)])
        #expect(regions.inner.class1 == nil && regions.inner.margin == nil)
        loss.m = 0.52
        let none = TwoClassGeometry(loss: loss, separation: t12)
        let noneRegions = none.regions
        #expect(!noneRegions.hasRegion(.class1) && !noneRegions.hasRegion(.class2))
        #expect(noneRegions.arcs == [RegionArc(from: .zero, to: Angle(radians: 2 * .pi), kind: .margin)])
        #expect(none.shortfalls(in: noneRegions) == [.class1: .noRegion(cause: .margin), .class2: .noRegion(cause: .margin)])
    }

    /// The same region, narrowed until it is far thinner than the 0.1° scan: found by searching the peak of the
    /// margin function. delta = acos(m / peak) = 0.001° needs m = peak cos(0.001°).
    @Test func anArcNarrowerThanTheScanIsFound() throws {
        var loss = MarginLoss(.cosface)
        let t12 = Angle(degrees: 30)
        let peak = 2 * sin(t12.radians / 2)
        let delta = Angle(degrees: 0.001).radians
        loss.m = peak * cos(delta)
        let region = TwoClassGeometry(loss: loss, separation: t12).regions.region(of: .class1)
        let arc = try #require(region.first)
        #expect(region.count == 1)
        #expect(abs(arc.width.radians - 2 * delta) < 1e-9)  // a tangent-like crossing: the position carries ~1e-10
    }
}
