/// The help screen: the keys, listed from the same key table that dispatches them (so the two never disagree),
/// then the symbols of this view (`Glossary`). When they do not fit on one page they take several (the keys first,
/// the symbols under the last keys or on their own): `?` turns the page, and closes the last one; Esc closes at
/// once; any other key closes the help and acts.
enum HelpOverlay {
    /// One row of the overlay: a key or symbol, and what it means.
    typealias Entry = (label: String, text: String)

    /// The pages: every key and symbol on one when they fit the screen's rows, else the keys (every key when they
    /// fit, else this view's, so each row stays readable) on as many pages as they need, and the symbols under the
    /// last keys when there is room, else on pages of their own. Every page fits the rows in one column, so no
    /// text is cut short.
    static func pages(_ state: AppState) -> [[Entry]] { paged(state).map(\.entries) }

    /// The pages with their titles: `Keys (1/2): ? symbols, Esc closes`, `Keys and symbols (2/2): ? closes`.
    static func paged(_ state: AppState) -> [(entries: [Entry], title: String)] {
        let rows = max(state.height - 2, 1)
        let others = keyTable.filter { if case .show = $0.command { false } else { true } }
        let symbols = Glossary.entries(for: state.view).map { (label: $0.symbol, text: $0.meaning) }
        let views = (label: "1-\(ViewKind.allCases.count)",
                     text: "switch view: " + ViewKind.allCases.map(\.title).joined(separator: ", "))
        func keys(_ bindings: [KeyBinding], scoped: Bool) -> [Entry] {
            [views] + bindings.map { binding in
                let scope = !scoped || binding.views.isEmpty ? "" : " [" + binding.views.map(\.title).joined(separator: ",") + "]"
                return (binding.keyLabel, binding.summary + scope)
            }
        }
        let all = keys(others, scoped: true)
        if all.count + symbols.count <= rows { return [(all + symbols, " Keys and symbols: ? closes ")] }
        var own = all
        if all.count > rows {
            own = keys(others.filter { $0.applies(in: state.view) }, scoped: false)
            // The title bar numbers the views already, so their row gives way to this view's keys.
            if own.count > rows { own.removeFirst() }
        }
        func chunks(_ entries: [Entry]) -> [[Entry]] {
            stride(from: 0, to: entries.count, by: rows).map { Array(entries[$0 ..< min($0 + rows, entries.count)]) }
        }
        // Each page: its entries and whether it holds keys, symbols or both.
        var pages = chunks(own).map { (entries: $0, keys: true, symbols: false) }
        if all.count > rows, let last = pages.last, last.entries.count + symbols.count <= rows {
            pages[pages.count - 1] = (last.entries + symbols, true, !symbols.isEmpty)
        } else {
            pages += chunks(symbols).map { (entries: $0, keys: false, symbols: true) }
        }
        if pages.count == 1 { return [(pages[0].entries, " Keys and symbols: ? closes ")] }
        return pages.enumerated().map { index, page in
            let name = page.keys && page.symbols ? "Keys and symbols" : page.keys ? "Keys" : "Symbols"
            let action = index == pages.count - 1 ? "? closes"
                : (pages[index + 1].keys ? "? next page" : "? symbols") + ", Esc closes"
            return (page.entries, " \(name) (\(index + 1)/\(pages.count)): \(action) ")
        }
    }

    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let pages = paged(state)
        let page = pages[min(state.helpPage ?? 0, pages.count - 1)]
        drawBox(page.entries, title: page.title, theme: state.theme, into: &buffer)
    }

    /// The entries in a box centred on the screen, in one column, or two when one is too long and the screen wide.
    private static func drawBox(_ entries: [Entry], title: String, theme: Theme, into buffer: inout Buffer) {
        let available = buffer.height - 2
        let keyWidth = min(entries.map { buffer.width(of: $0.label) }.max() ?? 0, 14)
        let textWidth = entries.map { buffer.width(of: $0.text) }.max() ?? 0
        let columns = entries.count <= available || buffer.width < 2 * (keyWidth + 24) + 4 ? 1 : 2
        let columnWidth = min(keyWidth + 2 + textWidth, (buffer.width - 4) / columns - 1)
        let rows = min((entries.count + columns - 1) / columns, available)
        let box = Rect(x: max((buffer.width - columns * (columnWidth + 1) - 3) / 2, 0),
                       y: max((buffer.height - rows - 2) / 2, 0),
                       width: min(columns * (columnWidth + 1) + 3, buffer.width), height: min(rows + 2, buffer.height))
        let background = theme.hasColor ? Color(235) : Color.default
        // The screen behind the box is cleared, so no word of it shows cut off at the box's edges.
        buffer.fill(Rect(x: 0, y: box.y, width: buffer.width, height: box.height))
        buffer.fill(box, with: Cell(" ", style: Style(background: background)))
        let frame = Style(theme.accent.foreground, background: background, bold: true)
        drawFrame(box, title: title, style: frame, into: &buffer)
        for (index, entry) in entries.prefix(rows * columns).enumerated() {
            let x = box.x + 2 + (index / rows) * (columnWidth + 1), y = box.y + 1 + index % rows
            buffer.write(entry.label, x: x, y: y, style: Style(theme.accent.foreground, background: background, bold: true),
                         maxWidth: keyWidth)
            buffer.write(entry.text, x: x + keyWidth + 2, y: y, style: Style(background: background),
                         maxWidth: columnWidth - keyWidth - 2)
        }
        if entries.count > rows * columns {
            buffer.write(" more: enlarge the terminal ", x: box.x + 2, y: box.y + box.height - 1, style: frame)
        }
    }

    /// A box outline with `title` centred in its top edge.
    private static func drawFrame(_ box: Rect, title: String, style: Style, into buffer: inout Buffer) {
        let horizontal = String(repeating: "─", count: max(box.width - 2, 0))
        buffer.write("┌" + horizontal + "┐", x: box.x, y: box.y, style: style, breakable: true)
        buffer.write(title, x: box.x + max((box.width - buffer.width(of: title)) / 2, 1), y: box.y, style: style)
        buffer.write("└" + horizontal + "┘", x: box.x, y: box.y + box.height - 1, style: style, breakable: true)
        for row in 1 ..< max(box.height - 1, 1) {
            buffer[box.x, box.y + row] = Cell("│", style: style)
            buffer[box.x + box.width - 1, box.y + row] = Cell("│", style: style)
        }
    }
}
