import Foundation

/// The losses of issue 10 inside `MarginLoss`: each kind's numbers become its `LogitRule`, which evaluates batches
/// (`MarginLoss.evaluate` hands the new kinds to it, so eval, training and the views share one path) and draws the
/// two-class geometry (`twoClassMargin`).
extension MarginLoss {
    /// The rule of `kind` at its defaults, or nil for the seven paper losses.
    static func defaultRule(_ kind: LossKind) -> (any LogitRule)? {
        switch kind {
        case .softmax, .normface, .lsoftmax, .sphereface, .cosface, .arcface, .combined: nil
        case .adacos: AdaCos()
        case .subcenterArcface: SubCenterArcFace()
        case .curricularface: CurricularFace()
        case .magface: MagFace()
        case .adaface: AdaFace()
        case .elasticArcface: ElasticFace(.arc)
        case .elasticCosface: ElasticFace(.cos)
        case .circle: CircleLoss()
        }
    }

    /// The `LogitRule` this loss is, with its parameters and switches; nil for the seven paper losses, which
    /// `evaluate` computes itself. Parameters left to the rule are left out (nil) of the rule too.
    public var rule: (any LogitRule)? {
        func given(_ parameter: LossParameter) -> Double? { isLeftToRule(parameter) ? nil : self[parameter] }
        switch kind {
        case .softmax, .normface, .lsoftmax, .sphereface, .cosface, .arcface, .combined: return nil
        case .adacos: return AdaCos(s: given(.s), dynamic: dynamic)
        case .subcenterArcface: return SubCenterArcFace(m: m, s: s, subCenters: Int(self[.subCenters]))
        case .curricularface: return CurricularFace(m: m, s: s, t: self[.t])
        case .magface:
            return MagFace(s: s, lowerLength: self[.lowerLength], upperLength: self[.upperLength],
                           lowerMargin: self[.lowerMargin], upperMargin: self[.upperMargin], lambdaG: self[.lambdaG],
                           easyMargin: easyMargin)
        case .adaface:
            return AdaFace(m: m, h: self[.h], s: s, normMean: given(.normMean), normStd: given(.normStd),
                           throughNorm: throughNorm)
        case .elasticArcface, .elasticCosface:
            return ElasticFace(kind == .elasticArcface ? .arc : .cos, m: m, s: s, sigma: self[.sigma],
                               seed: UInt64(self[.seed]))
        case .circle: return CircleLoss(m: m, gamma: self[.gamma])
        }
    }

    /// The loss as a two-class view draws it and inspects one sample: one sub-centre per class (W1 and W2 stand for
    /// the best ones), AdaFace's left-out norm mean and std at their drawing values (20, 100) instead of one
    /// sample's own statistics.
    public var asDrawn: MarginLoss {
        var loss = self
        if kind == .subcenterArcface { loss[.subCenters] = 1 }
        if kind == .adaface {
            for parameter in [LossParameter.normMean, .normStd] where loss.isLeftToRule(parameter) {
                loss[parameter] = loss[parameter]
            }
        }
        return loss
    }

    /// k, the weight rows per class: `sub_centers` for Sub-center ArcFace, 1 for every other loss.
    public var subCenters: Int { kind == .subcenterArcface ? Int(self[.subCenters]) : 1 }

    /// True when a logit depends on the feature length ‖x‖ (MagFace, AdaFace), so that a two-class picture or a
    /// curve holds only for one length.
    public var dependsOnLength: Bool { rule?.dependsOnLength ?? false }

    /// The feature length the geometry is drawn for when none is chosen: MagFace's middle of [l_a, u_a] (the
    /// margin halfway from l_m to u_m), AdaFace's μ (norm_mean, else the official starting 20: ẑ = 0, CosFace's
    /// c − m), 1 for every other loss (it does not matter).
    public var referenceLength: Double {
        if let drawingLength { return drawingLength }
        return switch kind {
        case .magface: (self[.lowerLength] + self[.upperLength]) / 2
        case .adaface: self[.normMean]
        default: 1
        }
    }

    /// The context of a direction that is no batch sample, drawn at feature length `length` with the target
    /// cosine `targetCosine`: no index, so ElasticFace takes its mean margin m and AdaFace computes ẑ from the
    /// length with μ, σ as given (else its starting 20, 100); CurricularFace's t is the parameter t.
    public func drawingContext(length: Double, targetCosine: Double = 1) -> SampleContext {
        var statistics = LossStatistics.none
        if kind == .curricularface { statistics.curricularT = self[.t] }
        if kind == .adaface {
            statistics.adaFace = AdaFaceNorms(mean: self[.normMean], standardDeviation: self[.normStd], zHats: [])
        }
        return SampleContext(length: length, targetCosine: targetCosine, statistics: statistics)
    }

    /// The target logit before scaling of a rule loss at cosine `c` for a feature of length `length` (ignored
    /// where the loss does not depend on it), and its slope; for the paper losses `targetLogit(cosine:)`.
    public func targetLogit(cosine c: Double, length: Double) -> (value: Double, derivative: Double) {
        guard let rule else { return targetLogit(cosine: c) }
        let piece = rule.targetLogit(cosine: c, context: drawingContext(length: length, targetCosine: c))
        return (piece.value, piece.slope)
    }

    /// The non-target logit before scaling at cosine `c` of a sample whose own cosine is `targetCosine`:
    /// CurricularFace's c (t + c) for a hard negative, Circle's α_n (c − m), AdaFace's clamp; c for every other
    /// loss.
    public func nonTargetLogit(cosine c: Double, targetCosine: Double, length: Double) -> Double {
        guard let rule else { return c }
        return rule.nonTargetLogit(cosine: c, context: drawingContext(length: length, targetCosine: targetCosine))
            .value
    }

    /// The two-class margin function of a class-1 sample at cosines c1 (own) and c2 (other), before scaling:
    /// target(c1) − nonTarget(c2), positive where it meets its margin.
    public func twoClassMargin(cosine1 c1: Double, cosine2 c2: Double, length: Double) -> Double {
        guard let rule else { return targetLogit(cosine: c1).value - c2 }
        return rule.twoClassMargin(cosine1: c1, cosine2: c2, context: drawingContext(length: length))
    }

    /// True when the non-target logit is the plain cosine, so that a class boundary in cosine space is
    /// c_other = t(c_own) (false for CurricularFace, Circle and AdaFace's clamp near ±1).
    public var hasPlainNonTarget: Bool {
        switch kind {
        case .curricularface, .circle: false
        default: true
        }
    }

    /// ElasticFace's band: this loss with its margin fixed at m − 2σ and at m + 2σ (σ = 0), or nil for every other
    /// loss.
    public var elasticBand: (lower: MarginLoss, upper: MarginLoss)? {
        guard kind == .elasticArcface || kind == .elasticCosface else { return nil }
        var lower = self, upper = self
        let sigma = self[.sigma]
        (lower.m, upper.m) = (m - 2 * sigma, m + 2 * sigma)
        lower[.sigma] = 0
        upper[.sigma] = 0
        return (lower, upper)
    }
}

extension MarginLoss {
    /// Everything this loss says about `batch`, with the statistics it used: the one evaluation path of eval,
    /// training and the views. The losses of issue 10 go to their rule, with the statistics taken by `phase`'s
    /// rules from `previous`; the paper losses are `evaluate(_:normFloor:)` with no statistics, scale s (0 for
    /// softmax, whose logits have none), the class cosines as row cosines and no penalty.
    /// The batch must fit the loss's sub-centres (`Batch(weights:features:labels:for:)` checks it; the trainer
    /// builds K·k rows).
    public func evaluation(of batch: Batch, previous: LossStatistics? = nil, phase: LossPhase = .evaluation,
                           normFloor: Double = 0) -> LossEvaluation {
        guard let rule else {
            let result = evaluate(batch, normFloor: normFloor)
            let k = result.cosines.columns
            return LossEvaluation(evaluation: result, statistics: .none,
                                  scale: normalization == .weightsAndFeatures ? s : 0, rowCosines: result.cosines,
                                  winners: result.cosines.rows == 0 ? [] : Array(repeating: Array(0..<k),
                                                                                 count: result.cosines.rows),
                                  penalties: Array(repeating: 0, count: result.losses.count))
        }
        do {
            return try rule.evaluate(batch, previous: previous, phase: phase, normFloor: normFloor)
        } catch {
            preconditionFailure("a batch that does not fit \(kind.rawValue): \(error.message)")
        }
    }
}

extension MarginLoss {
    /// This loss with a training run's running statistics written into its parameters, so that evaluating the
    /// whole data set (the trainer's metrics, the views) uses what training reached: CurricularFace's t, AdaFace's
    /// norm_mean and norm_std, AdaCos's s (dynamic off: the s is the one reached). ElasticFace keeps its seed (the
    /// draws are per batch). Nil statistics: the loss itself.
    public func fixing(_ statistics: LossStatistics?) -> MarginLoss {
        guard let statistics else { return self }
        var loss = self
        if kind == .curricularface, let t = statistics.curricularT { loss[.t] = min(max(t, -1), 1) }
        if kind == .adaface, let norms = statistics.adaFace {
            loss[.normMean] = min(max(norms.mean, 0.001), 100)
            loss[.normStd] = min(max(norms.standardDeviation, 0), 100)
        }
        if kind == .adacos, let scale = statistics.adaCos?.scale {  // not clamped: dynamic s may pass 256
            loss.s = scale
            loss.dynamic = false
        }
        return loss
    }

    /// The statistics a training run on `classes` classes starts from, before its first step: AdaCos's initial s
    /// (given, or √2 ln(C − 1)), CurricularFace's t, AdaFace's starting buffers (20, 100); none for the others.
    public func startingStatistics(classes: Int) -> LossStatistics {
        switch kind {
        case .adacos:
            let s = (rule as? AdaCos)?.initialScale(classes: classes) ?? 0
            return LossStatistics(adaCos: AdaCosScale(scale: s, previousScale: s, logAverageNonTarget: nil,
                                                      medianAngle: nil))
        case .curricularface: return LossStatistics(curricularT: self[.t])
        case .adaface:
            return LossStatistics(adaFace: AdaFaceNorms(mean: AdaFace.initialNorms.mean,
                                                        standardDeviation: AdaFace.initialNorms.standardDeviation,
                                                        zHats: []))
        default: return .none
        }
    }

    /// The names of the running statistics a training log gives this loss, after the usual columns: adacos_s,
    /// curricular_t, or adaface_mean and adaface_std; none for the other losses.
    public var runningColumnNames: [String] { startingStatistics(classes: 3).columns.map(\.name) }
}
