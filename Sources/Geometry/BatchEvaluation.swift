import Foundation

/// Everything one loss says about one batch. Logit j of sample i is f_ij = A_j t_j(c_ij), with c_ij = cos theta_ij,
/// A_j from `Normalization`, t_j the target transform for j = y_i and the identity otherwise.
public struct BatchEvaluation: Sendable, Hashable {
    /// N x K cosines c_ij between feature i and class weight j.
    public var cosines: Matrix
    /// N x K logits with margin and scale, as fed to the cross-entropy.
    public var logits: Matrix
    /// N x K logits without the margin: A_j c_ij (W_j . x_i for softmax).
    public var plainLogits: Matrix
    /// N x K softmax of `logits`: p_ij = exp(f_ij) / sum_k exp(f_ik).
    public var probabilities: Matrix
    /// N per-sample cross-entropies: L_i = log sum_k exp(f_ik) - f_iy, computed as (f_max - f_y) + log1p of the
    /// other classes' exp(f_ik - f_max), so tiny and huge losses keep their relative precision.
    public var losses: [Double]
    /// Mean cross-entropy: (1/N) sum_i L_i.
    public var meanLoss: Double
    /// N predictions: argmax_j of the margin-free logits.
    public var predictions: [Int]
    /// N x d gradient of the mean loss with respect to the features.
    public var featureGradient: Matrix
    /// K x d gradient of the mean loss with respect to the raw (unnormalised) class weights.
    public var weightGradient: Matrix
}

extension MarginLoss {
    /// The floor on the length a direction is divided by in training: PyTorch's F.normalize default eps
    /// (insightface and pytorch-metric-learning normalise with it). It bounds the gradient of a feature near zero.
    public static let normFloor = 1e-12

    /// Logits, probabilities, cross-entropies and the analytic gradients of the mean loss for `batch`.
    /// dL/df_ij = (p_ij - [j = y_i]) / N, and df_ij = t_j dA_j + A_j t_j' dc_ij with
    /// dc/dx = (w^ - c x^) / ‖x‖ and dc/dW = (x^ - c w^) / ‖W‖.
    /// Directions divide by max(‖v‖, `normFloor`), as PyTorch's F.normalize does with its eps (training passes
    /// `MarginLoss.normFloor`); a zero vector, which has no direction, divides by 1 when the floor is 0. Either way
    /// a zero feature (a dead ReLU, an input row at every column's minimum) has cosine 0 with every class and a
    /// finite gradient, not NaN, while eval's default keeps the exact direction of vectors as small as 1e-300.
    /// The losses of issue 10 are evaluated by their rule (`evaluation(of:previous:phase:normFloor:)`), with the
    /// statistics of evaluation.
    public func evaluate(_ batch: Batch, normFloor: Double = 0) -> BatchEvaluation {
        if rule != nil { return evaluation(of: batch, normFloor: normFloor).evaluation }
        let (n, k, d) = (batch.features.rows, batch.weights.rows, batch.weights.columns)
        let w = batch.weights.storage, x = batch.features.storage
        let weightSizes = (0..<k).map { j in Self.length(of: w, offset: j * d, count: d, normFloor: normFloor) }
        let weightNorms = weightSizes.map(\.norm), weightLengths = weightSizes.map(\.divisor)
        var result = BatchEvaluation(
            cosines: Matrix(rows: n, columns: k), logits: Matrix(rows: n, columns: k),
            plainLogits: Matrix(rows: n, columns: k), probabilities: Matrix(rows: n, columns: k),
            losses: Array(repeating: 0, count: n), meanLoss: 0, predictions: Array(repeating: 0, count: n),
            featureGradient: Matrix(rows: n, columns: d), weightGradient: Matrix(rows: k, columns: d))
        var scale = [Double](repeating: 0, count: k)      // A_j
        var transformed = [Double](repeating: 0, count: k) // t_j(c_j)
        var slope = [Double](repeating: 0, count: k)       // t_j'(c_j)
        for i in 0..<n {
            let y = batch.labels[i]
            let (xNorm, xLength) = Self.length(of: x, offset: i * d, count: d, normFloor: normFloor)
            var best = 0
            for j in 0..<k {
                let dot = Self.dot(w, offset: j * d, x, offset: i * d, dimension: d)
                let c = Self.cosine(w, offset: j * d, divisor: weightLengths[j], x, offset: i * d, divisor: xLength,
                                    dimension: d)
                scale[j] = logitScale(weightNorm: weightNorms[j], featureNorm: xNorm)
                let pair = pairLogits(dot: dot, cosine: c, scale: scale[j], isTarget: j == y)
                (transformed[j], slope[j]) = (pair.transformed, pair.slope)
                result.cosines[i, j] = c
                result.plainLogits[i, j] = pair.plain
                result.logits[i, j] = pair.logit
                if result.plainLogits[i, j] > result.plainLogits[i, best] { best = j }
            }
            result.predictions[i] = best
            let (loss, exponentials, total, complement) = crossEntropy(row: i, label: y, logits: result.logits)
            result.losses[i] = loss
            for j in 0..<k {
                let p = exponentials[j] / total
                result.probabilities[i, j] = p
                // dL/df_j = p_j - [j = y]; for the target, -(1 - p_y) from the sum of the others, not from p_y.
                let g = (j == y ? -complement : p) / Double(n)
                accumulateGradient(g, sample: i, weight: j, d: d, x: x, w: w, xNorm: xNorm, xLength: xLength,
                                   weightNorm: weightNorms[j], weightLength: weightLengths[j],
                                   cosine: result.cosines[i, j],
                                   scale: scale[j], transformed: transformed[j], slope: slope[j],
                                   into: &result)
            }
        }
        result.meanLoss = result.losses.reduce(0, +) / Double(n)
        return result
    }

    /// The cross-entropy of row `i` of `logits` with label `y`, keeping its relative precision at both ends.
    /// With a = argmax_j f_j, e_j = exp(f_j - f_a) and S = sum_{j != a} e_j:
    ///   L = (f_a - f_y) + log1p(S),
    /// so a loss of 1e-17 is not lost to log(1 + S) - rounding (log1p), and logits of 1e300 give ln 2, not 0 (the
    /// difference f_a - f_y is taken before anything small is added to it). Returns L, the e_j, the total
    /// 1 + S (so p_j = e_j / total) and 1 - p_y = sum_{j != y} e_j / total, summed from the other classes.
    private func crossEntropy(row i: Int, label y: Int, logits: Matrix)
        -> (loss: Double, exponentials: [Double], total: Double, complement: Double) {
        let k = logits.columns
        var top = 0
        for j in 1..<k where logits[i, j] > logits[i, top] { top = j }
        let fMax = logits[i, top]
        let exponentials = (0..<k).map { j in j == top ? 1 : exp(logits[i, j] - fMax) }
        let others = (0..<k).reduce(0.0) { $1 == top ? $0 : $0 + exponentials[$1] }
        let total = 1 + others
        let notTarget = (0..<k).reduce(0.0) { $1 == y ? $0 : $0 + exponentials[$1] }
        return ((fMax - logits[i, y]) + log1p(others), exponentials, total, notTarget / total)
    }

    /// Adds g * df_ij/dx_i to the feature gradient and g * df_ij/dW_j to the weight gradient.
    private func accumulateGradient(_ g: Double, sample i: Int, weight j: Int, d: Int, x: [Double], w: [Double],
                                    xNorm: Double, xLength: Double, weightNorm: Double, weightLength: Double,
                                    cosine c: Double, scale: Double,
                                    transformed t: Double, slope: Double, into result: inout BatchEvaluation) {
        if kind == .softmax {  // f = W_j . x
            for a in 0..<d {
                result.featureGradient.storage[i * d + a] += g * w[j * d + a]
                result.weightGradient.storage[j * d + a] += g * x[i * d + a]
            }
            return
        }
        let angular = g * scale * slope  // g A t'
        for a in 0..<d {
            let xHat = x[i * d + a] / xLength, wHat = w[j * d + a] / weightLength
            var dx = angular * (wHat - c * xHat) / xLength
            var dw = angular * (xHat - c * wHat) / weightLength
            switch normalization {
            case .none: dx += g * t * weightNorm * xHat; dw += g * t * xNorm * wHat
            case .weights: dx += g * t * xHat
            case .weightsAndFeatures: break
            }
            result.featureGradient.storage[i * d + a] += dx
            result.weightGradient.storage[j * d + a] += dw
        }
    }
}

/// Euclidean norm of `count` entries of `values` starting at `offset`, scaled by the largest entry first so that
/// squares of very large or very small numbers neither overflow nor underflow.
func norm(_ values: [Double], offset: Int, count: Int) -> Double {
    var largest = 0.0
    for a in offset ..< offset + count { largest = max(largest, abs(values[a])) }
    guard largest > 0, largest.isFinite else { return largest }
    var sum = 0.0
    for a in offset ..< offset + count { let v = values[a] / largest; sum += v * v }
    return largest * sum.squareRoot()
}
