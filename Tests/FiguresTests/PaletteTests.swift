import Testing
@testable import Figures
@testable import TUI

/// The SVG's colours are the explorer's: xterm's palette converted exactly, and each role on the index the TUI's
/// 256-colour theme uses (if the theme changes, this fails until `Palette` follows).
@Suite struct PaletteTests {
    /// Known xterm values: the cube's levels 0, 95, 135, 175, 215, 255 and the grey ramp 8 + 10 n.
    @Test(arguments: [(0, "#000000"), (1, "#cd0000"), (7, "#e5e5e5"), (8, "#7f7f7f"), (12, "#5c5cff"), (15, "#ffffff"),
                      (16, "#000000"), (17, "#00005f"), (52, "#5f0000"), (75, "#5fafff"), (209, "#ff875f"), (226, "#ffff00"),
                      (231, "#ffffff"), (232, "#080808"), (236, "#303030"), (244, "#808080"), (245, "#8a8a8a"), (255, "#eeeeee")])
    func xtermIndexConvertsExactly(index: Int, hex: String) {
        #expect(XtermColor(index).hex == hex)
    }

    @Test func everyCubeColourFollowsTheFormula() {
        let levels = [0, 95, 135, 175, 215, 255]
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 {
            let rgb = XtermColor(16 + 36 * r + 6 * g + b).rgb
            #expect([Int(rgb.red), Int(rgb.green), Int(rgb.blue)] == [levels[r], levels[g], levels[b]])
        } } }
        #expect(XtermColor(-4).index == 0 && XtermColor(999).index == 255)
    }

    @Test func rolesUseTheThemeIndices() {
        let theme = Theme.rich
        func ink(_ role: Role) -> Int16 { Int16(Palette.colors(of: role).ink.index) }
        func tint(_ role: Role) -> Int16? { Palette.colors(of: role).tint.map { Int16($0.index) } }
        #expect(ink(.class1) == theme.class1.foreground.index && tint(.class1) == theme.class1Region.index)
        #expect(ink(.class2) == theme.class2.foreground.index && tint(.class2) == theme.class2Region.index)
        #expect(tint(.marginZone) == theme.marginRegion.index && tint(.overlapZone) == theme.overlapRegion.index)
        #expect(ink(.reference) == theme.reference.foreground.index && ink(.accent) == theme.accent.foreground.index)
        #expect(ink(.title) == theme.title.foreground.index && ink(.dim) == theme.dim.foreground.index)
        #expect(ink(.warning) == theme.warning.foreground.index)
        for index in 0..<25 {
            #expect(ink(.palette(index)) == theme.markStyle(index).foreground.index)
            #expect(tint(.palette(index)) == Int16(Palette.classTints[index % 10]))
            #expect(ink(.faint(index)) == theme.faint[index % theme.faint.count].foreground.index)
        }
        #expect(Palette.colors(of: .class1).isBold == theme.class1.bold && Palette.colors(of: .dim).isBold == theme.dim.bold)
        #expect(ink(.palette(-1)) == ink(.palette(9)))  // a negative index wraps, never traps
    }
}
