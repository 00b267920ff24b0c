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

    @Test(arguments: [(60.0, [30.0, 20, 15, 12]), (90.0, [45.0, 30, 22.5, 18]), (120.0, [60.0, 40, 30, 24])] as [(Double, [Double])])
    func aSoftmaxClassOneBoundaryIsSeparationOverMPlusOne(separation: Double, expected: [Double]) {
        for (index, want) in expected.enumerated() {
            let m = Double(index + 1)
            let inner = Self.geometry(.sphereface, m: m, separation: separation).inner
            #expect(abs(inner.class1.degrees - want) < 1e-7, "m=\(m)")
            #expect(abs(inner.class2.degrees - (separation - want)) < 1e-7)
            // margin (m-1)/(m+1) theta12
            #expect(abs(inner.margin.degrees - (m - 1) / (m + 1) * separation) < 1e-7)
        }
    }

    @Test(arguments: [(60.0, 15.676055), (90, 30.676055), (120, 45.676055)])
    func arcFaceClassOneBoundary(separation: Double, expected: Double) {
        let inner = Self.geometry(.arcface, m: 0.5, separation: separation).inner
        #expect(abs(inner.class1.degrees - expected) < 1e-6)
        #expect(abs(inner.margin.radians - 0.5) < 1e-9)  // the margin is m itself
    }

    @Test(arguments: [(60.0, 9.512685), (90, 30.671122), (120, 48.341815)])
    func cosFaceClassOneBoundary(separation: Double, expected: Double) {
        let inner = Self.geometry(.cosface, m: 0.35, separation: separation).inner
        #expect(abs(inner.class1.degrees - expected) < 1e-6)
        // closed form theta12/2 - asin(m / (2 sin(theta12/2))), to 1e-9 rad
        let closed = Angle(degrees: separation / 2).radians - asin(0.35 / (2 * sin(Angle(degrees: separation / 2).radians)))
        #expect(abs(inner.class1.radians - closed) < 1e-9)
    }

    @Test(arguments: [(1.0, 63.434949, 26.565051), (2, 36.375192, 21.470701), (3, 25.808950, 17.598124),
                      (4, 20.034276, 14.812284)])
    func lSoftmaxWithUnequalNorms(m: Double, fromW1: Double, fromW2: Double) {
        let inner = Self.geometry(.lsoftmax, m: m, separation: 90, ratio: 2).inner
        #expect(abs(inner.class1.degrees - fromW1) < 1e-6)
        #expect(abs((90 - inner.class2.degrees) - fromW2) < 1e-6)
    }

    @Test func softmaxBoundarySolvesTheNormRatioEquation() {
        // r cos(theta1) = cos(theta12 - theta1)  =>  tan(theta1) = (r - cos theta12) / sin theta12.
        for (ratio, separation) in [(1.0, 90.0), (2, 90), (0.5, 60), (3, 150)] {
            let inner = Self.geometry(.softmax, m: 0, separation: separation, ratio: ratio).inner
            let t12 = Angle(degrees: separation).radians
            let expected = atan2(ratio - cos(t12), sin(t12))
            #expect(abs(inner.softmax.radians - expected) < 1e-9)
        }
    }

    @Test func outerSectorMirrorsTheInnerOneAcrossTheOrigin() {
        // Equal norms, theta12 = 90: the outer sector spans 270°, its softmax boundary is the opposite ray at 225°.
        let arc = Self.geometry(.arcface, m: 0.5, separation: 90)
        #expect(abs(arc.outer.softmax.degrees - 225) < 1e-7)
        // In the outer sector cos(theta1 + m) = cos(theta2) with theta1 = 360 - phi, theta2 = phi - 90 (< 180):
        // theta1 + m = theta2  =>  phi = (450 + m°) / 2 ... class-1 boundary at 360 - (270 - m°)/2.
        let mDegrees = Angle(radians: 0.5).degrees
        #expect(abs(arc.outer.class1.degrees - (360 - (270 - mDegrees) / 2)) < 1e-7)
        #expect(abs(arc.outer.class2.degrees - (90 + (270 - mDegrees) / 2)) < 1e-7)
        #expect(abs(arc.outer.margin.radians - 0.5) < 1e-9)
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
        let one = Self.geometry(.cosface, m: 0.35, separation: 90, ratio: 1).inner
        let three = Self.geometry(.cosface, m: 0.35, separation: 90, ratio: 3).inner
        #expect(one == three)
    }
}

@Suite struct MarginCurveTests {
    @Test func arcFaceGivesParallelLines() {
        let curves = MarginCurves(loss: MarginLoss(.arcface))
        for degrees in stride(from: 0.0, through: 150, by: 10) {
            let theta2 = curves.class1Boundary(theta1: Angle(degrees: degrees))!
            #expect(abs(theta2.radians - (Angle(degrees: degrees).radians + 0.5)) < 1e-9)
        }
    }

    @Test func sphereFaceGivesAWedge() {
        var loss = MarginLoss(.sphereface)
        loss.m = 3
        let curves = MarginCurves(loss: loss)
        for degrees in stride(from: 0.0, through: 60, by: 5) {  // theta2 = m theta1 while m theta1 <= pi
            let theta2 = curves.class1Boundary(theta1: Angle(degrees: degrees))!
            #expect(abs(theta2.degrees - 3 * degrees) < 1e-7)
        }
        #expect(curves.class1Boundary(theta1: Angle(degrees: 90)) == nil)  // psi < -1: never met
    }

    @Test func cosFaceGivesShiftedDiagonalsInCosineSpace() {
        let curves = MarginCurves(loss: MarginLoss(.cosface))
        for c1 in stride(from: -0.6, through: 1, by: 0.1) {
            #expect(abs(curves.class1Boundary(cosine1: c1)! - (c1 - 0.35)) < 1e-12)
            #expect(abs(curves.class2Boundary(cosine2: c1)! - (c1 - 0.35)) < 1e-12)
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
    /// CosFace at 60°: a sample on W1 has target cos 0 - m = 1 - m against cos 60° = 0.5, so m > 0.5 leaves
    /// class 1 no region at all (and class 2 likewise, by symmetry).
    @Test func aMarginTooLargeForTheAngleLeavesNoRegion() {
        var loss = MarginLoss(.cosface)
        loss.m = 0.49
        #expect(TwoClassGeometry(loss: loss, separation: Angle(degrees: 60)).class1HasRegion)
        loss.m = 0.51
        let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: 60))
        #expect(!geometry.class1HasRegion && !geometry.class2HasRegion)
        #expect(geometry.inner.class1 == .zero)
    }
}
