/// What a key does. Commands that go two ways take the direction carried by the key (+1 or -1).
public enum Command: Sendable, Hashable {
    case quit, help, reset, suspend, saveFigure
    case show(ViewKind)
    case cycleLoss
    case adjust(Control?)  // nil: the control selected in the side panel
    case selectControl
    case selectSample, rotateSample, pushSample, addSample, removeSample
    case toggleCosineSpace
    case pinCurve, zoomTheta, zoomLogit, cycleComparePicture, cycleFigurePreset
    case focusPanel, addPanel, removePanel
    case playPause, stepOnce, runEpoch, restartTraining, newSeed, speed, cycleDataset, cyclePreset, learningRate
    case stopEpoch, finishTraining, cycleSamples, toggleFigureStyle, toggleUnitCircle, toggleDimension
    case turnSphere, tiltSphere, toggleSphereFigure
}

/// One row of the key table: the keys (each with its direction), what they do, where they work.
public struct KeyBinding: Sendable, Hashable {
    /// The keys, each with the direction it passes to the command.
    public var keys: [(key: Key, direction: Int)]
    /// The command.
    public var command: Command
    /// One line for the help screen.
    public var summary: String
    /// A word or two for the status line, or nil to keep it off the status line.
    public var hint: String?
    /// The views where the binding acts; empty means every view.
    public var views: [ViewKind]

    /// The keys as the help screen writes them: `m/M`.
    public var keyLabel: String { keys.map(\.key.label).joined(separator: "/") }

    /// True when the binding acts in `view`.
    public func applies(in view: ViewKind) -> Bool { views.isEmpty || views.contains(view) }

    public static func == (a: KeyBinding, b: KeyBinding) -> Bool {
        a.keyLabel == b.keyLabel && a.command == b.command && a.summary == b.summary
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(keyLabel); hasher.combine(command) }
}

private func binding(_ command: Command, _ summary: String, _ keys: [(Key, Int)], hint: String? = nil,
                     views: [ViewKind] = []) -> KeyBinding {
    KeyBinding(keys: keys.map { (key: $0.0, direction: $0.1) }, command: command, summary: summary, hint: hint,
               views: views)
}

private func char(_ scalar: Unicode.Scalar) -> Key { .character(scalar) }

extension ViewKind {
    /// The digit key of the view: its tab's number, its place in `allCases` counted from 1.
    var digitKey: Key { .character(Unicode.Scalar(UInt8(ascii: "1") + UInt8(ViewKind.allCases.firstIndex(of: self)!))) }
}

/// The views that draw the two-class picture, where the angle, the ratio and the side panel's controls act.
private let twoClass: [ViewKind] = ViewKind.allCases.filter(\.isTwoClass)
/// The views with the loss's controls in a side panel: the two-class views and the Model view.
private let withControls: [ViewKind] = twoClass + [.model]

/// The views where ^S saves the figure: those with a vector figure.
private let figureViews: [ViewKind] = ViewFigure.views

/// The two-class views with a side panel of controls (the sphere's arrow keys turn it instead).
private let panelViews = twoClass.filter { $0 != .sphere }

/// The one key table: `update` dispatches through it, the help overlay lists it, the status line hints from it.
/// ^Z is in it too: `update` turns it into a request (`AppState.suspendRequested`) that the backend carries out.
public let keyTable: [KeyBinding] = [
    binding(.quit, "quit", [(char("q"), 0), (.escape, 0), (.controlC, 0)], hint: "quit"),
    binding(.help, "show or hide this help", [(char("?"), 0)], hint: "help"),
    binding(.suspend, "suspend to the shell (fg resumes)", [(.controlZ, 0)]),
    binding(.show(.plane), "plane view: " + ViewKind.plane.summary, [(char("1"), 0)]),
    binding(.show(.psi), "psi view: " + ViewKind.psi.summary, [(char("2"), 0)]),
    binding(.show(.angles), "angle view: " + ViewKind.angles.summary, [(char("3"), 0)]),
    binding(.show(.compare), "compare view: " + ViewKind.compare.summary, [(char("4"), 0)]),
    binding(.show(.training), "training view: " + ViewKind.training.summary, [(char("5"), 0)], hint: "views"),
    binding(.show(.model), "model view: " + ViewKind.model.summary, [(char("6"), 0)]),
    binding(.cycleFigurePreset, "next / previous figure preset (the papers' figures)", [(char("i"), 1), (char("I"), -1)],
            views: twoClass + [.training]),
    binding(.saveFigure, "save the view as SVG (a new file)", [(.controlS, 0)],
            hint: "svg", views: figureViews),
    binding(.show(.sphere), "sphere view: " + ViewKind.sphere.summary, [(ViewKind.sphere.digitKey, 0)]),
    binding(.cycleLoss, "next / previous loss type", [(char("t"), 1), (char("T"), -1)], hint: "loss"),
    binding(.adjust(.parameter(.m)), "margin m down / up", [(char("m"), -1), (char("M"), 1)], hint: "m"),
    binding(.adjust(.parameter(.s)), "scale s down / up", [(char("s"), -1), (char("S"), 1)], hint: "s"),
    binding(.adjust(.parameter(.lambda)), "lambda λ down / up", [(char("l"), -1), (char("L"), 1)]),
    binding(.adjust(.separation), "angle between W1 and W2 down / up", [(char("a"), -1), (char("A"), 1)], hint: "angle",
            views: twoClass),
    binding(.adjust(.normRatio), "norm ratio ‖W1‖/‖W2‖ down / up", [(char("w"), -1), (char("W"), 1)], hint: "ratio",
            views: twoClass),
    binding(.selectControl, "select a parameter in the side panel", [(.up, -1), (.down, 1)],
            views: panelViews + [.model]),
    binding(.adjust(nil), "change the selected parameter", [(.left, -1), (.right, 1)], hint: "adjust",
            views: panelViews + [.model]),
    binding(.turnSphere, "turn the sphere left / right (15°), or drag it", [(.left, -1), (.right, 1)], hint: "turn",
            views: [.sphere]),
    binding(.tiltSphere, "tilt the sphere down / up (15°)", [(.down, -1), (.up, 1)], views: [.sphere]),
    binding(.toggleSphereFigure, "the next 3-D training run, then the two-class figure", [(char("o"), 0)], hint: "figure",
            views: [.sphere]),
    binding(.selectSample, "select the next / previous sample", [(.tab, 1), (.backTab, -1)], hint: "sample",
            views: [.plane]),
    binding(.rotateSample, "turn the selected sample (2°)", [(char("["), 1), (char("]"), -1), (.shiftLeft, 1),
                                                              (.shiftRight, -1)], views: [.plane]),
    binding(.pushSample, "move the selected sample out / in (its length ‖x‖)", [(char("}"), 1), (char("{"), -1), (.shiftUp, 1),
                                                                (.shiftDown, -1)], views: [.plane]),
    binding(.addSample, "add a class-1 / class-2 sample (or click)", [(char("n"), 1), (char("N"), 2)],
            views: [.plane]),
    binding(.removeSample, "remove the selected sample", [(char("x"), 0), (.delete, 0), (.backspace, 0)],
            views: [.plane]),
    binding(.toggleCosineSpace, "switch between (θ1, θ2) and cosine space", [(char("c"), 0)], hint: "cos space",
            views: [.angles]),
    binding(.pinCurve, "pin the current curve / remove the last pin", [(char("p"), 1), (char("x"), -1), (.delete, -1),
                                                                        (.backspace, -1)], hint: "pin", views: [.psi]),
    binding(.zoomTheta, "θ range: zoom in / out, move left / right", [(char("z"), 1), (char("Z"), -1), (char("["), -2),
                                                                      (char("]"), 2)], hint: "zoom θ", views: [.psi]),
    binding(.zoomLogit, "zoom the logit range in / out", [(char("y"), 1), (char("Y"), -1)], views: [.psi]),
    binding(.cycleComparePicture, "panels: the plane, the (θ1, θ2) margins, the cosine margins", [(char("c"), 0)],
            hint: "margins", views: [.compare]),
    binding(.focusPanel, "focus the next / previous panel", [(.tab, 1), (.backTab, -1)], hint: "panel",
            views: [.compare]),
    binding(.addPanel, "add a panel (up to 4)", [(char("+"), 0), (char("="), 0)], hint: "add", views: [.compare]),
    binding(.removePanel, "remove the focused panel (down to 2)", [(char("-"), 0)], views: [.compare]),
    binding(.playPause, "play or pause training", [(char(" "), 0)], hint: "play", views: [.training, .sphere]),
    binding(.stepOnce, "one training step (a minibatch)", [(char("."), 0)], hint: "step", views: [.training, .sphere]),
    binding(.runEpoch, "train to the end of the epoch", [(char("e"), 0)], hint: "epoch", views: [.training]),
    binding(.finishTraining, "train to the stop epoch now", [(char("f"), 0)], views: [.training]),
    binding(.stopEpoch, "stop epoch 10 earlier / later (0: no stop)", [(char("{"), -1), (char("}"), 1)],
            views: [.training]),
    binding(.restartTraining, "restart training with the same seed", [(char("r"), 0)], hint: "restart",
            views: [.training]),
    binding(.newSeed, "restart training with a new seed", [(char("R"), 0)], views: [.training]),
    binding(.speed, "train faster / slower (steps per frame)", [(char(">"), 1), (char("<"), -1)], hint: "speed",
            views: [.training]),
    binding(.cycleDataset, "next / previous data set", [(char("d"), 1), (char("D"), -1)], hint: "data",
            views: [.training]),
    binding(.cyclePreset, "what trains: single run, compare view's losses, presets", [(char("p"), 1), (char("P"), -1)],
            hint: "preset", views: [.training]),
    binding(.learningRate, "learning rate down / up", [(char("["), -1), (char("]"), 1)], views: [.training]),
    binding(.cycleSamples, "samples: training, test, or both", [(char("v"), 0)], views: [.training]),
    binding(.toggleFigureStyle, "samples as dots on sectors, or as shapes", [(char("g"), 0)], views: [.training]),
    binding(.toggleUnitCircle, "normalised picture: features on the unit circle", [(char("u"), 0)],
            views: [.training]),
    binding(.toggleDimension, "2-D or 3-D features (restarts the run)", [(char("z"), 0)],
            views: [.training]),
    binding(.reset, "reset to the defaults (the sphere view: only its turn)", [(char("r"), 0)], views: withControls),
]

extension KeyBinding {
    /// The binding that acts on `key` in `view`, with the key's direction.
    static func lookUp(_ key: Key, in view: ViewKind) -> (KeyBinding, Int)? {
        for binding in keyTable where binding.applies(in: view) {
            if let match = binding.keys.first(where: { $0.key == key }) { return (binding, match.direction) }
        }
        return nil
    }
}
