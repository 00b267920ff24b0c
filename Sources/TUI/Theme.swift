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

    /// The colour of class `index` (0, 1, ...) in training pictures: ten hues far apart (Tableau's ten, brightened
    /// for a dark background), then again (`ClassMarks` tells those apart by shape). Test samples take a paler tone
    /// of the same hue, not bold.
    public func markStyle(_ index: Int, test: Bool = false) -> Style {
        guard hasColor else { return test ? .plain : Style(bold: true) }
        let bright = shadesRegions ? [75, 208, 77, 203, 141, 173, 212, 250, 185, 44] : [4, 3, 2, 1, 5, 3, 5, 7, 2, 6]
        let pale = shadesRegions ? [117, 216, 157, 217, 183, 180, 225, 254, 229, 159] : bright
        let hue = index % bright.count
        return test ? Style(Color(pale[hue])) : Style(Color(bright[hue]), bold: true)
    }

    /// The faint background of a sector in training pictures, by its place `rank` going round the circle among
    /// `count` sectors: dark greys alternating (a third between the last and the first when `count` is odd), so
    /// each sector shows without a hue that would drown the dots (256 colours only; the default colour otherwise).
    public func sectorShade(rank: Int, count: Int) -> Color {
        guard shadesRegions else { return .default }
        if count % 2 == 1 && rank == count - 1 && count > 1 { return Color(233) }
        return Color(rank % 2 == 0 ? 234 : 236)
    }
}
