/// The margin-based softmax losses this project implements, named as on the command line.
public enum LossKind: String, CaseIterable, Sendable, Hashable {
    case softmax, normface, lsoftmax, sphereface, cosface, arcface, combined
    /// The losses of issue 10, each evaluated by its `LogitRule` (`MarginLoss.rule`).
    case adacos, subcenterArcface = "subcenter_arcface", curricularface, magface, adaface
    case elasticArcface = "elastic_arcface", elasticCosface = "elastic_cosface", circle

    /// Looks a loss up by its command-line name or one of its aliases (`asoftmax`, `amsoftmax`, ...), ignoring case.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if let kind = LossKind.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "_", with: "") == key }) {
            self = kind
            return
        }
        switch key {
        case "asoftmax": self = .sphereface
        case "amsoftmax", "lmcl": self = .cosface
        case "normalizedsoftmax", "normalisedsoftmax": self = .normface
        case "largemarginsoftmax": self = .lsoftmax
        case "circleloss": self = .circle
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
        case .adacos: "AdaCos"
        case .subcenterArcface: "Sub-center ArcFace"
        case .curricularface: "CurricularFace"
        case .magface: "MagFace"
        case .adaface: "AdaFace"
        case .elasticArcface: "ElasticFace-Arc"
        case .elasticCosface: "ElasticFace-Cos"
        case .circle: "Circle"
        }
    }

    /// The seven losses of the papers, which `MarginLoss.evaluate` computes itself.
    public static let paperKinds: [LossKind] = [.softmax, .normface, .lsoftmax, .sphereface, .cosface, .arcface, .combined]

    /// The losses of issue 10, which their `LogitRule` (`MarginLoss.rule`) evaluates.
    public static let ruleKinds: [LossKind] = allCases.filter { !paperKinds.contains($0) }

    /// Every accepted spelling, for messages: `softmax, normface, ..., asoftmax, amsoftmax`.
    public static let acceptedNames = allCases.map(\.rawValue) + ["asoftmax", "amsoftmax"]
}
