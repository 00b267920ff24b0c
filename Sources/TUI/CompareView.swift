import Geometry

/// Two to four losses side by side on the same W1, W2 and samples, each labelled with its parameters and margin.
enum CompareView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let layout = CompareLayout(state: state)
        layout.grid.drawSeparators(into: &buffer, style: theme.dim)
        for (index, (loss, rect)) in zip(state.comparePanels, layout.panels).enumerated() {
            let picture = TwoClassPicture(state, loss: loss)
            let focused = index == state.focusedPanel
            let header = Rect(x: rect.x, y: rect.y, width: rect.width, height: 2)
            var writer = PanelWriter(header)
            writer.line([(focused ? "▸ " : "  ", theme.accent), (loss.shortDescription, theme.title)], into: &buffer,
                        highlight: focused ? Style(reverse: true) : nil)
            let margin = picture.inner.margin
            let formula = "  " + (state.compareShowsMargins ? AnglesView.note(for: loss) : loss.formula)
            // No margin between the class rays: say which class misses its weight vector instead.
            let missing = ClassLabel.allCases.lazy.compactMap { label in
                picture.shortfalls[label].map { shortfall -> String in
                    if case .noRegion = shortfall { return "none: class \(label.rawValue) has no region" }
                    return "none: class \(label.rawValue) misses W\(label.rawValue)"
                }
            }.first ?? "none"
            let room = header.width - 2 - "  margin ".count
            let value = margin.map(degrees) ?? (missing.count <= room ? missing : "none")
            let marginText = "  margin " + value
            writer.line([("  margin ", theme.dim), (value, margin.map { SidePanel.marginStyle($0, theme) } ?? theme.warning),
                         (marginText.count + formula.count <= header.width - 2 ? formula : "", theme.dim)], into: &buffer)
            let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
            if state.compareShowsMargins {
                guard body.width > 10, body.height > 4 else { continue }
                AnglesView.drawPlot(state, loss: loss, in: body, into: &buffer)
            } else {
                PlaneCanvas.draw(state, picture, in: body, into: &buffer, inspected: nil)
            }
        }
    }
}
