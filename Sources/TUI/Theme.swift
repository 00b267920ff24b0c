/// The colours of the explorer. With 256 colours regions get dark tinted backgrounds; with 8 they fall back to
/// the basic palette; monochrome draws everything in the default colours (lines and glyphs carry the meaning).
public struct Theme: Sendable, Hashable {
    /// Class 1 lines and glyphs.
    public var class1: Style
    /// Class 2 lines and glyphs.
    public var class2: Style
    /// Class 1 region background.
    public var class1Region: Color
    /// Class 2 region background.
    public var class2Region: Color
    /// Margin zone background.
    public var marginRegion: Color
    /// Where both classes meet their margin (overlap).
    public var overlapRegion: Color
    /// Reference lines: the softmax boundary, cos(theta), axes.
    public var reference: Style
    /// The current curve or emphasis.
    public var accent: Style
    /// Titles and labels.
    public var title: Style
    /// Secondary text.
    public var dim: Style
    /// Warnings in the status line.
    public var warning: Style
    /// Faint comparison curves, one per other loss.
    public var faint: [Style]
    /// False when colours are off (`NO_COLOR`, `--color never`, or a monochrome terminal).
    public var hasColor: Bool

    /// The 256-colour theme.
    public static let rich = Theme(
        class1: Style(Color(75), bold: true), class2: Style(Color(209), bold: true),
        class1Region: Color(17), class2Region: Color(52), marginRegion: Color(236), overlapRegion: Color(53),
        reference: Style(Color(245)), accent: Style(Color(226), bold: true), title: Style(Color(255), bold: true),
        dim: Style(Color(244)), warning: Style(Color(214), bold: true),
        faint: [Style(Color(109)), Style(Color(139)), Style(Color(108)), Style(Color(180)), Style(Color(146)),
                Style(Color(174))],
        hasColor: true)

    /// The 8-colour theme.
    public static let basic = Theme(
        class1: Style(Color(4), bold: true), class2: Style(Color(1), bold: true),
        class1Region: .default, class2Region: .default, marginRegion: .default, overlapRegion: .default,
        reference: Style(Color(7)), accent: Style(Color(3), bold: true), title: Style(bold: true),
        dim: Style(Color(7)), warning: Style(Color(3), bold: true),
        faint: [Style(Color(6)), Style(Color(5)), Style(Color(2)), Style(Color(7))],
        hasColor: true)

    /// No colour at all.
    public static let monochrome = Theme(
        class1: Style(bold: true), class2: Style(bold: true),
        class1Region: .default, class2Region: .default, marginRegion: .default, overlapRegion: .default,
        reference: .plain, accent: Style(bold: true), title: Style(bold: true), dim: .plain,
        warning: Style(bold: true), faint: [.plain], hasColor: false)

    /// Tinted region backgrounds are drawn (256 colours only).
    public var shadesRegions: Bool { !class1Region.isDefault }

    /// The style of class `label` (1 or 2) in the two-class picture.
    public func classStyle(_ label: Int) -> Style { label == 1 ? class1 : class2 }

    /// The style of class `index` (0, 1, ...) in training pictures: ten distinct hues, then again.
    public func paletteStyle(_ index: Int) -> Style {
        guard hasColor else { return .plain }
        let colors = shadesRegions ? [75, 209, 114, 221, 177, 80, 203, 150, 215, 147] : [4, 1, 2, 3, 5, 6]
        return Style(Color(colors[index % colors.count]), bold: true)
    }

    /// A dark tint of class `index` for region backgrounds (256 colours only; the default colour otherwise).
    public func paletteTint(_ index: Int) -> Color {
        guard shadesRegions else { return .default }
        let tints = [17, 52, 22, 58, 53, 23, 88, 28, 94, 60]
        return Color(tints[index % tints.count])
    }
}
