import Foundation
import Geometry

/// Where the plane view puts its canvas and side panel, shared by drawing and by mouse clicks.
struct PlaneLayout {
    let canvas: Rect
    let panel: Rect
    let viewport: Viewport

    init(state: AppState) {
        let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 3)
        let panelWidth = min(36, max(28, body.width / 3))
        canvas = Rect(x: body.x, y: body.y, width: body.width - panelWidth, height: body.height)
        panel = Rect(x: canvas.x + canvas.width, y: body.y, width: panelWidth, height: body.height)
        viewport = PlaneCanvas.viewport(for: canvas)
    }

    /// Distance in cell widths between a sample and a dot (dots are half a cell wide, a quarter of a cell tall).
    func distanceInCells(from sample: Sample, toDot x: Double, _ y: Double) -> Double {
        let dot = viewport.dot(sample.x, sample.y)
        return (((dot.x - x) / 2) * ((dot.x - x) / 2) + ((dot.y - y) / 4) * ((dot.y - y) / 4) * 4).squareRoot()
    }
}

/// One loss's two-class picture, computed once a frame: its geometry, the regions on the whole circle, the rays
/// of both sectors, and why a class's region misses its weight vector where it does.
struct TwoClassPicture {
    let geometry: TwoClassGeometry
    let regions: TwoClassRegions
    let inner: SectorBoundaries
    let outer: SectorBoundaries
    let shortfalls: [ClassLabel: RegionShortfall]

    init(_ state: AppState, kind: LossKind) {
        geometry = state.geometry(of: kind)
        regions = geometry.regions
        inner = regions.inner
        outer = regions.outer
        shortfalls = geometry.shortfalls(in: regions)
    }

    /// The margin and overlap arcs whose middle lies between W1 and W2, where the canvas writes their width.
    var innerZones: [RegionArc] {
        regions.arcs.filter { arc in
            guard arc.kind == .margin || arc.kind == .overlap else { return false }
            let middle = DirectionArc(from: .zero, to: regions.separation)
                .lifted(Angle(radians: (arc.from.radians + arc.to.radians) / 2))
            return middle <= regions.separation.radians && arc.width.radians < .pi * 2
        }
    }
}

/// The selected sample and what the loss says about it, computed once a frame for the canvas and the panel.
struct InspectedSample {
    let index: Int
    let sample: Sample
    let inspection: SampleInspection

    /// The state's selected sample under `geometry`, or nil when none is selected.
    init?(_ state: AppState, geometry: TwoClassGeometry) {
        guard let index = state.selectedSample, state.samples.indices.contains(index) else { return nil }
        self.index = index
        sample = state.samples[index]
        inspection = SampleInspection(loss: geometry.loss, weights: state.weights, feature: [sample.x, sample.y],
                                      label: sample.label - 1)
    }
}

/// Draws the two-class picture of one loss on a Braille canvas: regions, boundaries, W1 and W2, the margin
/// angle, samples and the selected sample's gradient. The plane view and every compare panel use it.
enum PlaneCanvas {
    /// World units shown from the centre to the nearer edge (the longer weight vector has length 1).
    static let reach = 1.2

    static func viewport(for rect: Rect) -> Viewport {
        Viewport(canvasDots: rect.width * 2, rect.height * 4, minX: -reach, maxX: reach, minY: -reach, maxY: reach,
                 keepAspect: true)
    }

    /// The sample's glyph: filled where it meets its margin, hollow inside the margin zone, crossed where the
    /// margin-free logits misclassify it. Class 1 is round, class 2 square, so the shapes read without colour.
    static func glyph(for sample: Sample, in geometry: TwoClassGeometry, ascii: Bool) -> (Unicode.Scalar, status: String) {
        let point = geometry.classify(sample.direction)
        let meets = sample.label == 1 ? point.meetsClass1Margin : point.meetsClass2Margin
        let status = point.argmaxClass != sample.label ? "misclassified" : meets ? "meets its margin" : "inside the margin"
        let glyphs: [Unicode.Scalar] = switch (sample.label, ascii) {
        case (1, false): ["●", "○", "⊗"]
        case (_, false): ["■", "□", "⊠"]
        case (1, true): ["A", "a", "x"]
        default: ["B", "b", "X"]
        }
        let index = point.argmaxClass != sample.label ? 2 : meets ? 0 : 1
        return (glyphs[index], status)
    }

    static func draw(_ state: AppState, _ picture: TwoClassPicture, in rect: Rect, into buffer: inout Buffer,
                     inspected: InspectedSample?) {
        guard rect.width > 2, rect.height > 2 else { return }
        let theme = state.theme
        let geometry = picture.geometry
        let viewport = viewport(for: rect)
        var canvas = BrailleCanvas(width: rect.width, height: rect.height)

        // Regions: one classification per cell, at its centre.
        let classify = geometry.pointClassifier()
        for row in 0..<rect.height {
            for column in 0..<rect.width {
                let point = viewport.world(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
                guard point.x * point.x + point.y * point.y > 1e-6 else { continue }
                canvas.paintZone(classify(point.x, point.y), column: column, row: row, theme: theme)
            }
        }

        // Boundary rays, out past the corners: both softmax ties dashed, then every region boundary in the
        // colour of the class whose margin curve it is.
        let origin = viewport.dot(0, 0)
        func ray(_ angle: Angle, _ style: Style, dash: Int = 0) {
            let far = reach * 2
            canvas.line(from: origin, to: viewport.dot(far * cos(angle.radians), far * sin(angle.radians)),
                        style: style, dash: dash)
        }
        for tie in picture.regions.softmaxBoundaries { ray(tie, theme.reference, dash: 2) }
        for boundary in picture.regions.boundaries {
            for label in boundary.classes { ray(boundary.direction, label == .class1 ? theme.class1 : theme.class2) }
        }

        // The margin arcs between W1 and W2.
        let arcRadius = 0.3
        let zones = picture.innerZones
        for zone in zones where zone.kind == .margin {
            let (low, high) = (zone.from.radians, zone.to.radians)
            let steps = max(Int((high - low) * arcRadius * viewport.scaleX), 1)
            for step in 0...steps {
                let angle = low + (high - low) * Double(step) / Double(steps)
                let dot = viewport.dot(arcRadius * cos(angle), arcRadius * sin(angle))
                canvas.set(dotX: Int(dot.x.rounded()), dotY: Int(dot.y.rounded()), style: theme.accent)
            }
        }

        // W1 and W2 as arrows whose lengths follow the norm ratio.
        let weights = state.weights
        for (index, style) in [(0, theme.class1), (1, theme.class2)] {
            let (x, y) = (weights[index, 0], weights[index, 1])
            let tip = viewport.dot(x, y)
            canvas.line(from: origin, to: tip, style: style)
            arrowHead(at: (x, y), direction: atan2(y, x), viewport: viewport, style: style, on: &canvas)
        }

        // Samples and the selected one's gradient.
        if let inspected {
            let sample = inspected.sample
            let (gx, gy) = (-inspected.inspection.gradient[0], -inspected.inspection.gradient[1])
            let size = hypot(gx, gy)
            if size > 0, size.isFinite {  // a push of 1e-17 still has a direction
                let length = 0.28
                let end = (sample.x + gx / size * length, sample.y + gy / size * length)
                canvas.line(from: viewport.dot(sample.x, sample.y), to: viewport.dot(end.0, end.1), style: theme.accent)
                arrowHead(at: end, direction: atan2(gy, gx), viewport: viewport, style: theme.accent, on: &canvas)
            }
        }

        // Text goes over the dots: labels, the margin value, the samples.
        let ascii = state.ascii
        func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int) {
            let dot = viewport.dot(x, y)
            return (Int(dot.x / 2), Int(dot.y / 4))
        }
        for (index, name) in [(0, "W1"), (1, "W2")] {
            let (x, y) = (weights[index, 0], weights[index, 1])
            let length = (x * x + y * y).squareRoot()
            let beyond = cell(x / length * (length + 0.12), y / length * (length + 0.12))
            canvas.label(name, column: beyond.column - (x < -0.05 ? 1 : 0), row: beyond.row,
                         style: index == 0 ? theme.class1 : theme.class2)
        }
        for zone in zones where zone.width.radians > 1e-6 {
            let middle = (zone.from.radians + zone.to.radians) / 2
            if zone.kind == .margin {
                let spot = cell(0.44 * cos(middle), 0.44 * sin(middle))
                let text = degrees(zone.width)
                canvas.label(text, column: spot.column - text.count / 2, row: spot.row, style: theme.accent)
            } else {
                let spot = cell(0.58 * cos(middle), 0.58 * sin(middle))
                canvas.label("overlap " + degrees(zone.width), column: spot.column, row: spot.row, style: theme.warning)
            }
        }
        for (index, sample) in state.samples.enumerated() {
            let (glyph, _) = glyph(for: sample, in: geometry, ascii: ascii)
            let spot = cell(sample.x, sample.y)
            var style = theme.classStyle(sample.label)
            if index == inspected?.index { style.reverse = true }
            canvas.label(String(glyph), column: spot.column, row: spot.row, style: style)
        }
        canvas.draw(into: &buffer, x: rect.x, y: rect.y, ascii: ascii)
    }

    /// Two short strokes at `tip`, pointing along `direction` (radians).
    static func arrowHead(at tip: (Double, Double), direction: Double, viewport: Viewport, style: Style,
                          on canvas: inout BrailleCanvas) {
        let size = 6 / viewport.scaleX  // six dots long, whatever the zoom
        for side in [-1.0, 1.0] {
            let angle = direction + .pi + side * 0.45
            canvas.line(from: viewport.dot(tip.0, tip.1),
                        to: viewport.dot(tip.0 + size * cos(angle), tip.1 + size * sin(angle)), style: style)
        }
    }
}

/// The plane view: the canvas on the left, the parameters, margins and sample inspector on the right.
enum PlaneView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        let picture = TwoClassPicture(state, kind: state.lossKind)
        let inspected = InspectedSample(state, geometry: picture.geometry)
        PlaneCanvas.draw(state, picture, in: layout.canvas, into: &buffer, inspected: inspected)
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        SidePanel.margins(picture, state: state, into: &buffer, writer: &panel)
        SidePanel.inspector(inspected, picture: picture, state: state, into: &buffer, writer: &panel)
    }
}
