import Foundation
import Geometry

/// A rotation of 3-D space, kept as a unit quaternion w + x i + y j + z k.
///
/// Why a quaternion: the sphere view turns by many small steps (arrow keys, mouse drags). Each step is composed
/// onto the rotation in screen axes, never stored as yaw and pitch angles, so there is no gimbal lock; and after
/// each product the four numbers are divided by their length (one division, where a matrix needs a
/// Gram-Schmidt pass), so the rotation stays a rotation to the last bit however often it is turned. Four numbers
/// also make a short state string. The sign is chosen so that w >= 0 (q and -q are the same rotation), so equal
/// rotations compare and print alike.
public struct Rotation: Sendable, Hashable {
    /// The quaternion's components, of unit length, w >= 0.
    public private(set) var w, x, y, z: Double

    /// The rotation of the quaternion (w, x, y, z) scaled to unit length; zero or non-finite input is the identity.
    public init(w: Double, x: Double, y: Double, z: Double) {
        let size = (w * w + x * x + y * y + z * z).squareRoot()
        guard size > 0, size.isFinite else { (self.w, self.x, self.y, self.z) = (1, 0, 0, 0); return }
        let sign = w < 0 ? -1.0 : 1.0
        (self.w, self.x, self.y, self.z) = (sign * w / size, sign * x / size, sign * y / size, sign * z / size)
    }

    /// No rotation.
    public static let identity = Rotation(w: 1, x: 0, y: 0, z: 0)

    /// The turn by `angle` about `axis`, counter-clockwise when the axis points at the viewer (right-hand rule):
    /// q = (cos(angle/2), sin(angle/2) axis/‖axis‖). A zero axis gives the identity.
    public init(about axis: Vector3, by angle: Angle) {
        guard let unit = axis.normalised else { self = .identity; return }
        let (c, s) = (cos(angle.radians / 2), sin(angle.radians / 2))
        self.init(w: c, x: s * unit.x, y: s * unit.y, z: s * unit.z)
    }

    /// The rotation that undoes this one: the conjugate (w, -x, -y, -z).
    public var inverse: Rotation { Rotation(w: w, x: -x, y: -y, z: -z) }

    /// `lhs` after `rhs` (the Hamilton product lhs rhs): (lhs * rhs).apply(v) = lhs.apply(rhs.apply(v)).
    public static func * (lhs: Rotation, rhs: Rotation) -> Rotation {
        Rotation(w: lhs.w * rhs.w - lhs.x * rhs.x - lhs.y * rhs.y - lhs.z * rhs.z,
                 x: lhs.w * rhs.x + lhs.x * rhs.w + lhs.y * rhs.z - lhs.z * rhs.y,
                 y: lhs.w * rhs.y - lhs.x * rhs.z + lhs.y * rhs.w + lhs.z * rhs.x,
                 z: lhs.w * rhs.z + lhs.x * rhs.y - lhs.y * rhs.x + lhs.z * rhs.w)
    }

    /// v turned: q v q*, computed as v + 2 w (u × v) + 2 u × (u × v) with u = (x, y, z).
    public func apply(_ v: Vector3) -> Vector3 {
        let u = Vector3(x: x, y: y, z: z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// This rotation turned further about the screen's axes (the viewer looks down -z, x to the right, y up):
    /// `yaw` about the vertical axis, positive moving the sphere's front to the right (the right arrow), and
    /// `pitch` about the horizontal axis, positive moving the front up (the up arrow). The turn is applied after
    /// this rotation, in view space, so a key always turns the picture the same way on screen whatever came before.
    public func turned(yaw: Angle, pitch: Angle) -> Rotation {
        Rotation(about: .yAxis, by: yaw) * Rotation(about: .xAxis, by: Angle(radians: -pitch.radians)) * self
    }

    /// The 3 x 3 matrix of the rotation, rows first: apply(v) = matrix v.
    public var matrix: [[Double]] {
        [[1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
         [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
         [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]]
    }
}
