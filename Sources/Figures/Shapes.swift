import Foundation
import Geometry

/// A ray from `origin` in `direction` (counter-clockwise from +x) for `length` world units, optionally ending in
/// an arrow head (W1 and W2 of the plane view). Its end is origin + length (cos direction, sin direction).
public struct Ray: Sendable, Hashable {
    /// Where the ray starts.
    public var origin: WorldPoint
    /// Where it points.
    public var direction: Angle
    /// How far it goes, in world units (not negative).
    public var length: Double
    /// The stroke pattern.
    public var dash: Dash
    /// True when the ray ends in an arrow head.
    public var hasArrowHead: Bool

    /// A ray of `length` from `origin` in `direction`.
    public init(from origin: WorldPoint = .origin, direction: Angle, length: Double, dash: Dash = .solid,
                hasArrowHead: Bool = false) {
        self.origin = origin; self.direction = direction; self.length = max(length, 0); self.dash = dash
        self.hasArrowHead = hasArrowHead
    }

    /// origin + length (cos direction, sin direction).
    public var end: WorldPoint { origin.moved(length, towards: direction) }
}

/// A curve of straight pieces that may break: each run is drawn joined, and nothing joins one run to the next.
/// A run of one point is a dot; a segment is one run of two points.
public struct Polyline: Sendable, Hashable {
    /// The runs, each in drawing order.
    public var runs: [[WorldPoint]]
    /// The stroke pattern.
    public var dash: Dash

    /// A polyline of `runs` (empty runs are dropped).
    public init(runs: [[WorldPoint]], dash: Dash = .solid) {
        self.runs = runs.filter { !$0.isEmpty }; self.dash = dash
    }

    /// The curve through `points`, broken wherever a point is nil or not finite (a curve leaving the chart, a
    /// loss that is undefined there): the form `Plot.curve` takes.
    public init(points: [WorldPoint?], dash: Dash = .solid) {
        var runs: [[WorldPoint]] = [[]]
        for point in points {
            if let point, point.isFinite { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        self.init(runs: runs, dash: dash)
    }

    /// The straight segment from `start` to `end`.
    public static func segment(from start: WorldPoint, to end: WorldPoint, dash: Dash = .solid) -> Polyline {
        Polyline(runs: [[start, end]], dash: dash)
    }
}

/// The arc of the circle about `centre` with `radius`, counter-clockwise from `from` to `to` (to >= from; a width
/// of 360° or more is the whole circle). The point at angle a is centre + radius (cos a, sin a).
public struct Arc: Sendable, Hashable {
    /// The circle's centre.
    public var centre: WorldPoint
    /// Its radius in world units.
    public var radius: Double
    /// Where the arc starts.
    public var from: Angle
    /// Where it ends, counter-clockwise from `from`.
    public var to: Angle
    /// The stroke pattern.
    public var dash: Dash

    /// The arc about `centre` from `from` counter-clockwise to `to` (a `to` below `from` is taken as `from`).
    public init(centre: WorldPoint = .origin, radius: Double, from: Angle, to: Angle, dash: Dash = .solid) {
        self.centre = centre; self.radius = max(radius, 0); self.from = from
        self.to = to.radians >= from.radians ? to : from; self.dash = dash
    }

    /// to - from.
    public var width: Angle { Angle(radians: to.radians - from.radians) }
    /// The point at angle `angle`: centre + radius (cos angle, sin angle).
    public func point(at angle: Angle) -> WorldPoint { centre.moved(radius, towards: angle) }

    /// `segments` + 1 points evenly along the arc, from `from` to `to` exactly (at least one segment, at most a
    /// million): what a backend without arcs joins with straight lines, as the explorer steps its margin arc.
    public func points(segments: Int) -> [WorldPoint] {
        let count = min(max(segments, 1), 1_000_000)
        let (low, span) = (from.radians, min(width.radians, 2 * .pi))
        return (0...count).map { point(at: Angle(radians: $0 == count ? low + span : low + span * Double($0) / Double(count))) }
    }
}

/// A filled wedge: every point within `radius` of `centre` whose direction lies counter-clockwise from `from` to
/// `to` (360° or more fills the disc). The plane view's regions are sectors about the origin.
public struct Sector: Sendable, Hashable {
    /// The apex.
    public var centre: WorldPoint
    /// How far the wedge reaches.
    public var radius: Double
    /// Where it starts.
    public var from: Angle
    /// Where it ends, counter-clockwise from `from`.
    public var to: Angle

    /// The wedge about `centre` from `from` counter-clockwise to `to` (a `to` below `from` is taken as `from`).
    public init(centre: WorldPoint = .origin, radius: Double, from: Angle, to: Angle) {
        self.centre = centre; self.radius = max(radius, 0); self.from = from
        self.to = to.radians >= from.radians ? to : from
    }

    /// to - from.
    public var width: Angle { Angle(radians: to.radians - from.radians) }

    /// True when `point` lies in the wedge (its edges included).
    public func contains(_ point: WorldPoint) -> Bool {
        let (dx, dy) = (point.x - centre.x, point.y - centre.y)
        guard dx * dx + dy * dy <= radius * radius else { return false }
        if width.radians >= 2 * .pi || (dx == 0 && dy == 0) { return true }
        return DirectionArc(from: from, to: to).lifted(Angle(radians: atan2(dy, dx))) <= to.radians
    }
}

/// A filled polygon: the closed path through `vertices` (even-odd fill).
public struct Polygon: Sendable, Hashable {
    /// The corners in order; the last joins the first.
    public var vertices: [WorldPoint]

    /// The polygon through `vertices`.
    public init(vertices: [WorldPoint]) { self.vertices = vertices }

    /// True when `point` lies inside (even-odd rule, by a ray cast to +x).
    public func contains(_ point: WorldPoint) -> Bool {
        var inside = false
        var previous = vertices.last
        for vertex in vertices {
            defer { previous = vertex }
            guard let p = previous, (vertex.y > point.y) != (p.y > point.y) else { continue }
            let crossing = vertex.x + (point.y - vertex.y) * (p.x - vertex.x) / (p.y - vertex.y)
            if point.x < crossing { inside.toggle() }
        }
        return inside
    }
}
