import Foundation
import Geometry

/// A sample direction for the sphere figure: a feature (any length; only its direction is drawn), its class
/// (0, 1, ...) and whether it is a test sample.
public struct SphereSample: Sendable, Hashable {
    /// The feature.
    public var direction: Vector3
    /// Its class index.
    public var label: Int
    /// True for a test sample (a hollow round), false for a training one (a dot).
    public var isTest: Bool

    /// A sample of class `label` in `direction`.
    public init(direction: Vector3, label: Int, isTest: Bool = false) {
        self.direction = direction; self.label = label; self.isTest = isTest
    }
}

/// The explorer's sphere view as a scene: the unit sphere seen through `SphereView` (orthographic, x right, y up,
/// the outline the unit circle about the origin), drawn from the caps' geometry rather than from cells.
///
/// Contents, in world units of the canvas plane:
/// - the band: the visible disc (a 360° sector of radius 1), role marginZone, class `band`; over it each class's
///   margin cap where it is visible, a polygon (the front part of its rim, closed along the outline where the cap
///   runs behind), role the class's, classes `cap`, `data-class` (a cap that is not star-shaped about its rim's
///   centre is drawn as far as it is seen from there);
/// - the outline, a full arc of radius 1, role reference, class `outline`;
/// - each cap's rim (`SphereCaps.rim`): its visible runs solid in role reference (classes `rim front`), its hidden
///   runs dotted in role dim (`rim back`), `data-class`;
/// - the band between the two closest weights (`pair`): the great-circle arc from where the first's cap ends to
///   where the second's begins (`SphereCaps.band`), role accent, class `band-arc`, `data-width-deg`, and its
///   width written at its middle (class `band-width`);
/// - each class weight as an axis from the centre to its unit direction's projection: solid in the class's role
///   when its tip is in front (classes `weight front`), dotted in role dim behind (`weight back`), with
///   `data-class` and `data-depth`; its name just beyond the tip (class `weight-name`);
/// - the samples' directions: behind first, in role dim (classes `sample back`), then in front in their class's
///   role (`sample front`), dots for training samples and hollow rounds for test ones in front (dots behind;
///   `train`, `test`), `data-class`.
/// The band's arc is solid where it is in front and dotted behind (classes `front`, `back`).
public enum SphereCapsFigure {
    /// How far the figure reaches from the centre: the unit sphere and room for the names beyond its tips.
    public static let reach = 1.3

    /// The scene of `caps` seen in `view`, the weights named `names`, class j drawn in role `role(j)`, with the lines
    /// of `heading` written at the top left (the first as a title, class `heading`).
    public static func scene(caps: SphereCaps, names: [String], samples: [SphereSample], view: SphereView,
                             pair: (first: Int, second: Int)? = nil, role: (Int) -> Role, heading: [String] = [],
                             title: String = "", state: String = "") -> Scene {
        var scene = Scene(bounds: WorldBounds(reach: reach), sharesScale: true, title: title, state: state)
        for (index, line) in heading.enumerated() {
            scene.add(.label(Label(line, at: WorldPoint(x: -reach + 0.03, y: reach - 0.05 - 0.08 * Double(index)))),
                      role: index == 0 ? .title : .dim, tags: Tags(classes: ["heading"]))
        }
        let whole = Angle(degrees: 360)
        scene.add(.sector(Sector(radius: 1, from: .zero, to: whole)), role: .marginZone, tags: Tags(classes: ["band"]))
        let rims = caps.weights.indices.map { caps.rim(of: $0) }
        for (j, rim) in rims.enumerated() {
            guard let rim, let region = frontRegion(of: j, rim: rim, caps: caps, view: view) else { continue }
            scene.add(region, role: role(j), tags: Tags(classes: ["cap"], data: ["class": String(j)]))
        }
        scene.add(.arc(Arc(radius: 1, from: .zero, to: whole)), role: .reference, tags: Tags(classes: ["outline"]))
        for (j, rim) in rims.enumerated() {
            guard let rim else { continue }
            let curve = SphereCurve(loop: rim, in: view)
            let data = ["class": String(j)]
            if !curve.front.isEmpty {
                scene.add(.polyline(curve.frontPolyline), role: .reference, tags: Tags(classes: ["rim", "front"], data: data))
            }
            if !curve.back.isEmpty {
                scene.add(.polyline(curve.backPolyline()), role: .dim, tags: Tags(classes: ["rim", "back"], data: data))
            }
        }
        if let pair, let band = caps.band(between: pair.first, and: pair.second), band.width.radians > 0 {
            let (a, b) = (caps.weights[pair.first], caps.weights[pair.second])
            let steps = max(Int(band.width.degrees.rounded(.up)), 2)
            let points = (0...steps).compactMap { step in
                SphereCaps.arcPoint(from: a, towards: b, at: Angle(radians: band.start.radians
                    + band.width.radians * Double(step) / Double(steps))).map(view.project)
            }
            let width = NumberText.degrees(band.width)
            // Split where it passes behind: solid in front, dotted behind (the band is short, so no exact crossing).
            var runs: [[ProjectedPoint]] = []
            for point in points {
                if let last = runs.last?.last, last.isFront == point.isFront { runs[runs.count - 1].append(point) } else { runs.append([point]) }
            }
            for run in runs {
                let front = run[0].isFront
                scene.add(.polyline(Polyline(runs: [run.map(\.point)], dash: front ? .solid : Dash(dots: 1))), role: .accent,
                          tags: Tags(classes: ["band-arc", front ? "front" : "back"],
                                     data: ["width-deg": exactText(band.width.degrees)]))
            }
            if let middle = points.dropFirst(points.count / 2).first {
                scene.add(.label(Label("band " + width, at: outward(middle.point, by: 0.1), anchor: .centre)),
                          role: .accent, tags: Tags(classes: ["band-width"]))
            }
        }
        let tips = caps.weights.map(view.projectDirection)
        for (j, tip) in tips.enumerated() {
            guard let tip else { continue }
            let length = (tip.point.x * tip.point.x + tip.point.y * tip.point.y).squareRoot()
            let data = ["class": String(j), "depth": exactText(tip.depth)]
            if length > 1e-9 {
                let ray = Ray(direction: Angle(radians: atan2(tip.point.y, tip.point.x)), length: length,
                              dash: tip.isFront ? .solid : Dash(dots: 1))
                scene.add(.ray(ray), role: tip.isFront ? role(j) : .dim,
                          tags: Tags(classes: ["weight", tip.isFront ? "front" : "back"], data: data))
            }
            guard j < names.count else { continue }
            // A tip at the centre (pointing at the viewer or away) is named above it in front, below it behind.
            let at = length > 1e-9 ? outward(tip.point, by: 0.12) : WorldPoint(x: 0, y: tip.isFront ? 0.12 : -0.12)
            scene.add(.label(Label(names[j], at: at, anchor: .centre)), role: tip.isFront ? role(j) : .dim,
                      tags: Tags(classes: ["weight-name"], data: ["class": String(j)]))
        }
        let seen = samples.compactMap { sample in view.projectDirection(sample.direction).map { (sample, $0) } }
        for front in [false, true] {
            for (sample, point) in seen where point.isFront == front {
                let marker = Marker(at: point.point, shape: sample.isTest && front ? .round : .dot, fill: .hollow)
                scene.add(.marker(marker), role: front ? role(sample.label) : .dim,
                          tags: Tags(classes: ["sample", front ? "front" : "back", sample.isTest ? "test" : "train"],
                                     data: ["class": String(sample.label)]))
            }
        }
        return scene
    }

    /// `point` moved `distance` further from the centre (straight up from the centre itself).
    static func outward(_ point: WorldPoint, by distance: Double) -> WorldPoint {
        let length = (point.x * point.x + point.y * point.y).squareRoot()
        guard length > 1e-9 else { return WorldPoint(x: point.x, y: point.y + distance) }
        return WorldPoint(x: point.x * (1 + distance / length), y: point.y * (1 + distance / length))
    }

    /// The visible part of class `j`'s cap, whose rim (seen from its `rimCentre`) is `rim`: the front runs of the
    /// rim joined along the outline, each outline piece going the way round whose middle lies in the cap. A rim
    /// wholly in front bounds the cap when its centre is in front, and otherwise the cap is the disc without the rim's inside (a
    /// polygon with a hole, the rim wound against the outline); a rim wholly behind leaves the whole disc or none
    /// of it, as the centre of the picture is in the cap or not. Nil when nothing of the cap is visible.
    static func frontRegion(of j: Int, rim: [Vector3], caps: SphereCaps, view: SphereView) -> Element.Shape? {
        let runs = SphereCurve.runs(of: rim, in: view)
        guard !runs.isEmpty else { return nil }
        func isInCap(_ point: WorldPoint) -> Bool { view.sphere(at: point).map { caps.meetsMargin(j, at: $0) } ?? false }
        func outline(from start: Double, span: Double) -> [WorldPoint] {
            let steps = max(Int((abs(span) / (3 * .pi / 180)).rounded(.up)), 1)
            return (0...steps).map { WorldPoint(x: cos(start + span * Double($0) / Double(steps)),
                                                 y: sin(start + span * Double($0) / Double(steps))) }
        }
        if runs.count == 1 {
            let run = runs[0]
            guard run.isFront else {
                return isInCap(.origin) ? .sector(Sector(radius: 1, from: .zero, to: Angle(degrees: 360))) : nil
            }
            let ring = run.points.dropLast().map(\.point)
            guard let centre = caps.rimCentre(of: j), !view.project(centre).isFront else {
                return .polygon(Polygon(vertices: ring))
            }
            // The disc less the rim's inside: the outline counter-clockwise, a bridge to the rim, the rim clockwise.
            let area = zip(ring, ring.dropFirst() + ring.prefix(1)).reduce(0.0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
            let hole = area > 0 ? Array(ring.reversed()) : ring
            return .polygon(Polygon(vertices: outline(from: 0, span: 2 * .pi) + hole + hole.prefix(1)))
        }
        let fronts = runs.filter(\.isFront)
        var vertices: [WorldPoint] = []
        for (index, run) in fronts.enumerated() {
            vertices += run.points.map(\.point)
            guard let exit = run.points.last?.point, let entry = fronts[(index + 1) % fronts.count].points.first?.point
            else { continue }
            let (from, to) = (atan2(exit.y, exit.x), atan2(entry.y, entry.x))
            var span = (to - from).truncatingRemainder(dividingBy: 2 * .pi)
            if span < 0 { span += 2 * .pi }
            let middle = from + span / 2
            if !isInCap(WorldPoint(x: cos(middle), y: sin(middle))) { span -= 2 * .pi }
            vertices += outline(from: from, span: span).dropFirst().dropLast()
        }
        return vertices.count >= 3 ? .polygon(Polygon(vertices: vertices)) : nil
    }
}
