import Figures
import Geometry

/// The sphere keys: turn (yaw) and tilt (pitch) by `SphereCamera.step`, and the figure shown.
func moveSphere(_ command: Command, direction: Int, on state: inout AppState) {
    switch command {
    case .turnSphere: state.sphere = state.sphere.turned(yaw: SphereCamera.step * Double(direction), pitch: 0)
    case .tiltSphere: state.sphere = state.sphere.turned(yaw: 0, pitch: SphereCamera.step * Double(direction))
    case .toggleSphereFigure:
        guard state.training?.featureDimension == 3 else {
            state.sphereFigure = .run
            state.notice = "no 3-D run to show: z in view 5 trains 3-D features"
            return
        }
        state.sphereFigure = state.sphereFigure == .run ? .two : .run
        state.notice = state.sphereFigure == .run ? "the 3-D training run" : "the two-class figure of the current loss"
    default: break
    }
}

/// A click on the sphere turns it to face the point clicked (front hemisphere).
func clickSphere(_ state: inout AppState, x: Int, y: Int) {
    let layout = PlaneLayout(state: state)
    guard layout.canvas.contains(x: x, y: y) else { return }
    let placement = SphereCanvas.Placement(layout.canvas)
    let point = placement.point(dotX: Double(x - layout.canvas.x) * 2 + 0.5, dotY: Double(y - layout.canvas.y) * 4 + 1.5)
    guard let direction = state.sphere.view.sphere(at: point), let camera = SphereCamera.facing(direction) else {
        state.notice = "click on the sphere to turn that point to the front"
        return
    }
    state.sphere = camera
}
