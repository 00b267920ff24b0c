import Foundation
import Geometry

/// A point of the sphere as the viewer sees it: where it lands on the canvas plane (world units, the unit sphere's
/// outline being the unit circle about the origin) and how far it is towards the viewer.
public struct ProjectedPoint: Sendable, Hashable {
    /// The position on the canvas: the view-space x and y.
    public var point: WorldPoint
    /// The view-space z: positive towards the viewer, 1 at the front pole of the unit sphere, -1 at the back.
    public var depth: Double

    /// True on the visible hemisphere (depth >= 0; the outline itself counts as visible).
    public var isFront: Bool { depth >= 0 }
}

/// The orthographic view of the unit sphere: world vectors are turned by `rotation` into view space (x to the
/// right, y up, z towards the viewer) and dropped straight onto the canvas plane, depth deciding front from back.
public struct SphereView: Sendable, Hashable {
    /// World to view.
    public var rotation: Rotation

    /// The view through `rotation`.
    public init(rotation: Rotation = .identity) { self.rotation = rotation }

    /// Where `vector` lands: (view x, view y) on the canvas, view z as depth. No normalisation: a vector of length 2
    /// lands twice as far out.
    public func project(_ vector: Vector3) -> ProjectedPoint {
        let view = rotation.apply(vector)
        return ProjectedPoint(point: WorldPoint(x: view.x, y: view.y), depth: view.z)
    }

    /// A feature's direction on the sphere, projected: `vector` normalised, then projected; nil for a zero or
    /// non-finite feature, which has no direction.
    public func projectDirection(_ vector: Vector3) -> ProjectedPoint? {
        vector.normalised.map(project)
    }

    /// The point of the unit sphere that lands at canvas point `point` on the front (or, with `front` false, the
    /// back) hemisphere, in world coordinates: the view vector (x, y, ±√(1 - x² - y²)) turned back. Nil outside
    /// the sphere's outline (farther than rounding, 1e-12 in x² + y², from it). A backend shades a cap by asking, per cell, which world direction lies under it.
    public func sphere(at point: WorldPoint, front: Bool = true) -> Vector3? {
        let squared = point.x * point.x + point.y * point.y
        // A point projected onto the outline may land an ulp or two outside it: that is still the outline.
        guard squared <= 1 + 1e-12, point.isFinite else { return nil }
        let depth = max(1 - squared, 0).squareRoot()
        return rotation.inverse.apply(Vector3(x: point.x, y: point.y, z: front ? depth : -depth))
    }

    /// The view turned further about the screen's axes (`Rotation.turned(yaw:pitch:)`).
    public func turned(yaw: Angle, pitch: Angle) -> SphereView {
        SphereView(rotation: rotation.turned(yaw: yaw, pitch: pitch))
    }
}

/// A circle on the unit sphere: the points at angle `radius` from the unit vector `centre` (a cap's rim; 90° is a
/// great circle). Its point at parameter t is cos(radius) centre + sin(radius) (u cos t + v sin t), with u, v a
/// fixed orthonormal pair perpendicular to the centre.
public struct SphereCircle: Sendable, Hashable {
    /// The centre direction, of unit length.
    public let centre: Vector3
    /// The angle from the centre to every point of the circle, in [0, 180°].
    public let radius: Angle
    /// The orthonormal pair spanning the circle's plane.
    public let u, v: Vector3

    /// The circle at angle `radius` from `centre` (normalised); nil for a zero centre.
    public init?(centre: Vector3, radius: Angle) {
        guard let unit = centre.normalised, radius.radians.isFinite else { return nil }
        self.centre = unit
        self.radius = Angle(radians: min(max(radius.radians, 0), .pi))
        // The axis least aligned with the centre gives a well-conditioned perpendicular.
        let (ax, ay, az) = (abs(unit.x), abs(unit.y), abs(unit.z))
        let helper: Vector3 = ax <= ay && ax <= az ? .xAxis : ay <= az ? .yAxis : .zAxis
        let first = unit.cross(helper).normalised ?? .xAxis
        u = first
        v = unit.cross(first)
    }

    /// The great circle whose plane is perpendicular to `normal` (the equator of `normal` as pole).
    public static func great(normal: Vector3) -> SphereCircle? { SphereCircle(centre: normal, radius: Angle(degrees: 90)) }

    /// The point at parameter `t` (radians).
    public func point(at t: Double) -> Vector3 {
        let (c, s) = (cos(radius.radians), sin(radius.radians))
        return c * centre + s * (cos(t) * u + sin(t) * v)
    }

    /// The circle seen in `view`, cut where it crosses the outline: runs on the front hemisphere and runs on the
    /// back, each from crossing to crossing with the crossings themselves computed in closed form (depth
    /// C + A cos t + B sin t = 0), so front and back runs meet exactly on the outline. A circle that never
    /// crosses is one closed run (first point repeated last). About `steps` points for the whole circle.
    public func projected(in view: SphereView, steps: Int = 180) -> SphereCurve {
        let steps = min(max(steps, 8), 100_000)
        let (c, s) = (cos(radius.radians), sin(radius.radians))
        let (cv, uv, vv) = (view.rotation.apply(centre), view.rotation.apply(u), view.rotation.apply(v))
        let (constant, a, b) = (c * cv.z, s * uv.z, s * vv.z)
        let amplitude = (a * a + b * b).squareRoot()
        func run(from start: Double, span: Double) -> [ProjectedPoint] {
            let count = max(2, Int((Double(steps) * span / (2 * .pi)).rounded(.up)))
            return (0...count).map { view.project(point(at: start + span * Double($0) / Double(count))) }
        }
        guard amplitude > 0, abs(constant) < amplitude else {
            var whole = run(from: 0, span: 2 * .pi)
            whole[whole.count - 1] = whole[0]  // closed exactly
            return constant >= 0 ? SphereCurve(front: [whole], back: []) : SphereCurve(front: [], back: [whole])
        }
        let (middle, half) = (atan2(b, a), acos(-constant / amplitude))  // depth is largest at t = middle
        return SphereCurve(front: [run(from: middle - half, span: 2 * half)],
                           back: [run(from: middle + half, span: 2 * .pi - 2 * half)])
    }
}

/// A curve on the sphere as seen: its visible runs and its hidden runs, to be drawn in different styles.
public struct SphereCurve: Sendable, Hashable {
    /// Runs on the visible hemisphere.
    public var front: [[ProjectedPoint]]
    /// Runs on the hidden hemisphere.
    public var back: [[ProjectedPoint]]

    /// The visible runs as a polyline on the canvas.
    public var frontPolyline: Polyline { Polyline(runs: front.map { $0.map(\.point) }) }
    /// The hidden runs as a polyline on the canvas, dashed by `dash`.
    public func backPolyline(dash: Dash = Dash(dots: 1)) -> Polyline { Polyline(runs: back.map { $0.map(\.point) }, dash: dash) }
}
