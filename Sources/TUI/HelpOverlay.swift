/// The help screen, listed from the same key table that dispatches keys, so the two never disagree.
enum HelpOverlay {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        // The view keys share one row; then every key when all fit in one column, else this view's keys, so
        // each row stays readable.
        let others = keyTable.filter { if case .show = $0.command { false } else { true } }
        let fitsAll = others.count + 1 <= buffer.height - 2
        let shown = fitsAll ? others : others.filter { $0.applies(in: state.view) }
        let views = ("1-\(ViewKind.allCases.count)", "switch view: " + ViewKind.allCases.map(\.title).joined(separator: ", "))
        let entries = [views] + shown.map { binding -> (String, String) in
            let scope = !fitsAll || binding.views.isEmpty ? "" : " [" + binding.views.map(\.title).joined(separator: ",") + "]"
            return (binding.keyLabel, binding.summary + scope)
        }
        let keyWidth = min(entries.map(\.0.count).max() ?? 0, 14)
        let entryWidth = keyWidth + 2 + (entries.map(\.1.count).max() ?? 0)
        let available = buffer.height - 2
        let columns = entries.count <= available || buffer.width < 2 * (keyWidth + 24) + 4 ? 1 : 2
        let columnWidth = min(entryWidth, (buffer.width - 4) / columns - 1)
        let rows = min((entries.count + columns - 1) / columns, available)
        let box = Rect(x: max((buffer.width - columns * (columnWidth + 1) - 3) / 2, 0), y: max((buffer.height - rows - 2) / 2, 0),
                       width: min(columns * (columnWidth + 1) + 3, buffer.width), height: min(rows + 2, buffer.height))
        buffer.fill(box, with: Cell(" ", style: Style(background: theme.hasColor ? Color(235) : .default)))
        let frame = Style(theme.accent.foreground, background: theme.hasColor ? Color(235) : .default, bold: true)
        let title = fitsAll ? " Keys (any key closes) " : " Keys of this view (any key closes) "
        let horizontal = String(repeating: state.ascii ? "-" : "─", count: max(box.width - 2, 0))
        buffer.write((state.ascii ? "+" : "┌") + horizontal + (state.ascii ? "+" : "┐"), x: box.x, y: box.y, style: frame)
        buffer.write(title, x: box.x + max((box.width - title.count) / 2, 1), y: box.y, style: frame)
        buffer.write((state.ascii ? "+" : "└") + horizontal + (state.ascii ? "+" : "┘"), x: box.x,
                     y: box.y + box.height - 1, style: frame)
        for row in 1 ..< box.height - 1 {
            buffer.write(state.ascii ? "|" : "│", x: box.x, y: box.y + row, style: frame)
            buffer.write(state.ascii ? "|" : "│", x: box.x + box.width - 1, y: box.y + row, style: frame)
        }
        var background = Style(background: theme.hasColor ? Color(235) : .default)
        for (index, entry) in entries.prefix(rows * columns).enumerated() {
            let column = index / rows, row = index % rows
            let x = box.x + 2 + column * (columnWidth + 1), y = box.y + 1 + row
            background.foreground = theme.accent.foreground
            background.bold = true
            buffer.write(entry.0, x: x, y: y, style: background, maxWidth: keyWidth)
            background.foreground = .default
            background.bold = false
            buffer.write(entry.1, x: x + keyWidth + 2, y: y, style: background, maxWidth: columnWidth - keyWidth - 2)
        }
        if entries.count > rows * columns {
            buffer.write(" more: enlarge the terminal ", x: box.x + 2, y: box.y + box.height - 1, style: frame)
        }
    }
}
