/// An angle. It is stored in radians, and every way in or out names its unit, so a call site never guesses.
public struct Angle: Sendable, Hashable, Comparable {
    /// The angle in radians.
    public var radians: Double

    /// An angle of `radians` radians.
    public init(radians: Double) { self.radians = radians }

    /// An angle of `degrees` degrees: radians = degrees · π / 180.
    public init(degrees: Double) { self.radians = degrees * .pi / 180 }

    /// The angle in degrees: degrees = radians · 180 / π.
    public var degrees: Double { radians * 180 / .pi }

    /// The zero angle.
    public static let zero = Angle(radians: 0)

    public static func < (lhs: Angle, rhs: Angle) -> Bool { lhs.radians < rhs.radians }
}
