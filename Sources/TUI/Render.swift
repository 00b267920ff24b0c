/// The smallest terminal the explorer draws in.
public let minimumSize = (width: 60, height: 18)

/// Draws the whole screen for `state`: a pure function of the state into the cell buffer (as in ratatui).
/// The buffer's size is the screen's; `state.width` and `state.height` are kept equal to it by `update`.
public func render(_ state: AppState, into buffer: inout Buffer) {
    buffer.ascii = state.ascii
    buffer.fill(Rect(x: 0, y: 0, width: buffer.width, height: buffer.height))
    var state = state
    (state.width, state.height) = (buffer.width, buffer.height)
    guard buffer.width >= minimumSize.width, buffer.height >= minimumSize.height else {
        drawTooSmall(state, into: &buffer)
        return
    }
    TitleBar.draw(state, into: &buffer)
    switch state.view {
    case .plane: PlaneView.draw(state, into: &buffer)
    case .psi: PsiView.draw(state, into: &buffer)
    case .angles: AnglesView.draw(state, into: &buffer)
    case .compare: CompareView.draw(state, into: &buffer)
    case .training: TrainingView.draw(state, into: &buffer)
    case .model: ModelView.draw(state, into: &buffer)
    case .sphere: HypersphereView.draw(state, into: &buffer)
    }
    StatusLine.draw(state, into: &buffer)
    if state.showsHelp { HelpOverlay.draw(state, into: &buffer) }
}

/// A notice in place of the picture when the terminal is below the minimum; the next resize recovers.
private func drawTooSmall(_ state: AppState, into buffer: inout Buffer) {
    let lines = ["Terminal too small: \(buffer.width)x\(buffer.height)",
                 "margin-explorer needs \(minimumSize.width)x\(minimumSize.height)",
                 "enlarge it, or press q to quit"]
    let top = max((buffer.height - lines.count) / 2, 0)
    for (index, line) in lines.enumerated() {
        buffer.write(line, x: max((buffer.width - buffer.width(of: line)) / 2, 0), y: top + index,
                     style: index == 0 ? state.theme.warning : .plain)
    }
}

/// A whole frame for `state` at its size.
public func frame(_ state: AppState) -> Buffer {
    var buffer = Buffer(width: state.width, height: state.height)
    render(state, into: &buffer)
    return buffer
}
