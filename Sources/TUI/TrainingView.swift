import Foundation
import Geometry
import Training

/// The training view: the 2-D features of a network as it learns, each class's weight as a ray, its samples in the
/// class's colour and shape; one run with its numbers and loss curve, or several runs side by side with a header
/// each; a loaded run's picture.
enum TrainingView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        guard let session = state.training else {
            buffer.write("press 5 to start training", x: 2, y: 2, style: state.theme.warning)
            return
        }
        if case .loaded(let loaded) = session.subject, session.runs.isEmpty {
            drawSaved(loaded, session: session, state: state, into: &buffer)
        } else if session.runs.isEmpty {
            var writer = PanelWriter(Rect(x: 1, y: 2, width: state.width - 2, height: state.height - 5))
            writer.wrapped(session.failure ?? "nothing to train", state.theme.warning, into: &buffer)
        } else if session.runs.count == 1 {
            let layout = PlaneLayout(state: state)
            TrainingPicture.draw(RunPicture(session.runs[0], figure: session.figure), extent: session.extents[0],
                                 figure: session.figure, theme: state.theme, in: layout.canvas, into: &buffer)
            var panel = PanelWriter(layout.panel)
            TrainingPanel.numbers(session, state: state, into: &buffer, writer: &panel)
        } else {
            drawSideBySide(session, state: state, into: &buffer)
        }
    }

    /// Several runs in a grid, each with its name, accuracies and angles above its picture; what trains, the
    /// progress and the class legend below.
    static func drawSideBySide(_ session: TrainingSession, state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let grid = GridLayout(count: session.runs.count, in: Rect(x: 0, y: 1, width: state.width, height: state.height - 4))
        grid.drawSeparators(into: &buffer, style: theme.dim)
        for (index, (run, rect)) in zip(session.runs, grid.panels).enumerated() {
            var header = PanelWriter(Rect(x: rect.x, y: rect.y, width: rect.width, height: 2))
            header.line(run.configuration.name, theme.title, into: &buffer)
            let metrics = run.metrics
            header.line(items: [("train " + NumberText.percent(metrics.trainAccuracy), .plain),
                                ("  test " + NumberText.percent(metrics.testAccuracy), .plain),
                                ("  spread " + degrees(metrics.meanIntraClassAngle), theme.accent),
                                ("  gap " + degrees(metrics.minimumCenterAngle), theme.dim)], into: &buffer)
            TrainingPicture.draw(RunPicture(run, figure: session.figure), extent: session.extents[index],
                                 figure: session.figure, theme: theme,
                                 in: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                                 into: &buffer)
        }
        var footer = PanelWriter(Rect(x: 0, y: state.height - 3, width: state.width, height: 1))
        footer.line(items: [(session.subject.title, theme.dim)] + progressItems(session, theme: theme)
                        + TrainingPanel.legendItems(session, theme: theme), into: &buffer)
    }

    /// ` · digits`, ` · epoch 12/40 step 144`, ` · paused`: what a footer or panel says of the runs' progress.
    static func progressItems(_ session: TrainingSession, theme: Theme) -> [(String, Style)] {
        guard let run = session.runs.first else { return [] }
        let epoch = session.stopEpoch.map { "\(run.epoch)/\($0)" } ?? "\(run.epoch)"
        let state = session.isFinished ? "finished" : session.playing ? "playing ×\(session.speed)" : "paused"
        return [(" · " + escaped(run.dataset.name, limit: 40), theme.dim), (" · epoch \(epoch) step \(run.iteration)", theme.dim),
                (" · " + state, session.playing ? theme.accent : theme.dim)]
    }

    /// A run loaded from a file that cannot continue (saved as JSON): its picture and what the file allows.
    static func drawSaved(_ loaded: LoadedRun, session: TrainingSession, state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let layout = PlaneLayout(state: state)
        let run = loaded.run
        TrainingPicture.draw(RunPicture(run), extent: TrainingSession.extent(of: run.features,
                                                                           normalized: session.figure.normalized),
                             figure: session.figure, theme: theme, in: layout.canvas, into: &buffer)
        let result = run.loss.evaluate(Batch(checkedWeights: run.weights, features: run.features, labels: run.labels))
        let correct = zip(result.predictions, run.labels).filter { $0 == $1 }.count
        var panel = PanelWriter(layout.panel)
        panel.line(session.subject.title, theme.title, into: &buffer)
        panel.line(run.loss.shortDescription, theme.dim, into: &buffer)
        panel.rule(into: &buffer, style: theme.dim)
        panel.line(items: [("samples \(run.features.rows)", .plain), ("  classes \(run.weights.rows / max(run.loss.subCenters, 1))", .plain)],
                   into: &buffer)
        panel.line([("loss  ", theme.dim), (SidePanel.short(result.meanLoss), theme.accent)], into: &buffer)
        panel.line([("train ", theme.dim), (NumberText.percent(Double(correct) / Double(max(run.labels.count, 1))), .plain)],
                   into: &buffer)
        panel.rule(into: &buffer, style: theme.dim)
        panel.wrapped(loaded.cannotContinue ?? "", theme.dim, into: &buffer)
    }
}
