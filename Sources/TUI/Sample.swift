import Foundation
import Geometry

/// A labelled sample in the two-class picture, in world units (the longer weight vector has length 1).
public struct Sample: Sendable, Hashable {
    /// Position.
    public var x, y: Double
    /// Its class: 1 or 2.
    public var label: Int

    /// A sample at (x, y) of class `label`.
    public init(x: Double, y: Double, label: Int) { self.x = x; self.y = y; self.label = label }

    /// A sample at `radius` in direction `direction` (from W1 towards W2).
    public init(direction: Angle, radius: Double, label: Int) {
        self.init(x: radius * cos(direction.radians), y: radius * sin(direction.radians), label: label)
    }

    /// Its direction, measured from W1 towards W2.
    public var direction: Angle { Angle(radians: atan2(y, x)) }
    /// Its distance from the origin.
    public var radius: Double { (x * x + y * y).squareRoot() }

    /// Three samples of each class around its weight vector.
    public static func defaults(separation: Angle) -> [Sample] {
        let class1 = [(12.0, 0.9), (-20, 0.7), (34, 0.8)].map {
            Sample(direction: Angle(degrees: $0.0), radius: $0.1, label: 1)
        }
        let class2 = [(-12.0, 0.85), (20, 0.75), (-34, 0.65)].map {
            Sample(direction: Angle(degrees: separation.degrees + $0.0), radius: $0.1, label: 2)
        }
        return zip(class1, class2).flatMap { [$0, $1] }
    }
}
