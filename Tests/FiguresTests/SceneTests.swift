import Foundation
import Geometry
import Testing
@testable import Figures

/// The scene model itself: groups flatten with their placement and tags, curves break where told, filled shapes
/// know what they cover (what a cell backend asks per cell).
@Suite struct SceneTests {
    @Test func groupsPlaceAndTagTheirMembers() {
        let inner = Group([.element(Element(.ray(Ray(from: WorldPoint(x: 1, y: 0), direction: Angle(degrees: 30), length: 2)),
                                            role: .class1, tags: Tags(classes: ["w1"], data: ["k": "inner"])))],
                          tags: Tags(classes: ["panel"], data: ["k": "group", "panel": "2"]),
                          placement: Placement(scale: 0.5, offset: WorldPoint(x: 10, y: 20)))
        var scene = Scene(bounds: WorldBounds(reach: 30), sharesScale: true)
        scene.add(Group([.group(inner)], tags: Tags(classes: ["compare"]), placement: Placement(scale: 2, offset: WorldPoint(x: -1, y: 0))))
        let elements = scene.elements
        #expect(elements.count == 1)
        guard case .ray(let ray) = elements[0].shape else { Issue.record("not a ray"); return }
        // Inner: (1, 0) -> (10.5, 20); outer: -> (-1 + 21, 40). Lengths scale by 0.5 · 2, the direction stays.
        #expect(ray.origin == WorldPoint(x: 20, y: 40) && ray.length == 2 && ray.direction == Angle(degrees: 30))
        #expect(elements[0].tags.classes == ["compare", "panel", "w1"])
        #expect(elements[0].tags.data == ["k": "inner", "panel": "2"])
        #expect(Placement(scale: -3).scale == 1 && Placement(scale: .nan).scale == 1)
    }

    @Test func polylineBreaksAtMissingAndNonFinitePoints() {
        let line = Polyline(points: [nil, WorldPoint(x: 0, y: 0), WorldPoint(x: 1, y: 1), nil, nil,
                                     WorldPoint(x: 2, y: .infinity), WorldPoint(x: 3, y: 3), nil])
        #expect(line.runs == [[WorldPoint(x: 0, y: 0), WorldPoint(x: 1, y: 1)], [WorldPoint(x: 3, y: 3)]])
        #expect(Polyline.segment(from: .origin, to: WorldPoint(x: 1, y: 0)).runs.count == 1)
        #expect(Polyline(points: []).runs.isEmpty)
    }

    @Test func filledShapesKnowWhatTheyCover() {
        let wedge = Sector(radius: 1, from: Angle(degrees: 350), to: Angle(degrees: 380))  // wraps through 0°
        #expect(wedge.contains(WorldPoint(x: 0.5, y: 0)) && wedge.contains(WorldPoint.origin.moved(0.9, towards: Angle(degrees: 15))))
        #expect(!wedge.contains(WorldPoint.origin.moved(0.9, towards: Angle(degrees: 30))))
        #expect(!wedge.contains(WorldPoint(x: 1.1, y: 0)))
        #expect(Sector(radius: 1, from: .zero, to: Angle(degrees: 360)).contains(WorldPoint(x: -0.5, y: -0.5)))
        let triangle = Polygon(vertices: [WorldPoint(x: 0, y: 0), WorldPoint(x: 2, y: 0), WorldPoint(x: 0, y: 2)])
        #expect(triangle.contains(WorldPoint(x: 0.5, y: 0.5)) && !triangle.contains(WorldPoint(x: 1.5, y: 1.5)))
        #expect(Arc(radius: 1, from: Angle(degrees: 50), to: Angle(degrees: 10)).width == .zero)  // never backwards
        let arc = Arc(centre: WorldPoint(x: 1, y: 1), radius: 2, from: Angle(degrees: 30), to: Angle(degrees: 120))
        let points = arc.points(segments: 3)
        #expect(points.count == 4)
        for (point, degrees) in zip(points, [30.0, 60, 90, 120]) {
            #expect(abs(point.x - (1 + 2 * cos(degrees * .pi / 180))) < 1e-12 && abs(point.y - (1 + 2 * sin(degrees * .pi / 180))) < 1e-12)
        }
        #expect(arc.points(segments: 0).count == 2)
    }

    @Test func boundsAndMarkersRefuseNonsense() {
        let flat = WorldBounds(minX: 2, maxX: 2, minY: .nan, maxY: 1)
        #expect(flat.width == 1 && flat.minX == 1.5 && flat.minY == -1 && flat.maxY == 1)
        #expect(Marker(at: .origin, shape: .dot, fill: .crossed).fill == .filled)
        #expect(Marker(at: .origin, shape: .round, fill: .crossed).character(ascii: false) == "⊗")
        #expect(Marker(at: .origin, shape: .square, fill: .hollow).character(ascii: true) == "b")
        #expect(Dash(dots: -3).isSolid)
    }
}
