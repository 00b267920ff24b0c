import Foundation
import Geometry
import Training

/// The training view: the 2-D features of a network as it learns, coloured by class, each class's weight as a
/// ray over its angular region; one run with its numbers and loss curve, or a preset's runs side by side.
enum TrainingView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        if let snapshot = state.training?.snapshot {
            drawSnapshot(snapshot, session: state.training!, state: state, into: &buffer)
            return
        }
        guard let session = state.training, !session.runs.isEmpty else {
            let text = state.training?.failure ?? "press 5 to start training"
            buffer.write(text, x: 2, y: 2, style: theme.warning)
            return
        }
        if session.runs.count == 1 {
            let layout = PlaneLayout(state: state)
            drawRun(session, index: 0, state: state, in: layout.canvas, into: &buffer)
            var panel = PanelWriter(layout.panel)
            numbers(session, state: state, into: &buffer, writer: &panel)
            return
        }
        let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 4)
        let count = session.runs.count
        let columns = count == 4 && body.width < 160 ? 2 : count, rows = (count + columns - 1) / columns
        let width = body.width / columns, height = body.height / rows
        for (index, run) in session.runs.enumerated() {
            let rect = Rect(x: body.x + (index % columns) * width, y: body.y + (index / columns) * height,
                            width: width - 1, height: height)
            var header = PanelWriter(Rect(x: rect.x, y: rect.y, width: rect.width, height: 2))
            header.line(run.configuration.name, theme.title, into: &buffer)
            let metrics = run.metrics
            let (accuracy, spread) = ("acc " + percent(metrics.trainAccuracy), "  spread " + degrees(metrics.meanIntraClassAngle))
            let gap = "  gap " + degrees(metrics.minimumCenterAngle)
            header.line([(accuracy, .plain), (spread, theme.accent),
                         (accuracy.count + spread.count + gap.count <= rect.width - 2 ? gap : "", theme.dim)], into: &buffer)
            drawRun(session, index: index, state: state, in: Rect(x: rect.x, y: rect.y + 2, width: rect.width,
                                                                   height: rect.height - 2), into: &buffer)
            for y in rect.y ..< rect.y + rect.height where index % columns < columns - 1 {
                buffer[rect.x + rect.width, y] = Cell(state.ascii ? "|" : "│", style: theme.dim)
            }
        }
        let run = session.runs[0]
        let line = "\(session.title) · \(run.dataset.name) · epoch \(run.epoch) step \(run.iteration) · "
            + (session.playing ? "playing ×\(session.speed)" : "paused") + (session.showsTest ? " · test set" : "")
        buffer.write(" " + line, x: 0, y: state.height - 3, style: theme.dim, maxWidth: state.width)
    }

    /// One run's picture.
    static func drawRun(_ session: TrainingSession, index: Int, state: AppState, in rect: Rect, into buffer: inout Buffer) {
        let run = session.runs[index]
        let picture = RunPicture(loss: run.configuration.loss, weights: run.classWeights,
                                 features: session.showsTest ? run.testFeatures : run.trainFeatures,
                                 labels: session.showsTest ? run.testLabels : run.trainLabels,
                                 classNames: run.dataset.classNames)
        draw(picture, extent: session.extents[index], normalized: session.normalized, state: state, in: rect,
             into: &buffer)
    }

    /// A loaded run (`--load`), frozen: its picture and the numbers the saved file allows.
    static func drawSnapshot(_ run: SavedRun, session: TrainingSession, state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let layout = PlaneLayout(state: state)
        let picture = RunPicture(loss: run.loss, weights: run.weights, features: run.features, labels: run.labels,
                                 classNames: (0..<run.weights.rows).map(String.init))
        draw(picture, extent: TrainingSession.extent(of: run.features, normalized: session.normalized),
             normalized: session.normalized, state: state, in: layout.canvas, into: &buffer)
        let result = run.loss.evaluate(Batch(checkedWeights: run.weights, features: run.features, labels: run.labels))
        let correct = zip(result.predictions, run.labels).filter { $0 == $1 }.count
        var panel = PanelWriter(layout.panel)
        panel.line("loaded run", theme.title, into: &buffer)
        panel.line(run.loss.shortDescription, theme.dim, into: &buffer)
        panel.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        panel.line([("samples ", theme.dim), ("\(run.features.rows)", .plain), ("  classes ", theme.dim),
                    ("\(run.weights.rows)", .plain)], into: &buffer)
        panel.line([("loss  ", theme.dim), (SidePanel.short(result.meanLoss), theme.accent)], into: &buffer)
        panel.line([("acc   ", theme.dim), (percent(Double(correct) / Double(max(run.labels.count, 1))), .plain)],
                   into: &buffer)
        panel.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        panel.line("training keys go live", theme.dim, into: &buffer)
    }

    /// What one picture of 2-D features shows.
    struct RunPicture {
        var loss: MarginLoss
        var weights: Matrix
        var features: Matrix
        var labels: [Int]
        var classNames: [String]
    }

    /// Regions by the margin-free argmax, weight rays, then the samples as coloured dots.
    static func draw(_ run: RunPicture, extent: Double, normalized: Bool, state: AppState, in rect: Rect,
                     into buffer: inout Buffer) {
        guard rect.width > 2, rect.height > 2 else { return }
        let theme = state.theme
        let reach = extent * 1.12
        let viewport = Viewport(canvasDots: rect.width * 2, rect.height * 4, minX: -reach, maxX: reach, minY: -reach,
                                maxY: reach, keepAspect: true)
        var canvas = BrailleCanvas(width: rect.width, height: rect.height)
        let weights = run.weights
        let normalizes = run.loss.normalization != .none
        let norms = (0..<weights.rows).map { hypot(weights[$0, 0], weights[$0, 1]) }  // no overflow at 1e200
        if theme.shadesRegions {
            for row in 0..<rect.height {
                for column in 0..<rect.width {
                    let point = viewport.world(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
                    var best = 0, bestScore = -Double.infinity
                    for j in 0..<weights.rows {
                        let score = (weights[j, 0] * point.x + weights[j, 1] * point.y) / (normalizes ? max(norms[j], 1e-12) : 1)
                        if score > bestScore { (best, bestScore) = (j, score) }
                    }
                    canvas.shade(column: column, row: row, theme.paletteTint(best))
                }
            }
        }
        let far = reach * 2
        for j in 0..<weights.rows where norms[j] > 0 && norms[j].isFinite {
            let (ux, uy) = (weights[j, 0] / norms[j], weights[j, 1] / norms[j])
            canvas.line(from: viewport.dot(0, 0), to: viewport.dot(ux * far, uy * far), style: theme.paletteStyle(j), dash: 3)
        }
        if normalized {
            // One step per dot of the circle's length, however the viewport scales.
            let steps = min(max(Int(saturating: 2 * Double.pi * viewport.scaleX), 8), 4 * (canvas.dotWidth + canvas.dotHeight))
            for step in stride(from: 0, to: steps, by: 3) {
                let angle = 2 * Double.pi * Double(step) / Double(steps)
                canvas.set(viewport.dot(cos(angle), sin(angle)), style: theme.dim)
            }
        }
        let (features, labels) = (run.features, run.labels)
        for i in 0..<features.rows {
            var (x, y) = (features[i, 0], features[i, 1])
            if normalized {
                let length = hypot(x, y)
                guard length > 0, length.isFinite else { continue }
                let radius = 0.88 + 0.12 * Double(i % 7) / 6  // a little spread, so a class's spoke shows its width
                (x, y) = (x / length * radius, y / length * radius)
            }
            canvas.set(viewport.dot(x, y), style: theme.paletteStyle(labels[i]))  // off the picture: not drawn
        }
        for j in 0..<weights.rows where norms[j] > 0 && norms[j].isFinite {
            let (ux, uy) = (weights[j, 0] / norms[j], weights[j, 1] / norms[j])
            let cell = BrailleCanvas.cell(containing: viewport.dot(ux * reach * 0.93, uy * reach * 0.93))
            let full = run.classNames[j]
            let name = full.count <= 3 ? full : String(j)
            canvas.label(name, column: cell.column - name.count / 2, row: cell.row, style: theme.paletteStyle(j))
        }
        canvas.draw(into: &buffer, x: rect.x, y: rect.y, ascii: state.ascii)
    }

    /// The single run's numbers: what trains, progress, loss, accuracies, angles, and the loss curve.
    static func numbers(_ session: TrainingSession, state: AppState, into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        let run = session.runs[0]
        let metrics = run.metrics
        writer.line([(run.configuration.loss.kind.displayName, theme.title), ("  t/T: next loss", theme.dim)],
                    into: &buffer)
        writer.line(run.configuration.loss.shortDescription, theme.dim, into: &buffer)
        writer.line([("data ", theme.dim), (run.dataset.name, .plain)], into: &buffer)
        writer.line([(session.playing ? "▶ playing" : "❚❚ paused", session.playing ? theme.accent : theme.dim),
                     ("  ×\(session.speed)  seed \(session.seed)", theme.dim)], into: &buffer)
        writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        writer.line([("epoch ", theme.dim), ("\(run.epoch)", .plain), ("  step ", theme.dim), ("\(run.iteration)", .plain)],
                    into: &buffer)
        writer.line([("loss  ", theme.dim), (run.lastLoss.map(SidePanel.short) ?? "–", theme.accent)], into: &buffer)
        writer.line([("train ", theme.dim), (percent(metrics.trainAccuracy), .plain), ("  test ", theme.dim),
                     (percent(metrics.testAccuracy), .plain)], into: &buffer)
        writer.line([("spread ", theme.dim), (degrees(metrics.meanIntraClassAngle), theme.accent),
                     (" to centre", theme.dim)], into: &buffer)
        writer.line([("gap    ", theme.dim), (degrees(metrics.minimumCenterAngle), .plain),
                     (" between centres", theme.dim)], into: &buffer)
        if let collapse = metrics.collapse { writer.line(collapse.summary(classNames: run.dataset.classNames), theme.warning, into: &buffer) }
        if let lambda = metrics.lambda { writer.line([("λ      ", theme.dim), (SidePanel.short(lambda), .plain)], into: &buffer) }
        writer.line([("lr     ", theme.dim), (format(run.configuration.learningRate), .plain), ("  [ ]", theme.dim)],
                    into: &buffer)
        if let divergence = run.divergence {
            writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
            for line in wrap(divergence, width: writer.rect.width - 2) { writer.line(line, theme.warning, into: &buffer) }
        }
        writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        let curveRows = min(6, writer.rect.height - writer.row - 1)
        guard curveRows >= 3 else { return }
        writer.line("loss per step", theme.dim, into: &buffer)
        let rect = Rect(x: writer.rect.x + 1, y: writer.rect.y + writer.row, width: writer.rect.width - 2, height: curveRows)
        let history = run.lossHistory
        guard history.count >= 2 else { return }
        let finite = history.filter(\.isFinite)  // a step that overflowed leaves a gap, not an empty scale
        guard let top = finite.max(), let lowest = finite.min() else { return }
        let bottom = min(lowest, 0)
        var curve = BrailleCanvas(width: rect.width, height: rect.height)
        let viewport = Viewport(canvasDots: rect.width * 2, rect.height * 4, minX: 0, maxX: Double(history.count - 1),
                                minY: bottom, maxY: max(top, bottom + max(abs(bottom), 1) * 1e-9), keepAspect: false)
        var previous: (x: Double, y: Double)?
        let stride = max(history.count / (rect.width * 2), 1)
        for index in Swift.stride(from: 0, to: history.count, by: stride) {
            let dot = viewport.dot(Double(index), history[index])
            if let previous { curve.line(from: previous, to: dot, style: theme.accent) }
            previous = dot
        }
        curve.draw(into: &buffer, x: rect.x, y: rect.y, ascii: state.ascii)
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// Splits text into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        return current.isEmpty ? lines : lines + [current]
    }
}
