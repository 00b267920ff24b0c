import Foundation
import Geometry
import Testing
@testable import Figures
@testable import TUI

/// The explorer's views written as SVG (`render --format svg`) and read back: the ψ curves against the target
/// logits worked out here from the papers' formulas, the angle view's margin curves against the lines the ArcFace
/// paper draws, the compare panels' rays against their separation, and the state string in the metadata.
@Suite struct ViewFigureTests {
    static func state(_ text: String) throws -> AppState {
        var state = AppState(width: 120, height: 40)
        try StateString.apply(text, to: &state)
        return state
    }

    static func svg(_ text: String) throws -> (root: XMLElement, layout: SVGLayout, scene: Scene) {
        let scene = try #require(ViewFigure.scene(try state(text)))
        let (root, layout, _) = try parsedSVG(scene)
        return (root, layout, scene)
    }

    /// The world points of a polyline `<path>`, run by run.
    static func worldRuns(_ path: XMLElement, _ layout: SVGLayout) throws -> [[WorldPoint]] {
        let runs = try #require(polylineRuns(try path.attribute("d")))
        return runs.map { $0.map { layout.world(x: $0.0, y: $0.1) } }
    }

    /// ArcFace's target logit from its paper: cos(θ + m), and past θ = π − m insightface's cos θ − m sin m.
    static func arcface(_ theta: Double, m: Double) -> Double {
        theta + m <= .pi ? cos(theta + m) : cos(theta) - m * sin(m)
    }

    /// A-Softmax's ψ from the reference: (−1)^k cos(mθ) − 2k on [kπ/m, (k+1)π/m].
    static func psi(_ theta: Double, m: Int) -> Double {
        let k = min(Int((theta / (.pi / Double(m))).rounded(.down)), m - 1)
        return (k % 2 == 0 ? 1 : -1) * cos(Double(m) * theta) - 2 * Double(k)
    }

    @Test func psiCurvesReadBackAgainstTheFormulas() throws {
        let (root, layout, _) = try Self.svg("view=psi loss=arcface m=0.5 s=64 sphereface.m=3")
        let curves = root.all.filter { $0.name == "path" && $0.classes.contains("curve") }
        let byLoss = Dictionary(curves.map { ($0.attributes["data-loss"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let expected: [(String, (Double) -> Double)] = [
            ("loss=arcface m=0.5 s=64", { Self.arcface($0, m: 0.5) }),
            ("loss=softmax", { cos($0) }),
            ("loss=sphereface m=3 lambda=0", { Self.psi($0, m: 3) }),
            ("loss=cosface m=0.35 s=64", { cos($0) - 0.35 }),
        ]
        for (loss, formula) in expected {
            let path = try #require(byLoss[loss], "no curve with data-loss \(loss): \(byLoss.keys.sorted())")
            let points = try Self.worldRuns(path, layout).flatMap { $0 }
            #expect(points.count == 361, "\(loss)")
            // Pixels are written exactly, so world points come back to within rounding of the map.
            for point in points {
                let theta = point.x * .pi / 180
                #expect(abs(point.y - formula(theta)) < 1e-9, "\(loss) at \(point.x)°: \(point.y)")
            }
            #expect(abs(points.first!.x - 0) < 1e-9 && abs(points.last!.x - 180) < 1e-9)
        }
        // The current loss is drawn last (on top), and the fallback angle π − m is marked.
        #expect(curves.last?.attributes["data-loss"] == "loss=arcface m=0.5 s=64")
        let marked = try #require(root.all.first { $0.classes.contains("marked") })
        #expect(abs(try marked.required("data-angle-deg") - (180 - 0.5 * 180 / .pi)) < 1e-9)
        let legend = root.all.filter { $0.classes.contains("legend") }.map(\.text)
        #expect(legend.first == "ArcFace m=0.5 s=64" && legend.contains("cos θ (softmax)"))
    }

    /// Pins are curves of their own loss, labelled with their parameters; they replace the faint other losses.
    @Test func pinnedCurvesReadBackWithTheirParameters() throws {
        let (root, layout, _) = try Self.svg("view=psi loss=cosface m=0.35 pin=cosface:m=0.2:s=64 pin=arcface:m=0.3:s=64")
        let pins = root.all.filter { $0.name == "path" && $0.classes.contains("pin") }
        #expect(pins.compactMap { $0.attributes["data-loss"] }.sorted() == ["loss=arcface m=0.3 s=64", "loss=cosface m=0.2 s=64"])
        for pin in pins {
            let arc = pin.attributes["data-loss"]?.contains("arcface") == true
            for point in try Self.worldRuns(pin, layout).flatMap({ $0 }) {
                let theta = point.x * .pi / 180
                let expected = arc ? Self.arcface(theta, m: 0.3) : cos(theta) - 0.2
                #expect(abs(point.y - expected) < 1e-9)
            }
        }
        #expect(!root.all.contains { $0.classes.contains("other") })
        let legend = root.all.filter { $0.classes.contains("legend") }.map(\.text)
        #expect(legend.contains("AM-Softmax m=0.2 s=64") && legend.contains("ArcFace m=0.3 s=64"))
    }

    /// In the (θ1, θ2) plane ArcFace gives the parallel lines θ2 = θ1 + m (class 1) and θ1 = θ2 + m (class 2)
    /// while they stay below 180°; in cosine space CosFace gives cos θ2 = cos θ1 − m and its mirror.
    @Test func angleCurvesAreThePapersLines() throws {
        let m = 0.5 * 180 / Double.pi
        let (root, layout, _) = try Self.svg("view=angles loss=arcface m=0.5 s=64")
        func curve(_ name: String, in root: XMLElement) throws -> XMLElement {
            try #require(root.all.first { $0.name == "path" && $0.classes.contains(name) })
        }
        let class1 = try Self.worldRuns(try curve("class1-margin", in: root), layout).flatMap { $0 }
        #expect(class1.count > 100)
        for point in class1 where point.x + m < 179 { #expect(abs(point.y - (point.x + m)) < 1e-6, "\(point)") }
        let class2 = try Self.worldRuns(try curve("class2-margin", in: root), layout).flatMap { $0 }
        for point in class2 where point.y + m < 179 { #expect(abs(point.x - (point.y + m)) < 1e-6, "\(point)") }
        #expect(try curve("class1-margin", in: root).attributes["data-loss"] == "loss=arcface m=0.5 s=64")
        let softmax = try Self.worldRuns(try curve("softmax-boundary", in: root), layout).flatMap { $0 }
        for point in softmax { #expect(abs(point.x - point.y) < 1e-6) }

        let (cosine, cosineLayout, _) = try Self.svg("view=angles loss=cosface m=0.35 s=64 space=cosine")
        let line = try Self.worldRuns(try curve("class1-margin", in: cosine), cosineLayout).flatMap { $0 }
        #expect(line.count > 100)
        for point in line { #expect(abs(point.y - (point.x - 0.35)) < 1e-9) }
        // A point well above class 1's line (θ2 far from θ1) lies in a class-1 zone, one on the diagonal in the
        // margin zone.
        let zones = root.all.filter { $0.name == "polygon" && $0.classes.contains("zone") }
        func zone(at point: WorldPoint) -> String? {
            zones.last { polygon in
                let corners = (polygon.attributes["points"] ?? "").split(separator: " ").compactMap { pair -> WorldPoint? in
                    let xy = pair.split(separator: ",").compactMap { Double($0) }
                    return xy.count == 2 ? layout.world(x: xy[0], y: xy[1]) : nil
                }
                return Polygon(vertices: corners).contains(point)
            }?.classes.last
        }
        #expect(zone(at: WorldPoint(x: 20, y: 150)) == "class1")
        #expect(zone(at: WorldPoint(x: 150, y: 20)) == "class2")
        #expect(zone(at: WorldPoint(x: 90, y: 91)) == "margin")
    }

    /// Each compare panel is a group holding its plane: W2 along the separation, its class rays at the reference's
    /// known answers (equal norms, 120°: A-Softmax m=4 at 24°, ArcFace m=0.5 at 45.676055°), none past its square.
    @Test func comparePanelsHoldTheirPlanes() throws {
        let (root, layout, scene) = try Self.svg(
            "view=compare angle=120 ratio=1 compare=softmax,sphereface,cosface,arcface sphereface.m=4")
        // Groups are flattened into the role layers: a panel's class and data travel on each of its elements.
        let panelElements = root.all.filter { $0.attributes["data-panel"] != nil }
        #expect(!panelElements.isEmpty && panelElements.allSatisfy { $0.classes.first == "panel" })
        #expect(Set(panelElements.compactMap { $0.attributes["data-panel"] }) == ["1", "2", "3", "4"])
        let sectors = scene.elements.filter { $0.kind == "sector" }
        #expect(sectors.isEmpty)  // regions are cut to their squares as polygons
        func rays(panel: String, _ name: String) -> [Double] {
            panelElements.filter { $0.name == "line" && $0.attributes["data-panel"] == panel && $0.classes.contains(name) }
                .compactMap { $0.number("data-angle-deg") }.sorted()
        }
        for panel in ["1", "2", "3", "4"] { #expect(rays(panel: panel, "w2").map { abs($0 - 120) < 1e-9 } == [true]) }
        #expect(rays(panel: "2", "class1-boundary").contains { abs($0 - 24) < 1e-9 })
        #expect(rays(panel: "4", "class1-boundary").contains { abs($0 - 45.676055) < 1e-6 })
        let titles = root.all.filter { $0.classes.contains("panel-title") }.map(\.text)
        #expect(titles == ["Softmax", "A-Softmax m=4 lambda=0", "AM-Softmax m=0.35 s=64", "ArcFace m=0.5 s=64"])
        // Every ray ends inside its own panel's square: read back, it lies within reach of its panel's centre.
        for line in panelElements where line.name == "line" {
            let start = layout.world(x: try line.required("x1"), y: try line.required("y1"))
            let end = layout.world(x: try line.required("x2"), y: try line.required("y2"))
            #expect(abs(end.x - start.x) <= PlaneFigure.reach + 1e-9 && abs(end.y - start.y) <= PlaneFigure.reach + 1e-9)
        }
    }

    /// The margins preset (ArcFace Fig. 5) side by side: each panel's ArcFace curve, read back from the SVG and taken
    /// out of its panel's square (0° at its lower left, 180° at its upper right), is θ2 = θ1 + m.
    @Test func marginPanelsHoldThePapersLines() throws {
        let (root, layout, _) = try Self.svg("preset=margins-theta")
        let arcface = try #require(root.all.first { $0.name == "path" && $0.classes.contains("class1-margin")
            && $0.attributes["data-panel"] == "4" })
        let points = try Self.worldRuns(arcface, layout).flatMap { $0 }
        let reach = PlaneFigure.reach
        let xs = points.map(\.x), ys = points.map(\.y)
        // Panel 4 sits at column 2, row 2 of the grid: its square's lower left corner is the leftmost, lowest point
        // a curve from θ1 = 0 could reach; recover it from the known start θ1 = 0, θ2 = m.
        let scale = 2 * reach / 180
        let m = 0.5 * 180 / Double.pi
        let corner = WorldPoint(x: xs.min()!, y: ys[0] - m * scale)
        for point in points {
            let (t1, t2) = ((point.x - corner.x) / scale, (point.y - corner.y) / scale)
            if t1 + m < 179 { #expect(abs(t2 - (t1 + m)) < 1e-6, "\(t1) \(t2)") }
        }
        #expect(abs(xs.max()! - xs.min()! - (180 - m) * scale) < 0.05)  // the line runs until θ2 reaches 180°
        let notes = root.all.filter { $0.classes.contains("panel-margin") }.map(\.text)
        #expect(notes == ["one line: no margin", "a wedge θ2 = m·θ1", "cos θ1 − cos θ2 = ± m", "parallel lines θ2 = θ1 ± m"])
    }

    /// The SVG keeps the state string, and that string opens the same view again.
    @Test func theMetadataHoldsAStateThatRoundTrips() throws {
        for text in ["view=plane loss=cosface m=0.3 s=30 angle=70 ratio=2", "view=psi loss=combined m1=0.9 m2=0.4 m3=0.15",
                     "view=angles loss=sphereface m=3 space=cosine", "view=compare compare=softmax,arcface angle=100"] {
            let original = try Self.state(text)
            let (root, _, _) = try Self.svg(text)
            let stored = try #require(root.all.first { $0.name == "mx:state" }?.text)
            #expect(stored == StateString.format(original))
            #expect(StateString.format(try Self.state(stored)) == stored)
        }
    }

    /// The CSV of the ψ view: one row per curve point, with its loss, readable back as (θ, t).
    @Test func psiCSVHoldsTheCurvePoints() throws {
        let scene = try #require(ViewFigure.scene(try Self.state("view=psi loss=cosface m=0.35 s=64")))
        let lines = CSVWriter.csv(scene).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let (x, y, loss, kind) = (header.firstIndex(of: "x")!, header.firstIndex(of: "y")!,
                                  header.firstIndex(of: "data-loss")!, header.firstIndex(of: "kind")!)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let cosface = rows.filter { $0[kind] == "polyline" && $0[loss] == "loss=cosface m=0.35 s=64" }
        #expect(cosface.count == 361)
        for row in cosface {
            let (theta, value) = (Double(row[x])!, Double(row[y])!)
            #expect(abs(value - (cos(theta * .pi / 180) - 0.35)) < 1e-12)
        }
    }

    /// The training view's figure: a group per run, each class weight a ray along the weight's direction (read back
    /// from the SVG against the trainer's weights), and one marker per training and test feature inside the square.
    @Test func trainingRunsReadBackAgainstTheirWeights() throws {
        var state = try Self.state("view=training preset=single data=blobs seed=3 step=5")
        #expect(ViewFigure.scene(state) == nil)  // before the runs are made there is nothing to draw
        state.prepareTraining()
        let session = try #require(state.training)
        let scene = try #require(ViewFigure.scene(state))
        let (root, layout, _) = try parsedSVG(scene)
        let run = try #require(session.runs.first)
        let rays = root.all.filter { $0.name == "line" && $0.classes.contains("weight") }
        #expect(rays.count == run.classWeights.rows)
        for ray in rays {
            let k = try #require(ray.attributes["data-class"].flatMap { Int($0) })
            var expected = atan2(run.classWeights[k, 1], run.classWeights[k, 0]) * 180 / .pi
            if expected < 0 { expected += 360 }
            #expect(abs(try ray.required("data-angle-deg") - expected) < 1e-9)
            let end = layout.world(x: try ray.required("x2"), y: try ray.required("y2"))
            #expect(max(abs(end.x), abs(end.y)) <= PlaneFigure.reach + 1e-9)
        }
        let features = root.all.filter { $0.classes.contains("feature") }
        #expect(features.count <= run.trainFeatures.rows + run.testFeatures.rows && features.count > run.trainFeatures.rows / 2)
        #expect(ViewFigure.baseName(state) == "training-arcface")
        #expect(ViewFigure.baseName(try Self.state("view=training preset=lsoftmax-figure")) == "training-lsoftmax-figure")
        #expect(ViewFigure.baseName(try Self.state("view=compare compare=softmax,cosface")) == "compare-softmax-cosface")
        #expect(ViewFigure.baseName(try Self.state("view=psi loss=arcface")) == "psi-arcface")
    }
}
