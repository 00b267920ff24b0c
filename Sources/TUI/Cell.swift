/// A terminal colour: the terminal's default, or an index into the 256-colour palette.
public struct Color: Sendable, Hashable {
    /// -1 for the terminal's default colour, else a palette index 0...255.
    public let index: Int16

    /// Palette colour `index` (0...255).
    public init(_ index: Int) { self.index = Int16(index) }
    private init(raw: Int16) { index = raw }

    /// The terminal's own foreground or background.
    public static let `default` = Color(raw: -1)
    /// True for the terminal's default colour.
    public var isDefault: Bool { index < 0 }
}

/// How one cell is drawn: colours and attributes.
public struct Style: Sendable, Hashable {
    /// Foreground colour.
    public var foreground: Color
    /// Background colour.
    public var background: Color
    /// Bold text.
    public var bold: Bool
    /// Reverse video (used to show selection without colour).
    public var reverse: Bool

    /// A style with the given colours and attributes.
    public init(_ foreground: Color = .default, background: Color = .default, bold: Bool = false, reverse: Bool = false) {
        self.foreground = foreground; self.background = background; self.bold = bold; self.reverse = reverse
    }

    /// The terminal's default look.
    public static let plain = Style()
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
    /// The character shown; every glyph this program draws is one Unicode scalar of width one.
    public var scalar: Unicode.Scalar
    /// Its colours and attributes.
    public var style: Style

    /// A cell showing `scalar` in `style`.
    public init(_ scalar: Unicode.Scalar = " ", style: Style = .plain) { self.scalar = scalar; self.style = style }
}
