/// How the SVG writer lays a scene out in pixels: the picture's size, the plot area inside it (the scene's
/// bounds), the font size, and the map between world and pixel coordinates. Every coordinate in the SVG is a
/// pixel coordinate, y down; a reader gets world coordinates back with `world(x:y:)`, or from the root's
/// `data-world-bounds` (minX minY maxX maxY) and `data-plot-area` (left top width height) attributes:
/// x = minX + (px - left) / scaleX, y = maxY - (py - top) / scaleY.
public struct SVGLayout: Sendable, Hashable {
    /// The picture's size in pixels.
    public var width, height: Double
    /// Where the scene's bounds land, in pixels from the top left.
    public var plotLeft, plotTop, plotWidth, plotHeight: Double
    /// Pixels per world unit along x and along y (one value when the scene shares its scale).
    public var scaleX, scaleY: Double
    /// The text size in pixels.
    public var fontSize: Double
    /// The world the plot area shows.
    public var bounds: WorldBounds

    /// The layout of `scene` under `options`. The plot area keeps clear of the edges by half a line, and a
    /// chart's axes get room for tick labels (four lines at the left, three below). A scene that shares its
    /// scale keeps its aspect: without a height the picture is as tall as it needs, with one the plot is centred.
    public init(for scene: Scene, options: SVGOptions) {
        let width = options.width
        let font = options.fontSize ?? max(8, width / 45)
        let hasAxes = scene.elements.contains { if case .axes = $0.shape { true } else { false } }
        let (left, right, top, bottom) = hasAxes ? (4 * font, 1.5 * font, font, 3 * font)
            : (0.5 * font, 0.5 * font, 0.5 * font, 0.5 * font)
        let bounds = scene.bounds
        let availableWidth = max(width - left - right, 1)
        var height: Double
        var (plotWidth, plotHeight, scaleX, scaleY) = (availableWidth, 0.0, 0.0, 0.0)
        if scene.sharesScale {
            var scale = availableWidth / bounds.width
            if let fixed = options.height { scale = min(scale, max(fixed - top - bottom, 1) / bounds.height) }
            (scaleX, scaleY) = (scale, scale)
            (plotWidth, plotHeight) = (bounds.width * scale, bounds.height * scale)
            height = options.height ?? (plotHeight + top + bottom)
        } else {
            height = options.height ?? (width * 0.625)
            plotHeight = max(height - top - bottom, 1)
            (scaleX, scaleY) = (plotWidth / bounds.width, plotHeight / bounds.height)
        }
        (plotWidth, plotHeight) = (Self.snapped(plotWidth), Self.snapped(plotHeight))
        height = Self.snapped(max(height, plotHeight + top + bottom))
        self.width = width; self.height = height; self.fontSize = font; self.bounds = bounds
        self.scaleX = scaleX; self.scaleY = scaleY
        self.plotWidth = plotWidth; self.plotHeight = plotHeight
        // Centre the plot in the room it has (it fills it exactly unless the aspect left some over).
        plotLeft = Self.snapped(left + (availableWidth - plotWidth) / 2)
        plotTop = Self.snapped(top + (max(height - top - bottom, 1) - plotHeight) / 2)
    }

    /// A size worked out as 704.0000000000001 written as 704: a value within 1e-9 (relative) of a whole pixel is
    /// taken as that pixel. The map stays exact: `pixel` and `world` use these very numbers.
    static func snapped(_ value: Double) -> Double {
        let whole = value.rounded()
        return abs(value - whole) <= 1e-9 * max(1, abs(value)) ? whole : value
    }

    /// The pixel position of world point `point`: (left + (x - minX) scaleX, top + (maxY - y) scaleY).
    public func pixel(_ point: WorldPoint) -> (x: Double, y: Double) {
        (plotLeft + (point.x - bounds.minX) * scaleX, plotTop + (bounds.maxY - point.y) * scaleY)
    }

    /// The world point at pixel (x, y): the inverse of `pixel`.
    public func world(x: Double, y: Double) -> WorldPoint {
        WorldPoint(x: bounds.minX + (x - plotLeft) / scaleX, y: bounds.maxY - (y - plotTop) / scaleY)
    }
}

/// What the SVG writer is asked for.
public struct SVGOptions: Sendable, Hashable {
    /// The picture's width in pixels (16 to 100,000; other values are moved into that range).
    public var width: Double
    /// Its height, or nil for the scene's own aspect (a chart: 0.625 of the width).
    public var height: Double?
    /// The text size in pixels, or nil for width / 45 (at least 8): text grows with the figure.
    public var fontSize: Double?
    /// True for a small file (figures to commit or share): pixel coordinates to a hundredth of a pixel instead of
    /// exactly, no indentation, the class and data attributes that consecutive elements of a role share written
    /// once on a `<g>` around them, and a marker that lands on the same whole pixel as an earlier one with the
    /// same glyph, role and attributes left out (it would be drawn under it). False (the default): every number
    /// exact, every element with its own attributes, for reading the geometry back.
    public var compact: Bool

    /// Options for a picture `width` pixels wide.
    public init(width: Double = 720, height: Double? = nil, fontSize: Double? = nil, compact: Bool = false) {
        func clamped(_ value: Double) -> Double { value.isFinite ? min(max(value, 16), 100_000) : 720 }
        self.width = clamped(width)
        self.height = height.map(clamped)
        self.fontSize = fontSize.flatMap { $0.isFinite && $0 > 0 ? min(max($0, 1), 1000) : nil }
        self.compact = compact
    }
}
