import Figures
import Foundation
import Geometry

/// How view 7 looks at the sphere: turned by `yaw` about the vertical axis, then tilted by `pitch` about the
/// screen's horizontal axis (an orbit camera), both in degrees in (-180, 180]. The state string holds them as
/// `yaw=` and `pitch=`; the arrow keys step them.
public struct SphereCamera: Sendable, Hashable {
    /// The turn about the vertical axis: positive moves the sphere's front to the right.
    public var yaw: Double
    /// The tilt about the screen's horizontal axis: positive moves the front up.
    public var pitch: Double

    /// A camera at `yaw` and `pitch` degrees, wrapped into (-180, 180].
    public init(yaw: Double = 30, pitch: Double = 20) {
        self.yaw = Self.wrapped(yaw)
        self.pitch = Self.wrapped(pitch)
    }

    /// The values `yaw=` and `pitch=` take, in degrees.
    public static let angleRange = ParameterRange(lower: -180, upper: 180, isInteger: false, unit: "degrees", step: 15)

    /// Degrees one arrow key turns the sphere.
    public static let step = 15.0

    /// `degrees` wrapped into (-180, 180], zero without a sign.
    static func wrapped(_ degrees: Double) -> Double {
        guard degrees.isFinite else { return 0 }
        let turned = degrees.truncatingRemainder(dividingBy: 360)
        let wrapped = turned > 180 ? turned - 360 : turned <= -180 ? turned + 360 : turned
        return wrapped == 0 ? 0 : wrapped  // never -0, which would print as -0.0°
    }

    /// World to view: R = R_x(-pitch) R_y(yaw), the yaw applied first (`Rotation.turned(yaw:pitch:)` twice).
    public var rotation: Rotation {
        Rotation.identity.turned(yaw: Angle(degrees: yaw), pitch: .zero).turned(yaw: .zero, pitch: Angle(degrees: pitch))
    }

    /// The orthographic view through this camera.
    public var view: SphereView { SphereView(rotation: rotation) }

    /// The camera with both angles rounded to a tenth of a degree, as the state string writes them in full, so a
    /// view turned by the mouse reopens exactly from its state string.
    public var roundedToTenths: SphereCamera {
        SphereCamera(yaw: (yaw * 10).rounded() / 10, pitch: (pitch * 10).rounded() / 10)
    }

    /// The camera turned by `yaw` and tilted by `pitch` degrees more.
    public func turned(yaw dy: Double, pitch dp: Double) -> SphereCamera { SphereCamera(yaw: yaw + dy, pitch: pitch + dp) }

    /// The camera that looks straight at `direction` (it lands at the centre of the picture, depth 1): R_y(yaw)
    /// brings it into the y-z plane, yaw = atan2(-x, z), and R_x(-pitch) onto +z, pitch = -atan2(y, √(x² + z²)).
    /// Nil for a zero direction.
    public static func facing(_ direction: Vector3) -> SphereCamera? {
        guard let d = direction.normalised else { return nil }
        let yaw = atan2(-d.x, d.z) * 180 / .pi
        let pitch = -atan2(d.y, (d.x * d.x + d.z * d.z).squareRoot()) * 180 / .pi
        return SphereCamera(yaw: yaw, pitch: pitch)
    }
}
