import Foundation
import Geometry

/// Classes that training has not told apart by direction. Every loss here decides by direction alone (the class
/// regions are sectors from the origin), so two classes whose features point the same way cannot be told apart,
/// however the loss falls.
///
/// The rule, from the data and nothing tuned: two classes whose centres are neighbours on the circle have
/// collapsed when the angle between their centres is smaller than the spread of either class, its features' mean
/// angle to its own centre, or smaller than `resolution`, where directions are the same to a Float's precision.
/// Each centre then lies inside the other class's own scatter. (On thirty runs of blobs, rings, spirals and the
/// digits under six losses, the healthy ones ended with neighbouring centres at least 3.5 spreads apart and the
/// collapsed ones at less than half a spread.) A class whose every training feature is zero has no direction.
public enum ClassCollapse: Sendable, Hashable {
    /// Classes `first` and `second` (labels 0..<K), whose centres are `gap` apart, less than `firstSpread` and
    /// `secondSpread`, the mean angles of their features to their own centres.
    case sharedDirection(first: Int, second: Int, gap: Angle, firstSpread: Angle, secondSpread: Angle)
    /// Classes with training samples whose every feature is the zero vector: the ReLUs before the feature layer are
    /// closed for all of their samples.
    case noDirection(classes: [Int])

    /// Directions closer than this are the same to a Float feature's precision: 2^-23 radians (7e-6°).
    public static let resolution = Angle(radians: Double(Float.ulpOfOne))

    /// What happened, in one sentence without remedies, naming classes by `classNames` (quoted: they may come from a
    /// file).
    public func description(classNames: [String]) -> String {
        switch self {
        case let .sharedDirection(first, second, gap, firstSpread, secondSpread):
            "classes \(quoted(classNames[first])) and \(quoted(classNames[second])) share one direction: their "
                + "centres are \(Self.degrees(gap)) apart, "
                + (gap < Self.resolution ? "the same direction to a Float's precision"
                    : "closer than either class's features lie from its own centre (\(Self.degrees(firstSpread)) and "
                        + "\(Self.degrees(secondSpread)) on average)")
                + ", so no classifier by direction can tell them apart"
        case .noDirection(let classes) where classes.count == classNames.count:
            "every training feature is the zero vector: the ReLUs before the feature layer are closed for every sample, "
                + "so no class has a direction"
        case .noDirection(let classes):
            "\(classes.count == 1 ? "class" : "classes") "
                + classes.prefix(5).map { quoted(classNames[$0]) }.joined(separator: ", ")
                + (classes.count > 5 ? " and \(classes.count - 5) more" : "")
                + " \(classes.count == 1 ? "has" : "have") no direction: every training feature of "
                + "\(classes.count == 1 ? "it" : "them") is the zero vector (the ReLUs before the feature layer are "
                + "closed for those samples)"
        }
    }

    /// A few words for a narrow panel (24 columns at 80x24): `classes 2·3 collapsed`, `class 4 has no direction`.
    public func summary(classNames: [String]) -> String {
        switch self {
        case let .sharedDirection(first, second, _, _, _):
            "classes \(escaped(classNames[first], limit: 6))·\(escaped(classNames[second], limit: 6)) collapsed"
        case .noDirection(let classes) where classes.count == 1:
            "class \(escaped(classNames[classes[0]], limit: 6)) has no direction"
        case .noDirection(let classes):
            "\(classes.count) classes: no direction"
        }
    }

    private static func degrees(_ angle: Angle) -> String { NumberText.significant(angle.degrees, digits: 3) + "°" }
}
