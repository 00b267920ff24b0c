import Foundation
import Testing
@testable import Geometry

/// Two-class geometry (spec §4): W1 at 0°, W2 at θ12, unit weights; the class-1 boundary in degrees from W1, found
/// by scanning and bisecting "target > non-target" on the rules' own logits (`twoClassMargin`). The expected
/// numbers are the spec's table, which its script found the same way from its own formulas and checked against
/// the closed forms (θ12 − m)/2 for the arc losses, (θ12 + mẑ)/2 − asin(m(1+ẑ)/(2 sin((θ12 − mẑ)/2))) for
/// AdaFace where no clip acts, and the circle c_n² + (c_p − 1)² = 2m² for Circle.
@Suite struct NewLossBoundaryTests {
    static let separations = [60.0, 90, 120, 180]

    func expectBoundaries<L: LogitRule>(_ rule: L, _ expected: [Double], context: SampleContext = SampleContext(
        length: 1, targetCosine: 1), sourceLocation: SourceLocation = #_sourceLocation) {
        for (separation, want) in zip(Self.separations, expected) {
            let found = class1Boundary(rule, separation: Angle(degrees: separation), context: context).degrees
            expectClose(found, want, 1e-6, "\(rule.name) θ12 = \(separation)", sourceLocation: sourceLocation)
        }
    }

    /// AdaCos is NormFace's bisector at any s: 30 / 45 / 60 / 90.
    @Test func adaCosIsTheBisector() { expectBoundaries(AdaCos(s: 4), [30, 45, 60, 90]) }

    /// MagFace (easy margin): ArcFace's ray at (θ12 − m(a))/2 for a = 10 / 60 / 110.
    @Test(arguments: [(10.0, [17.108450, 32.108450, 47.108450, 77.108450]),
                      (60, [12.095069, 27.095069, 42.095069, 72.095069]),
                      (110, [7.081688, 22.081688, 37.081688, 67.081688])] as [(Double, [Double])])
    func magFace(length: Double, expected: [Double]) {
        expectBoundaries(MagFace(), expected, context: SampleContext(length: length, targetCosine: 1))
        let m = MagFace().margin(length: length).value
        expectClose(expected[1], (90 - Angle(radians: m).degrees) / 2, 1e-6, "closed form")
    }

    /// AdaFace for ẑ = −1 … 1 (μ, σ chosen so that the length gives that ẑ: a = μ + ẑ(σ + ε)/h with μ = 20,
    /// σ = 5). ẑ = 0.5 and 1 at 60° have no region; ẑ = 1 at 90° is the clipped value 11.536930, not the closed
    /// form's 10.078342.
    @Test(arguments: [(-1.0, [18.540844, 33.540844, 48.540844, 78.540844]),
                      (-0.5, [14.410237, 31.848727, 47.972667, 78.502338]),
                      (0, [6.421822, 28.570060, 46.647574, 78.463041]),
                      (0.5, [0, 22.438725, 44.041263, 78.181482]),
                      (1, [0, 11.536930, 39.200622, 77.371390])] as [(Double, [Double])])
    func adaFace(zHat: Double, expected: [Double]) {
        let rule = AdaFace()
        let statistics = LossStatistics(adaFace: AdaFaceNorms(mean: 20, standardDeviation: 5, zHats: []))
        let length = 20 + zHat * 5.001 / 0.333
        let context = SampleContext(length: length, targetCosine: 1, statistics: statistics)
        expectClose(rule.scaledNorm(in: context).value, zHat, 1e-12, "ẑ")
        expectBoundaries(rule, expected, context: context)
    }

    /// CurricularFace for t = 0 / 0.5 / 1: early training (t + c2 < 1) shrinks the hard negatives and the region
    /// reaches past ArcFace's ray; at t = 1 it is ArcFace's.
    @Test(arguments: [(0.0, [22.431126, 38.525063, 52.750888, 75.676055]),
                      (0.5, [15.676055, 30.676055, 47.461431, 75.676055]),
                      (1, [15.676055, 30.676055, 45.676055, 75.676055])] as [(Double, [Double])])
    func curricularFace(t: Double, expected: [Double]) {
        let rule = CurricularFace(m: 0.5, s: 64, t: t)
        expectBoundaries(rule, expected, context: SampleContext(length: 1, targetCosine: 1,
                                                                statistics: LossStatistics(curricularT: t)))
    }

    /// Sub-center ArcFace with one row per class is ArcFace: (θ12 − m)/2 (reference: 15.676055 / 30.676055 /
    /// 45.676055 at 60° / 90° / 120°).
    @Test func subCenterWithOneRow() {
        expectBoundaries(SubCenterArcFace(subCenters: 1), [15.676055, 30.676055, 45.676055, 75.676055])
    }

    /// ElasticFace's band: the rays at m − 2σ, m, m + 2σ (arc 0.4 / 0.5 / 0.6, cos 0.25 / 0.35 / 0.45).
    @Test func elasticBands() {
        let arc = ElasticFace(.arc)
        expectBoundaries(arc.fixed(at: arc.band.lower), [18.540844, 33.540844, 48.540844, 78.540844])
        expectBoundaries(arc.fixed(at: arc.band.mean), [15.676055, 30.676055, 45.676055, 75.676055])
        expectBoundaries(arc.fixed(at: arc.band.upper), [12.811266, 27.811266, 42.811266, 72.811266])
        let cosine = ElasticFace(.cos)
        expectBoundaries(cosine.fixed(at: cosine.band.lower), [15.522488, 34.817933, 51.701079, 82.819244])
        expectBoundaries(cosine.fixed(at: cosine.band.mean), [9.512685, 30.671122, 48.341815, 79.921342])
        expectBoundaries(cosine.fixed(at: cosine.band.upper), [3.256316, 26.446014, 44.941353, 76.997122])
    }

    /// Circle, m = 0.25: no region at 60° (θ12 < acos(√2 m) = 69.295°), at 90° cos θ1 = 1 − m² (20.364135°), at
    /// 180° the line c_p = 1 − m (acos 0.75 = 41.409622°).
    @Test func circle() {
        expectBoundaries(CircleLoss(), [0, 20.364135, 43.157646, 41.409622])
        expectClose(Angle(radians: acos(1 - 0.0625)).degrees, 20.364135, 1e-6, "closed form at 90°")
        expectClose(Angle(radians: acos(0.75)).degrees, 41.409622, 1e-6, "the line at 180°")
        // Just past acos(√2 m) a region opens; just before it there is none.
        let threshold = Angle(radians: acos(2.0.squareRoot() * 0.25)).degrees
        expectClose(threshold, 69.295189, 1e-6)
        #expect(class1Boundary(CircleLoss(), separation: Angle(degrees: threshold - 0.01)).degrees == 0)
        #expect(class1Boundary(CircleLoss(), separation: Angle(degrees: threshold + 0.01)).degrees > 0)
    }
}
