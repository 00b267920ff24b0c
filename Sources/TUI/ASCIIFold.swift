/// The one way `--ascii` turns the screen into ASCII: `Buffer` applies it to everything written into it, text first
/// (`text`, where a stand-in may take several columns: `°` is `deg`, so 90° reads `90deg`, never the arc-minute
/// `90'`), then every cell (`scalar`: one ASCII character per cell, Braille by where its dots lie).
public enum ASCIIFold {
    /// Stand-ins of more than one character, applied to text before it is laid out.
    static let expansions: [Unicode.Scalar: String] = [
        "°": "deg", "→": "->", "←": "<-", "↗": "/^", "↖": "\\^", "↙": "v/", "↘": "\\v", "ψ": "psi", "×": "x",
        "…": "...", "≥": ">=", "≤": "<=",
    ]

    /// One-character stand-ins for the other glyphs the views draw.
    static let standIns: [Unicode.Scalar: Unicode.Scalar] = [
        "θ": "t", "▸": ">", "─": "-", "│": "|", "·": ".", "‖": "|", "−": "-", "–": "-", "λ": "L", "━": "=",
        "╌": "~", "↑": "^", "↓": "v", "❚": "|", "▶": ">", "●": "A", "○": "a", "⊗": "x", "■": "B", "□": "b",
        "⊠": "X", "┌": "+", "┐": "+", "└": "+", "┘": "+", "±": "+", "▲": "C", "△": "c", "◆": "D", "◇": "d",
        "▼": "E", "▽": "e", "★": "F", "☆": "f", "◀": "<",
    ]

    /// `text` as a screen with or without `ascii` shows it (what `Buffer.shown` does, for layouts measured before
    /// there is a buffer: the tabs a click is matched against).
    public static func shown(_ text: String, ascii: Bool) -> String { ascii ? Self.text(text) : text }

    /// `text` with every glyph that has a longer stand-in replaced by it.
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if let expansion = expansions[scalar] { result += expansion } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// The ASCII character for one cell: itself when ASCII, a Braille pattern by its dots, a glyph by its stand-in,
    /// else `?`.
    public static func scalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return scalar }
        if (0x2800...0x28FF).contains(scalar.value) { return BrailleCanvas.asciiGlyph(UInt8(scalar.value - 0x2800)) }
        return standIns[scalar] ?? expansions[scalar]?.unicodeScalars.first ?? "?"
    }
}
