import Foundation
import Geometry

/// Carries out a command of the key table.
func perform(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .quit: state.quits = true
    case .help: state.showsHelp = true
    case .suspend: state.suspendRequested = true
    case .reset: reset(&state)
    case .show(let view):
        state.view = view
        state.selectedControl = 0
    case .cycleLoss: cycleLoss(&state, direction: direction)
    case .adjust(let control):
        adjust(&state, control ?? state.controls[min(state.selectedControl, state.controls.count - 1)],
               direction: direction)
    case .selectControl:
        state.selectedControl = wrapped(state.selectedControl, direction, count: state.controls.count)
    case .selectSample, .rotateSample, .pushSample, .addSample, .removeSample:
        editSamples(command, direction: direction, on: &state)
    case .toggleCosineSpace: state.cosineSpace.toggle()
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
        state.compareKinds.append(next)
        state.focusedPanel = state.compareKinds.count - 1
    case .removePanel:
        guard state.compareKinds.count > 2 else { state.notice = "at least 2 panels"; return }
        state.compareKinds.remove(at: state.focusedPanel)
        state.focusedPanel = min(state.focusedPanel, state.compareKinds.count - 1)
    default: break
    }
}
