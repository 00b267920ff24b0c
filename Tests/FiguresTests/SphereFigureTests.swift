import Foundation
import Geometry
import Testing
@testable import Figures
@testable import TUI

/// View 7 written as SVG (`render --view sphere --format svg`, ^S) and read back: the weights' tips, the samples and
/// the caps' rims against positions derived by hand for known rotations, the band against the reference's margins.
///
/// The derivation (as in SphereViewTests): the camera is R = R_x(-pitch) R_y(yaw), R_y(a)(x, y, z) =
/// (x cos a + z sin a, y, -x sin a + z cos a), R_x(b)(x, y, z) = (x, y cos b - z sin b, y sin b + z cos b). The
/// two-class figure puts W1 at (-sin h, 0, cos h) and W2 at (sin h, 0, cos h), h = θ12/2, and a plane sample at
/// angle α from W1 at cos α W1 + sin α (cos h, 0, sin h). At yaw = h, R_y(h) takes W1 to (0, 0, 1) and
/// (cos h, 0, sin h) to (1, 0, 0), so the sample goes to (sin α, 0, cos α); R_x(-p) then takes (x, 0, z) to
/// (x, z sin p, z cos p). So at yaw = θ12/2 and pitch p a direction at angle α from W1 along the great circle
/// through W1 and W2 lands at (sin α, cos α sin p), depth cos α cos p: W1 (α = 0) at (0, sin p), W2 (α = θ12)
/// at (sin θ12, cos θ12 sin p).
@Suite struct SphereFigureTests {
    static func svg(_ text: String) throws -> (root: XMLElement, layout: SVGLayout, state: AppState) {
        var state = AppState(width: 120, height: 40)
        try StateString.apply(text, to: &state)
        let scene = try #require(ViewFigure.scene(state))
        let (root, layout, _) = try parsedSVG(scene)
        #expect(root.all.first { $0.name.hasSuffix("state") }?.text == StateString.format(state))
        return (root, layout, state)
    }

    static func elements(_ root: XMLElement, _ classes: String...) -> [XMLElement] {
        root.all.filter { element in classes.allSatisfy(element.classes.contains) }
    }

    static func points(_ path: XMLElement, _ layout: SVGLayout) throws -> [WorldPoint] {
        try #require(polylineRuns(try path.attribute("d"))).flatMap { $0 }.map { layout.world(x: $0.0, y: $0.1) }
    }

    /// The points of a rim's runs without each run's ends: where a run meets the outline its end is the chord's
    /// crossing between two rim points pushed onto the outline, which is near the rim but not on it.
    static func rimPoints(_ path: XMLElement, _ layout: SVGLayout) throws -> [WorldPoint] {
        try #require(polylineRuns(try path.attribute("d"))).flatMap { $0.dropFirst().dropLast() }
            .map { layout.world(x: $0.0, y: $0.1) }
    }

    static func close(_ a: WorldPoint, _ b: (Double, Double), _ tolerance: Double = 1e-9) -> Bool {
        abs(a.x - b.0) <= tolerance && abs(a.y - b.1) <= tolerance
    }

    /// θ12 = 100° seen from yaw 50°, pitch 30°: the weights' axes end where the derivation puts them, W1 in front in
    /// class 1's role, W2 behind (depth cos 100° cos 30° < 0) dotted and dim; the six samples (the defaults, placed
    /// for the starting 90°: 12°, -20°, 34° from W1 and 78°, 110°, 56°) land at (sin α, cos α sin 30°), in front in
    /// their class's role except the one at 110°, which is behind and dim.
    @Test func tipsAndSamplesReadBackWhereTheRotationPutsThem() throws {
        let (root, layout, state) = try Self.svg("view=sphere loss=cosface m=0.35 s=64 angle=100 ratio=1 yaw=50 pitch=30")
        let p = 30 * Double.pi / 180
        func landing(_ degrees: Double) -> (Double, Double) {
            let alpha = degrees * .pi / 180
            return (sin(alpha), cos(alpha) * sin(p))
        }
        let weights = Self.elements(root, "weight")
        #expect(weights.count == 2)
        for weight in weights {
            let tip = layout.world(x: try weight.required("x2"), y: try weight.required("y2"))
            let origin = layout.world(x: try weight.required("x1"), y: try weight.required("y1"))
            #expect(Self.close(origin, (0, 0)))
            let isW1 = weight.attributes["data-class"] == "0"
            #expect(Self.close(tip, landing(isW1 ? 0 : 100)), "\(weight.attributes): \(tip)")
            #expect(weight.classes.contains(isW1 ? "front" : "back"))
            #expect(weight.ancestors.first?.classes == [isW1 ? "role-class1" : "role-dim"])
            #expect((weight.attributes["stroke-dasharray"] == nil) == isW1)
            let depth = try weight.required("data-depth")
            #expect(abs(depth - (isW1 ? cos(p) : cos(100 * Double.pi / 180) * cos(p))) < 1e-12)
        }
        let names = Self.elements(root, "weight-name").map(\.text).sorted()
        #expect(names == ["W1", "W2"])

        let samples = Self.elements(root, "sample")
        #expect(samples.count == 6)
        var expected: [(Double, Int)] = [(12, 0), (-20, 0), (34, 0), (78, 1), (110, 1), (56, 1)]
        #expect(state.samples.map { (atan2($0.y, $0.x) * 180 / .pi * 1e9).rounded() / 1e9 }.sorted() == expected.map(\.0).sorted())
        for sample in samples {
            let at = layout.world(x: try sample.required("x"), y: try sample.required("y"))
            let match = try #require(expected.firstIndex { Self.close(at, landing($0.0)) }, "no sample lands at \(at)")
            let (alpha, label) = expected.remove(at: match)
            #expect(sample.attributes["data-class"] == String(label))
            let front = cos(alpha * .pi / 180) > 0
            #expect(sample.classes.contains(front ? "front" : "back"), "\(alpha)°")
            #expect(sample.ancestors.first?.classes == [front ? (label == 0 ? "role-class1" : "role-class2") : "role-dim"])
        }
        #expect(expected.isEmpty)
    }

    /// CosFace's cap of class 1 is where s (c1 - m) > s c2, that is (W1 - W2) · u > m for unit weights; with
    /// W1 - W2 = (-2 sin h, 0, 0) its rim is the circle x = -m / (2 sin h), and class 2's is x = +m / (2 sin h).
    /// Seen at yaw 0, pitch 0 (no turn) every point of both rims, front and back, has that x; the band between
    /// them along the equator from W1 to W2 is 2 asin(m / (2 sin h)) wide (30.671122° to each cap's edge from
    /// its weight in the reference, so 90° - 2 · 30.671122° = 28.657756°).
    @Test func cosFaceRimsArePlanesAndTheBandIsTheMargin() throws {
        let (root, layout, _) = try Self.svg("view=sphere loss=cosface m=0.35 s=64 angle=90 ratio=1 yaw=0 pitch=0")
        let edge = 0.35 / (2 * sin(Double.pi / 4))
        let rims = Self.elements(root, "rim")
        #expect(rims.filter { $0.classes.contains("front") }.count == 2 && rims.filter { $0.classes.contains("back") }.count == 2)
        for rim in rims {
            let x = rim.attributes["data-class"] == "0" ? -edge : edge
            let points = try Self.rimPoints(rim, layout)
            #expect(points.count > 20)
            for point in points { #expect(abs(point.x - x) < 1e-9, "\(rim.attributes): \(point)") }
            // A rim's hidden runs are dotted and dim, the visible ones solid.
            #expect((rim.attributes["stroke-dasharray"] != nil) == rim.classes.contains("back"))
        }
        let arc = try #require(Self.elements(root, "band-arc").first)
        #expect(abs(try arc.required("data-width-deg") - 28.657756) < 1e-5)
        let ends = try Self.points(arc, layout)
        #expect(Self.close(ends.first!, (-edge, 0)) && Self.close(ends.last!, (edge, 0)))
        #expect(Self.elements(root, "band-width").first?.text == "band 28.7°")
        // The caps are filled where they are: W1's direction (-sin 45°, 0) is in class 1's cap, the centre of the
        // picture (the front pole, x = 0) in neither, so it shows the band under them.
        let caps = try Self.elements(root, "cap").map { cap in
            (cap.attributes["data-class"], Polygon(vertices: try Self.vertices(cap, layout)))
        }
        #expect(caps.count == 2)
        for (label, polygon) in caps {
            #expect(polygon.contains(WorldPoint(x: (label == "0" ? -1 : 1) * 0.5.squareRoot(), y: 0)))
            #expect(!polygon.contains(.origin) && !polygon.contains(WorldPoint(x: 0, y: 0.9)))
        }
        #expect(Self.elements(root, "band").count == 1 && Self.elements(root, "outline").count == 1)
    }

    static func vertices(_ polygon: XMLElement, _ layout: SVGLayout) throws -> [WorldPoint] {
        try polygon.attribute("points").split(separator: " ").map { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return layout.world(x: xy[0], y: xy[1])
        }
    }

    /// ArcFace's decision margin between two classes is m itself along the great circle (the reference's
    /// "ArcFace ... margin m"): 0.5 rad = 28.647890°, at any separation; and its rims, lifted back onto the sphere
    /// and turned back to the world, lie where cos(θ1 + m) = cos θ2, θ1 + m = θ2 (θ's to the unit weights).
    @Test func arcFaceBandIsItsMarginAndItsRimsMeetTheMargin() throws {
        let (root, layout, _) = try Self.svg("view=sphere loss=arcface m=0.5 s=64 angle=120 ratio=1 yaw=-20 pitch=35")
        let arc = try #require(Self.elements(root, "band-arc").first)
        #expect(abs(try arc.required("data-width-deg") - 0.5 * 180 / .pi) < 1e-6)
        let view = SphereCamera(yaw: -20, pitch: 35).view
        let h = 60 * Double.pi / 180
        let (w1, w2) = (Vector3(x: -sin(h), y: 0, z: cos(h)), Vector3(x: sin(h), y: 0, z: cos(h)))
        for rim in Self.elements(root, "rim") {
            let own = rim.attributes["data-class"] == "0" ? (w1, w2) : (w2, w1)
            for point in try Self.rimPoints(rim, layout) {
                let u = try #require(view.sphere(at: point, front: rim.classes.contains("front")))
                let (theta, other) = (u.angle(to: own.0).radians, u.angle(to: own.1).radians)
                #expect(abs(theta + 0.5 - other) < 1e-8, "\(point): θ \(theta), other \(other)")
            }
        }
    }

    /// A 3-D run: one axis per class in the training palette, every training and test feature drawn once, the
    /// run's class names at the tips, and the caps' rims where the run's loss changes its mind: just inside a rim
    /// point towards the rim's centre (its weight, where the cap holds it) the class meets its margin, just outside
    /// it does not.
    @Test func aTrainedRunIsDrawnInItsPalette() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere preset=single data=blobs loss=cosface m=0.2 s=16 dim=3 step=40 yaw=10 pitch=15",
                              to: &state)
        state.prepareTraining()
        let run = try #require(state.training?.runs.first)
        let scene = try #require(ViewFigure.scene(state))
        let (root, layout, _) = try parsedSVG(scene)
        let classes = run.classWeights.rows
        #expect(Self.elements(root, "weight").count == classes)
        for weight in Self.elements(root, "weight") where weight.classes.contains("front") {
            #expect(weight.ancestors.first?.classes == ["role-palette-\(weight.attributes["data-class"]!)"])
        }
        #expect(Self.elements(root, "sample", "train").count == run.trainFeatures.rows)
        #expect(Self.elements(root, "sample", "test").count == run.testFeatures.rows)
        #expect(Set(Self.elements(root, "weight-name").map(\.text)) == Set(run.dataset.classNames))
        let caps = SphereScene(state).caps
        let view = state.sphere.view
        for rim in Self.elements(root, "rim") {
            let j = try #require(Int(rim.attributes["data-class"] ?? ""))
            let weight = try #require(caps.rimCentre(of: j))  // the weight's direction, where its cap holds it
            for point in try Self.rimPoints(rim, layout).prefix(20) {
                let u = try #require(view.sphere(at: point, front: rim.classes.contains("front")))
                let t = u.angle(to: weight)
                guard t.radians > 1e-3, t.radians < .pi - 1e-3 else { continue }
                let inside = SphereCaps.arcPoint(from: weight, towards: u, at: Angle(radians: t.radians - 1e-6))!
                let outside = SphereCaps.arcPoint(from: weight, towards: u, at: Angle(radians: t.radians + 1e-6))!
                #expect(caps.meetsMargin(j, at: inside) && !caps.meetsMargin(j, at: outside), "class \(j) at \(point)")
            }
        }
    }

    /// The CSV holds the same geometry, in world units: at yaw 0, pitch 0 (no turn) the weights' tips are at
    /// (∓ sin h, 0) and a sample at angle α from W1 at (sin(α - h), 0), h = θ12/2 = 45°.
    @Test func theCSVHoldsTheSameGeometry() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere loss=cosface m=0.35 s=64 angle=90 ratio=1 yaw=0 pitch=0", to: &state)
        let scene = try #require(ViewFigure.scene(state))
        let csv = CSVWriter.csv(scene).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = csv[0].map(String.init)
        let column = { (name: String) throws -> Int in try #require(header.firstIndex(of: name)) }
        let (classes, part, x, y) = (try column("class"), try column("part"), try column("x"), try column("y"))
        let tips = csv.filter { $0[classes].hasPrefix("weight front") && $0[part] == "end" }
            .map { (Double($0[x])!, Double($0[y])!) }.sorted { $0.0 < $1.0 }
        #expect(tips.count == 2)
        #expect(abs(tips[0].0 + 0.5.squareRoot()) < 1e-12 && abs(tips[1].0 - 0.5.squareRoot()) < 1e-12)
        #expect(tips.allSatisfy { abs($0.1) < 1e-12 })
        var expected = [12.0, -20, 34, 78, 110, 56].map { sin(($0 - 45) * .pi / 180) }
        for row in csv where row[classes].hasPrefix("sample") {
            #expect(abs(Double(row[y])!) < 1e-12)
            let index = try #require(expected.firstIndex { abs($0 - Double(row[x])!) < 1e-12 }, "\(row)")
            expected.remove(at: index)
        }
        #expect(expected.isEmpty)
    }
}
