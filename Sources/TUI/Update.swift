import Foundation
import Geometry
import Training

/// The one place the state changes (the Elm architecture): a key, a click, a resize or a tick in, a new state out.
public func update(_ state: inout AppState, _ message: Message) {
    defer {
        // Invariants every message keeps: the selections point into their lists, the training view has its runs.
        state.selectedControl = min(max(state.selectedControl, 0), state.controls.count - 1)
        state.focusedPanel = min(max(state.focusedPanel, 0), state.compareKinds.count - 1)
        if let index = state.selectedSample, !state.samples.indices.contains(index) {
            state.selectedSample = state.samples.isEmpty ? nil : state.samples.count - 1
        }
        if state.view == .training { syncTraining(&state) }
    }
    switch message {
    case .resize(let width, let height):
        state.width = width
        state.height = height
    case .tick:
        if state.view == .training, state.training?.playing == true {
            state.training!.advance(steps: state.training!.speed, refreshingAll: false)
            if let run = state.training!.runs.first(where: { $0.divergence != nil }) {
                state.notice = "paused: " + run.divergence!
            }
        }
    case .notice(let text):
        state.notice = text
    case .click(let x, let y, let button):
        // Nothing to click on under the help box or the too-small notice.
        guard !state.showsHelp, state.width >= minimumSize.width, state.height >= minimumSize.height else { return }
        state.notice = nil
        click(&state, x: x, y: y, button: button)
    case .key(let key):
        if state.showsHelp {
            state.showsHelp = false
            if key == .controlC { state.quits = true }
            return
        }
        state.notice = nil
        guard let (binding, direction) = KeyBinding.lookUp(key, in: state.view) else {
            state.notice = "\(key.label): no such key here; ? lists every key"
            return
        }
        perform(binding.command, direction: direction, on: &state)
    }
}

/// Opens the training session on first use, and restarts a single run whose loss the keys changed.
func syncTraining(_ state: inout AppState) {
    guard var session = state.training, !session.runs.isEmpty || session.snapshot != nil else {
        var session = state.training ?? TrainingSession()
        restart(&session, state)
        state.training = session
        return
    }
    if session.snapshot == nil, session.choosesData,
       session.runs.map(\.configuration.loss) != state.losses(toTrain: session) {
        restart(&session, state)
        state.training = session
    }
}

/// Builds `session`'s runs afresh, step 0, for the losses it trains.
private func restart(_ session: inout TrainingSession, _ state: AppState) {
    session.rebuild(losses: state.losses(toTrain: session))
}

/// The training keys.
private func train(_ command: Command, direction: Int, on state: inout AppState) {
    guard var session = state.training else { return }
    defer { state.training = session }
    if session.snapshot != nil {  // a loaded run is a picture: any training key leaves it for live training
        session.snapshot = nil
        restart(&session, state)
        state.notice = "left the loaded run; training live"
        return
    }
    switch command {
    case .playPause:
        if let run = session.runs.first(where: { $0.divergence != nil }) {
            state.notice = "diverged: " + run.divergence! + " — r restarts, [ lowers the learning rate"
            return
        }
        session.playing.toggle()
    case .stepOnce: session.advance(steps: 1)
    case .runEpoch: session.advanceEpoch()
    case .restartTraining: restart(&session, state)
    case .newSeed:
        session.seed = session.seed &+ 1
        restart(&session, state)
        state.notice = "seed \(session.seed)"
    case .speed:
        let index = min(max(session.speedIndex + direction, 0), TrainingSession.speeds.count - 1)
        if index == session.speedIndex { state.notice = "speed is at its \(direction > 0 ? "maximum" : "minimum")" }
        session.speedIndex = index
    case .cycleDataset:
        guard session.choosesData else { state.notice = "this preset brings its own data: p changes the preset"; return }
        let count = TrainingSession.datasets.count
        session.datasetIndex = wrapped(session.datasetIndex, direction, count: count)
        restart(&session, state)
    case .cyclePreset:
        let count = TrainingSession.presetNames.count
        session.preset = wrapped(session.preset, direction, count: count)
        session.learningRate = nil
        restart(&session, state)
    case .learningRate:
        let rates = TrainingSession.learningRates
        let current = session.learningRate ?? session.runs.first?.configuration.learningRate ?? 0.01
        let next = direction > 0 ? rates.first { $0 > current * 1.0001 } : rates.last { $0 < current * 0.9999 }
        guard let next else { state.notice = "learning rate is at its \(direction > 0 ? "maximum" : "minimum")"; return }
        session.learningRate = next
        restart(&session, state)
        state.notice = "learning rate \(format(next)); training restarted"
    case .toggleTestSamples: session.showsTest.toggle(); session.fitExtents()
    case .toggleUnitCircle: session.normalized.toggle(); session.fitExtents()
    default: break
    }
}

private func perform(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .quit: state.quits = true
    case .help: state.showsHelp = true
    case .reset:
        var fresh = AppState(width: state.width, height: state.height)
        (fresh.view, fresh.ascii, fresh.theme) = (state.view, state.ascii, state.theme)
        state = fresh
        state.notice = "reset to the defaults"
    case .show(let view):
        state.view = view
        state.selectedControl = 0
    case .cycleLoss: cycleLoss(&state, direction: direction)
    case .adjust(let control): adjust(&state, control ?? state.controls[min(state.selectedControl, state.controls.count - 1)],
                                      direction: direction)
    case .selectControl:
        let count = state.controls.count
        state.selectedControl = wrapped(state.selectedControl, direction, count: count)
    case .selectSample:
        guard !state.samples.isEmpty else { state.notice = "no samples: n or N adds one"; return }
        let count = state.samples.count
        state.selectedSample = wrapped(state.selectedSample ?? -direction, direction, count: count)
    case .rotateSample, .pushSample:
        guard let index = state.selectedSample, state.samples.indices.contains(index) else {
            state.notice = "no sample selected: Tab selects one"; return
        }
        let sample = state.samples[index]
        var (direction2, radius) = (sample.direction, sample.radius)
        if command == .rotateSample { direction2.radians += Angle(degrees: 2).radians * Double(direction) }
        else { radius = min(max(radius + 0.05 * Double(direction), 0.05), 1.1) }
        state.samples[index] = Sample(direction: direction2, radius: radius, label: sample.label)
    case .addSample:  // the key's direction carries the class
        let anchor = direction == 1 ? 0 : state.separation.degrees
        let offset = Double((state.samples.count * 37) % 61 - 30)
        state.samples.append(Sample(direction: Angle(degrees: anchor + offset), radius: 0.7, label: direction))
        state.selectedSample = state.samples.count - 1
    case .removeSample:
        guard let index = state.selectedSample, state.samples.indices.contains(index) else {
            state.notice = "no sample selected"; return
        }
        state.samples.remove(at: index)
        state.selectedSample = state.samples.isEmpty ? nil : max(index - 1, 0)
    case .toggleCosineSpace: state.cosineSpace.toggle()
    case .focusPanel:
        let count = state.compareKinds.count
        state.focusedPanel = wrapped(state.focusedPanel, direction, count: count)
        state.selectedControl = 0
    case .addPanel:
        guard state.compareKinds.count < 4 else { state.notice = "at most 4 panels"; return }
        let next = LossKind.allCases.first { !state.compareKinds.contains($0) } ?? .arcface
        state.compareKinds.append(next)
        state.focusedPanel = state.compareKinds.count - 1
    case .playPause, .stepOnce, .runEpoch, .restartTraining, .newSeed, .speed, .cycleDataset, .cyclePreset,
         .learningRate, .toggleTestSamples, .toggleUnitCircle:
        train(command, direction: direction, on: &state)
    case .removePanel:
        guard state.compareKinds.count > 2 else { state.notice = "at least 2 panels"; return }
        state.compareKinds.remove(at: state.focusedPanel)
        state.focusedPanel = min(state.focusedPanel, state.compareKinds.count - 1)
    }
}

private func cycleLoss(_ state: inout AppState, direction: Int) {
    let all = LossKind.allCases
    func step(_ kind: LossKind) -> LossKind {
        all[wrapped(all.firstIndex(of: kind)!, direction, count: all.count)]
    }
    if state.view == .compare {
        var next = step(state.compareKinds[state.focusedPanel])
        while state.compareKinds.contains(next) { next = step(next) }
        state.compareKinds[state.focusedPanel] = next
    } else {
        state.lossKind = step(state.lossKind)
    }
    state.selectedControl = 0
}

private func adjust(_ state: inout AppState, _ control: Control, direction: Int) {
    let loss = state.losses[state.activeLossKind]!
    if case .parameter(let parameter) = control, loss.range(of: parameter) == nil {
        state.notice = "\(parameter.rawValue) does not apply to \(loss.kind.displayName)"
            + (loss.parameters.isEmpty ? " (it has no parameters)" : "")
        return
    }
    let range = state.range(of: control)
    let old = state.value(of: control)
    let new = control.nudge(old, direction: direction, in: range)
    if new == old {
        let limit = direction > 0 ? "maximum" : "minimum"
        state.notice = "\(control.name) is at its \(limit), \(format(new))"
        return
    }
    state.set(control, to: new)
    if let index = state.controls.firstIndex(of: control) { state.selectedControl = index }
}

private func click(_ state: inout AppState, x: Int, y: Int, button: Int) {
    if y == 0, let view = TitleBar.view(atColumn: x, state: state) {
        perform(.show(view), direction: 0, on: &state)
        return
    }
    switch state.view {
    case .plane:
        let layout = PlaneLayout(state: state)
        guard layout.canvas.contains(x: x, y: y) else { return }
        let (dotX, dotY) = (Double(x - layout.canvas.x) * 2 + 0.5, Double(y - layout.canvas.y) * 4 + 1.5)
        if let nearest = state.samples.indices.min(by: {
            layout.distanceInCells(from: state.samples[$0], toDot: dotX, dotY) < layout.distanceInCells(
                from: state.samples[$1], toDot: dotX, dotY)
        }), layout.distanceInCells(from: state.samples[nearest], toDot: dotX, dotY) < 1.6 {
            state.selectedSample = nearest
            return
        }
        let point = layout.viewport.world(dotX: dotX, dotY: dotY)
        guard (point.x * point.x + point.y * point.y).squareRoot() > 0.02 else { return }
        state.samples.append(Sample(x: point.x, y: point.y, label: button == 3 ? 2 : 1))
        state.selectedSample = state.samples.count - 1
    case .compare:
        if let panel = CompareLayout(state: state).panels.firstIndex(where: { $0.contains(x: x, y: y) }) {
            state.focusedPanel = panel
            state.selectedControl = 0
        }
    default:
        break
    }
}

/// `index + step` wrapped into 0..<count.
func wrapped(_ index: Int, _ step: Int, count: Int) -> Int { ((index + step) % count + count) % count }

/// A number for the screen: whole numbers without decimals, others with up to four.
func format(_ value: Double) -> String {
    let rounded = (value * 10_000).rounded() / 10_000
    return formatted(rounded)
}

extension Rect {
    /// True when cell (x, y) lies inside.
    public func contains(x: Int, y: Int) -> Bool {
        x >= self.x && y >= self.y && x < self.x + width && y < self.y + height
    }
}
