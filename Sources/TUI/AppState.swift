import Foundation
import Geometry
import Training

/// Everything on screen follows from this value: `render(state, into:)` draws it, `update(&state, message)` changes it.
public struct AppState: Sendable {
    /// The view shown.
    public var view: ViewKind = .plane
    /// The loss of the plane, psi and angle views.
    public var lossKind: LossKind = .arcface
    /// Each loss keeps its own parameters, so cycling through losses and back loses nothing.
    public var losses = LossSet()
    /// The angle theta12 from W1 to W2.
    public var separation = Angle(degrees: 90)
    /// ‖W1‖ / ‖W2‖.
    public var normRatio = 1.0
    /// The samples of the plane and compare views.
    public var samples: [Sample] = []
    /// Index of the selected sample.
    public var selectedSample: Int? = 0
    /// Index of the selected control in the side panel (into `controls`).
    public var selectedControl = 0
    /// The losses of the compare panels (2 to 4).
    public var compareKinds: [LossKind] = defaultCompareKinds
    /// The compare panels at start: softmax, L-Softmax and AM-Softmax.
    public static let defaultCompareKinds: [LossKind] = [.softmax, .lsoftmax, .cosface]
    /// The compare panel that loss keys act on.
    public var focusedPanel = 0
    /// The angle view draws cosine space (the CosFace figure) instead of the (theta1, theta2) plane.
    public var cosineSpace = false
    /// The page of the help overlay shown (0 first), nil while it is closed.
    public var helpPage: Int?
    /// The help overlay is shown (setting it opens the first page).
    public var showsHelp: Bool {
        get { helpPage != nil }
        set { helpPage = newValue ? 0 : nil }
    }
    /// A one-line notice for the status line (a limit reached, a bad click), cleared by the next key.
    public var notice: String?
    /// Terminal size in cells.
    public var width = 80, height = 24
    /// Draw with ASCII instead of Braille and box characters.
    public var ascii = false
    /// The colours.
    public var theme = Theme.rich
    /// Set when the user asked to quit.
    public var quits = false
    /// Set when the user asked to suspend (^Z): the backend stops the program and clears it.
    public var suspendRequested = false
    /// The training view's runs, made when the view first opens.
    public var training: TrainingSession?
    /// A saved run a state string names (`load=PATH`), for the front end to read (update never reads files).
    public var pendingLoad: String?
    /// The step a state string's `step=N` asks the training runs to reach when they are made.
    public var pendingStep: Int?
    /// How view 7 looks at the sphere (`yaw=`, `pitch=`).
    public var sphere = SphereCamera()
    /// What view 7 shows (`sphere=two` for the two-class figure while a 3-D run exists).
    public var sphereFigure = SphereFigure.run
    /// Where the left button went down on the sphere and how it was turned then, until the button is let go.
    var sphereGrab: SphereGrab?

    /// The default state at the given size.
    public init(width: Int = 80, height: Int = 24) {
        self.width = width; self.height = height
        samples = Sample.defaults(separation: separation)
    }

    /// The loss of the plane, psi and angle views.
    public var loss: MarginLoss {
        get { losses[lossKind] }
        set { losses[newValue.kind] = newValue }
    }

    /// The loss that parameter keys act on: the focused panel's in the compare view, else `loss`.
    public var activeLossKind: LossKind {
        view == .compare ? compareKinds[min(focusedPanel, compareKinds.count - 1)] : lossKind
    }

    /// The loss parameter keys act on.
    public var activeLoss: MarginLoss { losses[activeLossKind] }

    /// The two-class picture of `kind` with the current angle and norm ratio.
    public func geometry(of kind: LossKind) -> TwoClassGeometry {
        TwoClassGeometry(loss: losses[kind], separation: separation, normRatio: normRatio)
    }

    /// The controls listed in the side panel: the active loss's parameters, then angle and ratio.
    public var controls: [Control] { activeLoss.parameters.map(Control.parameter) + [.separation, .normRatio] }

    /// The valid range of a control under the active loss (a parameter the loss does not take has none).
    public func range(of control: Control) -> ParameterRange? {
        switch control {
        case .parameter(let parameter): activeLoss.range(of: parameter)
        case .separation: TwoClassGeometry.separationRange
        case .normRatio: TwoClassGeometry.normRatioRange
        }
    }

    /// The value of a control.
    public func value(of control: Control) -> Double {
        switch control {
        case .parameter(let parameter): activeLoss[parameter]
        case .separation: separation.degrees
        case .normRatio: normRatio
        }
    }

    /// Sets a control (the caller clamps).
    public mutating func set(_ control: Control, to value: Double) {
        switch control {
        case .parameter(let parameter): losses[activeLossKind][parameter] = value
        case .separation: separation = Angle(degrees: value)
        case .normRatio: normRatio = value
        }
    }

    /// The class weights of `kind`'s picture, scaled so the longer one has length 1: W1 at angle 0, W2 at theta12,
    /// their lengths in the norm ratio where the loss keeps raw weights, else both of length 1 (what the loss sees).
    public func weights(for kind: LossKind) -> Matrix {
        let ratio = losses[kind].normalization == .none ? normRatio : 1
        let longest = max(ratio, 1)
        return Matrix([[ratio / longest, 0],
                       [cos(separation.radians) / longest, sin(separation.radians) / longest]])
    }

    /// True while something animates and the loop should wake every frame: training that plays.
    public var wantsTicks: Bool { showsTraining && training?.playing == true }

    /// Makes the training runs if the training view is shown and they do not exist yet (a `--state` start), and
    /// trains them to the step a state string asked for.
    public mutating func prepareTraining() {
        guard holdsTraining else { return }
        syncTraining(&self)
        if let step = pendingStep, var session = training {
            session.advance(toStep: step)
            training = session
            pendingStep = nil
        }
    }

    /// Shows `loaded` (a saved run the front end read) in the training view, a 3-D run on the sphere (view 7): its
    /// loss becomes the explorer's, its seed the session's; a run that can continue is resumed where it was saved
    /// when the runs are made.
    public mutating func open(_ loaded: LoadedRun) {
        view = loaded.run.weights.columns == 3 ? .sphere : .training
        sphereFigure = .run
        pendingLoad = nil
        lossKind = loaded.run.loss.kind
        loss = loaded.run.loss
        var session = training ?? TrainingSession()
        session.subject = .loaded(loaded)
        if let configuration = loaded.run.training?.configuration { session.seed = configuration.seed }
        session.featureDimension = loaded.run.weights.columns
        session.clearRuns()
        training = session
    }

    /// The losses a session trains when the user chooses them: the compare view's for the compare subject, else
    /// the explorer's current loss.
    func losses(toTrain session: TrainingSession) -> [MarginLoss] {
        if case .compareLosses = session.subject { return compareKinds.map { losses[$0] } }
        return [loss]
    }
}
