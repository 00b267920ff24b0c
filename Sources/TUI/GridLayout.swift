/// Panels side by side: 2 or 3 in a row, 4 as a 2 x 2 grid, each but the last of a row followed by a one-column
/// separator. The compare view and the training view's runs both use it.
struct GridLayout {
    /// The panels' rectangles, row by row, separators excluded.
    let panels: [Rect]
    /// Where separators go: one column per panel that has a neighbour to its right.
    let separators: [Rect]

    /// `count` panels in `body`.
    init(count: Int, in body: Rect) {
        let columns = count == 4 ? 2 : max(count, 1), rows = (count + columns - 1) / columns
        let width = body.width / columns, height = body.height / max(rows, 1)
        var panels: [Rect] = [], separators: [Rect] = []
        for index in 0..<count {
            let (column, row) = (index % columns, index / columns)
            let x = body.x + column * width, last = column == columns - 1
            let panelWidth = last ? body.width - (columns - 1) * width : width - 1
            panels.append(Rect(x: x, y: body.y + row * height, width: panelWidth, height: height))
            if !last { separators.append(Rect(x: x + width - 1, y: body.y + row * height, width: 1, height: height)) }
        }
        self.panels = panels
        self.separators = separators
    }

    /// Draws the separators.
    func drawSeparators(into buffer: inout Buffer, style: Style) {
        for separator in separators {
            for y in separator.y ..< separator.y + separator.height {
                buffer[separator.x, y] = Cell("│", style: style)
            }
        }
    }
}

/// Where the compare panels go.
struct CompareLayout {
    let grid: GridLayout
    var panels: [Rect] { grid.panels }

    init(state: AppState) {
        grid = GridLayout(count: state.compareKinds.count,
                          in: Rect(x: 0, y: 1, width: state.width, height: state.height - 3))
    }
}
