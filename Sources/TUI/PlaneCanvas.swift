import Foundation
import Geometry

/// Draws the two-class picture of one loss on a Braille canvas: regions, boundaries, W1 and W2, the margin
/// angle, samples and the selected sample's gradient. The plane view and every compare panel use it.
struct PlaneCanvas {
    /// World units shown from the centre to the nearer edge (the longer weight vector has length 1).
    static let reach = 1.2

    static func viewport(for rect: Rect) -> Viewport {
        Viewport(canvasDots: rect.width * 2, rect.height * 4, minX: -reach, maxX: reach, minY: -reach, maxY: reach,
                 keepAspect: true)
    }

    /// The sample's glyph: filled where it meets its margin, hollow inside the margin zone, crossed where the
    /// margin-free logits misclassify it. Class 1 is round, class 2 square, so the shapes read without colour.
    static func glyph(for sample: Sample, in geometry: TwoClassGeometry) -> (Unicode.Scalar, status: String) {
        let point = geometry.classify(sample.direction)
        let meets = sample.label == 1 ? point.meetsClass1Margin : point.meetsClass2Margin
        let status = point.argmaxClass != sample.label ? "misclassified" : meets ? "meets its margin" : "inside the margin"
        let glyphs: [Unicode.Scalar] = sample.label == 1 ? ["●", "○", "⊗"] : ["■", "□", "⊠"]
        return (glyphs[point.argmaxClass != sample.label ? 2 : meets ? 0 : 1], status)
    }

    let state: AppState
    let picture: TwoClassPicture
    let viewport: Viewport
    var canvas: BrailleCanvas

    /// Draws `picture` in `rect`, with the selected sample's push where one is inspected.
    static func draw(_ state: AppState, _ picture: TwoClassPicture, in rect: Rect, into buffer: inout Buffer,
                     inspected: InspectedSample?) {
        guard rect.width > 2, rect.height > 2 else { return }
        var drawing = PlaneCanvas(state: state, picture: picture, viewport: viewport(for: rect),
                                  canvas: BrailleCanvas(width: rect.width, height: rect.height))
        drawing.paintRegions()
        drawing.drawBoundaries()
        drawing.drawMarginArcs()
        drawing.drawWeights()
        if let inspected { drawing.drawPush(of: inspected) }
        drawing.labelWeightsAndZones()
        drawing.placeSamples(selected: inspected?.index)
        drawing.canvas.draw(into: &buffer, x: rect.x, y: rect.y)
    }

    /// Regions: one classification per cell, at its centre.
    mutating func paintRegions() {
        let classify = picture.geometry.pointClassifier()
        for row in 0..<canvas.height {
            for column in 0..<canvas.width {
                let point = viewport.world(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
                guard point.x * point.x + point.y * point.y > 1e-6 else { continue }
                canvas.paintZone(classify(point.x, point.y), column: column, row: row, theme: state.theme)
            }
        }
    }

    /// A ray from the origin in direction `angle`, out past the corners.
    mutating func ray(_ angle: Angle, _ style: Style, dash: Int = 0) {
        let far = Self.reach * 2
        canvas.line(from: viewport.dot(0, 0), to: viewport.dot(far * cos(angle.radians), far * sin(angle.radians)),
                    style: style, dash: dash)
    }

    /// The softmax ties dashed; ElasticFace's band (the class rays at m − 2σ and m + 2σ) dotted; every region
    /// boundary in the colour of the class whose margin curve it is; Sub-center ArcFace's dividers between the
    /// regions its sub-centres win, dashed in the class's colour.
    mutating func drawBoundaries() {
        let theme = state.theme
        let style = { (label: ClassLabel) in label == .class1 ? theme.class1 : theme.class2 }
        for tie in picture.regions.softmaxBoundaries { ray(tie, theme.reference, dash: 2) }
        if let band = picture.band {
            for boundary in band.lower.boundaries + band.upper.boundaries {
                for label in boundary.classes { ray(boundary.direction, style(label), dash: 1) }
            }
        }
        for boundary in picture.regions.boundaries {
            for label in boundary.classes { ray(boundary.direction, style(label)) }
        }
        for label in ClassLabel.allCases {
            for divider in picture.geometry.subCenterDividers(of: label, in: picture.regions) {
                ray(divider, style(label), dash: 3)
            }
        }
    }

    /// The margin arcs between W1 and W2, at radius 0.3.
    mutating func drawMarginArcs() {
        let radius = 0.3
        for zone in picture.innerZones where zone.kind == .margin {
            let (low, high) = (zone.from.radians, zone.to.radians)
            let steps = max(Int(saturating: (high - low) * radius * viewport.scaleX), 1)
            for step in 0...steps {
                let angle = low + (high - low) * Double(step) / Double(steps)
                canvas.set(viewport.dot(radius * cos(angle), radius * sin(angle)), style: state.theme.accent)
            }
        }
    }

    /// W1 and W2 as arrows, their lengths in the norm ratio where the loss keeps raw weights; with sub-centres
    /// every sub-centre of each class as an arrow of length 1 instead (the loss normalises them).
    mutating func drawWeights() {
        let geometry = picture.geometry
        let weights = state.weights(for: geometry.loss.kind)
        for (index, style) in [(0, state.theme.class1), (1, state.theme.class2)] {
            let tips = geometry.subCenters.count > 1
                ? geometry.subCenterDirections(of: index == 0 ? .class1 : .class2).map { (cos($0.radians), sin($0.radians)) }
                : [(weights[index, 0], weights[index, 1])]
            for (x, y) in tips {
                canvas.line(from: viewport.dot(0, 0), to: viewport.dot(x, y), style: style)
                arrowHead(at: (x, y), direction: atan2(y, x), style: style)
            }
        }
    }

    /// The direction the gradient pushes the inspected sample, as an arrow from it (a push of 1e-17 still has a
    /// direction).
    mutating func drawPush(of inspected: InspectedSample) {
        let sample = inspected.sample
        let (gx, gy) = (-inspected.inspection.gradient[0], -inspected.inspection.gradient[1])
        let size = hypot(gx, gy)
        guard size > 0, size.isFinite else { return }
        let length = 0.28
        let end = (sample.x + gx / size * length, sample.y + gy / size * length)
        canvas.line(from: viewport.dot(sample.x, sample.y), to: viewport.dot(end.0, end.1), style: state.theme.accent)
        arrowHead(at: end, direction: atan2(gy, gx), style: state.theme.accent)
    }

    /// Two short strokes at `tip`, pointing along `direction` (radians).
    mutating func arrowHead(at tip: (Double, Double), direction: Double, style: Style) {
        let size = 6 / viewport.scaleX  // six dots long, whatever the zoom
        for side in [-1.0, 1.0] {
            let angle = direction + .pi + side * 0.45
            canvas.line(from: viewport.dot(tip.0, tip.1),
                        to: viewport.dot(tip.0 + size * cos(angle), tip.1 + size * sin(angle)), style: style)
        }
    }

    /// The cell holding world point (x, y).
    func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int) { BrailleCanvas.cell(containing: viewport.dot(x, y)) }

    /// W1 and W2 named beyond their tips; the margin's width on its arc, an overlap's where it lies.
    mutating func labelWeightsAndZones() {
        let weights = state.weights(for: picture.geometry.loss.kind)
        for (index, name) in [(0, "W1"), (1, "W2")] {
            let (x, y) = (weights[index, 0], weights[index, 1])
            let length = (x * x + y * y).squareRoot()
            let beyond = cell(x / length * (length + 0.12), y / length * (length + 0.12))
            canvas.label(name, column: beyond.column - (x < -0.05 ? 1 : 0), row: beyond.row,
                         style: index == 0 ? state.theme.class1 : state.theme.class2)
        }
        for zone in picture.innerZones where zone.width.radians > 1e-6 {
            let middle = (zone.from.radians + zone.to.radians) / 2
            if zone.kind == .margin {
                let spot = cell(0.44 * cos(middle), 0.44 * sin(middle))
                canvas.label(degrees(zone.width), centredAt: spot.column, row: spot.row, style: state.theme.accent)
            } else {
                let spot = cell(0.58 * cos(middle), 0.58 * sin(middle))
                canvas.label("overlap " + degrees(zone.width), column: spot.column, row: spot.row,
                             style: state.theme.warning)
            }
        }
    }

    /// The samples as glyphs over everything, the selected one in reverse video.
    mutating func placeSamples(selected: Int?) {
        for (index, sample) in state.samples.enumerated() {
            let (glyph, _) = Self.glyph(for: sample, in: picture.geometry)
            let spot = cell(sample.x, sample.y)
            var style = state.theme.classStyle(sample.label)
            if index == selected { style.reverse = true }
            canvas.label(String(glyph), column: spot.column, row: spot.row, style: style)
        }
    }
}
