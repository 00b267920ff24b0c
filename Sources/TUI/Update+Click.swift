import Geometry

/// A click: a tab switches the view; on the plane it selects the nearest sample or adds one (left button class 1,
/// right class 2); on the compare view it focuses the panel.
func click(_ state: inout AppState, x: Int, y: Int, button: Int) {
    if y == 0, let view = TitleBar.view(atColumn: x, state: state) {
        perform(.show(view), direction: 0, on: &state)
        return
    }
    switch state.view {
    case .plane: clickPlane(&state, x: x, y: y, button: button)
    case .sphere: clickSphere(&state, x: x, y: y, button: button)
    case .compare:
        if let panel = CompareLayout(state: state).panels.firstIndex(where: { $0.contains(x: x, y: y) }) {
            state.focusedPanel = panel
            state.selectedControl = 0
        }
    default: break
    }
}

private func clickPlane(_ state: inout AppState, x: Int, y: Int, button: Int) {
    let layout = PlaneLayout(state: state)
    guard layout.canvas.contains(x: x, y: y) else { return }
    let (dotX, dotY) = (Double(x - layout.canvas.x) * 2 + 0.5, Double(y - layout.canvas.y) * 4 + 1.5)
    let distances = state.samples.map { layout.distanceInCells(from: $0, toDot: dotX, dotY) }
    if let nearest = distances.indices.min(by: { distances[$0] < distances[$1] }), distances[nearest] < 1.6 {
        state.selectedSample = nearest
        return
    }
    let point = layout.viewport.world(dotX: dotX, dotY: dotY)
    guard (point.x * point.x + point.y * point.y).squareRoot() > 0.02 else { return }
    state.samples.append(Sample(x: point.x, y: point.y, label: button == 3 ? 2 : 1))
    state.selectedSample = state.samples.count - 1
}
