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
        // This view's own keys first (saving the figure last of them, and only where there is one), then the ones every view shares; room is
        // kept for quit and help, which are always shown.
        let hinted = keyTable.filter { $0.hint != nil && $0.applies(in: state.view)
            && ($0.command != .saveFigure || ViewFigure.hasFigure(state)) }  // no hint to save what is not drawn
        let own = hinted.filter { !$0.views.isEmpty && $0.command != .saveFigure } + hinted.filter { $0.command == .saveFigure }
        let shared = hinted.filter(\.views.isEmpty)
        let kept = shared.filter { $0.command == .quit || $0.command == .help }
        func entry(_ binding: KeyBinding) -> String { "\(hintKeys(binding)) \(binding.hint ?? "")" }
        var reserved = kept.reduce(0) { $0 + buffer.width(of: entry($1)) + 2 }
        var full = false
        for binding in own + shared {
            let isKept = kept.contains(binding)
            let size = buffer.width(of: entry(binding))
            if isKept { reserved -= size + 2 }
            guard !full || isKept else { continue }
            guard column + size + (isKept ? 0 : reserved) < width else {
                full = true
                continue
            }
            let keys = hintKeys(binding)
            buffer.write(keys, x: column, y: height - 1, style: Style(theme.accent.foreground, bold: true))
            buffer.write(" " + (binding.hint ?? ""), x: column + buffer.width(of: keys), y: height - 1, style: .plain)
            column += size + 2
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
