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
    /// N per-sample cross-entropies: L_i = log sum_k exp(f_ik) - f_iy, computed by log-sum-exp.
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
    public func evaluate(_ batch: Batch, normFloor: Double = 0) -> BatchEvaluation {
        let (n, k, d) = (batch.features.rows, batch.weights.rows, batch.weights.columns)
        let w = batch.weights.storage, x = batch.features.storage
        let weightNorms = (0..<k).map { j in norm(w, offset: j * d, count: d) }
        func length(_ norm: Double) -> Double { norm > normFloor ? norm : normFloor > 0 ? normFloor : 1 }
        let weightLengths = weightNorms.map(length)  // the divisors that make directions
        var result = BatchEvaluation(
            cosines: Matrix(rows: n, columns: k), logits: Matrix(rows: n, columns: k),
            plainLogits: Matrix(rows: n, columns: k), probabilities: Matrix(rows: n, columns: k),
            losses: Array(repeating: 0, count: n), meanLoss: 0, predictions: Array(repeating: 0, count: n),
            featureGradient: Matrix(rows: n, columns: d), weightGradient: Matrix(rows: k, columns: d))
        let isPlainSoftmax = kind == .softmax
        var scale = [Double](repeating: 0, count: k)      // A_j
        var transformed = [Double](repeating: 0, count: k) // t_j(c_j)
        var slope = [Double](repeating: 0, count: k)       // t_j'(c_j)
        for i in 0..<n {
            let y = batch.labels[i]
            let xNorm = norm(x, offset: i * d, count: d), xLength = length(xNorm)
            var best = 0
            for j in 0..<k {
                let dot = (0..<d).reduce(0.0) { $0 + w[j * d + $1] * x[i * d + $1] }
                // The cosine of the unit vectors, so huge or tiny vectors neither overflow nor underflow.
                let c = min(max((0..<d).reduce(0.0) {
                    $0 + (w[j * d + $1] / weightLengths[j]) * (x[i * d + $1] / xLength)
                }, -1), 1)
                scale[j] = switch normalization {
                case .none: weightNorms[j] * xNorm
                case .weights: xNorm
                case .weightsAndFeatures: s
                }
                (transformed[j], slope[j]) = j == y ? targetLogit(cosine: c) : (c, 1)
                result.cosines[i, j] = c
                result.plainLogits[i, j] = isPlainSoftmax ? dot : scale[j] * c
                result.logits[i, j] = isPlainSoftmax ? dot : scale[j] * transformed[j]
                if result.plainLogits[i, j] > result.plainLogits[i, best] { best = j }
            }
            result.predictions[i] = best
            // Stable cross-entropy: log sum exp f = f_max + log sum exp(f - f_max).
            let fMax = (0..<k).map { result.logits[i, $0] }.max()!
            let total = (0..<k).reduce(0.0) { $0 + exp(result.logits[i, $1] - fMax) }
            result.losses[i] = fMax + log(total) - result.logits[i, y]
            for j in 0..<k {
                let p = exp(result.logits[i, j] - fMax) / total
                result.probabilities[i, j] = p
                let g = (p - (j == y ? 1 : 0)) / Double(n)
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
