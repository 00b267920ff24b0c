import Geometry

extension MarginLoss {
    /// The target logit as a formula, for panels and legends.
    var formula: String {
        switch kind {
        case .softmax: "W·x"
        case .normface: "s·cos θ"
        case .lsoftmax: lambda > 0 ? "(λW·x+‖W‖‖x‖ψ(θ))/(1+λ)" : "‖W‖‖x‖·ψ(θ)"
        case .sphereface: (normalizesFeatures ? "s" : "‖x‖") + (lambda > 0 ? "·(λcos θ+ψ(θ))/(1+λ)" : "·ψ(θ)")
        case .cosface: "s·(cos θ − m)"
        case .arcface: "s·cos(θ + m)"
        case .combined: "s·(cos(m1·θ+m2) − m3)"
        case .adacos: "s·cos θ, s adaptive"
        case .subcenterArcface: "s·cos(θ* + m), θ* best sub-centre"  // no combining tilde: one scalar a cell
        case .curricularface: "s·cos(θ + m); hard c_j → c_j(t+c_j)"
        case .magface: "s·cos(θ + m(‖x‖)) + λg·g(‖x‖)"
        case .adaface: "s·(cos(θ − m·ẑ) − m − m·ẑ)"
        case .elasticArcface: "s·cos(θ + m_i), m_i ~ N(m, σ)"
        case .elasticCosface: "s·(cos θ − m_i), m_i ~ N(m, σ)"
        case .circle: "γ·[1+m−c]₊·(c − 1 + m)"
        }
    }

    /// A parameter's value with its unit, for the screen: `0.5 rad`, `0.35 cos`, `4`.
    func displayValue(_ parameter: LossParameter) -> String {
        let value = NumberText.tidy(self[parameter])
        return switch (kind, parameter) {
        case _ where isLeftToRule(parameter): "auto"
        case (.arcface, .m), (.combined, .m2): value + " rad"
        case (.cosface, .m), (.combined, .m3): value + " cos"
        default:
            range(of: parameter).map { $0.unit == "radians" ? value + " rad" : $0.unit == "cosine units" ? value + " cos" : value } ?? value
        }
    }

    /// Name and parameters in one short line: `ArcFace m=0.5 s=64`.
    var shortDescription: String {
        ([kind.displayName] + parameters.map { "\($0.rawValue)=\(NumberText.tidy(self[$0]))" }).joined(separator: " ")
    }
}

/// Degrees with one decimal and the degree sign, for the screen.
func degrees(_ angle: Angle) -> String { NumberText.degrees(angle) }
