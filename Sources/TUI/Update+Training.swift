import Geometry
import Training

/// Opens the training session on first use, and restarts runs whose losses the other views changed: a single
/// run's loss (t, m, s, l act on it), the compare view's losses for the compare subject.
func syncTraining(_ state: inout AppState) {
    var session = state.training ?? TrainingSession()
    defer { state.training = session }
    let losses = state.losses(toTrain: session)
    if session.runs.isEmpty && session.failure == nil {
        if case .loaded(let run) = session.subject, run.run.training == nil { return }  // a picture only
        session.rebuild(losses: losses)
        return
    }
    switch session.subject {
    case .single, .compareLosses:
        if session.runs.map(\.configuration.loss) != losses { session.rebuild(losses: losses) }
    case .preset, .loaded: break
    }
}

/// The training keys.
func train(_ command: Command, direction: Int, on state: inout AppState) {
    guard var session = state.training else { return }
    defer { state.training = session }
    let losses = state.losses(toTrain: session)
    switch command {
    case .playPause: playPause(&session, notice: &state.notice)
    case .stepOnce: if canTrain(session, notice: &state.notice) { session.advance(steps: 1) }
    case .runEpoch: if canTrain(session, notice: &state.notice) { session.advanceEpoch() }
    case .finishTraining: finish(&session, notice: &state.notice)
    case .restartTraining: restart(&session, losses: losses, state: &state)
    case .newSeed:
        session.seed = session.seed &+ 1
        restart(&session, losses: losses, state: &state)
        state.notice = "seed \(session.seed)"
    case .speed:
        let index = min(max(session.speedIndex + direction, 0), TrainingSession.speeds.count - 1)
        if index == session.speedIndex { state.notice = "speed is at its \(direction > 0 ? "maximum" : "minimum")" }
        session.speedIndex = index
    case .cycleDataset: cycleData(&session, direction: direction, losses: losses, notice: &state.notice)
    case .cyclePreset: cycleSubject(&session, direction: direction, state: &state)
    case .learningRate: changeLearningRate(&session, direction: direction, losses: losses, notice: &state.notice)
    case .stopEpoch: moveStop(&session, direction: direction, notice: &state.notice)
    case .cycleSamples:
        session.figure.samples = session.figure.samples.next
        session.fitExtents()
    case .toggleFigureStyle:
        let classes = session.runs.first?.dataset.classes ?? 2
        session.figure.style = session.figure.style(classes: classes) == .dots ? .glyphs : .dots
    case .toggleUnitCircle:
        session.figure.normalized.toggle()
        session.fitExtents()
    case .toggleDimension:
        if case .loaded = session.subject {
            state.notice = "a loaded run keeps its \(session.featureDimension)-D features: p leaves it"
            return
        }
        session.featureDimension = session.featureDimension == 3 ? 2 : 3
        session.rebuild(losses: losses, fresh: true)
        state.notice = "\(session.featureDimension)-D features; training restarted"
            + (session.featureDimension == 3 ? " (7 shows them on the sphere)" : "")
    default: break
    }
}

/// True when there are runs to train; otherwise says why not (a run saved as JSON, a failed build).
private func canTrain(_ session: TrainingSession, notice: inout String?) -> Bool {
    if case .loaded(let run) = session.subject, let reason = run.cannotContinue {
        notice = reason
        return false
    }
    if session.runs.isEmpty { notice = session.failure ?? "nothing to train"; return false }
    return true
}

private func playPause(_ session: inout TrainingSession, notice: inout String?) {
    guard canTrain(session, notice: &notice) else { return }
    if let divergence = session.runs.first(where: { $0.divergence != nil })?.divergence {
        notice = "diverged: " + divergence + " — r restarts, [ lowers the learning rate"
        return
    }
    if session.isFinished, let stop = session.stopEpoch {
        notice = "finished at epoch \(stop): } moves the stop epoch later"
        return
    }
    session.playing.toggle()
    if !session.playing { session.fitExtents() }
}

/// Trains to the stop epoch at once.
private func finish(_ session: inout TrainingSession, notice: inout String?) {
    guard canTrain(session, notice: &notice) else { return }
    guard let stop = session.stopEpoch else { notice = "no stop epoch: } sets one"; return }
    session.advance(toStep: Int.max)
    notice = session.isFinished ? "finished at epoch \(stop)" : nil
}

/// Builds the runs afresh from step 0. A run saved as JSON cannot train: it becomes a single run of its loss.
private func restart(_ session: inout TrainingSession, losses: [MarginLoss], state: inout AppState) {
    if case .loaded(let loaded) = session.subject, loaded.run.training == nil || loaded.dataset == nil {
        state.loss = loaded.run.loss
        session.subject = .single(.blobs)
        session.rebuild(losses: [state.loss])
        state.notice = "left the loaded run: a single run of its loss on blobs, from step 0"
        return
    }
    session.rebuild(losses: losses, fresh: true)
}

private func cycleData(_ session: inout TrainingSession, direction: Int, losses: [MarginLoss],
                       notice: inout String?) {
    guard let data = session.subject.chosenData else {
        if case .loaded = session.subject {
            notice = "a loaded run trains on its own data: p leaves it"
        } else {
            notice = "this preset brings its own data: p changes the preset"
        }
        return
    }
    let all = TrainingData.allCases
    let next = all[wrapped(all.firstIndex(of: data) ?? 0, direction, count: all.count)]
    session.subject = if case .compareLosses = session.subject { .compareLosses(next) } else { .single(next) }
    session.rebuild(losses: losses)
}

/// `p`: single run, the compare view's losses, then each preset; a loaded run is left for a single run.
private func cycleSubject(_ session: inout TrainingSession, direction: Int, state: inout AppState) {
    let data = session.subject.chosenData ?? .blobs
    let cycle = TrainingSubject.cycle(data: data)
    let index = cycle.firstIndex(of: session.subject) ?? (direction > 0 ? -1 : 0)
    session.subject = cycle[wrapped(index, direction, count: cycle.count)]
    session.learningRate = nil
    session.rebuild(losses: state.losses(toTrain: session))
}

private func changeLearningRate(_ session: inout TrainingSession, direction: Int, losses: [MarginLoss],
                                notice: inout String?) {
    let rates = TrainingSession.learningRates
    let current = session.learningRate ?? session.runs.first?.configuration.learningRate ?? 0.01
    let next = direction > 0 ? rates.first { $0 > current * 1.0001 } : rates.last { $0 < current * 0.9999 }
    guard let next else { notice = "learning rate is at its \(direction > 0 ? "maximum" : "minimum")"; return }
    session.learningRate = next
    session.rebuild(losses: losses, fresh: true)
    notice = "learning rate \(NumberText.tidy(next, decimals: 6)); training restarted"
}

private func moveStop(_ session: inout TrainingSession, direction: Int, notice: inout String?) {
    let step = TrainingSession.stopStep
    let reached = session.runs.map(\.epoch).max() ?? 0
    let current = session.stopEpoch ?? 0
    var next = direction > 0 ? (current / step + 1) * step : ((current - 1) / step) * step
    if direction > 0 && next <= reached { next = (reached / step + 1) * step }
    session.stopEpoch = next > 0 ? next : nil
    notice = session.stopEpoch.map { "training stops at epoch \($0)" } ?? "no stop epoch: training runs on"
}
