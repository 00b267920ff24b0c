/// A width x height grid of cells: views write into it, the terminal backend only copies it out (as in ratatui).
///
/// Two rules hold for everything that enters a buffer, so no view has to remember them:
/// - With `ascii` set, every cell is folded to ASCII as it is written (`ASCIIFold`): text first (`°` becomes `deg`,
///   `→` becomes `->`), then each cell (a Braille pattern becomes one of ` ' . : | #`, `θ` becomes `t`). Widths of
///   text are measured after the fold (`width(of:)`).
/// - `write` never cuts a word or a number: text that does not fit ends at the last whole token that does.
public struct Buffer: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row after row.
    public private(set) var cells: [Cell]
    /// Fold everything written to ASCII (`--ascii`).
    public var ascii = false
    /// When set, every `write` is noted in `writes` (for tests that check what was cut).
    public var recordsWrites = false
    /// The text each `write` was given and the part of it that was written, with `recordsWrites` set.
    public private(set) var writes: [(given: String, shown: String)] = []

    /// A blank buffer.
    public init(width: Int, height: Int) {
        self.width = max(width, 0); self.height = max(height, 0)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The cell at (x, y); writes outside the buffer are dropped, reads outside give a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : Cell() }
        set {
            guard contains(x, y) else { return }
            var cell = newValue
            if ascii { cell.scalar = ASCIIFold.scalar(cell.scalar) }
            cells[y * width + x] = cell
        }
    }

    /// True when (x, y) lies inside the buffer.
    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// `text` as this buffer writes it: folded to ASCII when `ascii` is set.
    public func shown(_ text: String) -> String { ASCIIFold.shown(text, ascii: ascii) }

    /// The columns `text` takes in this buffer (after the ASCII fold).
    public func width(of text: String) -> Int { shown(text).unicodeScalars.count }

    /// `text` as this buffer shows it, padded with spaces to `width` columns (for columns that line up).
    public func padded(_ text: String, to width: Int) -> String {
        let folded = shown(text)
        return folded + String(repeating: " ", count: max(width - folded.unicodeScalars.count, 0))
    }

    /// Writes `text` from (x, y) rightwards in `style`, within the buffer and `maxWidth` columns if given. Text
    /// that does not fit is shortened to its whole tokens (`TokenClip`): a word or a number is written whole or not
    /// at all. With `breakable` (a rule, a fill of one character) it is cut anywhere. Returns the column after the
    /// last character written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil,
                               breakable: Bool = false) -> Int {
        let folded = shown(text)
        let room = max(min(maxWidth.map { x + $0 } ?? width, width) - x, 0)
        let fitted = breakable ? String(folded.unicodeScalars.prefix(max(room, 0))) : TokenClip.fit(folded, in: room)
        if recordsWrites { writes.append((folded, fitted)) }
        var column = x
        for scalar in fitted.unicodeScalars {
            self[column, y] = Cell(scalar, style: style)
            column += 1
        }
        return column
    }

    /// Fills a rectangle with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = Cell()) {
        for y in max(rect.y, 0) ..< min(rect.y + rect.height, height) {
            for x in max(rect.x, 0) ..< min(rect.x + rect.width, width) { self[x, y] = cell }
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

    public static func == (a: Buffer, b: Buffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.ascii == b.ascii
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
    }
}

/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    /// Left column, top row, size.
    public var x, y, width, height: Int
    /// A rectangle at (x, y) of the given size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(width, 0); self.height = max(height, 0)
    }

    /// True when cell (x, y) lies inside.
    public func contains(x: Int, y: Int) -> Bool {
        x >= self.x && y >= self.y && x < self.x + width && y < self.y + height
    }
}

/// Shortening text to a width without cutting a token. A token is a run of characters without a space (so
/// `m2=0.5`, `28.6°`, `1.32e-04`, `keeps` and `compare=softmax,lsoftmax` are tokens); text is cut only where a
/// token ends, before a space.
public enum TokenClip {
    /// True where a token may end: at the start or the end of the text, or next to a space.
    public static func isBoundary(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index > 0, index < scalars.count else { return true }
        return scalars[index] == " " || scalars[index - 1] == " "
    }

    /// `text` if it fits in `width` columns, else its longest prefix that ends at a token boundary and fits, with
    /// trailing spaces and a trailing comma removed; empty when not even the first token fits.
    public static func fit(_ text: String, in width: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width else { return text }
        guard width > 0 else { return "" }
        var end = width
        while end > 0 && !isBoundary(scalars, at: end) { end -= 1 }
        while end > 0 && scalars[end - 1] == " " { end -= 1 }
        if end > 0 && (scalars[end - 1] == "," || scalars[end - 1] == ";") { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<end])
        return String(view)
    }
}
