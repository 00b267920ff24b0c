/// What a logit of sample i may depend on besides its own cosine: a = ‖x_i‖, the target's cosine c_y (the best
/// sub-centre's for Sub-center ArcFace) and the detached statistics of the batch.
///
/// `index` picks sample i's own entries of the statistics (ElasticFace's m_i, AdaFace's frozen ẑ_i); a view that
/// asks about a direction rather than a sample leaves it nil, and the loss uses its mean margin or computes ẑ from
/// `length`.
public struct SampleContext: Sendable, Hashable {
    /// a = ‖x‖, the raw feature length (MagFace's m(a), AdaFace's ẑ).
    public var length: Double
    /// c_y, the cosine to the sample's own class (CurricularFace's hard-negative test).
    public var targetCosine: Double
    /// Sample i in the batch, or nil for a direction that is not a batch sample.
    public var index: Int?
    /// The detached quantities of the batch (AdaCos's s, CurricularFace's t, AdaFace's μ, σ and ẑ, Elastic's m_i).
    public var statistics: LossStatistics

    /// The context of a sample of length `length` whose target cosine is `targetCosine`.
    public init(length: Double, targetCosine: Double, index: Int? = nil, statistics: LossStatistics = .none) {
        self.length = length
        self.targetCosine = targetCosine
        self.index = index
        self.statistics = statistics
    }
}
