/// When the batch statistics of a loss are taken: the two rules the issue and the official code give.
///
/// - evaluation: the parameters as given (CurricularFace's t is used, not updated), AdaFace's μ and σ are this
///   batch's mean and unbiased standard deviation where norm_mean / norm_std are left out (t_α = 1), AdaCos's
///   dynamic s is one update from the fixed value, ElasticFace draws from `SeededGenerator(seed: seed)`.
/// - training: the running rules of the official code, from the previous step's statistics: t ← 0.01 mean(c_y) +
///   0.99 t, AdaFace's EMA with t_α = 0.01 from (μ, σ) = (20, 100), AdaCos's s from the last s, ElasticFace's
///   generator continued.
public enum LossPhase: Sendable, Hashable {
    /// `eval`, the plane, the curves: no running state.
    case evaluation
    /// A training step: the running statistics advance.
    case training
}
