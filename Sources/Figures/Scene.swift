/// A figure in world coordinates, for every backend to draw: the Braille canvas of the explorer and the SVG and
/// CSV writers. Painting order follows what a cell backend can do: filled regions first (cell backgrounds), then
/// strokes (dots), then text and last markers (characters over the dots: a sample's glyph wins over a label, as
/// in the explorer); inside each layer, in the order of `content`.
public struct Scene: Sendable, Hashable {
    /// The part of the world the figure shows.
    public var bounds: WorldBounds
    /// True when x and y share one scale (the plane, the sphere: angles must look right); false for a chart whose
    /// axes stretch independently to fill the picture (the ψ view).
    public var sharesScale: Bool
    /// What the figure shows, for the SVG `<title>` (`ArcFace m=0.5 s=64, θ12 = 90°`).
    public var title: String
    /// The state string that reproduces the view (`view=plane loss=arcface ...`), kept in the SVG `<metadata>`.
    public var state: String
    /// The elements and groups, in drawing order within each layer.
    public var content: [Node]

    /// A scene of `content`.
    public init(bounds: WorldBounds, sharesScale: Bool, title: String = "", state: String = "", content: [Node] = []) {
        self.bounds = bounds; self.sharesScale = sharesScale; self.title = title; self.state = state
        self.content = content
    }

    /// Adds `shape` in `role` with `tags` at the end.
    public mutating func add(_ shape: Element.Shape, role: Role, tags: Tags = .none) {
        content.append(.element(Element(shape, role: role, tags: tags)))
    }

    /// Adds `group` at the end.
    public mutating func add(_ group: Group) { content.append(.group(group)) }

    /// Every element with its groups applied: points placed and the groups' tags merged in (`Tags.inside`), in
    /// the order of `content`, depth first. Both backends draw from this list.
    public var elements: [Element] {
        var result: [Element] = []
        func walk(_ nodes: [Node], placement: Placement, tags: Tags) {
            for node in nodes {
                switch node {
                case .element(let element):
                    var placed = element.placed(placement)
                    placed.tags = element.tags.inside(tags)
                    result.append(placed)
                case .group(let group):
                    walk(group.content, placement: placement.after(group.placement), tags: group.tags.inside(tags))
                }
            }
        }
        walk(content, placement: .identity, tags: .none)
        return result
    }
}

/// An entry of a scene: one element, or a group of them.
public indirect enum Node: Sendable, Hashable {
    /// A single element.
    case element(Element)
    /// Elements that belong together (a sample's glyph and label, a compare panel).
    case group(Group)
}

/// Elements that belong together: they share tags (merged into each element's own) and a placement.
public struct Group: Sendable, Hashable {
    /// The members.
    public var content: [Node]
    /// Tags every member gets.
    public var tags: Tags
    /// Where the members land in the enclosing coordinates.
    public var placement: Placement

    /// A group of `content`.
    public init(_ content: [Node], tags: Tags = .none, placement: Placement = .identity) {
        self.content = content; self.tags = tags; self.placement = placement
    }
}
