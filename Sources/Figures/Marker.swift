/// A glyph at a point whose size does not follow the world's scale: the explorer's samples (class 1 round,
/// class 2 square; filled where the sample meets its margin, hollow inside the margin zone, crossed where the
/// margin-free logits misclassify it) and plain dots for training features.
public struct Marker: Sendable, Hashable {
    /// The outline of a glyph.
    public enum Shape: String, Sendable, Hashable, CaseIterable {
        /// ● ○ ⊗: class 1 of the two-class picture.
        case round
        /// ■ □ ⊠: class 2 of the two-class picture.
        case square
        /// One small dot: a training feature.
        case dot
    }

    /// How a glyph is filled.
    public enum Fill: String, Sendable, Hashable, CaseIterable {
        /// Solid: the sample meets its margin.
        case filled
        /// An outline: the sample lies inside the margin zone.
        case hollow
        /// An outline with a cross: the margin-free logits misclassify the sample.
        case crossed
    }

    /// Where the glyph's centre lies.
    public var position: WorldPoint
    /// Its outline.
    public var shape: Shape
    /// Its fill (a dot is always filled).
    public var fill: Fill

    /// A glyph at `position`; a dot ignores `fill` and is filled.
    public init(at position: WorldPoint, shape: Shape, fill: Fill = .filled) {
        self.position = position; self.shape = shape; self.fill = shape == .dot ? .filled : fill
    }

    /// The glyph's name in the SVG (`#glyph-` + name) and the CSV: `round-filled`, `square-crossed`, `dot-filled`.
    public var glyphName: String { shape.rawValue + "-" + fill.rawValue }

    /// The character a cell backend draws: ● ○ ⊗ ■ □ ⊠ and · for a dot, or the ASCII stand-ins A a x, B b X and
    /// . that the explorer uses without Unicode.
    public func character(ascii: Bool) -> Character {
        let index = fill == .filled ? 0 : fill == .hollow ? 1 : 2
        switch (shape, ascii) {
        case (.round, false): return ["●", "○", "⊗"][index]
        case (.square, false): return ["■", "□", "⊠"][index]
        case (.round, true): return ["A", "a", "x"][index]
        case (.square, true): return ["B", "b", "X"][index]
        case (.dot, false): return "·"
        case (.dot, true): return "."
        }
    }
}

/// Text at a point, its size fixed in the output (not scaled with the world).
public struct Label: Sendable, Hashable {
    /// Which part of the text lies at `position`.
    public struct Anchor: Sendable, Hashable {
        /// Left to right: the text starts, is centred, or ends at the point.
        public enum Horizontal: String, Sendable, Hashable { case start, middle, end }
        /// Top to bottom: the point is at the text's top, its middle, or its bottom.
        public enum Vertical: String, Sendable, Hashable { case top, middle, bottom }

        /// Across.
        public var horizontal: Horizontal
        /// Up and down.
        public var vertical: Vertical

        /// The anchor at `horizontal`, `vertical`.
        public init(_ horizontal: Horizontal, _ vertical: Vertical) {
            self.horizontal = horizontal; self.vertical = vertical
        }

        /// Text starting at the point, centred on it vertically: what a cell backend does with a label at a cell.
        public static let start = Anchor(.start, .middle)
        /// Text centred on the point both ways.
        public static let centre = Anchor(.middle, .middle)
        /// Text ending at the point.
        public static let end = Anchor(.end, .middle)
    }

    /// The text; any characters (the writers escape or replace what a format cannot hold).
    public var text: String
    /// Where the anchor lies.
    public var position: WorldPoint
    /// Which part of the text lies at `position`.
    public var anchor: Anchor

    /// `text` with its `anchor` at `position`.
    public init(_ text: String, at position: WorldPoint, anchor: Anchor = .start) {
        self.text = text; self.position = position; self.anchor = anchor
    }
}

/// A chart's axes: tick labels along the bottom and left edges of the scene's bounds, and the names of both axes
/// under the plot (x at the right, y at the left), as the explorer's `Plot` writes them.
public struct Axes: Sendable, Hashable {
    /// A value on an axis and the text written there.
    public struct Tick: Sendable, Hashable {
        /// The value in world units.
        public var value: Double
        /// The text (`45°`, `-1`).
        public var label: String

        /// The tick at `value` reading `label`.
        public init(_ value: Double, _ label: String) { self.value = value; self.label = label }
    }

    /// Ticks under the plot, at world x = value.
    public var xTicks: [Tick]
    /// Ticks at the left of the plot, at world y = value.
    public var yTicks: [Tick]
    /// What x is (`θ (angle to own class)`).
    public var xName: String
    /// What y is (`target logit`).
    public var yName: String

    /// Axes with these ticks and names.
    public init(xTicks: [Tick], yTicks: [Tick], xName: String, yName: String) {
        self.xTicks = xTicks; self.yTicks = yTicks; self.xName = xName; self.yName = yName
    }
}
