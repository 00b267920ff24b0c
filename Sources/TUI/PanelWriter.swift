/// A column of text lines inside a rectangle, clipped at its bottom. A line too wide for the rectangle is shortened
/// to its whole tokens (`TokenClip`), across its styled segments: a word or a number is shown whole or not at all.
struct PanelWriter {
    let rect: Rect
    private(set) var row = 0

    init(_ rect: Rect) { self.rect = rect }

    /// True while there is room for another line.
    var hasRoom: Bool { row < rect.height }

    /// Columns a line may take: the rectangle less a margin of one on the left.
    var textWidth: Int { max(rect.width - 1, 0) }

    /// Writes one line of segments (text, style), shortened to whole tokens, and moves down.
    mutating func line(_ segments: [(String, Style)], into buffer: inout Buffer, highlight: Style? = nil) {
        guard hasRoom else { return }
        if let highlight {
            buffer.fill(Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1), with: Cell(" ", style: highlight))
        }
        let whole = segments.map { buffer.shown($0.0) }.joined()
        var left = TokenClip.fit(whole, in: textWidth).unicodeScalars.count
        var column = rect.x + 1
        for (text, style) in segments where left > 0 {
            var style = style
            if let highlight { style.reverse = highlight.reverse; style.background = highlight.background }
            let width = buffer.width(of: text)
            column = buffer.write(text, x: column, y: rect.y + row, style: style, maxWidth: min(width, left))
            left -= width
        }
        row += 1
    }

    /// Writes one line of items, each whole or not at all: the items that fit from the first on, and moves down.
    mutating func line(items: [(String, Style)], into buffer: inout Buffer) {
        var kept: [(String, Style)] = [], width = 0
        for item in items {
            width += buffer.width(of: item.0)
            guard width <= textWidth else { break }
            kept.append(item)
        }
        line(kept, into: &buffer)
    }

    /// One line of plain text.
    mutating func line(_ text: String, _ style: Style = .plain, into buffer: inout Buffer) {
        line([(text, style)], into: &buffer)
    }

    /// Lines of `text` wrapped at spaces to the width, each a line of its own.
    mutating func wrapped(_ text: String, _ style: Style, into buffer: inout Buffer) {
        for part in wrap(buffer.shown(text), width: textWidth) { line(part, style, into: &buffer) }
    }

    /// A horizontal rule.
    mutating func rule(into buffer: inout Buffer, style: Style) {
        guard hasRoom else { return }
        buffer.write(String(repeating: "─", count: max(rect.width - 2, 0)), x: rect.x + 1, y: rect.y + row,
                     style: style, breakable: true)
        row += 1
    }

    /// Skips `count` rows (space kept for something drawn there).
    mutating func skip(_ count: Int) { row = min(row + count, rect.height) }
}

/// Splits text into lines of at most `width` characters at spaces (a word longer than the width is a line of its
/// own, shortened by the writer).
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ") {
        if !current.isEmpty && current.count + 1 + word.count > width { lines.append(current); current = "" }
        current += (current.isEmpty ? "" : " ") + word
    }
    return current.isEmpty ? lines : lines + [current]
}
