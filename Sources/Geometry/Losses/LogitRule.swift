/// A loss of issue 10 as the batch evaluator and the views see it: the logits of one sample from its cosines, its
/// length and the batch's detached statistics. Every loss normalises x and W, so c = clamp(x̂ · ŵ, −1, 1).
///
/// Logit j of sample i is f_ij = S · target(c_iy).value for j = y_i and S · nonTarget(c_ij).value otherwise; the
/// per-sample loss is CE_i(f_i) + penalty(a_i).value; the backward pass uses the pieces' slopes, with the statistics
/// held fixed (they are detached in every official implementation).
public protocol LogitRule: Sendable, Hashable {
    /// The loss's name on the command line and in JSON: "adacos", "subcenter_arcface", ...
    var name: String { get }
    /// k, the weight rows per class: class j owns rows j·k … j·k + k − 1 and its cosine is their best (1 for all but
    /// Sub-center ArcFace).
    var subCenters: Int { get }
    /// The numbers the loss takes, in display order.
    var parameterSpecs: [LossParameterSpec] { get }
    /// The switches the loss takes.
    var flagSpecs: [LossFlagSpec] { get }
    /// The current value of parameter `key`, or nil when it is left out (AdaCos's s, AdaFace's norm_mean) or not
    /// taken.
    func value(of key: String) -> Double?
    /// A problem between parameters that each lie in their range (MagFace's l_a < u_a), or nil.
    func crossParameterProblem() -> LossParameterProblem?

    /// The detached statistics of a batch: the rules of `phase`, continuing from `previous` in training.
    func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase) -> LossStatistics
    /// S, the factor every logit is multiplied by: s, AdaCos's s for this batch, Circle's γ.
    func scale(using statistics: LossStatistics, classes: Int) -> Double
    /// The target logit of a sample whose own-class cosine is `c`.
    func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece
    /// The logit of a class other than the sample's own, with cosine `c`.
    func nonTargetLogit(cosine c: Double, context: SampleContext) -> LogitPiece
    /// The term added to sample i's cross-entropy as a function of a = ‖x_i‖ (MagFace's λ_g g(a)).
    func lengthPenalty(length: Double) -> LengthPenalty
    /// True when a logit depends on the feature length, so the views draw a family of curves (MagFace, AdaFace).
    var dependsOnLength: Bool { get }
}

extension LogitRule {
    /// One weight row per class.
    public var subCenters: Int { 1 }
    /// No switches.
    public var flagSpecs: [LossFlagSpec] { [] }
    /// No relation between parameters.
    public func crossParameterProblem() -> LossParameterProblem? { nil }
    /// No statistics.
    public func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase)
        -> LossStatistics { .none }
    /// The non-target logit c_j, slope 1.
    public func nonTargetLogit(cosine c: Double, context: SampleContext) -> LogitPiece { .identity(c) }
    /// No penalty.
    public func lengthPenalty(length: Double) -> LengthPenalty { .zero }
    /// The logits ignore ‖x‖.
    public var dependsOnLength: Bool { false }

    /// The first parameter outside its range, then the first cross-parameter problem, or nil when the loss can
    /// be used.
    public func parameterProblem() -> LossParameterProblem? {
        for spec in parameterSpecs {
            guard let value = value(of: spec.key) else { continue }
            if !spec.range.contains(value) {
                return LossParameterProblem(key: spec.key, problem: .outOfRange(value: value, range: spec.range))
            }
        }
        return crossParameterProblem()
    }

    /// The two-class margin function before scaling, for a sample of class 1 at cosines c1 (own class) and c2:
    /// g1 = target(c1) − nonTarget(c2) with the context's target cosine set to c1. A class-1 sample meets its margin
    /// where g1 > 0 (for S > 0; AdaCos with S ≤ 0 is degenerate). The class-2 function is g1 with the roles
    /// swapped.
    public func twoClassMargin(cosine1 c1: Double, cosine2 c2: Double, context: SampleContext) -> Double {
        var own = context
        own.targetCosine = c1
        return targetLogit(cosine: c1, context: own).value - nonTargetLogit(cosine: c2, context: own).value
    }
}
