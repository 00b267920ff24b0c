import Figures
import Foundation
import Geometry
import Training

/// View 7: the features normalised onto the unit sphere with the classes' caps (SphereFace's two-class figure, or
/// a trained 3-D run as in AM-Softmax's figure), turned with the arrow keys; the numbers and legend on the right.
enum HypersphereView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        let scene = SphereScene(state)
        SphereCanvas.draw(scene, camera: state.sphere, theme: state.theme, in: layout.canvas, into: &buffer)
        var panel = PanelWriter(layout.panel)
        self.panel(scene, state: state, into: &buffer, writer: &panel)
    }

    static func panel(_ scene: SphereScene, state: AppState, into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        let loss = scene.caps.loss
        if let run = scene.run, let session = state.training {
            writer.line(session.subject.title, theme.title, into: &buffer)
            writer.line(loss.shortDescription, theme.dim, into: &buffer)
            if let place = state.sphereRunPlace {
                writer.line(items: [("run \(place.index) of \(place.count): ", theme.dim), (run.configuration.name, .plain)],
                            into: &buffer)
            }
            let epoch = session.stopEpoch.map { "\(run.epoch)/\($0)" } ?? "\(run.epoch)"
            writer.line(items: [("epoch \(epoch)  step \(run.iteration)", .plain),
                                (session.playing ? "  ▶ ×\(session.speed)" : session.isFinished ? "  finished" : "  ❚❚ paused",
                                 session.playing ? theme.accent : theme.dim)], into: &buffer)
            let metrics = run.metrics
            writer.line(items: [("train " + NumberText.percent(metrics.trainAccuracy), .plain),
                                ("  test " + NumberText.percent(metrics.testAccuracy), .plain)], into: &buffer)
            writer.line(items: [("spread " + degrees(metrics.meanIntraClassAngle), theme.accent),
                                ("  gap " + degrees(metrics.minimumCenterAngle), .plain)], into: &buffer)
        } else if scene.isRun {
            writer.line(state.training?.subject.title ?? "saved run", theme.title, into: &buffer)
            writer.line(loss.shortDescription, theme.dim, into: &buffer)
        } else {
            writer.line([(loss.kind.displayName, theme.title), ("  two classes", theme.dim)], into: &buffer)
            writer.line(loss.shortDescription, theme.dim, into: &buffer)
            writer.line(items: [("θ12 " + degrees(state.separation), .plain),
                                ("  ‖W1‖/‖W2‖ " + NumberText.tidy(state.normRatio), .plain)], into: &buffer)
        }
        writer.rule(into: &buffer, style: theme.dim)
        writer.line([("yaw ", theme.dim), (degrees(Angle(degrees: state.sphere.yaw)), .plain),
                     ("  pitch ", theme.dim), (degrees(Angle(degrees: state.sphere.pitch)), .plain)], into: &buffer)
        writer.line("←→↑↓ turn · click: face it", theme.dim, into: &buffer)
        if let pair = scene.closestPair {
            let names = scene.names
            let between = scene.caps.weights[pair.first].angle(to: scene.caps.weights[pair.second])
            writer.rule(into: &buffer, style: theme.dim)
            writer.line([("\(names[pair.first])·\(names[pair.second]) ", theme.dim), (degrees(between), .plain),
                         (scene.isRun ? " closest" : " apart", theme.dim)], into: &buffer)
            if let band = scene.caps.band(between: pair.first, and: pair.second) {
                writer.line([("band  ", theme.dim), (degrees(band.width), theme.accent), (" between caps", theme.dim)],
                            into: &buffer)
            } else {
                writer.wrapped("no band: a weight lies outside its own cap", theme.warning, into: &buffer)
            }
        }
        writer.rule(into: &buffer, style: theme.dim)
        writer.wrapped("bright: front, dim: back. Shaded: the cap a class wins with its margin; "
            + (theme.shadesRegions ? "grey" : "dotted") + ": the band between caps.", theme.dim, into: &buffer)
        if !scene.isRun {
            let hint = state.training?.featureDimension == 3 && state.sphereFigure == .two
                ? "o: the 3-D training run" : "z in view 5 trains 3-D features to show here"
            writer.wrapped(hint, theme.dim, into: &buffer)
        } else if let place = state.sphereRunPlace, place.index < place.count {
            writer.wrapped("o: the next run", theme.dim, into: &buffer)
        } else {
            writer.wrapped("o: the two-class figure", theme.dim, into: &buffer)
        }
    }
}
