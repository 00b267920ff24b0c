import Foundation
import Geometry
import Training

/// The one place the state changes (the Elm architecture): a key, a click, a resize or a tick in, a new state out.
/// Nothing here reads a file or the clock: the data sets a run needs are made from its recipe in memory.
public func update(_ state: inout AppState, _ message: Message) {
    defer { keepInvariants(&state) }
    switch message {
    case .resize(let width, let height):
        state.width = width
        state.height = height
    case .tick:
        tick(&state)
    case .notice(let text):
        state.notice = text
    case .click(let x, let y, let button):
        // Nothing to click on under the help box or the too-small notice.
        guard !state.showsHelp, state.width >= minimumSize.width, state.height >= minimumSize.height else { return }
        state.notice = nil
        click(&state, x: x, y: y, button: button)
    case .release(let x, let y):
        release(&state, x: x, y: y)
    case .key(let key):
        press(key, on: &state)
    }
}

/// A key: with the help shown, `?` turns to its next page or closes it after the last, Esc closes it, and any
/// other key closes it and acts as well (so `q` quits at once); otherwise the key table says what it does here.
private func press(_ key: Key, on state: inout AppState) {
    if let page = state.helpPage {
        state.helpPage = nil
        if key == .character("?") {
            if page + 1 < HelpOverlay.pages(state).count { state.helpPage = page + 1 }
            return
        }
        if key == .escape { return }
    }
    state.notice = nil
    guard let (binding, direction) = KeyBinding.lookUp(key, in: state.view) else {
        state.notice = "\(key.label): no such key here; ? lists every key"
        return
    }
    perform(binding.command, direction: direction, on: &state)
}

/// What every message keeps: the selections point into their lists, the training view has its runs.
private func keepInvariants(_ state: inout AppState) {
    state.selectedControl = min(max(state.selectedControl, 0), state.controls.count - 1)
    state.focusedPanel = min(max(state.focusedPanel, 0), state.compareKinds.count - 1)
    if let index = state.selectedSample, !state.samples.indices.contains(index) {
        state.selectedSample = state.samples.isEmpty ? nil : state.samples.count - 1
    }
    if state.showsTraining { syncTraining(&state) }
    if var model = state.model, model.current.loss != state.loss {  // the margin test only: the angles stay
        state.model = nil
        model.follow(state.loss)
        state.model = model
    }
}

/// Time passed: playing training advances one frame's steps, and says when it pauses by itself.
private func tick(_ state: inout AppState) {
    guard state.showsTraining, var session = state.training, session.playing else { return }
    session.advance(steps: session.speed, refreshingAll: false)
    if let run = session.runs.first(where: { $0.divergence != nil }), let divergence = run.divergence {
        state.notice = "paused: " + divergence
    } else if session.isFinished, let stop = session.stopEpoch {
        state.notice = "finished at epoch \(stop): } trains on, { stops earlier"
    }
    state.training = session
}

/// `index + step` wrapped into 0..<count.
func wrapped(_ index: Int, _ step: Int, count: Int) -> Int { ((index + step) % count + count) % count }
