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
        // Each run in turn, then the two-class figure, then the first run again.
        let count = state.training?.runs.count ?? 0
        if state.sphereFigure == .two {
            (state.sphereFigure, state.sphereRunIndex) = (.run, 0)
        } else if state.sphereRunIndex + 1 < count {
            state.sphereRunIndex += 1
        } else {
            (state.sphereFigure, state.sphereRunIndex) = (.two, 0)
        }
        if state.sphereFigure == .two {
            state.notice = "the two-class figure of the current loss"
        } else if let place = state.sphereRunPlace, let run = state.sphereRun {
            state.notice = "run \(place.index) of \(place.count): " + run.configuration.name
        } else {
            state.notice = "the 3-D training run"
        }
    default: break
    }
}

/// `r` in view 7: the sphere turned back to its starting view, and nothing else reset: the loss, the figure shown
/// and a training run being followed (and trained) stay as they are, which is what turning a picture back means;
/// `r` in another view resets the rest.
func resetSphere(_ state: inout AppState) {
    state.sphere = SphereCamera()
    state.sphereGrab = nil
    state.notice = "the sphere turned back to yaw " + NumberText.tidy(state.sphere.yaw) + "°, pitch "
        + NumberText.tidy(state.sphere.pitch) + "° (only the turn)"
}

/// Where the left button went down on the sphere, and the camera then.
struct SphereGrab: Sendable, Hashable {
    var x, y: Int
    var camera: SphereCamera
}

/// The left button down on the sphere: noted, so that letting it go turns the sphere (see `release`); the right
/// button, and a press off the sphere, say what the mouse does here.
func clickSphere(_ state: inout AppState, x: Int, y: Int, button: Int) {
    guard button == 1, sphereDirection(state, x: x, y: y) != nil else {
        state.sphereGrab = nil
        state.notice = "click a point of the sphere to turn it to the front, or drag the sphere to turn it"
        return
    }
    state.sphereGrab = SphereGrab(x: x, y: y, camera: state.sphere)
}

/// The left button let go: where it went down on the sphere, a drag turns the sphere with the mouse (across the
/// sphere's width a half turn of yaw, across its height a half turn of pitch); let go in the same cell, it was a
/// click, and the point clicked turns to the front.
func release(_ state: inout AppState, x: Int, y: Int) {
    guard state.view == .sphere, let grab = state.sphereGrab else { return }
    state.sphereGrab = nil
    let (dx, dy) = (x - grab.x, y - grab.y)
    guard dx != 0 || dy != 0 else {
        if let direction = sphereDirection(state, x: x, y: y), let camera = SphereCamera.facing(direction) {
            state.sphere = camera.roundedToTenths
        }
        return
    }
    let radius = SphereCanvas.Placement(PlaneLayout(state: state).canvas).radius  // in dots: 2 a column, 4 a row
    state.sphere = grab.camera.turned(yaw: 180 * Double(dx * 2) / (2 * radius),
                                      pitch: -180 * Double(dy * 4) / (2 * radius)).roundedToTenths
}

/// The direction of the front hemisphere under cell (x, y), nil off the sphere.
private func sphereDirection(_ state: AppState, x: Int, y: Int) -> Vector3? {
    let layout = PlaneLayout(state: state)
    guard layout.canvas.contains(x: x, y: y) else { return nil }
    let placement = SphereCanvas.Placement(layout.canvas)
    let point = placement.point(dotX: Double(x - layout.canvas.x) * 2 + 0.5, dotY: Double(y - layout.canvas.y) * 4 + 1.5)
    return state.sphere.view.sphere(at: point)
}
