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
    /// The compare panels (2 to 4), each a loss with its own parameters: two panels may hold the same loss at
    /// different settings (CosFace m = 0.2 and m = 0.35), and the parameter keys change the focused panel's alone.
    public var comparePanels: [MarginLoss] = defaultCompareKinds.map { MarginLoss($0) }
    /// The losses of the compare panels.
    public var compareKinds: [LossKind] { comparePanels.map(\.kind) }
    /// The compare panels at start: softmax, L-Softmax and AM-Softmax.
    public static let defaultCompareKinds: [LossKind] = [.softmax, .lsoftmax, .cosface]
    /// The compare panel that loss keys act on.
    public var focusedPanel = 0
    /// The angle view draws cosine space (the CosFace figure) instead of the (theta1, theta2) plane.
    public var cosineSpace = false
    /// The compare panels draw the decision margins (the angle view's figure, in `cosineSpace` or the (θ1, θ2)
    /// plane) instead of the two-class plane: the ArcFace and CosFace papers' margins side by side.
    public var compareShowsMargins = false
    /// The figure preset last opened (an index into `FigurePreset.all`), where `i` goes on from.
    public var figurePreset: Int?
    /// Curves pinned in the ψ view (`p`), each a loss with the parameters it had, drawn with the current loss.
    public var pins: [MarginLoss] = []
    /// The most pins the ψ view holds.
    public static let maximumPins = 8
    /// The θ range of the ψ view in degrees, inside 0°...180° and at least `minimumThetaSpan` wide (`z`, `[`, `]`).
    public var psiTheta: ClosedRange<Double> = 0...180
    /// The narrowest θ range the ψ view zooms to, in degrees.
    public static let minimumThetaSpan = 5.0
    /// The target logits the ψ view shows, or nil to follow the curves (`y`).
    public var psiLogit: ClosedRange<Double>?
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
    /// Set when the user asked to save the view as SVG (^S): the backend writes it (`FigureFile.save`), clears it and
    /// shows where the file went.
    public var saveRequested = false
    /// The training view's runs, made when the view first opens.
    public var training: TrainingSession?
    /// A saved run a state string names (`load=PATH`), for the front end to read (update never reads files).
    public var pendingLoad: String?
    /// The step a state string's `step=N` asks the training runs to reach when they are made.
    public var pendingStep: Int?
    /// The Model view's model: its files, its analysis, the analysis under the current loss.
    public var model: ModelSession?
    /// The model files a state string names (`embeddings=`, `labels=`, `weights=`), for the front end to read.
    public var pendingModel: ModelFiles?
    /// How view 7 looks at the sphere (`yaw=`, `pitch=`).
    public var sphere = SphereCamera()
    /// What view 7 shows (`sphere=two` for the two-class figure while a 3-D run exists).
    public var sphereFigure = SphereFigure.run
    /// Which of several runs view 7 draws, from 0 (`run=N` in the state string counts from 1); `o` steps it.
    public var sphereRunIndex = 0
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
    public var activeLossKind: LossKind { activeLoss.kind }

    /// The loss parameter keys act on: the focused compare panel's own in the compare view, else `loss`.
    public var activeLoss: MarginLoss {
        view == .compare ? comparePanels[min(max(focusedPanel, 0), comparePanels.count - 1)] : loss
    }

    /// The two-class picture of `kind` with the current angle and norm ratio; for a loss whose margin depends on
    /// the feature length (MagFace, AdaFace), for the selected sample's length (`drawingLength(for:)`).
    public func geometry(of kind: LossKind) -> TwoClassGeometry { geometry(of: losses[kind]) }

    /// The two-class picture of `loss` (a compare panel's own) at the state's angle and ratio, drawn as `geometry(of:)`
    /// draws a kind: Sub-center ArcFace's k sub-centres per class fanned out round W1 and W2 (`SubCenterFan`, 15°
    /// apart), MagFace and AdaFace at the selected sample's length.
    public func geometry(of loss: MarginLoss) -> TwoClassGeometry {
        var drawn = loss.asDrawn
        drawn[.subCenters] = loss[.subCenters]  // every sub-centre is drawn, so the picture's loss keeps its k
        return TwoClassGeometry(loss: drawn, separation: separation, normRatio: normRatio,
                                featureLength: drawn.dependsOnLength ? drawingLength(for: loss.kind) : nil,
                                subCenters: SubCenterFan(count: loss.subCenters))
    }

    /// The feature length a plane radius of 1 (the weight circle) stands for: twice the loss's reference length
    /// for MagFace and AdaFace (MagFace's 2 · 60 = 120, past u_a; AdaFace's 2 μ), 1 for every other loss.
    public func lengthUnit(for kind: LossKind) -> Double {
        let loss = losses[kind]
        return loss.dependsOnLength ? 2 * loss.referenceLength : 1
    }

    /// The feature length the picture of `kind` is drawn for: the selected sample's radius times `lengthUnit`,
    /// or the loss's reference length when no sample is selected.
    public func drawingLength(for kind: LossKind) -> Double {
        guard let index = selectedSample, samples.indices.contains(index) else { return losses[kind].referenceLength }
        return samples[index].radius * lengthUnit(for: kind)
    }

    /// The controls listed in the side panel: the active loss's parameters, then angle and ratio (not in the Model
    /// view, which has no W1 and W2).
    public var controls: [Control] {
        activeLoss.parameters.map(Control.parameter) + (view == .model ? [] : [.separation, .normRatio])
    }

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
        case .parameter(let parameter):
            if view == .compare {
                comparePanels[min(max(focusedPanel, 0), comparePanels.count - 1)][parameter] = value
            } else {
                losses[lossKind][parameter] = value
            }
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
        (sphereFigure, sphereRunIndex) = (.run, 0)
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

    /// Shows `model` (files the front end read and analysed) in the Model view.
    public mutating func open(_ model: ModelSession) {
        view = .model
        pendingModel = nil
        var model = model
        model.follow(loss)
        self.model = model
    }

    /// The losses a session trains when the user chooses them: the compare view's for the compare subject, else
    /// the explorer's current loss.
    func losses(toTrain session: TrainingSession) -> [MarginLoss] {
        if case .compareLosses = session.subject { return comparePanels }
        return [loss]
    }
}
