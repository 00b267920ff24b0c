import Geometry

/// Writes a scene as a standalone SVG 1.1 document, drawn from its geometry: one `<line>` per ray, one `<path>`
/// per polyline (`M x y L x y ...`, an `M` at each break), arc and sector, one `<polygon>` per polygon, one `<use>`
/// of a glyph per marker, one `<text>` per label, one `<g class="axes">` per axes.
///
/// Layout: coordinates are pixels (see `SVGLayout`, which says how to get world coordinates back); numbers are
/// written exactly (`exactText`). Layers follow the cell backend: `<g class="tier-regions">` (sectors,
/// polygons), `tier-lines` (rays, polylines, arcs), `tier-text` (labels, axes), `tier-markers` (last, so samples
/// stay visible over labels as in the explorer); in each layer one `<g class="role-NAME">` per role, in the
/// order roles first appear, holding that role's elements in scene order. A stylesheet gives each role group its
/// colours (`Palette`). Every layer but the text is clipped to the plot area. Every element carries its tags' classes and `data-*` attributes, and the writer adds
/// what the geometry says: `data-angle-deg` (a ray's direction in [0, 360)) and `data-length` on rays,
/// `data-from-deg`, `data-to-deg` and `data-radius` on arcs and sectors, `data-glyph` on markers; these win over
/// a tag of the same name. The same scene always gives the same bytes. `SVGOptions.compact` trades the exact
/// numbers and per-element attributes for a small file (see there).
public enum SVGWriter {
    /// The SVG document of `scene`, ending in a newline.
    public static func svg(_ scene: Scene, options: SVGOptions = SVGOptions()) -> String {
        var writer = Writer(scene: scene, layout: SVGLayout(for: scene, options: options), compact: options.compact)
        writer.document()
        return writer.output
    }
}

/// A direction in degrees turned by whole circles into [0, 360).
func normalisedDegrees(_ angle: Angle) -> Double {
    var degrees = angle.degrees.truncatingRemainder(dividingBy: 360)
    if degrees < 0 { degrees += 360 }
    return degrees >= 360 ? 0 : degrees
}

/// The layers of the SVG, bottom to top, and which element kinds each holds.
enum Tier: String, CaseIterable {
    case regions, lines, text, markers

    init(_ element: Element) {
        switch element.shape {
        case .sector, .polygon: self = .regions
        case .ray, .polyline, .arc: self = .lines
        case .marker: self = .markers
        case .label, .axes: self = .text
        }
    }
}

private struct Writer {
    let scene: Scene
    let layout: SVGLayout
    /// Geometry beyond this box is cut off before it is written.
    let box: WorldBounds
    let elements: [Element]
    /// `SVGOptions.compact`.
    let compact: Bool
    /// The markers written so far in compact mode: glyph, role, attributes and whole pixel.
    var drawnMarkers = Set<String>()
    var output = ""

    init(scene: Scene, layout: SVGLayout, compact: Bool) {
        self.scene = scene; self.layout = layout; self.compact = compact
        box = scene.bounds.expanded(by: scene.bounds.extent)
        elements = scene.elements
    }

    var font: Double { layout.fontSize }
    var strokeWidth: Double { font / 8 }
    static let prefix = "mx-"

    // MARK: Document

    mutating func document() {
        let (width, height) = (exactText(layout.width), exactText(layout.height))
        let bounds = scene.bounds
        output += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        line(0, "<svg" + attributes([
            ("xmlns", "http://www.w3.org/2000/svg"), ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
            ("version", "1.1"), ("width", width), ("height", height), ("viewBox", "0 0 \(width) \(height)"),
            ("data-world-bounds", [bounds.minX, bounds.minY, bounds.maxX, bounds.maxY].map(exactText).joined(separator: " ")),
            ("data-plot-area", [layout.plotLeft, layout.plotTop, layout.plotWidth, layout.plotHeight].map(exactText)
                .joined(separator: " ")),
            ("data-shares-scale", scene.sharesScale ? "true" : "false"),
        ]) + ">")
        line(1, "<title>" + XMLText.escaped(scene.title) + "</title>")
        line(1, "<metadata><mx:state xmlns:mx=\"urn:margin-explorer:figure\">" + XMLText.escaped(scene.state)
            + "</mx:state></metadata>")
        definitions()
        line(1, "<rect class=\"background\"" + attributes([("x", "0"), ("y", "0"), ("width", width),
                                                           ("height", height)]) + "/>")
        for tier in Tier.allCases {
            let members = elements.filter { Tier($0) == tier }
            guard !members.isEmpty else { continue }
            let clip = tier == .text ? [] : [("clip-path", "url(#\(Self.prefix)plot-area)")]
            line(1, "<g" + attributes([("class", "tier-" + tier.rawValue)] + clip)
                + (tier == .text ? " xml:space=\"preserve\"" : "") + ">")
            for role in roles(of: members) {
                line(2, "<g class=\"role-\(XMLText.token(role.name, lowercased: true))\">")
                let start = output.endIndex
                for element in members where element.role == role { draw(element) }
                if compact { output = String(output[..<start]) + Self.sharingAttributes(String(output[start...])) }
                line(2, "</g>")
            }
            line(1, "</g>")
        }
        line(0, "</svg>")
    }

    /// The roles of `members` in the order they first appear.
    func roles(of members: [Element]) -> [Role] {
        var seen: [Role] = []
        for element in members where !seen.contains(element.role) { seen.append(element.role) }
        return seen
    }

    mutating func line(_ depth: Int, _ text: String) {
        output += (compact ? "" : String(repeating: "  ", count: depth)) + text + "\n"
    }

    /// A pixel coordinate or length as written: exact, or in compact mode to a hundredth of a pixel.
    func pixelNumber(_ value: Double) -> String {
        guard compact, value.isFinite else { return exactText(value) }
        let rounded = (value * 100).rounded() / 100
        return exactText(rounded == 0 ? 0 : rounded)
    }

    /// Compact mode: `lines` (one element each, as the draw functions write them) with every run of two or more
    /// consecutive one-line elements whose class and data attributes are the same wrapped in a `<g>` that carries
    /// those attributes once, the elements keeping only their geometry. Lines of several elements (axes) stay.
    static func sharingAttributes(_ lines: String) -> String {
        var result = ""
        var run: [(line: String, shared: String)] = []
        func flush() {
            if run.count >= 2, !run[0].shared.isEmpty {
                result += "<g" + run[0].shared + ">\n"
                for entry in run {
                    var line = entry.line
                    for attribute in sharedAttributes(entry.line) {
                        if let range = line.range(of: attribute) { line.removeSubrange(range) }
                    }
                    result += line + "\n"
                }
                result += "</g>\n"
            } else {
                for entry in run { result += entry.line + "\n" }
            }
            run = []
        }
        for line in lines.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
            let isOneElement = line.hasPrefix("<") && !line.hasPrefix("</") && !line.hasPrefix("<g")
                && (line.hasSuffix("/>") || line.hasSuffix("</text>"))
            guard isOneElement else { flush(); result += line + "\n"; continue }
            let shared = sharedAttributes(line).joined()
            if let last = run.last, last.shared != shared { flush() }
            run.append((line, shared))
        }
        flush()
        return result
    }

    /// The ` class="..."` and ` data-...="..."` attributes of an element's opening tag, in order. Values are
    /// escaped (`XMLText.escaped`), so a quote always ends one.
    static func sharedAttributes(_ line: String) -> [String] {
        let opening = line[..<(line.firstIndex(of: ">") ?? line.endIndex)]
        var found: [String] = []
        var rest = opening[...]
        while let space = rest.range(of: " ") {
            let after = rest[space.upperBound...]
            guard let equals = after.range(of: "=\""), let close = after[equals.upperBound...].firstIndex(of: "\"") else { break }
            let name = after[..<equals.lowerBound]
            let attribute = " " + after[..<after.index(after: close)]
            if name == "class" || name.hasPrefix("data-") { found.append(String(attribute)) }
            rest = after[after.index(after: close)...]
        }
        return found
    }

    func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.escaped($0.1))\"" }.joined()
    }

    // MARK: Definitions: stylesheet, clip path, arrow heads, glyphs

    mutating func definitions() {
        line(1, "<defs>")
        line(2, "<style type=\"text/css\">")
        for rule in stylesheet() { line(3, rule) }
        line(2, "</style>")
        line(2, "<clipPath id=\"\(Self.prefix)plot-area\"><rect" + attributes([
            ("x", exactText(layout.plotLeft)), ("y", exactText(layout.plotTop)),
            ("width", exactText(layout.plotWidth)), ("height", exactText(layout.plotHeight)),
        ]) + "/></clipPath>")
        var arrowRoles: [Role] = []
        for element in elements {
            if case .ray(let ray) = element.shape, ray.hasArrowHead, !arrowRoles.contains(element.role) {
                arrowRoles.append(element.role)
            }
        }
        let size = exactText(font * 0.6)
        for role in arrowRoles {
            let ink = Palette.colors(of: role).ink.hex
            line(2, "<marker" + attributes([
                ("id", Self.prefix + "arrow-" + XMLText.token(role.name, lowercased: true)), ("viewBox", "0 0 10 10"),
                ("refX", "10"), ("refY", "5"), ("markerUnits", "userSpaceOnUse"), ("markerWidth", size),
                ("markerHeight", size), ("orient", "auto"),
            ]) + "><path d=\"M 0 0 L 10 5 L 0 10 Z\"" + attributes([("fill", ink), ("stroke", "none")])
                + "/></marker>")
        }
        var glyphs: [Marker] = []
        for element in elements {
            if case .marker(let marker) = element.shape, !glyphs.contains(where: { $0.glyphName == marker.glyphName }) {
                glyphs.append(marker)
            }
        }
        for marker in glyphs.sorted(by: { $0.glyphName < $1.glyphName }) { glyph(marker) }
        line(2, "</defs>")
    }

    /// The role colours per layer: regions take the tint (or the ink, faint), strokes and glyphs the ink,
    /// text the ink in the figure's font (bold where the theme is bold).
    func stylesheet() -> [String] {
        let width = exactText(strokeWidth)
        var rules = [
            ".background { fill: \(Palette.background.hex); stroke: none }",
            ".tier-regions > g { stroke: none }",
            ".tier-lines > g { fill: none; stroke-width: \(width); stroke-linecap: round; stroke-linejoin: round }",
            ".tier-markers > g { stroke-width: \(exactText(strokeWidth * 0.75)) }",
            ".tier-text > g { stroke-width: \(exactText(strokeWidth * 0.75)); font-family: 'DejaVu Sans Mono', "
                + "'Menlo', 'Consolas', monospace; font-size: \(exactText(font))px }",
            ".tier-text text { stroke: none }",
            ".tier-text .axes path { fill: none }",
        ]
        for tier in Tier.allCases {
            for role in roles(of: elements.filter { Tier($0) == tier }) {
                let colors = Palette.colors(of: role)
                let selector = ".tier-\(tier.rawValue) > .role-\(XMLText.token(role.name, lowercased: true))"
                let ink = colors.ink.hex
                switch tier {
                case .regions:
                    rules.append(selector + (colors.tint.map { " { fill: \($0.hex) }" }
                        ?? " { fill: \(ink); fill-opacity: \(exactText(Palette.tintOpacity)) }"))
                case .lines: rules.append(selector + " { stroke: \(ink) }")
                case .markers: rules.append(selector + " { fill: \(ink); stroke: \(ink) }")
                case .text:
                    rules.append(selector + " { fill: \(ink); stroke: \(ink)" + (colors.isBold ? "; font-weight: bold" : "")
                        + " }")
                }
            }
        }
        return rules
    }

    /// A glyph centred on (0, 0) that `<use>` places: its paint comes from the role group, its hollow inside is
    /// the background, so lines beneath do not show through (as a cell's character hides its dots).
    mutating func glyph(_ marker: Marker) {
        let radius = font * 0.32
        let (r, d) = (exactText(radius), exactText(2 * radius))
        let background = Palette.background.hex
        let inside = marker.fill == .filled ? [] : [("fill", background)]
        var parts: [String]
        switch marker.shape {
        case .round:
            parts = ["<circle" + attributes([("r", r)] + inside) + "/>"]
            if marker.fill == .crossed {
                let c = exactText(radius * 0.5.squareRoot())
                parts.append("<path" + attributes([("d", "M -\(c) -\(c) L \(c) \(c) M -\(c) \(c) L \(c) -\(c)"),
                                                   ("fill", "none")]) + "/>")
            }
        case .square:
            parts = ["<rect" + attributes([("x", "-" + r), ("y", "-" + r), ("width", d), ("height", d)] + inside) + "/>"]
            if marker.fill == .crossed {
                parts.append("<path" + attributes([("d", "M -\(r) -\(r) L \(r) \(r) M -\(r) \(r) L \(r) -\(r)"),
                                                   ("fill", "none")]) + "/>")
            }
        case .dot:
            parts = ["<circle" + attributes([("r", exactText(font * 0.15)), ("stroke", "none")]) + "/>"]
        }
        line(2, "<g id=\"\(Self.prefix)glyph-\(marker.glyphName)\">" + parts.joined() + "</g>")
    }

    // MARK: Elements

    /// The class and data attributes of `element`, the geometry's own data (`extra`) winning.
    func tagAttributes(_ element: Element, extra: [String: String] = [:], classes more: [String] = []) -> [(String, String)] {
        let words = (element.tags.classes + more).map { XMLText.token($0, lowercased: false) }.filter { !$0.isEmpty }
        var result: [(String, String)] = words.isEmpty ? [] : [("class", words.joined(separator: " "))]
        var data: [String: String] = [:]
        for (key, value) in element.tags.data {
            let name = XMLText.token(key, lowercased: true)
            guard !name.isEmpty else { continue }
            data[name] = value
        }
        data.merge(extra) { _, geometry in geometry }
        for key in data.keys.sorted() { result.append(("data-" + key, data[key]!)) }
        return result
    }

    func dashAttributes(_ dash: Dash) -> [(String, String)] {
        guard !dash.isSolid else { return [] }
        let length = exactText(Double(dash.dots) * font / 4)
        return [("stroke-dasharray", "\(length) \(length)")]
    }

    func pixelText(_ point: WorldPoint) -> (String, String) {
        let pixel = layout.pixel(point)
        return (pixelNumber(pixel.x), pixelNumber(pixel.y))
    }

    mutating func draw(_ element: Element) {
        switch element.shape {
        case .ray(let ray): draw(ray, element)
        case .polyline(let polyline): draw(polyline, element)
        case .arc(let arc): draw(arc, element)
        case .sector(let sector): draw(sector, element)
        case .polygon(let polygon): draw(polygon, element)
        case .marker(let marker): draw(marker, element)
        case .label(let label): draw(label, element)
        case .axes(let axes): draw(axes, element)
        }
    }

    mutating func draw(_ ray: Ray, _ element: Element) {
        let (origin, end) = (ray.origin, ray.end)
        guard let (t0, t1) = Clipping.clip(origin, end, to: box) else { return }
        let (a, b) = (Clipping.point(origin, end, at: t0), Clipping.point(origin, end, at: t1))
        let ((x1, y1), (x2, y2)) = (pixelText(a), pixelText(b))
        let data = ["angle-deg": exactText(normalisedDegrees(ray.direction)), "length": exactText(ray.length)]
        let arrow = ray.hasArrowHead
            ? [("marker-end", "url(#\(Self.prefix)arrow-\(XMLText.token(element.role.name, lowercased: true)))")] : []
        line(3, "<line" + attributes([("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)] + tagAttributes(element, extra: data)
            + dashAttributes(ray.dash) + arrow) + "/>")
    }

    mutating func draw(_ polyline: Polyline, _ element: Element) {
        let runs = Clipping.runs(polyline, in: box)
        guard !runs.isEmpty else { return }
        let path = runs.map { run -> String in
            let points = run.count == 1 ? [run[0], run[0]] : run
            return points.enumerated().map { index, point in
                let (x, y) = pixelText(point)
                return (index == 0 ? "M " : "L ") + x + " " + y
            }.joined(separator: " ")
        }.joined(separator: " ")
        line(3, "<path" + attributes([("d", path)] + tagAttributes(element) + dashAttributes(polyline.dash)) + "/>")
    }

    /// The path of the arc about `centre` from `from` through `width` radians (under a full turn), after an `M`
    /// to its start: SVG's elliptical arc command, clockwise on screen being counter-clockwise in the world.
    func arcPath(centre: WorldPoint, radius: Double, from: Double, width: Double, move: Bool) -> String {
        let start = centre.moved(radius, towards: Angle(radians: from))
        let (rx, ry) = (pixelNumber(radius * layout.scaleX), pixelNumber(radius * layout.scaleY))
        var pieces: [(Double, Double)] = width >= 2 * .pi ? [(from, .pi), (from + .pi, .pi)] : [(from, width)]
        if pieces.count == 1 && width > 0 && width < 1e-15 { pieces = [] }
        var text = ""
        if move {
            let (x, y) = pixelText(start)
            text = "M \(x) \(y)"
        }
        for (low, span) in pieces {
            let end = centre.moved(radius, towards: Angle(radians: low + span))
            let (x, y) = pixelText(end)
            text += " A \(rx) \(ry) 0 \(span > .pi ? 1 : 0) 0 \(x) \(y)"
        }
        return text
    }

    func arcData(from: Angle, width: Angle, radius: Double) -> [String: String] {
        let start = normalisedDegrees(from)
        return ["from-deg": exactText(start), "to-deg": exactText(start + width.degrees), "radius": exactText(radius)]
    }

    mutating func draw(_ arc: Arc, _ element: Element) {
        let radius = min(arc.radius, Clipping.farthestCorner(from: arc.centre, of: box))
        guard arc.centre.isFinite, radius > 0, arc.from.radians.isFinite, arc.width.radians.isFinite,
              arc.width.radians > 0 else { return }
        let path = arcPath(centre: arc.centre, radius: radius, from: arc.from.radians, width: arc.width.radians, move: true)
        line(3, "<path" + attributes([("d", path)]
            + tagAttributes(element, extra: arcData(from: arc.from, width: arc.width, radius: arc.radius))
            + dashAttributes(arc.dash)) + "/>")
    }

    mutating func draw(_ sector: Sector, _ element: Element) {
        let radius = min(sector.radius, Clipping.farthestCorner(from: sector.centre, of: box))
        guard sector.centre.isFinite, radius > 0, sector.from.radians.isFinite, sector.width.radians.isFinite,
              sector.width.radians > 0 else { return }
        let (from, width) = (sector.from.radians, sector.width.radians)
        var path: String
        if width >= 2 * .pi {
            path = arcPath(centre: sector.centre, radius: radius, from: from, width: width, move: true) + " Z"
        } else {
            let (cx, cy) = pixelText(sector.centre)
            let (sx, sy) = pixelText(sector.centre.moved(radius, towards: sector.from))
            path = "M \(cx) \(cy) L \(sx) \(sy)"
                + arcPath(centre: sector.centre, radius: radius, from: from, width: width, move: false) + " Z"
        }
        line(3, "<path" + attributes([("d", path)]
            + tagAttributes(element, extra: arcData(from: sector.from, width: sector.width, radius: sector.radius))) + "/>")
    }

    mutating func draw(_ polygon: Polygon, _ element: Element) {
        guard let vertices = Clipping.polygon(polygon.vertices, in: box) else { return }
        let points = vertices.map { point in
            let (x, y) = pixelText(point)
            return x + "," + y
        }.joined(separator: " ")
        line(3, "<polygon" + attributes([("points", points)] + tagAttributes(element)) + "/>")
    }

    mutating func draw(_ marker: Marker, _ element: Element) {
        guard marker.position.isFinite, box.contains(marker.position) else { return }
        let (x, y) = pixelText(marker.position)
        let tags = attributes(tagAttributes(element, extra: ["glyph": marker.glyphName]))
        if compact {
            let pixel = layout.pixel(marker.position)
            let key = marker.glyphName + " " + element.role.name + tags + " \(Int(pixel.x.rounded())) \(Int(pixel.y.rounded()))"
            guard drawnMarkers.insert(key).inserted else { return }
        }
        line(3, "<use" + attributes([("xlink:href", "#\(Self.prefix)glyph-\(marker.glyphName)"), ("x", x), ("y", y)])
            + tags + "/>")
    }

    /// A text element whose anchor point is (x, y) exactly; `dy` moves the baseline to the anchor's height.
    func textElement(_ text: String, x: String, y: String, anchor: Label.Anchor, more: [(String, String)]) -> String {
        let shift = switch anchor.vertical {
        case .top: "0.8em"
        case .middle: "0.35em"
        case .bottom: "-0.25em"
        }
        return "<text" + attributes([("x", x), ("y", y), ("dy", shift), ("text-anchor", anchor.horizontal.rawValue)] + more)
            + ">" + XMLText.escaped(text) + "</text>"
    }

    mutating func draw(_ label: Label, _ element: Element) {
        guard label.position.isFinite, box.contains(label.position) else { return }
        let (x, y) = pixelText(label.position)
        line(3, textElement(label.text, x: x, y: y, anchor: label.anchor, more: tagAttributes(element)))
    }

    /// The frame along the plot's left and bottom edges, a tick mark and label at each tick inside the bounds,
    /// and the axis names under the plot (as the explorer's `Plot` writes them).
    mutating func draw(_ axes: Axes, _ element: Element) {
        let (left, top) = (layout.plotLeft, layout.plotTop)
        let (right, bottom) = (left + layout.plotWidth, top + layout.plotHeight)
        let tick = font * 0.3
        line(3, "<g" + attributes(tagAttributes(element, classes: ["axes"])) + ">")
        var marks = "M \(exactText(left)) \(exactText(top)) L \(exactText(left)) \(exactText(bottom)) L \(exactText(right)) \(exactText(bottom))"
        var labels: [String] = []
        let bounds = scene.bounds
        for value in axes.xTicks where value.value.isFinite && value.value >= bounds.minX && value.value <= bounds.maxX {
            let x = exactText(layout.pixel(WorldPoint(x: value.value, y: bounds.minY)).x)
            marks += " M \(x) \(exactText(bottom)) L \(x) \(exactText(bottom + tick))"
            labels.append(textElement(value.label, x: x, y: exactText(bottom + tick + font * 0.2), anchor: .init(.middle, .top),
                                      more: [("class", "x-tick"), ("data-value", exactText(value.value))]))
        }
        for value in axes.yTicks where value.value.isFinite && value.value >= bounds.minY && value.value <= bounds.maxY {
            let y = exactText(layout.pixel(WorldPoint(x: bounds.minX, y: value.value)).y)
            marks += " M \(exactText(left)) \(y) L \(exactText(left - tick)) \(y)"
            labels.append(textElement(value.label, x: exactText(left - tick - font * 0.2), y: y, anchor: .end,
                                      more: [("class", "y-tick"), ("data-value", exactText(value.value))]))
        }
        line(4, "<path" + attributes([("d", marks)]) + "/>")
        for text in labels { line(4, text) }
        let nameRow = exactText(bottom + font * 1.9)
        line(4, textElement(axes.xName, x: exactText(right), y: nameRow, anchor: .init(.end, .top),
                            more: [("class", "x-name")]))
        line(4, textElement(axes.yName, x: exactText(font * 0.5), y: nameRow, anchor: .init(.start, .top),
                            more: [("class", "y-name")]))
        line(3, "</g>")
    }
}
