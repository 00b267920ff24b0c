/// One thing a figure draws: a shape, what it means (its role, which decides its colour), and the tags the SVG
/// and CSV carry.
public struct Element: Sendable, Hashable {
    /// The geometry.
    public enum Shape: Sendable, Hashable {
        /// A stroked ray (W1, a boundary).
        case ray(Ray)
        /// A stroked curve that may break.
        case polyline(Polyline)
        /// A stroked circular arc.
        case arc(Arc)
        /// A filled wedge (a region).
        case sector(Sector)
        /// A filled polygon (a region).
        case polygon(Polygon)
        /// A sample's glyph.
        case marker(Marker)
        /// Text.
        case label(Label)
        /// A chart's ticks and axis names.
        case axes(Axes)
    }

    /// What is drawn.
    public var shape: Shape
    /// What it means.
    public var role: Role
    /// Its classes and data attributes.
    public var tags: Tags

    /// `shape` in `role`, tagged `tags`.
    public init(_ shape: Shape, role: Role, tags: Tags = .none) {
        self.shape = shape; self.role = role; self.tags = tags
    }

    /// True for the filled shapes (sectors, polygons), which take their role's tint; every other shape takes its
    /// role's ink.
    public var isFilled: Bool {
        switch shape {
        case .sector, .polygon: true
        default: false
        }
    }

    /// The element's kind in the CSV: `ray`, `polyline`, `arc`, `sector`, `polygon`, `marker`, `label`, `axes`.
    public var kind: String {
        switch shape {
        case .ray: "ray"
        case .polyline: "polyline"
        case .arc: "arc"
        case .sector: "sector"
        case .polygon: "polygon"
        case .marker: "marker"
        case .label: "label"
        case .axes: "axes"
        }
    }

    /// The element moved by `placement`: points mapped, lengths and radii scaled, directions, glyph sizes and text
    /// unchanged.
    public func placed(_ placement: Placement) -> Element {
        guard placement != .identity else { return self }
        let map = placement.apply
        var copy = self
        switch shape {
        case .ray(var ray):
            ray.origin = map(ray.origin); ray.length *= placement.scale; copy.shape = .ray(ray)
        case .polyline(var line):
            line.runs = line.runs.map { $0.map(map) }; copy.shape = .polyline(line)
        case .arc(var arc):
            arc.centre = map(arc.centre); arc.radius *= placement.scale; copy.shape = .arc(arc)
        case .sector(var sector):
            sector.centre = map(sector.centre); sector.radius *= placement.scale; copy.shape = .sector(sector)
        case .polygon(var polygon):
            polygon.vertices = polygon.vertices.map(map); copy.shape = .polygon(polygon)
        case .marker(var marker):
            marker.position = map(marker.position); copy.shape = .marker(marker)
        case .label(var label):
            label.position = map(label.position); copy.shape = .label(label)
        case .axes(var axes):
            axes.xTicks = axes.xTicks.map { .init(placement.offset.x + placement.scale * $0.value, $0.label) }
            axes.yTicks = axes.yTicks.map { .init(placement.offset.y + placement.scale * $0.value, $0.label) }
            copy.shape = .axes(axes)
        }
        return copy
    }
}

/// Where a group's contents land: p -> offset + scale p, with one positive scale for x and y, so angles, circles
/// and arcs stay what they are (a compare panel is a whole plane figure scaled into its corner).
public struct Placement: Sendable, Hashable {
    /// The factor applied to every coordinate and length (positive).
    public var scale: Double
    /// Where the group's origin lands.
    public var offset: WorldPoint

    /// The map p -> offset + scale p; a scale that is not positive and finite is taken as 1.
    public init(scale: Double = 1, offset: WorldPoint = .origin) {
        self.scale = scale > 0 && scale.isFinite ? scale : 1; self.offset = offset
    }

    /// Nothing moves.
    public static let identity = Placement()

    /// offset + scale p.
    public func apply(_ point: WorldPoint) -> WorldPoint {
        WorldPoint(x: offset.x + scale * point.x, y: offset.y + scale * point.y)
    }

    /// This placement after `inner`: p -> self(inner(p)).
    public func after(_ inner: Placement) -> Placement {
        Placement(scale: scale * inner.scale, offset: apply(inner.offset))
    }
}
