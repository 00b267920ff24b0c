import Geometry
import Training

/// The one-line text that reproduces what is on screen: `view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1`.
/// `margin-explorer --state '...'` and `render --state '...'` read it back and draw the same frame. Samples added by
/// hand are not part of it. In the training view it names what trains (`preset=`, `data=`, or `load=` for a saved
/// run), the seed, a changed learning rate, the stop epoch, the step reached and how the picture draws, so that the
/// runs are trained again to the same step (training is repeatable bit for bit) and open paused there. With a model
/// open it names the model's files (`embeddings=`, `labels=`, `weights=`), in every view, for the front end to read
/// again.
///
/// A value holding a space, a double quote or a backslash is written in double quotes, inside which `\"` is a quote
/// and `\\` a backslash: `load="my runs/a.npz"`.
public enum StateString {
    /// The state string of `state`.
    public static func format(_ state: AppState) -> String { tokens(state).joined(separator: " ") }

    /// The tokens of `state`: view, loss and its parameters, angle and ratio, then what differs from the defaults
    /// elsewhere (compare panels, cosine space, the training session, other losses' parameters as
    /// `kind.parameter=value`).
    static func tokens(_ state: AppState) -> [String] {
        var parts = ["view=\(state.view.rawValue)"]
        parts += lossTokens(state.loss, prefix: "", includeDefaults: true)
        parts.append("angle=\(NumberText.tidy(state.separation.degrees))")
        parts.append("ratio=\(NumberText.tidy(state.normRatio))")
        if state.view == .compare || state.comparePanels != AppState().comparePanels {
            // Each panel as its loss and the parameters where it differs from that loss's own: cosface:m=0.2.
            parts.append("compare=" + state.comparePanels.map { LossSpec.text($0, against: state.losses[$0.kind]) }
                .joined(separator: ","))
        }
        if state.cosineSpace { parts.append("space=cosine") }
        if state.compareShowsMargins { parts.append("panels=margins") }
        parts += state.pins.map { "pin=" + LossSpec.text($0) }
        if state.psiTheta != 0...180 {
            parts.append("theta=\(NumberText.tidy(state.psiTheta.lowerBound)),\(NumberText.tidy(state.psiTheta.upperBound))")
        }
        if let logit = state.psiLogit {
            parts.append("logit=\(NumberText.tidy(logit.lowerBound, decimals: 6)),\(NumberText.tidy(logit.upperBound, decimals: 6))")
        }
        if state.view == .sphere {
            parts += ["yaw=\(NumberText.tidy(state.sphere.yaw))", "pitch=\(NumberText.tidy(state.sphere.pitch))"]
            if state.sphereFigure != .run { parts.append("sphere=\(state.sphereFigure.rawValue)") }
            if state.sphereFigure == .run {  // the run drawn, from 1; as given while the runs are not made yet
                let made = !(state.training?.runs.isEmpty ?? true)
                let place = state.sphereRunPlace?.index ?? (made ? 1 : state.sphereRunIndex + 1)
                if place > 1 { parts.append("run=\(place)") }
            }
        }
        if state.holdsTraining, let session = state.training { parts += trainingTokens(session) }
        if let files = state.model?.files ?? state.pendingModel { parts += ModelTokens.tokens(files) }
        for loss in state.losses.changed where loss.kind != state.lossKind {
            parts += lossTokens(loss, prefix: loss.kind.rawValue + ".", includeDefaults: false)
        }
        return parts
    }

    private static func lossTokens(_ loss: MarginLoss, prefix: String, includeDefaults: Bool) -> [String] {
        let defaults = MarginLoss(loss.kind)
        var tokens = includeDefaults ? ["loss=\(loss.kind.rawValue)"] : []
        if loss.normalizesFeatures { tokens.append("\(prefix)normalize_features=1") }
        for parameter in loss.parameters where !loss.isLeftToRule(parameter)
            && (includeDefaults || loss[parameter] != defaults[parameter] || defaults.isLeftToRule(parameter)) {
            // ElasticFace's seed is margin_seed=, apart from training's seed=.
            let key = parameter == .seed && prefix.isEmpty ? "margin_seed" : parameter.rawValue
            tokens.append("\(prefix)\(key)=\(NumberText.tidy(loss[parameter]))")
        }
        for key in loss.flags where key != "normalize_features" && loss.flag(key) != defaults.flag(key) {
            tokens.append("\(prefix)\(key)=\(loss.flag(key) ? 1 : 0)")
        }
        return tokens
    }

    /// What trains and how far: `preset=single data=digits seed=1`, `load=run.npz step=48`, ...
    private static func trainingTokens(_ session: TrainingSession) -> [String] {
        var tokens: [String] = []
        switch session.subject {
        case .loaded(let run): tokens.append("load=" + quotedValue(run.path))
        case let subject:
            tokens.append("preset=" + (subject.stateName ?? "single"))
            if let source = subject.source, let data = TrainingData(source) { tokens.append("data=\(data.rawValue)") }
        }
        tokens.append("seed=\(session.seed)")
        if session.featureDimension != 2, !session.subject.isLoaded { tokens.append("dim=\(session.featureDimension)") }
        if let rate = session.learningRate { tokens.append("lr=\(NumberText.tidy(rate, decimals: 6))") }
        if session.stopEpoch != session.subject.defaultStopEpoch {
            tokens.append("until=" + (session.stopEpoch.map(String.init) ?? "none"))
        }
        if let step = session.runs.map(\.iteration).max(), step > 0, !isLoadedAtItsStep(session, step) {
            tokens.append("step=\(step)")
        }
        let figure = session.figure, defaults = TrainingFigure()
        if figure.samples != defaults.samples { tokens.append("samples=\(figure.samples.rawValue)") }
        if let style = figure.style { tokens.append("figure=\(style.rawValue)") }
        if figure.normalized { tokens.append("circle=1") }
        if session.speedIndex != TrainingSession().speedIndex { tokens.append("speed=\(session.speed)") }
        return tokens
    }

    /// True for a loaded run still at the step it was saved at (`load=` alone reopens it there).
    private static func isLoadedAtItsStep(_ session: TrainingSession, _ step: Int) -> Bool {
        guard case .loaded(let run) = session.subject, let progress = run.run.training?.progress else { return false }
        return progress.iteration == step
    }

    /// `value` as a state string writes it: bare, or in double quotes when it holds a space, a quote or a backslash.
    static func quotedValue(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "\\" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The line that reopens `state` from a POSIX shell: `margin-explorer --state '...'`, a single quote inside
    /// written `'\''`.
    public static func shellCommand(_ state: AppState) -> String {
        "margin-explorer --state '" + format(state).replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
