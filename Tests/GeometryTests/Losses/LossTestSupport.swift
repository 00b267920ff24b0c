import Foundation
import Testing
@testable import Geometry

/// The reference's small batch (margin-losses.md, "A small batch to check losses by hand") and the tools the loss
/// tests share: a finite-difference check with the detached quantities frozen, and a bisection of two-class
/// boundaries.
enum Reference {
    /// W rows (1,0) and (0,1).
    static let weights: [[Double]] = [[1, 0], [0, 1]]
    /// x0 = (3,1), x1 = (1,2), x2 = (−2,0.3), x3 = (0.2,−1.5).
    static let features: [[Double]] = [[3, 1], [1, 2], [-2, 0.3], [0.2, -1.5]]
    /// Labels 0, 1, 0, 0.
    static let labels = [0, 1, 0, 0]
    /// Raw (not unit) weights for the gradient checks, so dc/dW is exercised (the spec's §A.1 `Wr`).
    static let rawWeights: [[Double]] = [[1.3, 0.2], [-0.4, 0.9]]

    /// A d = 3 batch for the gradient checks: three classes with raw weights.
    static let features3: [[Double]] = [[3, 1, 0.5], [1, 2, -1], [-2, 0.3, 0.7], [0.2, -1.5, 1]]
    /// Labels of `features3`.
    static let labels3 = [0, 1, 0, 2]
    /// Raw weights in d = 3.
    static let rawWeights3: [[Double]] = [[1.3, 0.2, -0.3], [-0.4, 0.9, 0.5], [0.3, -0.6, 1.1]]

    /// The reference batch, or the same features with other weights, rows or labels.
    static func batch(weights: [[Double]] = weights, features: [[Double]] = features, labels: [Int] = labels)
        throws -> Batch {
        try Batch(weights: weights, features: features, labels: labels, for: MarginLoss(.arcface))
    }

    /// Every feature multiplied by `factor`.
    static func scaled(_ rows: [[Double]], by factor: Double) -> [[Double]] { rows.map { $0.map { $0 * factor } } }
}

/// |a − b| ≤ tolerance, with a message naming both.
func expectClose(_ value: Double, _ expected: Double, _ tolerance: Double = 1e-9, _ label: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(value - expected) <= tolerance, "\(label) \(value) vs \(expected)", sourceLocation: sourceLocation)
}

/// Elementwise `expectClose`.
func expectClose(_ values: [Double], _ expected: [Double], _ tolerance: Double = 1e-9, _ label: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(values.count == expected.count, "\(label) count", sourceLocation: sourceLocation)
    for (index, (value, want)) in zip(values, expected).enumerated() {
        expectClose(value, want, tolerance, "\(label)[\(index)]", sourceLocation: sourceLocation)
    }
}

/// The mean loss of a batch computed from scratch with frozen logits, independent of the evaluator: unit vectors,
/// clamped cosines, the best of each class's k rows, then `logit(i, j, c, c_y, a)` (scaled) and `penalty(a)`,
/// and a plain log-sum-exp cross-entropy.
struct FrozenForward {
    var labels: [Int]
    var subCenters = 1
    /// The scaled logit of sample i, class j, at cosine c, with target cosine c_y and length a.
    var logit: (_ i: Int, _ j: Int, _ c: Double, _ targetCosine: Double, _ length: Double) -> Double
    /// The per-sample penalty at length a.
    var penalty: (_ length: Double) -> Double = { _ in 0 }

    func meanLoss(features: [[Double]], weights: [[Double]]) -> Double {
        let units = weights.map(unit)
        let classes = weights.count / subCenters
        var total = 0.0
        for (i, x) in features.enumerated() {
            let a = length(x), xHat = unit(x)
            let cosines = (0..<classes).map { j in
                (0..<subCenters).map { r in
                    min(max(zip(xHat, units[j * subCenters + r]).reduce(0) { $0 + $1.0 * $1.1 }, -1), 1)
                }.max()!
            }
            let y = labels[i]
            let logits = (0..<classes).map { logit(i, $0, cosines[$0], cosines[y], a) }
            let top = logits.max()!
            total += top + log(logits.reduce(0) { $0 + exp($1 - top) }) - logits[y] + penalty(a)
        }
        return total / Double(features.count)
    }

    private func length(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    private func unit(_ v: [Double]) -> [Double] { let n = length(v); return v.map { $0 / n } }
}

/// The frozen forward of a rule whose detached quantities all live in `statistics` (every loss but Circle, whose
/// α_p, α_n are frozen by the caller's own closure).
func frozenForward<L: LogitRule>(_ rule: L, statistics: LossStatistics, labels: [Int], classes: Int) -> FrozenForward {
    let scale = rule.scale(using: statistics, classes: classes)
    return FrozenForward(labels: labels, subCenters: rule.subCenters, logit: { i, j, c, cy, a in
        let context = SampleContext(length: a, targetCosine: cy, index: i, statistics: statistics)
        let piece = j == labels[i] ? rule.targetLogit(cosine: c, context: context)
            : rule.nonTargetLogit(cosine: c, context: context)
        return scale * piece.value
    }, penalty: { rule.lengthPenalty(length: $0).value })
}

/// The largest |analytic − central difference| over every feature and weight coordinate, h = 1e-6, with
/// `forward` holding the detached quantities at their values on the unperturbed batch.
func worstGradientError(_ evaluation: BatchEvaluation, forward: FrozenForward, features: [[Double]],
                        weights: [[Double]], step h: Double = 1e-6) -> Double {
    var worst = 0.0
    var x = features, w = weights
    for i in x.indices {
        for a in x[i].indices {
            let old = x[i][a]
            x[i][a] = old + h; let up = forward.meanLoss(features: x, weights: w)
            x[i][a] = old - h; let down = forward.meanLoss(features: x, weights: w)
            x[i][a] = old
            worst = max(worst, abs((up - down) / (2 * h) - evaluation.featureGradient[i, a]))
        }
    }
    for r in w.indices {
        for a in w[r].indices {
            let old = w[r][a]
            w[r][a] = old + h; let up = forward.meanLoss(features: x, weights: w)
            w[r][a] = old - h; let down = forward.meanLoss(features: x, weights: w)
            w[r][a] = old
            worst = max(worst, abs((up - down) / (2 * h) - evaluation.weightGradient[r, a]))
        }
    }
    return worst
}

/// The class-1 boundary between W1 at 0 and W2 at θ12 (unit weights), as the spec's script finds it: the first
/// direction φ from W1 towards W2 where a class-1 sample stops meeting its margin, by a scan of 3600 steps and
/// 200 bisections; 0 when it fails at W1 already, θ12 when it never fails.
func class1Boundary(separation theta12: Angle, meets: (Double) -> Bool) -> Angle {
    let (lo, hi) = (0.0, theta12.radians)
    guard meets(lo) else { return .zero }
    var previous = lo
    for step in 1...3600 {
        let phi = lo + (hi - lo) * Double(step) / 3600
        if !meets(phi) {
            var (a, b) = (previous, phi)
            for _ in 0..<200 {
                let mid = (a + b) / 2
                if meets(mid) { a = mid } else { b = mid }
            }
            return Angle(radians: (a + b) / 2)
        }
        previous = phi
    }
    return theta12
}

/// `class1Boundary` for a rule: a class-1 sample at φ meets its margin where
/// `twoClassMargin(cos φ, cos(θ12 − φ))` > 0 in `context` (its length and statistics).
func class1Boundary<L: LogitRule>(_ rule: L, separation theta12: Angle, context: SampleContext = SampleContext(
    length: 1, targetCosine: 1)) -> Angle {
    class1Boundary(separation: theta12) { phi in
        rule.twoClassMargin(cosine1: cos(phi), cosine2: cos(theta12.radians - phi), context: context) > 0
    }
}
