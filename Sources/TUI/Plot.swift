import Geometry

/// A chart area: a Braille canvas with axis labels at its left and bottom, mapping data to dots per axis.
struct Plot {
    let rect: Rect          // the whole area, labels included
    let canvasRect: Rect    // the dots
    let viewport: Viewport
    var canvas: BrailleCanvas

    /// A plot of [minX, maxX] x [minY, maxY]; `square` keeps one scale for both axes. With `labelled` the canvas
    /// leaves room for axis labels (six columns at the left, two rows below), else it fills `rect`.
    init(in rect: Rect, minX: Double, maxX: Double, minY: Double, maxY: Double, square: Bool, labelled: Bool = true) {
        self.rect = rect
        var canvasRect = labelled ? Rect(x: rect.x + 6, y: rect.y, width: rect.width - 7, height: rect.height - 2) : rect
        if square {  // cells are twice as tall as wide: a square takes twice as many columns as rows
            let side = min(canvasRect.width, canvasRect.height * 2)
            canvasRect = Rect(x: canvasRect.x, y: canvasRect.y, width: side, height: (side + 1) / 2)
        }
        self.canvasRect = canvasRect
        viewport = Viewport(canvasDots: canvasRect.width * 2, canvasRect.height * 4, minX: minX, maxX: maxX,
                            minY: minY, maxY: maxY, keepAspect: false)
        canvas = BrailleCanvas(width: canvasRect.width, height: canvasRect.height)
    }

    /// Joins the points of a curve, breaking it where a point is missing (nil).
    mutating func curve(_ points: [(Double, Double)?], style: Style, dash: Int = 0) {
        var previous: (x: Double, y: Double)?
        for point in points {
            guard let point else { previous = nil; continue }
            let dot = viewport.dot(point.0, point.1)
            if let previous { canvas.line(from: previous, to: dot, style: style, dash: dash) }
            else { canvas.set(dot, style: style) }
            previous = dot
        }
    }

    /// The data x of dot column `x`.
    func dataX(dot x: Int) -> Double { viewport.world(dotX: Double(x), dotY: 0).x }
    /// The data y of dot row `y`.
    func dataY(dot y: Int) -> Double { viewport.world(dotX: 0, dotY: Double(y)).y }

    /// The cell (column, row) inside the canvas where data point (x, y) falls (far outside it for a point
    /// that is off the plot or not a number).
    func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int) { BrailleCanvas.cell(containing: viewport.dot(x, y)) }

    /// Draws the canvas alone (a plot without labels).
    func draw(into buffer: inout Buffer) {
        canvas.draw(into: &buffer, x: canvasRect.x, y: canvasRect.y)
    }

    /// Draws the canvas and labels the axes: `xTicks` under the canvas, `yTicks` at its left (five columns, right
    /// aligned; a label wider than that is left out), `xName` at the bottom right and `yName` at the bottom left.
    func draw(into buffer: inout Buffer, xTicks: [(Double, String)], yTicks: [(Double, String)], xName: String,
              yName: String, style: Style) {
        canvas.draw(into: &buffer, x: canvasRect.x, y: canvasRect.y)
        let bottom = canvasRect.y + canvasRect.height
        var free = canvasRect.x  // the first column the next tick may use: labels never overlap
        for (value, text) in xTicks {
            let (column, width) = (canvasRect.x + cell(value, 0).column, buffer.width(of: text))
            let x = min(max(column - width / 2, canvasRect.x), canvasRect.x + canvasRect.width - width)
            guard x >= free else { continue }
            buffer.write(text, x: x, y: bottom, style: style)
            free = x + width + 1
        }
        for (value, text) in yTicks {
            let row = canvasRect.y + cell(0, value).row
            let width = buffer.width(of: text)
            guard row >= canvasRect.y, row < bottom, width <= 5 else { continue }
            buffer.write(text, x: rect.x + 5 - width, y: row, style: style)
        }
        buffer.write(xName, x: canvasRect.x + canvasRect.width - buffer.width(of: xName), y: bottom + 1, style: style)
        buffer.write(yName, x: rect.x, y: bottom + 1, style: style)
    }
}
