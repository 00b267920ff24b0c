/// Everything a loss of issue 10 says about one batch: the `BatchEvaluation` layout (so folding into `evaluate` is
/// a field copy), plus the statistics it used, the scale, the sub-centre cosines and winners, and the per-sample
/// penalties.
///
/// In `evaluation`: `cosines` are the class cosines c̃_ij (the best sub-centre's), `logits` f_ij = S · piece.value,
/// `plainLogits` S c̃_ij, `losses` L_i = CE_i + R(a_i), `predictions` argmax_j c̃_ij (first on ties; the argmax of the
/// plain logits whenever S > 0, and still the nearest class when AdaCos's S ≤ 0), `featureGradient` N x d, and
/// `weightGradient` one row per weight row (K·k for sub-centres: each class's gradient goes to its winning row).
public struct LossEvaluation: Sendable, Hashable {
    /// Cosines, logits, probabilities, losses, predictions and gradients, laid out as `BatchEvaluation`.
    public var evaluation: BatchEvaluation
    /// The detached statistics the logits used (AdaCos's s, CurricularFace's t, AdaFace's μ, σ, ẑ, Elastic's m_i).
    public var statistics: LossStatistics
    /// S, the factor of every logit.
    public var scale: Double
    /// N x (K·k) cosines to every weight row (= `evaluation.cosines` when k = 1).
    public var rowCosines: Matrix
    /// N x K winning rows: the weight row each class cosine came from (j when k = 1).
    public var winners: [[Int]]
    /// R(a_i), the length penalty in each `losses` entry (MagFace's λ_g g(a_c); 0 elsewhere).
    public var penalties: [Double]
}

/// Why a loss of issue 10 cannot evaluate a batch, as data.
public enum LossBatchProblem: Error, Sendable, Hashable {
    /// The weight rows and labels do not fit the loss's sub-centres.
    case subCenters(SubCenterLayout)
    /// Given statistics hold per-sample entries (ẑ_i, m_i) for another number of samples than the batch's.
    case statisticsDoNotFit(samples: Int)

    /// One line for a user.
    public var message: String {
        switch self {
        case .subCenters(let layout): layout.message
        case .statisticsDoNotFit(let samples):
            "the statistics were taken on another batch: they do not hold one entry for each of the \(samples) samples"
        }
    }
}
