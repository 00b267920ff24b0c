import Foundation
import Geometry

/// The explorer's views, switched with the number keys.
public enum ViewKind: String, CaseIterable, Sendable, Hashable {
    case plane, psi, angles, compare, training

    /// The tab title.
    public var title: String {
        switch self {
        case .plane: "Plane"
        case .psi: "ψ(θ)"
        case .angles: "Angles"
        case .compare: "Compare"
        case .training: "Train"
        }
    }
}

/// A labelled sample in the two-class picture, in world units (the longer weight vector has length 1).
public struct Sample: Sendable, Hashable {
    /// Position.
    public var x, y: Double
    /// Its class: 1 or 2.
    public var label: Int

    /// A sample at (x, y) of class `label`.
    public init(x: Double, y: Double, label: Int) { self.x = x; self.y = y; self.label = label }

    /// A sample at `radius` in direction `direction` (from W1 towards W2).
    public init(direction: Angle, radius: Double, label: Int) {
        self.init(x: radius * cos(direction.radians), y: radius * sin(direction.radians), label: label)
    }

    /// Its direction, measured from W1 towards W2.
    public var direction: Angle { Angle(radians: atan2(y, x)) }
    /// Its distance from the origin.
    public var radius: Double { (x * x + y * y).squareRoot() }
}

/// Everything on screen follows from this value: `render(state, into:)` draws it, `update(&state, message)` changes it.
public struct AppState: Sendable {
    /// The view shown.
    public var view: ViewKind = .plane
    /// The loss of the plane, psi and angle views.
    public var lossKind: LossKind = .arcface
    /// Each loss keeps its own parameters, so cycling through losses and back loses nothing.
    public var losses: [LossKind: MarginLoss] = Dictionary(uniqueKeysWithValues: LossKind.allCases.map { ($0, MarginLoss($0)) })
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
    /// The help overlay is shown.
    public var showsHelp = false
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
    /// The training view's runs, made when the view first opens.
    public var training: TrainingSession?

    /// The default state at the given size.
    public init(width: Int = 80, height: Int = 24) {
        self.width = width; self.height = height
        samples = Self.defaultSamples(separation: separation)
    }

    /// The loss of the plane, psi and angle views.
    public var loss: MarginLoss {
        get { losses[lossKind]! }
        set { losses[newValue.kind] = newValue }
    }

    /// The loss that parameter keys act on: the focused panel's in the compare view, else `loss`.
    public var activeLossKind: LossKind {
        view == .compare ? compareKinds[min(focusedPanel, compareKinds.count - 1)] : lossKind
    }

    /// The two-class picture of `kind` with the current angle and norm ratio.
    public func geometry(of kind: LossKind) -> TwoClassGeometry {
        TwoClassGeometry(loss: losses[kind]!, separation: separation, normRatio: normRatio)
    }

    /// The controls listed in the side panel: the active loss's parameters, then angle and ratio.
    public var controls: [Control] {
        losses[activeLossKind]!.parameters.map(Control.parameter) + [.separation, .normRatio]
    }

    /// The valid range of a control under the active loss.
    public func range(of control: Control) -> ParameterRange {
        switch control {
        case .parameter(let parameter): losses[activeLossKind]!.range(of: parameter)!
        case .separation: TwoClassGeometry.separationRange
        case .normRatio: TwoClassGeometry.normRatioRange
        }
    }

    /// The value of a control.
    public func value(of control: Control) -> Double {
        switch control {
        case .parameter(let parameter): losses[activeLossKind]![parameter]
        case .separation: separation.degrees
        case .normRatio: normRatio
        }
    }

    /// Sets a control (the caller clamps).
    public mutating func set(_ control: Control, to value: Double) {
        switch control {
        case .parameter(let parameter): losses[activeLossKind]![parameter] = value
        case .separation: separation = Angle(degrees: value)
        case .normRatio: normRatio = value
        }
    }

    /// The class weights of the picture, scaled so the longer one has length 1: W1 at angle 0, W2 at theta12.
    public var weights: Matrix {
        let longest = max(normRatio, 1)
        return Matrix([[normRatio / longest, 0],
                       [cos(separation.radians) / longest, sin(separation.radians) / longest]])
    }

    /// Three samples of each class around its weight vector.
    public static func defaultSamples(separation: Angle) -> [Sample] {
        let class1 = [(12.0, 0.9), (-20, 0.7), (34, 0.8)].map {
            Sample(direction: Angle(degrees: $0.0), radius: $0.1, label: 1)
        }
        let class2 = [(-12.0, 0.85), (20, 0.75), (-34, 0.65)].map {
            Sample(direction: Angle(degrees: separation.degrees + $0.0), radius: $0.1, label: 2)
        }
        return zip(class1, class2).flatMap { [$0, $1] }
    }
}
