import Foundation
import Geometry
import Testing
@testable import Figures

/// The two-class plane written as SVG and read back: every ray's class and direction against `TwoClassGeometry`,
/// across losses, separations and norm ratios (0.1 and 10 included), with the reference's known answers.
@Suite struct PlaneFigureTests {
    static let rayClasses: Set<String> = ["w1", "w2", "softmax-boundary", "class1-boundary", "class2-boundary"]

    static func loss(_ kind: LossKind, _ change: (inout MarginLoss) -> Void = { _ in }) -> MarginLoss {
        var loss = MarginLoss(kind)
        change(&loss)
        return loss
    }

    static let losses: [MarginLoss] = [
        loss(.softmax), loss(.normface), loss(.arcface), loss(.cosface), loss(.sphereface) { $0.m = 4 },
        loss(.lsoftmax) { $0.m = 2 }, loss(.lsoftmax) { $0.m = 4; $0.lambda = 5 }, loss(.combined) { $0.m1 = 0.9; $0.m2 = 0.4; $0.m3 = 0.15 },
    ]

    static func samples(separation: Angle) -> [PlaneSample] {
        [PlaneSample(direction: Angle(degrees: 12), radius: 0.9, label: .class1),
         PlaneSample(direction: Angle(degrees: -40), radius: 0.7, label: .class1),
         PlaneSample(direction: Angle(degrees: separation.degrees + 5), radius: 0.8, label: .class2),
         PlaneSample(direction: Angle(degrees: separation.degrees - 50), radius: 0.6, label: .class2),
         PlaneSample(direction: Angle(degrees: 200), radius: 0.5, label: .class2)]
    }

    /// A ray read back from the SVG: its classes, its `data-angle-deg`, and the direction of its drawn end.
    struct ReadRay {
        var classes: [String]
        var angle: Double
        var drawnAngle: Double
        var length: Double
    }

    static func rays(of scene: Scene) throws -> [ReadRay] {
        let (root, layout, _) = try parsedSVG(scene)
        return try root.all.filter { $0.name == "line" }.map { line in
            let start = layout.world(x: try line.required("x1"), y: try line.required("y1"))
            let end = layout.world(x: try line.required("x2"), y: try line.required("y2"))
            var drawn = atan2(end.y - start.y, end.x - start.x) * 180 / .pi
            if drawn < 0 { drawn += 360 }
            return ReadRay(classes: line.classes, angle: try line.required("data-angle-deg"), drawnAngle: drawn,
                           length: hypot(end.x - start.x, end.y - start.y))
        }
    }

    /// The distance between two directions in degrees, across 0/360.
    static func apart(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 360)
        return min(d, 360 - d)
    }

    /// Directions of `rays` with class `name`, sorted.
    static func angles(_ rays: [ReadRay], _ name: String) -> [Double] {
        rays.filter { $0.classes.contains(name) }.map(\.angle).sorted()
    }

    static func matches(_ read: [Double], _ expected: [Angle]) -> Bool {
        let want = expected.map { normalisedDegrees($0) }.sorted()
        return read.count == want.count && zip(read, want).allSatisfy { apart($0, $1) < 1e-9 }
    }

    @Test(arguments: [30.0, 60, 90, 120, 170, 180])
    func everyRayReadsBackAgainstTheGeometry(separationDegrees: Double) throws {
        for loss in Self.losses {
            for ratio in [0.1, 1, 2, 10] {
                let separation = Angle(degrees: separationDegrees)
                let geometry = TwoClassGeometry(loss: loss, separation: separation, normRatio: ratio)
                let regions = geometry.regions
                let scene = PlaneFigure.scene(loss: loss, separation: separation, normRatio: ratio,
                                              samples: Self.samples(separation: separation))
                let rays = try Self.rays(of: scene)
                let context = "\(loss.summary) angle=\(separationDegrees) ratio=\(ratio)"
                for ray in rays {
                    // One of the classes, plus `outer` exactly where the ray lies past W2.
                    let named = ray.classes.filter { Self.rayClasses.contains($0) }
                    #expect(named.count == 1, "\(ray.classes) \(context)")
                    // (A ray within rounding of W2, as the softmax tie of r = 2 at 60° is, may fall either side, as
                    // it does in `TwoClassRegions.inner` and `outer`, which the builder follows.)
                    let past = ray.angle - normalisedDegrees(separation)
                    if abs(past) > 1e-9 && !named.contains("w1") {
                        #expect(ray.classes.contains("outer") == (past > 0), "\(ray.classes) at \(ray.angle) \(context)")
                    }
                    #expect(Set(ray.classes).subtracting(Self.rayClasses).subtracting(["outer"]).isEmpty)
                    // The drawn line points where data-angle-deg says (positions are written exactly).
                    if ray.length > 0 { #expect(Self.apart(ray.drawnAngle, ray.angle) < 1e-9, "\(context)") }
                }
                let longest = max(ratio, 1)
                let w1 = try #require(rays.first { $0.classes == ["w1"] })
                let w2 = try #require(rays.first { $0.classes == ["w2"] })
                #expect(Self.apart(w1.angle, 0) < 1e-9 && Self.apart(w2.angle, separationDegrees) < 1e-9, "\(context)")
                #expect(abs(w1.length - ratio / longest) < 1e-12 && abs(w2.length - 1 / longest) < 1e-12, "\(context)")
                #expect(Self.matches(Self.angles(rays, "softmax-boundary"), regions.softmaxBoundaries), "\(context)")
                for label in ClassLabel.allCases {
                    let expected = regions.boundaries.filter { $0.classes.contains(label) }.map(\.direction)
                    let read = Self.angles(rays, "class\(label.rawValue)-boundary")
                    #expect(Self.matches(read, expected), "class \(label.rawValue) \(read) \(context)")
                    // Independently of `regions`: the margin of this class changes across each of its rays.
                    for degrees in read where !read.contains(where: { $0 != degrees && Self.apart($0, degrees) < 1e-4 }) {
                        let (before, after) = (geometry.classify(Angle(degrees: degrees - 1e-5)),
                                               geometry.classify(Angle(degrees: degrees + 1e-5)))
                        let meets = label == .class1 ? (before.meetsClass1Margin, after.meetsClass1Margin)
                            : (before.meetsClass2Margin, after.meetsClass2Margin)
                        #expect(meets.0 != meets.1, "class \(label.rawValue) at \(degrees) \(context)")
                    }
                }
                // The sectors' own rays are among them.
                for sector in [regions.inner, regions.outer] {
                    for (label, ray) in [(1, sector.class1), (2, sector.class2)] {
                        guard let ray else { continue }
                        let read = Self.angles(rays, "class\(label)-boundary")
                        #expect(read.contains { Self.apart($0, normalisedDegrees(ray)) < 1e-9 }, "\(context)")
                    }
                }
            }
        }
    }

    @Test(arguments: [(60.0, 15.676055), (90, 30.676055), (120, 45.676055)])
    func arcFaceClassOneRayIsTheReferenceAnswer(separation: Double, expected: Double) throws {
        let rays = try Self.rays(of: PlaneFigure.scene(loss: MarginLoss(.arcface), separation: Angle(degrees: separation),
                                                       normRatio: 1, samples: []))
        let inner = Self.angles(rays, "class1-boundary").filter { $0 < separation }
        #expect(inner.count == 1)
        #expect(abs(inner[0] - expected) < 1e-6)
        let class2 = Self.angles(rays, "class2-boundary").filter { $0 < separation }
        #expect(abs(class2[0] - (separation - expected)) < 1e-6)  // symmetric with equal norms
    }

    @Test(arguments: [(1.0, 63.434949, 26.565051), (2, 36.375192, 21.470701), (3, 25.808950, 17.598124), (4, 20.034276, 14.812284)])
    func lSoftmaxWithUnequalNormsIsTheReferenceAnswer(m: Double, fromW1: Double, fromW2: Double) throws {
        let loss = Self.loss(.lsoftmax) { $0.m = m }
        let rays = try Self.rays(of: PlaneFigure.scene(loss: loss, separation: Angle(degrees: 90), normRatio: 2, samples: []))
        let class1 = Self.angles(rays, "class1-boundary").filter { $0 <= 90 }
        let class2 = Self.angles(rays, "class2-boundary").filter { $0 <= 90 }
        #expect(class1.contains { abs($0 - fromW1) < 1e-6 }, "\(class1)")
        #expect(class2.contains { abs($0 - (90 - fromW2)) < 1e-6 }, "\(class2)")
        let w1 = try #require(rays.first { $0.classes == ["w1"] })
        #expect(abs(w1.length - 1) < 1e-12)  // ‖W1‖ = 2‖W2‖: W1 is the longer one, of length 1
    }

    @Test func regionsSamplesAndMarginLabelReadBack() throws {
        let separation = Angle(degrees: 90)
        let loss = MarginLoss(.cosface)
        let samples = Self.samples(separation: separation)
        let scene = PlaneFigure.scene(loss: loss, separation: separation, normRatio: 1, samples: samples,
                                      state: "view=plane loss=cosface m=0.35 s=64 angle=90 ratio=1")
        let (root, layout, _) = try parsedSVG(scene)
        let geometry = TwoClassGeometry(loss: loss, separation: separation)
        let arcs = geometry.regions.arcs
        let sectors = root.all.filter { $0.classes.first == "region" }
        #expect(sectors.count == arcs.count)
        for arc in arcs {
            // The SVG groups sectors by role, so they are found by where they start.
            let sector = try #require(sectors.first { Self.apart((try? $0.required("data-from-deg")) ?? .nan, arc.from.degrees) < 1e-9 })
            #expect(sector.classes == ["region", arc.kind.rawValue])
            #expect(Self.apart(try sector.required("data-from-deg"), arc.from.degrees) < 1e-9)
            let (low, high) = (try sector.required("data-from-deg"), try sector.required("data-to-deg"))
            #expect(abs(high - low - arc.width.degrees) < 1e-9)
        }
        let markers = root.all.filter { $0.name == "use" && $0.classes.contains("sample") }
        #expect(markers.count == samples.count)
        for marker in markers {
            let index = try #require(Int(try marker.attribute("data-index")))
            let sample = samples[index]
            let at = layout.world(x: try marker.required("x"), y: try marker.required("y"))
            #expect(abs(at.x - sample.position.x) < 1e-12 && abs(at.y - sample.position.y) < 1e-12)
            // The glyph follows the explorer's rule, worked out here from `classify` directly.
            let point = geometry.classify(sample.direction)
            let meets = sample.label == .class1 ? point.meetsClass1Margin : point.meetsClass2Margin
            let fill = point.argmaxClass != sample.label.rawValue ? "crossed" : meets ? "filled" : "hollow"
            #expect(marker.attributes["data-glyph"] == (sample.label == .class1 ? "round-" : "square-") + fill)
        }
        #expect(Set(markers.compactMap { $0.attributes["data-glyph"] }).count >= 2)  // not all alike
        // CosFace m = 0.35 at 90°: margin 90 - 2 · 30.671122 = 28.657756° (the reference's class-1 boundary).
        let label = try #require(root.all.first { $0.classes == ["margin-label"] })
        #expect(label.text == "28.7°")
        #expect(abs(try label.required("data-width-deg") - (90 - 2 * 30.671122)) < 1e-5)
        let arc = try #require(root.all.first { $0.classes == ["margin-arc"] })
        #expect(abs(try arc.required("data-from-deg") - 30.671122) < 1e-6)
        let state = try #require(root.all.first { $0.name == "mx:state" })
        #expect(state.text == "view=plane loss=cosface m=0.35 s=64 angle=90 ratio=1")
        #expect(try #require(root.all.first { $0.name == "title" }).text.contains("loss=cosface m=0.35 s=64"))
    }

    @Test func overlapIsLabelledWhereRegionsOverlap() throws {
        // ArcFace with a negative margin m = -0.3: the class regions overlap by |m| = 0.3 rad = 17.19°.
        var loss = MarginLoss(.arcface)
        loss.m = -0.3
        let (root, _, _) = try parsedSVG(PlaneFigure.scene(loss: loss, separation: Angle(degrees: 90), normRatio: 1, samples: []))
        let label = try #require(root.all.first { $0.classes == ["overlap-label"] })
        #expect(label.text == "overlap 17.2°")
        #expect(root.all.contains { $0.classes == ["region", "overlap"] })
    }
}
