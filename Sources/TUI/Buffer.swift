/// A width x height grid of cells: views write into it, the terminal backend only copies it out (as in ratatui).
public struct Buffer: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row after row.
    public private(set) var cells: [Cell]

    /// A blank buffer.
    public init(width: Int, height: Int) {
        self.width = max(width, 0); self.height = max(height, 0)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The cell at (x, y); writes outside the buffer are dropped, reads outside give a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : Cell() }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    /// True when (x, y) lies inside the buffer.
    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y) rightwards in `style`, clipped to the buffer (and to `maxWidth` columns if given).
    /// Returns the column after the last character written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        var column = x
        let limit = maxWidth.map { x + $0 } ?? width
        for scalar in text.unicodeScalars {
            guard column < limit else { break }
            self[column, y] = Cell(scalar, style: style)
            column += 1
        }
        return column
    }

    /// Fills a rectangle with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = Cell()) {
        for y in max(rect.y, 0) ..< min(rect.y + rect.height, height) {
            for x in max(rect.x, 0) ..< min(rect.x + rect.width, width) { cells[y * width + x] = cell }
        }
    }

    /// Sets the style of every cell in `rect`, keeping the characters.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        for y in max(rect.y, 0) ..< min(rect.y + rect.height, height) {
            for x in max(rect.x, 0) ..< min(rect.x + rect.width, width) { cells[y * width + x].style = style }
        }
    }

    /// Row `y` as text, without colour, trailing spaces kept so every line is `width` long.
    public func line(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        for x in 0..<width { text.append(cells[y * width + x].scalar) }
        return String(text)
    }

    /// All rows as text.
    public var lines: [String] { (0..<height).map(line) }
}

/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    /// Left column, top row, size.
    public var x, y, width, height: Int
    /// A rectangle at (x, y) of the given size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(width, 0); self.height = max(height, 0)
    }
}
