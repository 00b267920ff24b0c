import Foundation
import Geometry

/// A point of a figure in world coordinates: x to the right, y up (the plane view's units, where the longer weight
/// vector has length 1; a chart's data units).
public struct WorldPoint: Sendable, Hashable {
    /// The coordinates.
    public var x, y: Double

    /// The point (x, y).
    public init(x: Double, y: Double) { self.x = x; self.y = y }

    /// The origin (0, 0).
    public static let origin = WorldPoint(x: 0, y: 0)

    /// The point at `distance` from `self` in `direction` (counter-clockwise from +x):
    /// (x + distance cos direction, y + distance sin direction).
    public func moved(_ distance: Double, towards direction: Angle) -> WorldPoint {
        WorldPoint(x: x + distance * cos(direction.radians), y: y + distance * sin(direction.radians))
    }

    /// True when both coordinates are finite numbers.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// The rectangle of the world a figure shows: [minX, maxX] x [minY, maxY].
public struct WorldBounds: Sendable, Hashable {
    /// The edges.
    public var minX, maxX, minY, maxY: Double

    /// The box [minX, maxX] x [minY, maxY]; an empty or reversed range is widened to one unit about its middle,
    /// and a range that is not finite becomes [-1, 1], so every figure has an area to map.
    public init(minX: Double, maxX: Double, minY: Double, maxY: Double) {
        (self.minX, self.maxX) = Self.usable(minX, maxX)
        (self.minY, self.maxY) = Self.usable(minY, maxY)
    }

    /// The square [-reach, reach] x [-reach, reach].
    public init(reach: Double) { self.init(minX: -reach, maxX: reach, minY: -reach, maxY: reach) }

    /// maxX - minX.
    public var width: Double { maxX - minX }
    /// maxY - minY.
    public var height: Double { maxY - minY }
    /// The larger of width and height: the "extent" that precision promises are measured against.
    public var extent: Double { max(width, height) }

    /// True when `point` lies inside or on the edge.
    public func contains(_ point: WorldPoint) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// The box grown by `margin` on every side.
    public func expanded(by margin: Double) -> WorldBounds {
        WorldBounds(minX: minX - margin, maxX: maxX + margin, minY: minY - margin, maxY: maxY + margin)
    }

    private static func usable(_ low: Double, _ high: Double) -> (Double, Double) {
        guard low.isFinite, high.isFinite, (high - low).isFinite else { return (-1, 1) }
        if high > low { return (low, high) }
        let middle = low / 2 + high / 2
        return (middle - 0.5, middle + 0.5)
    }
}
