import Geometry

/// Every loss with its own parameters, one per `LossKind`, always all of them: cycling through the losses and back
/// loses nothing, and reading a loss can never fail.
public struct LossSet: Sendable, Hashable {
    private var values: [MarginLoss]

    /// Every loss at its paper defaults.
    public init() { values = LossKind.allCases.map { MarginLoss($0) } }

    /// The loss of `kind`. Setting stores the new value as the loss of its own kind.
    public subscript(kind: LossKind) -> MarginLoss {
        get { values[Self.index(kind)] }
        set { values[Self.index(newValue.kind)] = newValue }
    }

    /// The losses whose parameters differ from the paper defaults.
    public var changed: [MarginLoss] { values.filter { $0 != MarginLoss($0.kind) } }

    private static func index(_ kind: LossKind) -> Int { LossKind.allCases.firstIndex(of: kind)! }
}
