/// The two bottom rows: the state string (or a notice), and key hints drawn from the key table.
enum StatusLine {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let (width, height) = (buffer.width, buffer.height)
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: height - 2, width: width, height: 2))
        if let notice = state.notice {
            writeShortened(" ! " + notice, y: height - 2, style: theme.warning, into: &buffer)
        } else {
            writeShortened(" " + StateString.format(state), y: height - 2, style: theme.dim, into: &buffer)
        }
        var column = 1
        // This view's own keys first, then the ones every view shares.
        let hinted = keyTable.filter { $0.hint != nil && $0.applies(in: state.view) }
        for binding in hinted.filter({ !$0.views.isEmpty }) + hinted.filter({ $0.views.isEmpty }) {
            guard let hint = binding.hint else { continue }
            let keys = hintKeys(binding)
            let entry = "\(keys) \(hint)"
            guard column + buffer.width(of: entry) < width else { break }
            buffer.write(keys, x: column, y: height - 1, style: Style(theme.accent.foreground, bold: true))
            buffer.write(" " + hint, x: column + buffer.width(of: keys), y: height - 1, style: .plain)
            column += buffer.width(of: entry) + 2
        }
    }

    /// Writes `text` on row `y`, shortened to whole tokens with an ellipsis when it is too long (quitting prints
    /// the state string whole).
    static func writeShortened(_ text: String, y: Int, style: Style, into buffer: inout Buffer) {
        guard buffer.width(of: text) > buffer.width else {
            buffer.write(text, x: 0, y: y, style: style)
            return
        }
        let mark = "…"
        let end = buffer.write(text, x: 0, y: y, style: style, maxWidth: buffer.width - 1 - buffer.width(of: mark))
        buffer.write(mark, x: end, y: y, style: style)
    }

    /// The short key form for hints: `1-5` for the view keys, the first key of quit, the first two otherwise.
    static func hintKeys(_ binding: KeyBinding) -> String {
        if case .show = binding.command { return "1-\(ViewKind.allCases.count)" }
        return binding.keys.prefix(binding.command == .quit ? 1 : 2).map(\.key.label).joined(separator: "/")
    }
}
