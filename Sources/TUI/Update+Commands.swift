import Foundation
import Geometry

/// Carries out a command of the key table.
func perform(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .quit: state.quits = true
    case .help: state.showsHelp = true
    case .suspend: state.suspendRequested = true
    case .saveFigure: state.saveRequested = true
    case .reset where state.view == .sphere: resetSphere(&state)
    case .reset: reset(&state)
    case .show(let view):
        state.view = view
        state.selectedControl = 0
    case .cycleLoss: cycleLoss(&state, direction: direction)
    case .adjust(let control):
        let controls = state.controls
        guard let control = control ?? (controls.isEmpty ? nil
                                        : controls[min(max(state.selectedControl, 0), controls.count - 1)]) else {
            state.notice = "\(state.activeLoss.kind.displayName) has no parameters: t picks another loss"
            return
        }
        adjust(&state, control, direction: direction)
    case .selectControl:
        guard !state.controls.isEmpty else {
            state.notice = "\(state.activeLoss.kind.displayName) has no parameters: t picks another loss"
            return
        }
        state.selectedControl = wrapped(state.selectedControl, direction, count: state.controls.count)
    case .selectSample, .rotateSample, .pushSample, .addSample, .removeSample:
        editSamples(command, direction: direction, on: &state)
    case .toggleCosineSpace: state.cosineSpace.toggle()
    case .cycleComparePicture:  // plane, then the (θ1, θ2) margins, then the cosine margins
        if !state.compareShowsMargins {
            (state.compareShowsMargins, state.cosineSpace) = (true, false)
        } else if !state.cosineSpace {
            state.cosineSpace = true
        } else {
            (state.compareShowsMargins, state.cosineSpace) = (false, false)
        }
    case .cycleFigurePreset: openFigurePreset(&state, direction: direction)
    case .pinCurve, .zoomTheta, .zoomLogit: editPsi(command, direction: direction, on: &state)
    case .turnSphere, .tiltSphere, .toggleSphereFigure: moveSphere(command, direction: direction, on: &state)
    case .focusPanel, .addPanel, .removePanel: editPanels(command, direction: direction, on: &state)
    case .playPause, .stepOnce, .runEpoch, .restartTraining, .newSeed, .speed, .cycleDataset, .cyclePreset,
         .learningRate, .stopEpoch, .finishTraining, .cycleSamples, .toggleFigureStyle, .toggleUnitCircle,
         .toggleDimension:
        train(command, direction: direction, on: &state)
    }
}

/// Everything back to the defaults but the view, the drawing mode and the colours.
private func reset(_ state: inout AppState) {
    var fresh = AppState(width: state.width, height: state.height)
    (fresh.view, fresh.ascii, fresh.theme) = (state.view, state.ascii, state.theme)
    fresh.model = state.model  // the files stay open; their margins follow the default loss
    state = fresh
    state.notice = "reset to the defaults"
}

private func cycleLoss(_ state: inout AppState, direction: Int) {
    if state.showsTraining, let reason = state.training?.subject.ownsItsLosses {
        state.notice = reason
        return
    }
    let all = LossKind.allCases
    func step(_ kind: LossKind) -> LossKind {
        let index = all.firstIndex(of: kind) ?? 0
        return all[wrapped(index, direction, count: all.count)]
    }
    if state.view == .compare {  // a panel may hold a loss another panel holds, with its own parameters
        state.comparePanels[state.focusedPanel] = state.losses[step(state.compareKinds[state.focusedPanel])]
    } else {
        state.lossKind = step(state.lossKind)
    }
    state.selectedControl = 0
}

private func adjust(_ state: inout AppState, _ control: Control, direction: Int) {
    if state.showsTraining, let reason = state.training?.subject.ownsItsLosses {
        state.notice = reason
        return
    }
    let loss = state.activeLoss
    guard let range = state.range(of: control) else {
        state.notice = "\(control.name) does not apply to \(loss.kind.displayName)"
            + (loss.parameters.isEmpty ? " (it has no parameters)" : "")
        return
    }
    let old = state.value(of: control)
    let new = control.nudge(old, direction: direction, in: range)
    if new == old {
        state.notice = "\(control.name) is at its \(direction > 0 ? "maximum" : "minimum"), \(NumberText.tidy(new))"
        return
    }
    state.set(control, to: new)
    if let index = state.controls.firstIndex(of: control) { state.selectedControl = index }
}

private func editSamples(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .selectSample:
        guard !state.samples.isEmpty else { state.notice = "no samples: n or N adds one"; return }
        state.selectedSample = wrapped(state.selectedSample ?? -direction, direction, count: state.samples.count)
    case .rotateSample, .pushSample:
        guard let index = state.selectedSample, state.samples.indices.contains(index) else {
            state.notice = "no sample selected: Tab selects one"
            return
        }
        let sample = state.samples[index]
        var (turned, radius) = (sample.direction, sample.radius)
        if command == .rotateSample {
            turned.radians += Angle(degrees: 2).radians * Double(direction)
        } else {
            radius = min(max(radius + 0.05 * Double(direction), 0.05), 1.1)
        }
        state.samples[index] = Sample(direction: turned, radius: radius, label: sample.label)
    case .addSample:  // the key's direction carries the class
        let anchor = direction == 1 ? 0 : state.separation.degrees
        let offset = Double((state.samples.count * 37) % 61 - 30)
        state.samples.append(Sample(direction: Angle(degrees: anchor + offset), radius: 0.7, label: direction))
        state.selectedSample = state.samples.count - 1
    case .removeSample:
        guard let index = state.selectedSample, state.samples.indices.contains(index) else {
            state.notice = "no sample selected"
            return
        }
        state.samples.remove(at: index)
        state.selectedSample = state.samples.isEmpty ? nil : max(index - 1, 0)
    default: break
    }
}

private func editPanels(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .focusPanel:
        state.focusedPanel = wrapped(state.focusedPanel, direction, count: state.compareKinds.count)
        state.selectedControl = 0
    case .addPanel:
        guard state.compareKinds.count < 4 else { state.notice = "at most 4 panels"; return }
        let next = LossKind.allCases.first { !state.compareKinds.contains($0) } ?? .arcface
        state.comparePanels.append(state.losses[next])
        state.focusedPanel = state.compareKinds.count - 1
    case .removePanel:
        guard state.compareKinds.count > 2 else { state.notice = "at least 2 panels"; return }
        state.comparePanels.remove(at: state.focusedPanel)
        state.focusedPanel = min(state.focusedPanel, state.compareKinds.count - 1)
    default: break
    }
}

/// The ψ view's pins and ranges: `p` pins the current curve, `x` removes the last pin; `z`/`Z` halve or double the
/// θ range about its middle, `[`/`]` move it by a quarter of its width, `y`/`Y` halve or double the logit range
/// (from the range the curves give, the first time), all kept inside 0°...180°.
private func editPsi(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .pinCurve where direction > 0:
        guard !state.pins.contains(state.loss) else { state.notice = "already pinned: change a parameter first"; return }
        guard state.pins.count < AppState.maximumPins else {
            state.notice = "at most \(AppState.maximumPins) pins: x removes the last"
            return
        }
        state.pins.append(state.loss)
        state.notice = "pinned \(state.loss.shortDescription): change the parameters, x removes it"
    case .pinCurve:
        guard let last = state.pins.popLast() else { state.notice = "no pins: p pins the current curve"; return }
        state.notice = "removed the pin \(last.shortDescription)"
    case .zoomTheta:  // direction ±1 zooms, ±2 moves
        let (low, high) = (state.psiTheta.lowerBound, state.psiTheta.upperBound)
        var span = high - low, middle = (low + high) / 2
        let zooms = abs(direction) == 1
        if zooms {
            span = min(max(direction > 0 ? span / 2 : span * 2, AppState.minimumThetaSpan), 180)
        } else {
            middle += Double(direction.signum()) * span / 4
        }
        let start = min(max(middle - span / 2, 0), 180 - span)
        let range = (start * 1e9).rounded() / 1e9 ... ((start + span) * 1e9).rounded() / 1e9
        if range == state.psiTheta {
            state.notice = zooms ? "θ range at its \(direction > 0 ? "narrowest" : "widest")"
                : "θ range at its \(direction > 0 ? "right" : "left") end"
        }
        state.psiTheta = range
    case .zoomLogit:
        let current = PsiView.logitRange(state)
        let (span, middle) = (current.upperBound - current.lowerBound, (current.upperBound + current.lowerBound) / 2)
        let next = min(max(direction > 0 ? span / 2 : span * 2, 0.05), 2000)
        let low = (min(max(middle - next / 2, -1000), 1000 - next) * 1e6).rounded() / 1e6
        state.psiLogit = low ... ((low + next) * 1e6).rounded() / 1e6
    default: break
    }
}

/// `i`/`I`: the next or previous figure preset, opened from its state string as `--state` would open it (the size,
/// drawing mode and colours kept), with a notice naming it.
private func openFigurePreset(_ state: inout AppState, direction: Int) {
    let all = FigurePreset.all
    let index = wrapped(state.figurePreset ?? (direction > 0 ? -1 : 0), direction, count: all.count)
    let preset = all[index]
    var fresh = AppState(width: state.width, height: state.height)
    (fresh.ascii, fresh.theme) = (state.ascii, state.theme)
    do { try StateString.apply(preset.state, to: &fresh) } catch {
        state.notice = "preset \(preset.id): " + error.message
        return
    }
    fresh.figurePreset = index
    fresh.notice = "figure \(index + 1)/\(all.count): \(preset.name) (i: next, I: previous)"
    state = fresh
}
