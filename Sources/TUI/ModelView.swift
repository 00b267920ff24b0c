import Analysis
import Foundation
import Geometry

/// Where the Model view's parts go: the density plot at the left, the panel at the right (as the plane view's);
/// with room (a tall screen), the plot takes two thirds of the height, the angle histograms sit beside it (or
/// below it when the left side is narrow), and the worst classes and closest pairs fill the rows beneath.
struct ModelLayout {
    let plot: Rect
    let histogram: Rect?
    let table: Rect?
    let panel: Rect

    init(state: AppState) {
        let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 3)
        let panelWidth = min(36, max(28, body.width / 3))
        let left = Rect(x: body.x, y: body.y, width: body.width - panelWidth, height: body.height)
        panel = Rect(x: left.x + left.width, y: body.y, width: panelWidth, height: body.height)
        guard left.height >= 30 else {
            (plot, histogram, table) = (left, nil, nil)
            return
        }
        let rows = left.height * 2 / 3
        // A square plot of `rows` rows is 2 (rows - 2) columns of dots wide, plus 7 for its labels.
        let plotWidth = min(2 * (rows - 2) + 7, left.width)
        let plotRect = Rect(x: left.x, y: left.y, width: plotWidth, height: rows)
        let below = Rect(x: left.x, y: left.y + rows, width: left.width, height: left.height - rows)
        if left.width - plotWidth >= 30 {
            plot = plotRect
            histogram = Rect(x: left.x + plotWidth + 1, y: left.y, width: left.width - plotWidth - 1, height: rows)
            table = below
        } else {
            plot = plotRect
            histogram = below
            table = nil
        }
    }
}

/// View 6: a real model's samples as a density in the (θ_target, θ_nearest) plane over the loss's margin curve (the
/// angle view's class-1 curve: a sample above it meets its margin against its nearest other class), the histograms
/// of both angles (the ArcFace paper's angle-distribution figure), the fraction meeting the margin under the
/// current loss, the worst classes, the advice, and the data's summary.
enum ModelView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        guard let model = state.model else {
            drawEmpty(state, into: &buffer)
            return
        }
        let layout = ModelLayout(state: state)
        let analysis = model.current
        let top = axisTop(analysis)
        drawDensity(state, analysis, top: top, in: layout.plot, into: &buffer)
        if let rect = layout.histogram { drawHistograms(state, analysis, top: top, in: rect, into: &buffer) }
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        let roomy = layout.histogram != nil
        summary(state, model, ranges: roomy, into: &buffer, writer: &panel)
        if !roomy {
            sparklines(state, analysis, top: top, into: &buffer, writer: &panel)
            worstLine(state, analysis, into: &buffer, writer: &panel)
        }
        advice(state, analysis, into: &buffer, writer: &panel)
        data(state, model, into: &buffer, writer: &panel)
        if let rect = layout.table { tables(state, analysis, in: rect, into: &buffer) }
    }

    /// What to do when no model is open.
    static func drawEmpty(_ state: AppState, into buffer: inout Buffer) {
        var writer = PanelWriter(Rect(x: 1, y: 2, width: state.width - 2, height: state.height - 5))
        writer.line("No model open.", state.theme.title, into: &buffer)
        writer.skip(1)
        for text in ["Open your own model's embeddings, labels and class weights:",
                     "  margin-explorer --embeddings E --labels L --weights W",
                     "each FILE.npy, FILE.npz:NAME, FILE.safetensors:NAME or FILE.csv (--weights-layout as in "
                        + "analyze). A run saved with train --save FILE.npz serves for all three:",
                     "  margin-explorer --embeddings FILE.npz --labels FILE.npz --weights FILE.npz"] {
            writer.wrapped(text, text.hasPrefix("  ") ? state.theme.accent : .plain, into: &buffer)
        }
    }

    /// The top of both angle axes: the largest angle of any sample rounded up to a multiple of 45°, at least 45°
    /// (samples of a trained model rarely pass 90°, and the plot then spends its dots on them).
    static func axisTop(_ analysis: ModelAnalysis) -> Double {
        let largest = max(analysis.table.thetaTargetDegrees.max() ?? 0, analysis.table.thetaNearestDegrees.max() ?? 0)
        return min(max((largest / 45).rounded(.up), 1), 4) * 45
    }

    /// The ticks of an axis from 0 to `top`: every 45° up to 90°, then every 45°, labelled in degrees.
    static func ticks(top: Double) -> [(Double, String)] {
        let step = top <= 45 ? 15.0 : top <= 90 ? 30 : 45
        return stride(from: 0, through: top, by: step).map { ($0, NumberText.tidy($0)) }
    }

    /// The zones (meets its margin, inside it, wrong), the samples as dots shaded by how many fall in each cell, the
    /// no-margin line θ_nearest = θ_target and the margin curve.
    static func drawDensity(_ state: AppState, _ analysis: ModelAnalysis, top: Double, in rect: Rect,
                            into buffer: inout Buffer) {
        let theme = state.theme
        let curves = MarginCurves(loss: analysis.loss)
        var plot = Plot(in: rect, minX: 0, maxX: top, minY: 0, maxY: top, square: true)
        let (width, height) = (plot.canvasRect.width, plot.canvasRect.height)
        guard width > 0, height > 0 else { return }
        for row in 0..<height {
            for column in 0..<width {
                let (u, v) = (plot.dataX(dot: column * 2 + 1), plot.dataY(dot: row * 4 + 2))
                let point = curves.classify(theta1: Angle(degrees: u), theta2: Angle(degrees: v))
                if theme.shadesRegions {
                    let zone = point.meetsClass1Margin ? theme.class1Region
                        : point.argmaxClass == 1 ? theme.marginRegion : theme.class2Region
                    plot.canvas.shade(column: column, row: row, zone)
                }
            }
        }
        // The density: every sample's dot set, each cell styled by its count against the fullest cell.
        var counts = [Int](repeating: 0, count: width * height)
        var dots: [(x: Double, y: Double)] = []
        dots.reserveCapacity(min(analysis.samples, width * height * 8))
        var seen = Set<Int>()
        let table = analysis.table
        for i in 0 ..< analysis.samples {
            let dot = plot.viewport.dot(table.thetaTargetDegrees[i], table.thetaNearestDegrees[i])
            let (column, row) = BrailleCanvas.cell(containing: dot)
            guard column >= 0, row >= 0, column < width, row < height else { continue }
            counts[row * width + column] += 1
            let key = Int(dot.y.rounded(.down)) * width * 2 + Int(dot.x.rounded(.down))
            if seen.insert(key).inserted { dots.append(dot) }
        }
        let fullest = max(counts.max() ?? 1, 1)
        for dot in dots {
            let (column, row) = BrailleCanvas.cell(containing: dot)
            plot.canvas.set(dot, style: densityStyle(counts[row * width + column], fullest: fullest, theme: theme))
        }
        let (columns, rows) = (width * 2, height * 4)
        let plain = (0..<columns).map { step -> (Double, Double)? in
            let own = top * Double(step) / Double(columns - 1)
            return (own, own)
        }
        plot.curve(plain, style: theme.reference, dash: 2)
        let margin = (0..<max(columns, rows)).map { step -> (Double, Double)? in
            let own = top * Double(step) / Double(max(columns, rows) - 1)
            return curves.boundary(of: .class1, angle: Angle(degrees: own)).map { (own, $0.degrees) }
        }
        plot.curve(margin, style: theme.accent, dash: 0)
        let ticks = ticks(top: top)
        plot.draw(into: &buffer, xTicks: ticks, yTicks: ticks, xName: "θ_target in °", yName: "↑ θ_nearest",
                  style: theme.dim)
    }

    /// Sparse cells dim, fuller ones plain, the fullest quarter bold in the accent: with 256 colours a ramp.
    static func densityStyle(_ count: Int, fullest: Int, theme: Theme) -> Style {
        let share = Double(count) / Double(fullest)
        if share > 0.25 { return theme.title }
        if share > 1.0 / 16 { return theme.shadesRegions ? Style(Color(250)) : .plain }
        return theme.dim
    }

    /// The histograms of θ_target and θ_nearest over 0° to `top`, as two curves of the share of samples per bin.
    static func drawHistograms(_ state: AppState, _ analysis: ModelAnalysis, top: Double, in rect: Rect,
                               into buffer: inout Buffer) {
        let theme = state.theme
        var writer = PanelWriter(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        writer.line([("share of samples per 5°: ", theme.dim), ("━ θ_target", theme.class1),
                     ("  ━ θ_nearest", theme.class2)], into: &buffer)
        let bins = max(Int((top / 5).rounded()), 1)
        let target = counts(analysis.table.thetaTargetDegrees, bins: bins, top: top)
        let nearest = counts(analysis.table.thetaNearestDegrees, bins: bins, top: top)
        let n = Double(max(analysis.samples, 1))
        let highest = Double(max(target.max() ?? 0, nearest.max() ?? 0, 1)) / n
        let yTop = (highest * 20).rounded(.up) / 20  // a multiple of 5%
        var plot = Plot(in: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1), minX: 0,
                        maxX: top, minY: 0, maxY: yTop, square: false)
        let width = top / Double(bins)
        for (values, style) in [(target, theme.class1), (nearest, theme.class2)] {
            // A step curve: flat across each bin.
            var points: [(Double, Double)?] = []
            for (bin, count) in values.enumerated() {
                let share = Double(count) / n
                points.append((Double(bin) * width, share))
                points.append((Double(bin + 1) * width, share))
            }
            plot.curve(points, style: style)
        }
        let yTicks = [(0.0, "0"), (yTop / 2, NumberText.percent(yTop / 2, decimals: 0)),
                      (yTop, NumberText.percent(yTop, decimals: 0))]
        plot.draw(into: &buffer, xTicks: ticks(top: top), yTicks: yTicks, xName: "angle in °", yName: "",
                  style: theme.dim)
    }

    /// Counts of `values` in `bins` equal bins from 0 to `top` (the last also holds `top` and above).
    static func counts(_ values: [Double], bins: Int, top: Double) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for value in values {
            let bin = Int((value / top * Double(bins)).rounded(.down))
            counts[min(max(bin, 0), bins - 1)] += 1
        }
        return counts
    }

    /// Both histograms as one row of block characters each, for a screen without room for the plot.
    static func sparklines(_ state: AppState, _ analysis: ModelAnalysis, top: Double, into buffer: inout Buffer,
                           writer: inout PanelWriter) {
        let theme = state.theme
        let bins = max(min(writer.textWidth - 10, Int(top / 5)), 1)
        let target = counts(analysis.table.thetaTargetDegrees, bins: bins, top: top)
        let nearest = counts(analysis.table.thetaNearestDegrees, bins: bins, top: top)
        let highest = max(target.max() ?? 0, nearest.max() ?? 0, 1)
        let blocks: [String] = state.ascii ? [" ", ".", ":", "-", "=", "+", "*", "#", "@"]
            : [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        func line(_ values: [Int]) -> String {
            values.map { count in
                count == 0 ? blocks[0] : blocks[max(1, Int((Double(count) / Double(highest) * 8).rounded()))]
            }.joined()
        }
        let medians = [analysis.thetaTarget.median, analysis.thetaNearest.median]
            .map { " " + NumberText.fixed($0, decimals: 1) + "°" }
        writer.line([("θt  ", theme.class1), (line(target), theme.class1), (medians[0], .plain)], into: &buffer)
        writer.line([("θn  ", theme.class2), (line(nearest), theme.class2), (medians[1], .plain)], into: &buffer)
        let end = NumberText.tidy(top) + "°"
        writer.line([("    0°" + String(repeating: " ", count: max(bins - 2 - end.count, 1)) + end, theme.dim),
                     ("  median", theme.dim)], into: &buffer)
    }

    /// The worst classes on one line: `worst 3 27/27 · 7 26/26`.
    static func worstLine(_ state: AppState, _ analysis: ModelAnalysis, into buffer: inout Buffer,
                          writer: inout PanelWriter) {
        let theme = state.theme
        writer.rule(into: &buffer, style: theme.dim)
        let worst = analysis.classesMostInsideMargin(limit: 4)
        guard !worst.isEmpty else { writer.line("every sample meets the margin", theme.dim, into: &buffer); return }
        var items: [(String, Style)] = [("worst", theme.title)]
        for (index, entry) in worst.enumerated() {
            items.append(((index == 0 ? " " : " · ") + "\(entry.label) ", .plain))
            items.append(("\(entry.insideMargin)/\(entry.samples)", theme.warning))
        }
        writer.line(items: items, into: &buffer)
    }

    /// Beneath the plots on a tall screen: the worst classes, the closest weights and the closest centres.
    static func tables(_ state: AppState, _ analysis: ModelAnalysis, in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let grid = GridLayout(count: 3, in: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1))
        var rule = PanelWriter(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        rule.rule(into: &buffer, style: theme.dim)
        let rows = max(grid.panels[0].height - 1, 0)
        var worst = PanelWriter(grid.panels[0])
        let classes = analysis.classesMostInsideMargin(limit: rows)
        worst.line(classes.isEmpty ? "every sample meets the margin" : "most inside the margin", theme.title,
                   into: &buffer)
        for entry in classes {
            worst.line(items: [("class \(entry.label)  ", .plain),
                               ("\(entry.insideMargin)/\(entry.samples)", theme.warning),
                               ("  " + NumberText.percent(Double(entry.insideMargin) / Double(entry.samples),
                                                          decimals: 0), theme.dim)], into: &buffer)
        }
        for (index, (title, pairs)) in [("closest class weights", analysis.closestWeightPairs(limit: rows)),
                                        ("closest class centres", analysis.closestCenterPairs(limit: rows))].enumerated() {
            var writer = PanelWriter(grid.panels[index + 1])
            writer.line(title, theme.title, into: &buffer)
            if pairs.isEmpty { writer.line("fewer than two classes have samples", theme.dim, into: &buffer) }
            for pair in pairs {
                writer.line(items: [("\(pair.first) ↔ \(pair.second)  ", .plain),
                                    (NumberText.fixed(pair.degrees, decimals: 2) + "°", theme.accent)], into: &buffer)
            }
        }
    }

    /// The fraction meeting the margin (live), the margin-free error, and the angles' medians and 5-95% ranges.
    static func summary(_ state: AppState, _ model: ModelSession, ranges: Bool, into buffer: inout Buffer,
                        writer: inout PanelWriter) {
        let theme = state.theme
        let analysis = model.current
        writer.rule(into: &buffer, style: theme.dim)
        writer.line(items: [("meets margin ", theme.title),
                            (NumberText.percent(analysis.fractionMeetingMargin), theme.accent),
                            ("  \(model.meetingMargin)/\(analysis.samples)", theme.dim)], into: &buffer)
        writer.line([("wrong (no margin) ", theme.dim), (NumberText.percent(analysis.fractionMisclassified), .plain)],
                    into: &buffer)
        for (name, distribution, style) in [("θt ", analysis.thetaTarget, theme.class1),
                                            ("θn ", analysis.thetaNearest, theme.class2)] where ranges {
            writer.line(items: [(name, style), (NumberText.fixed(distribution.median, decimals: 1) + "°", .plain),
                                ("  5–95% " + NumberText.fixed(distribution.p05, decimals: 1) + "–"
                                    + NumberText.fixed(distribution.p95, decimals: 1) + "°", theme.dim)],
                        into: &buffer)
        }
    }

    /// The scale bound, AdaCos's scale, the loss at the start, and whether the margin fits the weight gaps.
    static func advice(_ state: AppState, _ analysis: ModelAnalysis, into buffer: inout Buffer,
                       writer: inout PanelWriter) {
        let theme = state.theme
        let advice = analysis.advice()
        writer.rule(into: &buffer, style: theme.dim)
        let scale = analysis.loss.normalization == .weightsAndFeatures ? analysis.loss.s : nil
        let low = scale.map { $0 < advice.minimumScale } ?? false
        writer.line(items: [("s ≥ " + NumberText.fixed(advice.minimumScale, decimals: 2), low ? theme.warning : .plain),
                            (" for p \(NumberText.tidy(advice.probability))", theme.dim),
                            ("  AdaCos " + NumberText.fixed(advice.adaCosScale, decimals: 2), theme.dim)],
                    into: &buffer)
        if let loss = advice.expectedInitialLoss {
            writer.line([("start loss ", theme.dim), (NumberText.significant(loss), .plain)], into: &buffer)
        }
        let misfits = analysis.marginsThatDoNotFit()
        if let tightest = misfits.first {
            writer.line(items: [("m too wide: \(misfits.count) class" + (misfits.count == 1 ? "" : "es"), theme.warning),
                                (" (\(tightest.label)↔\(tightest.nearest))", theme.dim)], into: &buffer)
        } else {
            writer.line("margin fits every weight gap", theme.dim, into: &buffer)
        }
    }

    /// N, K, d, the smallest gaps and the embeddings' file.
    static func data(_ state: AppState, _ model: ModelSession, into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        let analysis = model.current
        writer.rule(into: &buffer, style: theme.dim)
        writer.line(items: [("N \(analysis.samples)", .plain), ("  K \(analysis.classes)", .plain),
                            ("  d \(analysis.dimension)", .plain)], into: &buffer)
        writer.line(items: [("gap W ", theme.dim), (NumberText.fixed(analysis.minimumWeightGapDegrees, decimals: 1) + "°",
                                                   .plain),
                            ("  centres ", theme.dim),
                            (analysis.minimumCenterGapDegrees.map { NumberText.fixed($0, decimals: 1) + "°" } ?? "none",
                             .plain)], into: &buffer)
        writer.line(quoted(model.files.embeddings, limit: max(writer.textWidth - 2, 8)), theme.dim, into: &buffer)
    }
}
