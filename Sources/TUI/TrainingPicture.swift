import Foundation
import Geometry
import Training

/// What one picture of 2-D features shows: a loss's class weights and the samples' features, training and test.
struct RunPicture {
    var loss: MarginLoss
    var weights: Matrix
    /// The training samples' features and labels, nil when not drawn.
    var train: (features: Matrix, labels: [Int])?
    /// The test samples', nil when not drawn.
    var test: (features: Matrix, labels: [Int])?
    var classNames: [String]

    /// The picture of `run` with the samples `figure` asks for.
    init(_ run: Trainer, figure: TrainingFigure) {
        loss = run.configuration.loss
        weights = run.classWeights
        train = figure.samples == .test ? nil : (run.trainFeatures, run.trainLabels)
        test = figure.samples == .train ? nil : (run.testFeatures, run.testLabels)
        classNames = run.dataset.classNames
    }

    /// The picture of a saved run: its training features only.
    init(_ run: SavedRun) {
        loss = run.loss
        weights = run.weights
        train = (run.features, run.labels)
        test = nil
        classNames = (0..<run.weights.rows).map(String.init)
    }

    /// k, the weight rows per class (Sub-center ArcFace's sub-centres; 1 otherwise): row j belongs to class j / k.
    var subCenters: Int { max(loss.subCenters, 1) }

    /// Classes K.
    var classes: Int { weights.rows / subCenters }
}

/// Draws a `RunPicture`: in the dots style faint sectors where each class wins, the weight rays, the samples as
/// dots (test samples paler); in the glyphs style one class mark per cell; class names at the rays' ends.
struct TrainingPicture {
    let picture: RunPicture
    let figure: TrainingFigure
    let theme: Theme
    let viewport: Viewport
    let reach: Double
    var canvas: BrailleCanvas

    /// Draws `picture` scaled to show `extent` in `rect`.
    static func draw(_ picture: RunPicture, extent: Double, figure: TrainingFigure, theme: Theme, in rect: Rect,
                     into buffer: inout Buffer) {
        guard rect.width > 2, rect.height > 2 else { return }
        let reach = extent * 1.12
        let viewport = Viewport(canvasDots: rect.width * 2, rect.height * 4, minX: -reach, maxX: reach,
                                minY: -reach, maxY: reach, keepAspect: true)
        var drawing = TrainingPicture(picture: picture, figure: figure, theme: theme, viewport: viewport, reach: reach,
                                      canvas: BrailleCanvas(width: rect.width, height: rect.height))
        let style = figure.style(classes: picture.classes)
        if style == .dots { drawing.shadeSectors() }
        drawing.drawRays()
        if figure.normalized { drawing.drawUnitCircle() }
        if style == .dots { drawing.drawDots() } else { drawing.placeGlyphs() }
        drawing.nameClasses()
        drawing.canvas.draw(into: &buffer, x: rect.x, y: rect.y)
    }

    /// The unit direction of each class weight, nil for a zero or overflowed one.
    var directions: [(x: Double, y: Double)?] {
        (0..<picture.weights.rows).map { j in
            let norm = hypot(picture.weights[j, 0], picture.weights[j, 1])  // no overflow at 1e200
            guard norm > 0, norm.isFinite else { return nil }
            return (picture.weights[j, 0] / norm, picture.weights[j, 1] / norm)
        }
    }

    /// Each cell's background: the sector of the class with the largest margin-free logit there (by direction
    /// alone where the loss normalises the weights), in two alternating dark greys.
    mutating func shadeSectors() {
        guard theme.shadesRegions else { return }
        let weights = picture.weights
        let normalizes = picture.loss.normalization != .none
        let norms = (0..<weights.rows).map { max(hypot(weights[$0, 0], weights[$0, 1]), 1e-12) }
        let angles = (0..<weights.rows).map { atan2(weights[$0, 1], weights[$0, 0]) }
        // Classes ranked by the angle of their first weight row; every sub-centre shades its class's sector.
        let k = picture.subCenters
        let order = (0..<picture.classes).sorted { angles[$0 * k] < angles[$1 * k] }
        var rank = [Int](repeating: 0, count: picture.classes)
        for (place, j) in order.enumerated() { rank[j] = place }
        for row in 0..<canvas.height {
            for column in 0..<canvas.width {
                let point = viewport.world(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
                var best = 0, bestScore = -Double.infinity
                for j in 0..<weights.rows {
                    let score = (weights[j, 0] * point.x + weights[j, 1] * point.y) / (normalizes ? norms[j] : 1)
                    if score > bestScore { (best, bestScore) = (j, score) }
                }
                canvas.shade(column: column, row: row, theme.sectorShade(rank: rank[best / k], count: picture.classes))
            }
        }
    }

    /// Each class's weight as a dashed ray in its colour.
    mutating func drawRays() {
        let far = reach * 2
        for (j, direction) in directions.enumerated() {
            guard let direction else { continue }
            canvas.line(from: viewport.dot(0, 0), to: viewport.dot(direction.x * far, direction.y * far),
                        style: theme.markStyle(j / picture.subCenters), dash: 3)
        }
    }

    /// The unit circle, dotted: one step per dot of its length, however the viewport scales.
    mutating func drawUnitCircle() {
        let steps = min(max(Int(saturating: 2 * Double.pi * viewport.scaleX), 8), 4 * (canvas.dotWidth + canvas.dotHeight))
        for step in stride(from: 0, to: steps, by: 3) {
            let angle = 2 * Double.pi * Double(step) / Double(steps)
            canvas.set(viewport.dot(cos(angle), sin(angle)), style: theme.dim)
        }
    }

    /// Where sample `i` of `features` is drawn: itself, or on the unit circle (a little spread in radius, so a
    /// class's spoke shows its width) in the normalised picture; nil for a zero or overflowed feature there.
    func position(_ features: Matrix, _ i: Int) -> (x: Double, y: Double)? {
        let (x, y) = (features[i, 0], features[i, 1])
        guard figure.normalized else { return (x, y) }
        let length = hypot(x, y)
        guard length > 0, length.isFinite else { return nil }
        let radius = 0.88 + 0.12 * Double(i % 7) / 6
        return (x / length * radius, y / length * radius)
    }

    /// Every sample as a dot in its class's colour: test samples first and paler, training samples over them.
    mutating func drawDots() {
        for (set, isTest) in [(picture.test, true), (picture.train, false)] {
            guard let set else { continue }
            for i in 0..<set.features.rows {
                guard let point = position(set.features, i) else { continue }
                canvas.set(viewport.dot(point.x, point.y), style: theme.markStyle(set.labels[i], test: isTest))
            }
        }
    }

    /// One mark per cell: the class most of the cell's samples belong to, filled when any of them is a training
    /// sample, hollow when they are all test samples.
    mutating func placeGlyphs() {
        var counts: [Int: [Int: (train: Int, test: Int)]] = [:]  // cell -> class -> samples
        for (set, isTest) in [(picture.train, false), (picture.test, true)] {
            guard let set else { continue }
            for i in 0..<set.features.rows {
                guard let point = position(set.features, i) else { continue }
                let cell = BrailleCanvas.cell(containing: viewport.dot(point.x, point.y))
                guard cell.column >= 0, cell.row >= 0, cell.column < canvas.width, cell.row < canvas.height else { continue }
                let key = cell.row * canvas.width + cell.column
                var tally = counts[key, default: [:]][set.labels[i], default: (0, 0)]
                if isTest { tally.test += 1 } else { tally.train += 1 }
                counts[key, default: [:]][set.labels[i]] = tally
            }
        }
        for (key, classes) in counts {
            guard let (label, tally) = classes.max(by: { ($0.value.train + $0.value.test, $1.key) < ($1.value.train + $1.value.test, $0.key) })
            else { continue }
            let test = tally.train == 0
            canvas.label(String(ClassMarks.glyph(label, test: test)), column: key % canvas.width,
                         row: key / canvas.width, style: theme.markStyle(label, test: test))
        }
    }

    /// Each class's name (its index when the name is longer than three characters) near the end of its ray.
    mutating func nameClasses() {
        for (j, direction) in directions.enumerated() {
            guard let direction else { continue }
            let cell = BrailleCanvas.cell(containing: viewport.dot(direction.x * reach * 0.93, direction.y * reach * 0.93))
            let owner = j / picture.subCenters  // a sub-centre is named after its class
            let full = picture.classNames[owner]
            canvas.label(full.count <= 3 ? full : String(owner), centredAt: cell.column, row: cell.row,
                         style: theme.markStyle(owner))
        }
    }
}
