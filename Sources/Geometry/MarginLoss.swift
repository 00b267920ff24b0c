/// One margin loss with all its parameters: which logit it feeds the cross-entropy is `targetLogit(cosine:)` and
/// `BatchEvaluation`. Parameters a loss does not take keep their defaults and are ignored. The losses of issue 10
/// keep their numbers here too (`ruleValues`) and are evaluated by the `LogitRule` that `rule` builds from them.
public struct MarginLoss: Sendable, Hashable {
    /// Which loss.
    public var kind: LossKind
    /// The margin: a whole number for L-Softmax and A-Softmax, radians for ArcFace, cosine units for AM-Softmax.
    public var m: Double
    /// The scale applied to cosines where features are normalised. Setting it gives it (AdaCos's s is then no longer
    /// left to the rule).
    public var s: Double { didSet { leftToRule.remove(.s) } }
    /// The blend lambda of L-Softmax and A-Softmax: target = (lambda c + psi) / (1 + lambda).
    public var lambda: Double
    /// Combined margin: multiplicative angular margin m1 in cos(m1 theta + m2) - m3.
    public var m1: Double
    /// Combined margin: additive angular margin m2 (radians).
    public var m2: Double
    /// Combined margin: additive cosine margin m3 (cosine units).
    public var m3: Double
    /// ArcFace / combined: apply the margin only where cos theta > 0 (insightface's easy_margin).
    public var easyMargin: Bool
    /// A-Softmax only: normalise features too and scale cosines by s.
    public var normalizesFeatures: Bool
    /// The numbers of issue 10's losses other than m and s (t, l_a, sigma, seed, ...), by parameter.
    public var ruleValues: [LossParameter: Double]
    /// The parameters left out, so that the loss's rule decides them: AdaCos's s (√2 ln(C − 1)), AdaFace's
    /// norm_mean and norm_std (the batch's mean and standard deviation). Setting one through the subscript gives it.
    public var leftToRule: Set<LossParameter>
    /// AdaCos: recompute s from each batch.
    public var dynamic: Bool
    /// AdaFace: let the gradient flow through ẑ(‖x‖) (the official code detaches the norm).
    public var throughNorm: Bool
    /// The feature length curves and pictures of this loss are drawn for when none is given, overriding
    /// `referenceLength` (a view's family of MagFace or AdaFace curves); not a field of the loss object.
    public var drawingLength: Double?

    /// The loss `kind` with the paper defaults of the reference.
    public init(_ kind: LossKind) {
        self.kind = kind
        m = switch kind {
        case .lsoftmax, .sphereface: 4
        case .cosface: 0.35
        case .arcface: 0.5
        default: 0
        }
        s = kind == .normface ? 16 : 64
        lambda = 0
        m1 = 1; m2 = 0.5; m3 = 0
        easyMargin = kind == .magface
        normalizesFeatures = false
        ruleValues = [:]
        leftToRule = []
        dynamic = false
        throughNorm = false
        drawingLength = nil
        guard let rule = Self.defaultRule(kind) else { return }
        for spec in rule.parameterSpecs {
            guard let parameter = LossParameter(rawValue: spec.key) else { continue }
            switch spec.defaultValue {
            case .value(let value): self[parameter] = value
            case .classCountRule, .batchStatistic:
                self[parameter] = Self.placeholder(parameter)
                leftToRule.insert(parameter)
            }
        }
        if kind == .elasticArcface || kind == .elasticCosface { ruleValues[.seed] = 1 }
    }

    /// The value a left-out parameter shows until it is given: AdaCos's fixed rule at C = 2 (s = 0), AdaFace's
    /// official starting buffers (μ = 20, σ = 100).
    static func placeholder(_ parameter: LossParameter) -> Double {
        switch parameter {
        case .normMean: AdaFace.initialNorms.mean
        case .normStd: AdaFace.initialNorms.standardDeviation
        default: AdaCos.fixedScale(classes: 2)
        }
    }

    /// The interval `parameter` may take under this loss, or nil when the loss does not take it.
    public func range(of parameter: LossParameter) -> ParameterRange? {
        let scale = ParameterRange(lower: 1, upper: 256, isInteger: false, unit: "scale", step: 1)
        let radians = ParameterRange(lower: 0, upper: 1.5, isInteger: false, unit: "radians", step: 0.05)
        let cosine = ParameterRange(lower: 0, upper: 1, isInteger: false, unit: "cosine units", step: 0.05)
        switch (kind, parameter) {
        case (.lsoftmax, .m), (.sphereface, .m):
            return ParameterRange(lower: 1, upper: 10, isInteger: true, unit: "whole number", step: 1)
        case (.lsoftmax, .lambda), (.sphereface, .lambda):
            return ParameterRange(lower: 0, upper: 10_000, isInteger: false, unit: "blend weight", step: 1)
        case (.arcface, .m), (.combined, .m2): return radians
        case (.cosface, .m), (.combined, .m3): return cosine
        case (.combined, .m1):
            return ParameterRange(lower: 0.5, upper: 4, isInteger: false, unit: "angle multiplier", step: 0.05)
        case (.normface, .s), (.cosface, .s), (.arcface, .s), (.combined, .s): return scale
        case (.sphereface, .s): return normalizesFeatures ? scale : nil
        case (.elasticArcface, .seed), (.elasticCosface, .seed):
            return ParameterRange(lower: 0, upper: 9_007_199_254_740_991, isInteger: true, unit: "seed", step: 1)
        default:
            guard let spec = Self.defaultRule(kind)?.parameterSpecs.first(where: { $0.key == parameter.rawValue })
            else { return nil }
            var range = spec.range
            if case .multiply = spec.step {  // lengths: one press moves a twentieth of the default, at least 1
                range.step = parameter == .lowerLength || parameter == .upperLength ? 5 : 1
            }
            return range
        }
    }

    /// The parameters this loss takes, in display order.
    public var parameters: [LossParameter] { LossParameter.allCases.filter { range(of: $0) != nil } }

    /// True when the loss takes the `easyMargin` switch.
    public var takesEasyMargin: Bool { kind == .arcface || kind == .combined || kind == .magface }

    /// True when the parameter is left to the loss's rule (AdaCos's s, AdaFace's norm_mean and norm_std).
    public func isLeftToRule(_ parameter: LossParameter) -> Bool { leftToRule.contains(parameter) }

    /// Reads a parameter.
    public subscript(parameter: LossParameter) -> Double {
        get {
            switch parameter {
            case .m: m
            case .s: s
            case .lambda: lambda
            case .m1: m1
            case .m2: m2
            case .m3: m3
            default: ruleValues[parameter] ?? 0
            }
        }
        set {
            switch parameter {
            case .m: m = newValue
            case .s: s = newValue
            case .lambda: lambda = newValue
            case .m1: m1 = newValue
            case .m2: m2 = newValue
            case .m3: m3 = newValue
            default: ruleValues[parameter] = newValue
            }
            leftToRule.remove(parameter)
        }
    }

    /// Throws the first field that does not fit the loss: a parameter outside its range, or a switch the loss does
    /// not take.
    public func validate() throws(InputError) {
        for parameter in parameters where !isLeftToRule(parameter) {
            guard let range = range(of: parameter) else { continue }
            let value = self[parameter]
            if !range.contains(value) {
                throw InputError(.lossField(parameter.rawValue), .outOfRange(value: value, range: range, loss: kind))
            }
        }
        let takes = takenKeys
        if easyMargin && !takesEasyMargin {
            throw InputError(.lossField("easy_margin"), .notTaken(kind: kind, takes: takes, onlyWith: nil))
        }
        if normalizesFeatures && kind != .sphereface {
            throw InputError(.lossField("normalize_features"), .notTaken(kind: kind, takes: takes, onlyWith: nil))
        }
        if dynamic && kind != .adacos {
            throw InputError(.lossField("dynamic"), .notTaken(kind: kind, takes: takes, onlyWith: nil))
        }
        if throughNorm && kind != .adaface {
            throw InputError(.lossField("through_norm"), .notTaken(kind: kind, takes: takes, onlyWith: nil))
        }
        if let problem = rule?.parameterProblem() {
            throw InputError(.lossField(problem.key), .invalid(problem.message(values: { key in
                LossParameter(rawValue: key).map { self[$0] } })))
        }
    }

    /// What the loss normalises before forming logits.
    public var normalization: Normalization {
        switch kind {
        case .softmax, .lsoftmax: .none
        case .sphereface: normalizesFeatures ? .weightsAndFeatures : .weights
        default: .weightsAndFeatures
        }
    }

    /// A short state string of this loss: `loss=arcface m=0.5 s=64`.
    public var summary: String {
        var parts = ["loss=\(kind.rawValue)"]
        for parameter in parameters where !isLeftToRule(parameter) {
            parts.append("\(parameter.rawValue)=\(NumberText.tidy(self[parameter]))")
        }
        if easyMargin != MarginLoss(kind).easyMargin { parts.append("easy_margin=\(easyMargin ? 1 : 0)") }
        if normalizesFeatures { parts.append("normalize_features=1") }
        if dynamic { parts.append("dynamic=1") }
        if throughNorm { parts.append("through_norm=1") }
        return parts.joined(separator: " ")
    }
}

/// What a loss normalises. The logit of class j is A_j t_j(cos theta_j), with A_j the factor below.
public enum Normalization: Sendable, Hashable {
    /// A_j = ‖W_j‖ ‖x‖ (softmax, L-Softmax): the logit is W_j · x.
    case none
    /// A_j = ‖x‖ (A-Softmax): weights are unit vectors.
    case weights
    /// A_j = s: weights and features are unit vectors, scaled by s.
    case weightsAndFeatures
}
