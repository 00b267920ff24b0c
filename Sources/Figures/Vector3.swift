import Foundation
import Geometry

/// A vector in 3-D: a feature of a 3-D embedding, a class weight, a point on the unit sphere.
public struct Vector3: Sendable, Hashable {
    /// The components.
    public var x, y, z: Double

    /// The vector (x, y, z).
    public init(x: Double, y: Double, z: Double) { self.x = x; self.y = y; self.z = z }

    /// The unit vectors along the axes.
    public static let xAxis = Vector3(x: 1, y: 0, z: 0), yAxis = Vector3(x: 0, y: 1, z: 0), zAxis = Vector3(x: 0, y: 0, z: 1)
    /// (0, 0, 0).
    public static let zero = Vector3(x: 0, y: 0, z: 0)

    /// Componentwise sum.
    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    /// Componentwise difference.
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    /// The vector scaled by `k`.
    public static func * (k: Double, v: Vector3) -> Vector3 { Vector3(x: k * v.x, y: k * v.y, z: k * v.z) }

    /// a · b = ax bx + ay by + az bz.
    public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }
    /// a × b = (ay bz - az by, az bx - ax bz, ax by - ay bx).
    public func cross(_ other: Vector3) -> Vector3 {
        Vector3(x: y * other.z - z * other.y, y: z * other.x - x * other.z, z: x * other.y - y * other.x)
    }

    /// ‖v‖, computed without overflow for huge components.
    public var length: Double {
        let scale = max(abs(x), abs(y), abs(z))
        guard scale > 0, scale.isFinite else { return scale }
        let (a, b, c) = (x / scale, y / scale, z / scale)
        return scale * (a * a + b * b + c * c).squareRoot()
    }

    /// v / ‖v‖, the point on the unit sphere in v's direction; nil for the zero vector or one that is not finite.
    public var normalised: Vector3? {
        let size = length
        guard size > 0, size.isFinite, x.isFinite, y.isFinite, z.isFinite else { return nil }
        return Vector3(x: x / size, y: y / size, z: z / size)
    }

    /// The angle between two vectors, atan2(‖a × b‖, a · b): exact near 0 and 180°, where acos of the cosine is
    /// not. Zero when either vector is zero.
    public func angle(to other: Vector3) -> Angle {
        guard let a = normalised, let b = other.normalised else { return .zero }
        return Angle(radians: atan2(a.cross(b).length, a.dot(b)))
    }
}
