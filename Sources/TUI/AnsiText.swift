extension Buffer {
    /// The buffer as lines of text with ANSI SGR colour codes (256-colour palette), each line reset at its end.
    public var ansiLines: [String] {
        (0..<height).map { y in
            var text = ""
            var current: Style?
            for x in 0..<width {
                let cell = self[x, y]
                if cell.style != current {
                    text += Self.sgr(cell.style)
                    current = cell.style
                }
                text.unicodeScalars.append(cell.scalar)
            }
            return text + "\u{1B}[0m"
        }
    }

    /// The escape sequence that selects `style` from a reset state.
    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.reverse { codes.append("7") }
        if !style.foreground.isDefault { codes.append("38;5;\(style.foreground.index)") }
        if !style.background.isDefault { codes.append("48;5;\(style.background.index)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
