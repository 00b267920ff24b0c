import Geometry

/// What an element means, which decides its colour in every backend: the screen's theme and the SVG stylesheet
/// map a role to a colour, a scene never names one. A stroked element (ray, polyline, arc, marker, text, axes)
/// takes the role's ink; a filled region (sector, polygon) takes the role's tint (see `Palette`).
public enum Role: Sendable, Hashable {
    /// Class 1 of the two-class picture: W1, its boundary rays, its region, its samples.
    case class1
    /// Class 2 of the two-class picture.
    case class2
    /// Reference lines: the softmax boundary, cos θ, grid lines.
    case reference
    /// The current curve or emphasis: the margin arc and its value.
    case accent
    /// The margin zone, where neither class meets its margin.
    case marginZone
    /// The overlap, where both classes meet their margin.
    case overlapZone
    /// Titles and headings.
    case title
    /// Secondary text and axes.
    case dim
    /// Warnings: a fallback angle, a collapse.
    case warning
    /// Class `index` (0, 1, ...) of a training run: ten hues, then again.
    case palette(Int)
    /// The `index`-th faint comparison curve (0, 1, ...): six hues, then again.
    case faint(Int)

    /// The role's name in the SVG (`role-` + name is its class) and the CSV: `class1`, `margin-zone`,
    /// `palette-3`, `faint-0`.
    public var name: String {
        switch self {
        case .class1: "class1"
        case .class2: "class2"
        case .reference: "reference"
        case .accent: "accent"
        case .marginZone: "margin-zone"
        case .overlapZone: "overlap-zone"
        case .title: "title"
        case .dim: "dim"
        case .warning: "warning"
        case .palette(let index): "palette-\(index)"
        case .faint(let index): "faint-\(index)"
        }
    }

    /// The role of class `label` of the two-class picture.
    public static func of(_ label: ClassLabel) -> Role { label == .class1 ? .class1 : .class2 }
}
