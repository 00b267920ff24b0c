/// The margin-based softmax losses this project implements, named as on the command line.
public enum LossKind: String, CaseIterable, Sendable, Hashable {
    case softmax, normface, lsoftmax, sphereface, cosface, arcface, combined

    /// Looks a loss up by its command-line name or one of its aliases (`asoftmax`, `amsoftmax`, ...), ignoring case.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if let kind = LossKind(rawValue: key) { self = kind; return }
        switch key {
        case "asoftmax": self = .sphereface
        case "amsoftmax", "lmcl": self = .cosface
        case "normalizedsoftmax", "normalisedsoftmax": self = .normface
        case "largemarginsoftmax": self = .lsoftmax
        default: return nil
        }
    }

    /// The name a reader knows from the papers.
    public var displayName: String {
        switch self {
        case .softmax: "Softmax"
        case .normface: "NormFace"
        case .lsoftmax: "L-Softmax"
        case .sphereface: "A-Softmax"
        case .cosface: "AM-Softmax"
        case .arcface: "ArcFace"
        case .combined: "Combined"
        }
    }

    /// Every accepted spelling, for messages: `softmax, normface, ..., asoftmax, amsoftmax`.
    public static let acceptedNames = allCases.map(\.rawValue) + ["asoftmax", "amsoftmax"]
}
