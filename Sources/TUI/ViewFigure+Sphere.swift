import Figures
import Foundation
import Geometry

extension ViewFigure {
    /// View 7 as a vector figure: the scene the screen draws (`SphereScene`: the two-class caps, or the 3-D run it
    /// follows) seen through the state's camera (`yaw=`, `pitch=`), drawn by `SphereCapsFigure` from the caps'
    /// geometry: W1 and W2 in the class colours for the two-class figure, a run's classes in the training palette.
    static func sphere(_ state: AppState, stateText: String) -> Scene {
        let scene = SphereScene(state)
        let camera = "yaw " + NumberText.degrees(Angle(degrees: state.sphere.yaw)) + ", pitch "
            + NumberText.degrees(Angle(degrees: state.sphere.pitch))
        var heading = [scene.caps.loss.shortDescription]
        if let run = scene.run, let session = state.training {
            heading[0] = session.subject.title + ": " + heading[0] + ", step \(run.iteration)"
            if let place = state.sphereRunPlace {
                heading.append("run \(place.index) of \(place.count): " + run.configuration.name)
            }
        } else if scene.isRun {
            heading[0] = (state.training?.subject.title ?? "saved run") + ": " + heading[0]
        } else {
            heading[0] += ", θ12 = " + NumberText.tidy(state.separation.degrees) + "°" + ratioText(state)
        }
        heading.append(camera + " · bright: front, dim: back")
        let isRun = scene.isRun
        return SphereCapsFigure.scene(
            caps: scene.caps, names: scene.names,
            samples: scene.samples.map { SphereSample(direction: $0.direction, label: $0.label, isTest: $0.test) },
            view: state.sphere.view, pair: scene.closestPair,
            role: { isRun ? .palette($0) : $0 == 0 ? .class1 : .class2 },
            heading: heading, title: "Sphere: " + heading.joined(separator: ", "), state: stateText)
    }
}
