import Figures
import Foundation
import Geometry
import Training

/// What view 7 shows: which figure (the two-class caps or a trained 3-D run), read from the state once a frame.
public enum SphereFigure: String, CaseIterable, Sendable, Hashable {
    /// A 3-D training run when there is one (a session trained with `z` in view 5, or a loaded 3-D run), else the
    /// two-class figure.
    case run
    /// The two-class figure of the explorer's loss, angle and norm ratio (SphereFace's figure), always.
    case two
}

/// The unit sphere's contents for one frame: class weights and the loss (their caps), sample directions, names.
struct SphereScene {
    /// The caps of the weights under the loss.
    let caps: SphereCaps
    /// The name written at each weight's tip.
    let names: [String]
    /// Sample directions (unit length, or zero for a feature without one), class index and whether a test sample.
    let samples: [(direction: Vector3, label: Int, test: Bool)]
    /// True for a trained run (K classes in the palette of the training view), false for the two-class figure.
    let isRun: Bool
    /// The run drawn, for the panel's numbers.
    let run: Trainer?

    /// The two-class figure: W1 and W2 symmetric about +z in the x-z plane, `separation` apart, their lengths in
    /// the ratio the loss sees (`AppState.weights(for:)`); the plane view's samples on the great circle through
    /// W1 and W2 at their angles from W1.
    init(twoClass state: AppState) {
        let plane = state.weights(for: state.lossKind)
        let half = state.separation.radians / 2
        let lengths = [hypot(plane[0, 0], plane[0, 1]), hypot(plane[1, 0], plane[1, 1])]
        let w1 = lengths[0] * Vector3(x: -sin(half), y: 0, z: cos(half))
        let w2 = lengths[1] * Vector3(x: sin(half), y: 0, z: cos(half))
        caps = SphereCaps(loss: state.loss, weights: [w1, w2])
        names = ["W1", "W2"]
        samples = state.samples.compactMap { sample in
            // The in-plane angle from W1 (towards W2 positive), as the plane view draws it.
            let along = atan2(sample.y, sample.x)
            let unitW1 = Vector3(x: -sin(half), y: 0, z: cos(half)), towards = Vector3(x: cos(half), y: 0, z: sin(half))
            let point = cos(along) * unitW1 + sin(along) * towards
            return (point, sample.label - 1, false)
        }
        isRun = false
        run = nil
    }

    /// A 3-D run as of its last refresh, the samples `figure` asks for, its loss as used at its current step.
    init(run: Trainer, figure: TrainingFigure) {
        let weights = Self.vectors(run.classWeights)
        caps = SphereCaps(loss: run.configuration.loss(atIteration: max(run.iteration, 1)), weights: weights)
        names = run.dataset.classNames.map { escaped($0, limit: 6) }
        var samples: [(direction: Vector3, label: Int, test: Bool)] = []
        if figure.samples != .test {
            samples += zip(Self.vectors(run.trainFeatures), run.trainLabels).map { ($0, $1, false) }
        }
        if figure.samples != .train {
            samples += zip(Self.vectors(run.testFeatures), run.testLabels).map { ($0, $1, true) }
        }
        self.samples = samples
        isRun = true
        self.run = run
    }

    /// A saved 3-D run that cannot continue (saved as JSON): its weights and training features.
    init(saved: SavedRun) {
        caps = SphereCaps(loss: saved.loss, weights: Self.vectors(saved.weights))
        names = (0..<saved.weights.rows).map(String.init)
        samples = zip(Self.vectors(saved.features), saved.labels).map { ($0, $1, false) }
        isRun = true
        run = nil
    }

    /// The rows of a K x 3 matrix as vectors.
    static func vectors(_ matrix: Matrix) -> [Vector3] {
        guard matrix.columns == 3 else { return [] }
        return (0..<matrix.rows).map { Vector3(x: matrix[$0, 0], y: matrix[$0, 1], z: matrix[$0, 2]) }
    }

    /// The scene of `state`: its 3-D run where the figure asks for one and there is one, else the two-class figure.
    init(_ state: AppState) {
        if let run = state.sphereRun {
            self.init(run: run, figure: state.training?.figure ?? TrainingFigure())
        } else if let saved = state.sphereSavedRun {
            self.init(saved: saved)
        } else {
            self.init(twoClass: state)
        }
    }

    /// The two closest class weights by angle (first < second), nil with fewer than two classes.
    var closestPair: (first: Int, second: Int)? {
        let weights = caps.weights
        guard weights.count >= 2 else { return nil }
        var best: (Int, Int, Double)?
        for i in weights.indices {
            for j in weights.indices where j > i {
                let angle = weights[i].angle(to: weights[j]).radians
                if best == nil || angle < best!.2 { best = (i, j, angle) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }
}

extension AppState {
    /// True when view 7 follows the training session: the figure is `.run` and the session trains 3-D features
    /// (or holds a loaded 3-D run). Then training plays here as in view 5, and the state string holds the session.
    public var sphereFollowsTraining: Bool {
        guard sphereFigure == .run, let session = training else { return false }
        return session.featureDimension == 3
    }

    /// True in the views where the training session is shown and trains: view 5, and view 7 following it.
    public var showsTraining: Bool { view == .training || (view == .sphere && sphereFollowsTraining) }

    /// True where the state string holds the training session and opening it trains the runs: view 5, and view 7
    /// with a 3-D session (even while it shows the two-class figure, so `o` finds the run where it was).
    var holdsTraining: Bool { view == .training || (view == .sphere && training?.featureDimension == 3) }

    /// The 3-D run view 7 draws (the one `sphereRunIndex` picks, the last when there are fewer), nil for the
    /// two-class figure.
    var sphereRun: Trainer? {
        guard sphereFollowsTraining, let runs = training?.runs, !runs.isEmpty else { return nil }
        let run = runs[min(max(sphereRunIndex, 0), runs.count - 1)]
        return run.trainFeatures.columns == 3 ? run : nil
    }

    /// Where the drawn run stands among the session's runs: its place from 1 and their number, nil for one run.
    var sphereRunPlace: (index: Int, count: Int)? {
        guard let runs = training?.runs, runs.count > 1, sphereRun != nil else { return nil }
        return (min(max(sphereRunIndex, 0), runs.count - 1) + 1, runs.count)
    }

    /// A loaded 3-D run that cannot train (saved as JSON), drawn from its file.
    var sphereSavedRun: SavedRun? {
        guard sphereFollowsTraining, let session = training, session.runs.isEmpty,
              case .loaded(let loaded) = session.subject, loaded.run.weights.columns == 3 else { return nil }
        return loaded.run
    }
}
