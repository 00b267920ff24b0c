/// The detached, batch-level quantities of a loss: computed once before the logits, held fixed (no gradient)
/// through the backward pass, reported by eval and carried from step to step in training. Losses without
/// statistics leave every field nil.
public struct LossStatistics: Sendable, Hashable {
    /// AdaCos: the scale used for this batch and how it was found.
    public var adaCos: AdaCosScale?
    /// CurricularFace: the t used for this batch (after the training update t ← 0.01 mean(c_y) + 0.99 t).
    public var curricularT: Double?
    /// AdaFace: the norm mean μ, standard deviation σ and each sample's ẑ.
    public var adaFace: AdaFaceNorms?
    /// ElasticFace: each sample's drawn margin m_i and the generator after the draws.
    public var elastic: ElasticDraws?

    /// Statistics with the given fields; nil means the loss has no such statistic.
    public init(adaCos: AdaCosScale? = nil, curricularT: Double? = nil, adaFace: AdaFaceNorms? = nil,
                elastic: ElasticDraws? = nil) {
        self.adaCos = adaCos
        self.curricularT = curricularT
        self.adaFace = adaFace
        self.elastic = elastic
    }

    /// No statistics.
    public static let none = LossStatistics()

    /// The running statistics as named columns for the training panel and CSV log, in this order: adacos_s,
    /// curricular_t, adaface_mean, adaface_std (only those present). Elastic's per-sample draws are not a column.
    public var columns: [(name: String, value: Double)] {
        var columns: [(name: String, value: Double)] = []
        if let adaCos { columns.append(("adacos_s", adaCos.scale)) }
        if let curricularT { columns.append(("curricular_t", curricularT)) }
        if let adaFace {
            columns.append(("adaface_mean", adaFace.mean))
            columns.append(("adaface_std", adaFace.standardDeviation))
        }
        return columns
    }

    /// True when every per-sample entry has one value per sample of a batch of `count` samples.
    public func fits(sampleCount count: Int) -> Bool {
        (adaFace.map { $0.zHats.count == count } ?? true) && (elastic.map { $0.margins.count == count } ?? true)
    }
}

/// What a batch of features says before any logit is formed, the input of `LogitRule.statistics`.
public struct StatisticsInput: Sendable, Hashable {
    /// N x K cosines c_ij, the best sub-centre's for Sub-center ArcFace.
    public var cosines: Matrix
    /// N labels in 0..<K.
    public var labels: [Int]
    /// N feature lengths a_i = ‖x_i‖.
    public var lengths: [Double]

    /// The statistics input of a batch with these cosines, labels and lengths.
    public init(cosines: Matrix, labels: [Int], lengths: [Double]) {
        self.cosines = cosines
        self.labels = labels
        self.lengths = lengths
    }

    /// K, the number of classes.
    public var classes: Int { cosines.columns }

    /// The N target cosines c_{i, y_i}.
    public var targetCosines: [Double] { labels.indices.map { cosines[$0, labels[$0]] } }
}
