/// How a stroke is broken: `dots` on, `dots` off, counted in Braille dots (a quarter of a text line: the SVG
/// writer makes a dot a quarter of its font size), exactly the `dash` of `BrailleCanvas.line`. Zero is solid.
public struct Dash: Sendable, Hashable {
    /// Dots on, then as many off; 0 draws a solid line.
    public var dots: Int

    /// A dash of `dots` on and `dots` off (negative counts are solid).
    public init(dots: Int) { self.dots = max(dots, 0) }

    /// An unbroken line.
    public static let solid = Dash(dots: 0)

    /// True for an unbroken line.
    public var isSolid: Bool { dots == 0 }
}
