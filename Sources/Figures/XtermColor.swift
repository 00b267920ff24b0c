/// A colour of the xterm 256-colour palette, by index, and the RGB value xterm gives it.
public struct XtermColor: Sendable, Hashable {
    /// The palette index, 0...255.
    public let index: Int

    /// Palette colour `index`, clamped to 0...255.
    public init(_ index: Int) { self.index = min(max(index, 0), 255) }

    /// xterm's 16 system colours (its default resources).
    static let system: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255),
        (0, 255, 255), (255, 255, 255),
    ]

    /// The red, green and blue components. 0-15: xterm's system colours; 16-231: the 6x6x6 cube, index
    /// 16 + 36 r + 6 g + b with levels 0, 95, 135, 175, 215, 255 (0 for 0, else 55 + 40 n); 232-255: greys
    /// 8 + 10 (index - 232).
    public var rgb: (red: UInt8, green: UInt8, blue: UInt8) {
        switch index {
        case 0..<16:
            return Self.system[index]
        case 16..<232:
            let cube = index - 16
            func level(_ n: Int) -> UInt8 { n == 0 ? 0 : UInt8(55 + 40 * n) }
            return (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
        default:
            let grey = UInt8(8 + 10 * (index - 232))
            return (grey, grey, grey)
        }
    }

    /// `#rrggbb` in lower case.
    public var hex: String {
        let (r, g, b) = rgb
        return "#" + [r, g, b].map { value in
            let text = String(value, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}

/// The colours of each role, the explorer's 256-colour theme (`Theme.rich` in the TUI) in palette indices: a
/// stroked element takes `ink`, a filled one `tint` (or, for roles without a tint, `ink` at `tintOpacity`).
public enum Palette {
    /// The colours of one role.
    public struct Colors: Sendable, Hashable {
        /// Lines, glyphs and text.
        public var ink: XtermColor
        /// Region backgrounds; nil where the theme has none for the role.
        public var tint: XtermColor?
        /// True where the theme draws the role's text bold.
        public var isBold: Bool
    }

    /// The opacity of a filled region in the ink of a role that has no tint.
    public static let tintOpacity = 0.3

    /// The background of the SVG: black, the dark terminal the theme's tints are made for.
    public static let background = XtermColor(16)

    /// Class colours of training pictures: ten hues, then again (`Theme.markStyle`).
    public static let classInks = [75, 208, 77, 203, 141, 173, 212, 250, 185, 44]
    /// Their dark tints, for filled regions (the terminal shades a training picture's sectors in greys instead,
    /// `Theme.sectorShade`, so that the dots keep their hue).
    public static let classTints = [17, 52, 22, 58, 53, 23, 88, 28, 94, 60]
    /// Faint comparison curves (`Theme.faint`).
    public static let faintInks = [109, 139, 108, 180, 146, 174]

    /// The colours of `role`.
    public static func colors(of role: Role) -> Colors {
        func make(_ ink: Int, _ tint: Int?, bold: Bool) -> Colors {
            Colors(ink: XtermColor(ink), tint: tint.map(XtermColor.init), isBold: bold)
        }
        switch role {
        case .class1: return make(75, 17, bold: true)
        case .class2: return make(209, 52, bold: true)
        case .reference: return make(245, nil, bold: false)
        case .accent: return make(226, nil, bold: true)
        case .marginZone: return make(244, 236, bold: false)
        case .overlapZone: return make(214, 53, bold: true)
        case .title: return make(255, nil, bold: true)
        case .dim: return make(244, nil, bold: false)
        case .warning: return make(214, nil, bold: true)
        case .palette(let index):
            let k = wrapped(index, classInks.count)
            return make(classInks[k], classTints[k], bold: true)
        case .faint(let index): return make(faintInks[wrapped(index, faintInks.count)], nil, bold: false)
        }
    }

    /// index modulo count, in 0..<count also for negative indices.
    static func wrapped(_ index: Int, _ count: Int) -> Int { ((index % count) + count) % count }
}
