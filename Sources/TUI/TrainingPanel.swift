import Foundation
import Geometry
import Training

/// The side panel of a single run: what trains, its progress, loss, accuracies, angles, the class legend and the
/// loss curve.
enum TrainingPanel {
    static func numbers(_ session: TrainingSession, state: AppState, into buffer: inout Buffer,
                        writer: inout PanelWriter) {
        let theme = state.theme
        let run = session.runs[0]
        let metrics = run.metrics
        if case .single = session.subject {
            writer.line([(run.configuration.loss.kind.displayName, theme.title), ("  t/T: next loss", theme.dim)],
                        into: &buffer)
        } else {
            writer.line(session.subject.title, theme.title, into: &buffer)
        }
        writer.line(run.configuration.loss.shortDescription, theme.dim, into: &buffer)
        writer.line([("data ", theme.dim), (escaped(run.dataset.name, limit: 40), .plain)], into: &buffer)
        if run.configuration.featureDimension == 3 {
            writer.line([("3-D", theme.accent), (" x, y shown · 7: sphere", theme.dim)], into: &buffer)
        }
        writer.line(items: [(session.playing ? "▶ playing" : session.isFinished ? "finished" : "❚❚ paused",
                             session.playing ? theme.accent : theme.dim),
                            ("  ×\(session.speed)", theme.dim), ("  seed \(session.seed)", theme.dim)], into: &buffer)
        writer.rule(into: &buffer, style: theme.dim)
        let epoch = session.stopEpoch.map { "\(run.epoch)/\($0)" } ?? "\(run.epoch)"
        writer.line(items: [("epoch \(epoch)", .plain), ("  step \(run.iteration)", .plain)], into: &buffer)
        writer.line([("loss  ", theme.dim), (run.lastLoss.map(SidePanel.short) ?? "–", theme.accent)], into: &buffer)
        writer.line(items: [("train " + NumberText.percent(metrics.trainAccuracy), .plain),
                            ("  test " + NumberText.percent(metrics.testAccuracy), .plain)], into: &buffer)
        writer.line(items: [("spread " + degrees(metrics.meanIntraClassAngle), theme.accent), (" to centre", theme.dim)],
                    into: &buffer)
        writer.line(items: [("gap    " + degrees(metrics.minimumCenterAngle), .plain), (" between centres", theme.dim)],
                    into: &buffer)
        if let collapse = metrics.collapse {
            writer.line(collapse.summary(classNames: run.dataset.classNames), theme.warning, into: &buffer)
        }
        if let lambda = metrics.lambda { writer.line([("λ      ", theme.dim), (SidePanel.short(lambda), .plain)], into: &buffer) }
        for (name, value) in run.runningColumns {  // the loss's running statistics: t, AdaFace's μ and σ, AdaCos's s
            writer.line([(name + " ", theme.dim), (SidePanel.short(value), .plain)], into: &buffer)
        }
        writer.line([("lr     ", theme.dim), (NumberText.tidy(run.configuration.learningRate, decimals: 6), .plain),
                     ("  [ ]", theme.dim)], into: &buffer)
        if let divergence = run.divergence {
            writer.rule(into: &buffer, style: theme.dim)
            writer.wrapped(divergence, theme.warning, into: &buffer)
        }
        writer.rule(into: &buffer, style: theme.dim)
        legend(session, theme: theme, into: &buffer, writer: &writer)
        lossCurve(run, theme: theme, into: &buffer, writer: &writer)
    }

    /// The class marks with their names, wrapped, and how training and test samples differ.
    static func legend(_ session: TrainingSession, theme: Theme, into buffer: inout Buffer, writer: inout PanelWriter) {
        var items = legendItems(session, theme: theme)
        while !items.isEmpty && writer.hasRoom {
            var line: [(String, Style)] = [], width = 0
            while let item = items.first, line.isEmpty || width + buffer.width(of: item.0) <= writer.textWidth {
                line.append(item)
                width += buffer.width(of: item.0)
                items.removeFirst()
            }
            line[0].0 = String(line[0].0.drop { $0 == " " })
            writer.line(items: line, into: &buffer)
        }
    }

    /// ` ● 0`, ` ■ 1`, ...: each class's mark and name, then what the samples are (` filled: train, hollow: test`).
    static func legendItems(_ session: TrainingSession, theme: Theme) -> [(String, Style)] {
        guard let run = session.runs.first else { return [] }
        let names = run.dataset.classNames
        let style = session.figure.style(classes: names.count)
        let marks = names.indices.map { j -> (String, Style) in
            let mark = style == .glyphs ? ClassMarks.glyph(j, test: false) : "⣿"
            return (" \(mark)\(escaped(names[j], limit: 6))", theme.markStyle(j))
        }
        let samples: String = switch session.figure.samples {
        case .train: " training samples"
        case .test: " test samples"
        case .both: style == .glyphs ? " filled: train, hollow: test" : " bright: train, pale: test"
        }
        return marks + [(samples, theme.dim)]
    }

    /// The batch loss of every step, the axes left out, under a label.
    static func lossCurve(_ run: Trainer, theme: Theme, into buffer: inout Buffer, writer: inout PanelWriter) {
        let rows = min(6, writer.rect.height - writer.row - 1)
        let history = run.lossHistory
        let finite = history.filter(\.isFinite)  // a step that overflowed leaves a gap, not an empty scale
        guard rows >= 3, history.count >= 2, let top = finite.max(), let lowest = finite.min() else { return }
        writer.line("loss per step", theme.dim, into: &buffer)
        let rect = Rect(x: writer.rect.x + 1, y: writer.rect.y + writer.row, width: writer.rect.width - 2, height: rows)
        let bottom = min(lowest, 0)
        var plot = Plot(in: rect, minX: 0, maxX: Double(history.count - 1), minY: bottom,
                        maxY: max(top, bottom + max(abs(bottom), 1) * 1e-9), square: false, labelled: false)
        let stride = max(history.count / (rect.width * 2), 1)
        plot.curve(Swift.stride(from: 0, to: history.count, by: stride).map { (Double($0), history[$0]) },
                   style: theme.accent)
        plot.draw(into: &buffer)
        writer.skip(rows)
    }
}
