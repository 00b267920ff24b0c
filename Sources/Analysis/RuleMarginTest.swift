import Foundation
import Geometry

/// The margin test of a loss of issue 10 (a `LogitRule`), formed as `LogitRule.evaluate` forms eval's logits:
/// f_iy = S · target(c_iy).value and f_ij = S · nonTarget(c_ij).value, each with the sample's context (its length
/// a_i = ‖x_i‖, its class cosine c_iy and index i into the statistics), and the statistics taken from the analysed
/// samples as eval takes them from its batch (`RuleStatistics`).
///
/// The largest other logit needs only a few cosines, because each rule's non-target transform g is monotone or
/// a parabola on each piece:
/// - plain c_j (AdaCos, MagFace, ElasticFace, Sub-center ArcFace) and AdaFace's clamp are non-decreasing, so
///   max_j S g(c_j) is at the nearest class for S ≥ 0 and at the farthest for S < 0 (AdaCos's dynamic s);
/// - Circle's g = [c + m]₊ (c − m) is 0 up to −m, falls to −m² at 0 and rises after, so its largest value is at the
///   nearest or the farthest class;
/// - CurricularFace's g = c (t + c) above T = cos(θ_y + m) is a parabola, largest at an end of the cosines above
///   T (the nearest class, or the smallest cosine above T), and c below it, largest at the largest cosine ≤ T.
/// The scan stores those cosines exactly (`SampleTable`), so the maximum over them is eval's maximum over all K.
struct RuleMarginTest {
    let rule: any LogitRule
    /// S, the factor of every logit.
    let scale: Double
    /// The statistics the logits use.
    let statistics: LossStatistics

    /// Sample i's target logit and largest other logit.
    func logits(_ table: SampleTable, _ i: Int) -> (target: Double, largestOther: Double) {
        let context = SampleContext(length: table.norm[i], targetCosine: table.targetCosine[i], index: i,
                                    statistics: statistics)
        let target = scale * rule.targetLogit(cosine: table.targetCosine[i], context: context).value
        var other = scale * rule.nonTargetLogit(cosine: table.nearestCosine[i], context: context).value
        for c in [table.minimumCosine[i], table.smallestAboveThreshold[i], table.largestAtThreshold[i]] where c.isFinite {
            other = max(other, scale * rule.nonTargetLogit(cosine: c, context: context).value)
        }
        return (target, other)
    }

    /// f_y > max_{j ≠ y} f_j, strictly.
    func meets(_ table: SampleTable, _ i: Int) -> Bool {
        let (target, other) = logits(table, i)
        return target > other
    }

    /// eval's prediction for these losses: the first class of the largest class cosine.
    static func predicted(_ table: SampleTable, _ i: Int) -> Int {
        let y = table.labels[i]
        let (c, other) = (table.targetCosine[i], table.nearestCosine[i])
        return c > other || (c == other && y < table.nearestClass[i]) ? y : table.nearestClass[i]
    }
}

/// The statistics a loss of issue 10 takes from the analysed samples, by the rule's own `statistics` in eval's
/// phase, as `eval` of the same samples as one batch takes them: AdaFace's μ and σ (the given ones, else the mean
/// and unbiased standard deviation of the clipped norms) and every ẑ_i, ElasticFace's N margins drawn with the seed
/// in sample order, CurricularFace's t as given, AdaCos's s (√2 ln(C − 1) for the C classes, or as given). The
/// rules read only the lengths and the labels there, so no N x K matrix is built.
///
/// AdaCos's dynamic s is the one statistic that needs every cosine: s = ln B_avg / cos(min(π/4, θ_med)) with
/// ln B_avg = ln((1/N) Σ_i Σ_{j≠y_i} exp(s₀ c_ij)). θ_med comes from the exact target cosines as eval's; ln B_avg
/// from `exponentialSums`, each sample's Σ_{j≠y} exp(s₀ c_ij − |s₀|) over the cosines of the scan's product (in
/// double precision for this loss), added in sample order: eval's value to rounding, not bit for bit, as eval
/// adds its N (K − 1) terms in another order.
enum RuleStatistics {
    /// The statistics of `loss`'s rule for the samples of `table` among `classes` classes.
    static func of(_ loss: MarginLoss, table: SampleTable, classes: Int, exponentialSums: [Double]?)
        -> LossStatistics {
        guard let rule = loss.rule else { return .none }
        if let adaCos = rule as? AdaCos, adaCos.dynamic {
            let start = adaCos.initialScale(classes: classes)
            guard let sums = exponentialSums, !table.labels.isEmpty else {
                return AdaCos(s: start).statistics(for: lengthsOnly(table, classes: classes), previous: nil,
                                                   phase: .evaluation)
            }
            let total = sums.reduce(0, +)
            let logAverage = abs(start) + log(total) - log(Double(table.count))
            let angles = table.targetCosine.map { acos(min(max($0, -1 + 1e-7), 1 - 1e-7)) }
            let median = AdaCos.lowerMedian(angles)
            return LossStatistics(adaCos: AdaCosScale(scale: logAverage / cos(min(Double.pi / 4, median)),
                                                      previousScale: start, logAverageNonTarget: logAverage,
                                                      medianAngle: Angle(radians: median)))
        }
        return rule.statistics(for: lengthsOnly(table, classes: classes), previous: nil, phase: .evaluation)
    }

    /// The statistics input with the lengths and labels and no cosines (0 x K): what the rules other than dynamic
    /// AdaCos read in eval's phase.
    private static func lengthsOnly(_ table: SampleTable, classes: Int) -> StatisticsInput {
        StatisticsInput(cosines: Matrix(rows: 0, columns: classes), labels: table.labels, lengths: table.norm)
    }
}
