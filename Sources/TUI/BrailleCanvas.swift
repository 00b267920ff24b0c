import Geometry

/// A drawing surface of Braille dots: each cell holds a 2 x 4 grid of dots (U+2800 + mask), one foreground style
/// and one background colour. A terminal cell is about twice as tall as wide, so its dots are square: equal steps
/// in x and y dots are equal lengths on screen, and angles drawn here look right.
public struct BrailleCanvas: Sendable, Hashable {
    /// Size in cells.
    public let width, height: Int
    /// Size in dots: 2 per column, 4 per row.
    public var dotWidth: Int { width * 2 }
    /// Size in dots.
    public var dotHeight: Int { height * 4 }
    /// Dot masks per cell.
    public private(set) var masks: [UInt8]
    /// Foreground style per cell (the last dot drawn in a cell sets it).
    private var styles: [Style]
    /// Background colour per cell.
    private var backgrounds: [Color]
    /// Text laid over the dots, in the order laid.
    private var labels: [Label] = []

    /// Text laid over the dots: from its cell, or centred on it.
    private struct Label: Sendable, Hashable {
        var text: String
        var column: Int
        var row: Int
        var style: Style
        var centred: Bool
    }

    /// A blank canvas of `width` x `height` cells.
    public init(width: Int, height: Int) {
        self.width = max(width, 0); self.height = max(height, 0)
        let count = self.width * self.height
        masks = Array(repeating: 0, count: count)
        styles = Array(repeating: .plain, count: count)
        backgrounds = Array(repeating: .default, count: count)
    }

    /// The mask bit of the dot at column `dx` (0, 1) and row `dy` (0...3) inside a cell.
    static func bit(dx: Int, dy: Int) -> UInt8 {
        dx == 0 ? (dy == 3 ? 0x40 : UInt8(1) << dy) : (dy == 3 ? 0x80 : UInt8(8) << dy)
    }

    /// Turns on the dot at (x, y) in dot coordinates (origin top left); dots outside are ignored.
    public mutating func set(dotX x: Int, dotY y: Int, style: Style) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * width + x / 2
        masks[cell] |= Self.bit(dx: x % 2, dy: y % 4)
        styles[cell] = style
    }

    /// True when the dot at (x, y) is on.
    public func isSet(dotX x: Int, dotY y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return masks[(y / 4) * width + x / 2] & Self.bit(dx: x % 2, dy: y % 4) != 0
    }

    /// Turns on the dot nearest to (x, y) in dot coordinates: any value is safe, and dots off the canvas, huge
    /// or not a number are ignored (a far-out point is simply not drawn).
    public mutating func set(_ dot: (x: Double, y: Double), style: Style) {
        guard let x = Self.dotIndex(dot.x, below: dotWidth), let y = Self.dotIndex(dot.y, below: dotHeight) else { return }
        set(dotX: x, dotY: y, style: style)
    }

    /// The dot index nearest to `value` when it lies on a canvas of `count` dots, else nil (never a trap).
    private static func dotIndex(_ value: Double, below count: Int) -> Int? {
        let rounded = value.rounded()
        guard rounded >= 0, rounded < Double(count) else { return nil }  // false for NaN too
        return Int(rounded)
    }

    /// The cell (column, row) that holds dot (x, y). Any value is safe: a dot far off the canvas or not a number
    /// gives a cell far outside every canvas, which `label` and `shade` then ignore.
    public static func cell(containing dot: (x: Double, y: Double)) -> (column: Int, row: Int) {
        func index(_ value: Double) -> Int { value.isNaN ? Int(saturating: -.infinity) : Int(saturating: value.rounded(.down)) }
        return (index(dot.x / 2), index(dot.y / 4))
    }

    /// Draws a straight line between two points in dot coordinates; `dash` > 0 draws `dash` dots on, `dash` off.
    /// Any coordinates are safe: a line is clipped to the canvas before it is stepped, so one that starts or
    /// ends far away (1e19 dots) still draws the part that crosses the canvas, and one with a coordinate that is
    /// not finite is not drawn.
    public mutating func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), style: Style,
                              dash: Int = 0) {
        guard start.x.isFinite, start.y.isFinite, end.x.isFinite, end.y.isFinite else { return }
        let length = max(abs(end.x - start.x), abs(end.y - start.y))  // in steps of one dot; may be +inf
        // Short lines are stepped as they are, long ones from where they enter to where they leave the canvas;
        // the dashes keep their phase from the true start.
        var (from, to, phase) = (start, end, 0.0)
        if !(length <= Double(4 * (dotWidth + dotHeight) + 8)) {
            guard let clipped = clip(start, end) else { return }
            (from, to) = clipped
            if dash > 0 {
                phase = max(abs(from.x - start.x), abs(from.y - start.y)).rounded()
                    .truncatingRemainder(dividingBy: Double(2 * dash))
            }
        }
        let steps = Int(max(abs(to.x - from.x), abs(to.y - from.y)).rounded(.up))
        guard steps > 0 else { set(from, style: style); return }
        let offset = phase.isFinite ? Int(phase) : 0
        for step in 0...steps {
            if dash > 0 && ((step + offset) / dash) % 2 == 1 { continue }
            let t = Double(step) / Double(steps)
            set((from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t), style: style)
        }
    }

    /// The part of the segment inside the canvas widened by a dot on each side (Cohen-Sutherland), or nil when
    /// it misses. A point moved onto an edge is found from the other end, so a far end costs no precision near
    /// the canvas.
    private func clip(_ start: (x: Double, y: Double), _ end: (x: Double, y: Double))
        -> ((x: Double, y: Double), (x: Double, y: Double))? {
        let (left, right, top, bottom) = (-1.0, Double(dotWidth), -1.0, Double(dotHeight))
        func outside(_ p: (x: Double, y: Double)) -> Int {
            (p.x < left ? 1 : 0) | (p.x > right ? 2 : 0) | (p.y < top ? 4 : 0) | (p.y > bottom ? 8 : 0)
        }
        var (a, b) = (start, end)
        for _ in 0..<8 {
            let (codeA, codeB) = (outside(a), outside(b))
            if codeA | codeB == 0 { return (a, b) }
            if codeA & codeB != 0 { return nil }
            // Move the end that is outside onto the edge it lies beyond, interpolating from the other end.
            let moveA = codeA != 0
            let (p, q, code) = moveA ? (a, b, codeA) : (b, a, codeB)
            var moved: (x: Double, y: Double)
            if code & 3 != 0 {
                let x = code & 1 != 0 ? left : right
                moved = (x, q.y + (p.y - q.y) * ((x - q.x) / (p.x - q.x)))
            } else {
                let y = code & 4 != 0 ? top : bottom
                moved = (q.x + (p.x - q.x) * ((y - q.y) / (p.y - q.y)), y)
            }
            guard moved.x.isFinite, moved.y.isFinite else { return nil }
            if moveA { a = moved } else { b = moved }
        }
        return outside(a) | outside(b) == 0 ? (a, b) : nil
    }

    /// Marks the cell at (column, row) as lying in the zone `point` falls in: its region's tint where the theme
    /// shades regions, else a sparse stipple in the margin zone (every other cell of every other row).
    mutating func paintZone(_ point: PointClass, column: Int, row: Int, theme: Theme) {
        let zone: Color = switch (point.meetsClass1Margin, point.meetsClass2Margin) {
        case (true, true): theme.overlapRegion
        case (true, false): theme.class1Region
        case (false, true): theme.class2Region
        case (false, false): theme.marginRegion
        }
        if theme.shadesRegions { shade(column: column, row: row, zone) }
        else if !point.meetsClass1Margin && !point.meetsClass2Margin && row % 2 == 0 && column % 2 == 0 {
            set(dotX: column * 2, dotY: row * 4 + 1, style: theme.dim)
        }
    }

    /// Sets the background colour of the cell at (column, row).
    public mutating func shade(column: Int, row: Int, _ color: Color) {
        guard column >= 0, row >= 0, column < width, row < height else { return }
        backgrounds[row * width + column] = color
    }

    /// Lays text over the canvas from cell (column, row), hiding the dots beneath. Text is never cut: where it would
    /// cross the canvas's left or right edge it moves inside, and text wider than the canvas is left out.
    public mutating func label(_ text: String, column: Int, row: Int, style: Style) {
        guard row >= 0, row < height else { return }
        labels.append(Label(text: text, column: column, row: row, style: style, centred: false))
    }

    /// Lays text over the canvas centred on cell (column, row), as `label` does.
    public mutating func label(_ text: String, centredAt column: Int, row: Int, style: Style) {
        guard row >= 0, row < height else { return }
        labels.append(Label(text: text, column: column, row: row, style: style, centred: true))
    }

    /// Copies the canvas into `buffer` with its top-left cell at (x, y): dots as Braille patterns (an empty cell
    /// is a space, so copied text stays clean), then the labels. The buffer folds both to ASCII with `--ascii`.
    public func draw(into buffer: inout Buffer, x originX: Int, y originY: Int) {
        for row in 0..<height {
            for column in 0..<width {
                let index = row * width + column
                let mask = masks[index]
                var style = mask == 0 ? Style() : styles[index]
                style.background = backgrounds[index]
                let scalar = mask == 0 ? " " : Unicode.Scalar(0x2800 + UInt32(mask)) ?? " "
                buffer[originX + column, originY + row] = Cell(scalar, style: style)
            }
        }
        for label in labels {
            let scalars = Array(buffer.shown(label.text).unicodeScalars)
            guard scalars.count <= width else { continue }
            let first = label.centred ? label.column - scalars.count / 2 : label.column
            guard first < width, first > -scalars.count else { continue }  // off the canvas: left out
            let start = min(max(first, 0), width - scalars.count)
            for (offset, scalar) in scalars.enumerated() {
                var style = label.style
                if style.background.isDefault { style.background = backgrounds[label.row * width + start + offset] }
                buffer[originX + start + offset, originY + label.row] = Cell(scalar, style: style)
            }
        }
    }

    /// An ASCII stand-in for a Braille mask.
    static func asciiGlyph(_ mask: UInt8) -> Unicode.Scalar {
        if mask == 0 { return " " }
        let top = mask & 0x09 != 0 || mask & 0x12 != 0, bottom = mask & 0x24 != 0 || mask & 0xC0 != 0
        let left = mask & 0x47 != 0, right = mask & 0xB8 != 0
        switch (top, bottom) {
        case (true, true): return left && right ? "#" : (mask.nonzeroBitCount >= 3 ? "|" : ":")
        case (true, false): return "'"
        default: return "."
        }
    }
}

/// Maps world coordinates (y up) to canvas dots (y down) with one scale for both axes, so shapes keep their angles.
public struct Viewport: Sendable, Hashable {
    /// The dot at which world (0, 0) lands.
    public var originX, originY: Double
    /// Dots per world unit along x.
    public var scaleX: Double
    /// Dots per world unit along y (equal to scaleX for a true-aspect picture).
    public var scaleY: Double

    /// A viewport that shows the world box [minX, maxX] x [minY, maxY] on the canvas; `keepAspect` uses one scale
    /// for both axes (the box is centred), else each axis fills the canvas.
    public init(canvasDots width: Int, _ height: Int, minX: Double, maxX: Double, minY: Double, maxY: Double,
                keepAspect: Bool) {
        let sx = Double(max(width - 1, 1)) / (maxX - minX), sy = Double(max(height - 1, 1)) / (maxY - minY)
        if keepAspect {
            let s = min(sx, sy)
            scaleX = s; scaleY = s
            originX = Double(width - 1) / 2 - (minX + maxX) / 2 * s
            originY = Double(height - 1) / 2 + (minY + maxY) / 2 * s
        } else {
            scaleX = sx; scaleY = sy
            originX = -minX * sx
            originY = maxY * sy
        }
    }

    /// The dot position of world point (x, y).
    public func dot(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (originX + x * scaleX, originY - y * scaleY)
    }

    /// The world point at dot (x, y).
    public func world(dotX x: Double, dotY y: Double) -> (x: Double, y: Double) {
        ((x - originX) / scaleX, (originY - y) / scaleY)
    }
}
