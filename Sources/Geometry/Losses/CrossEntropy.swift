import Foundation

/// The cross-entropy of one logit row with label y, keeping its relative precision at both ends (the rule of
/// `BatchEvaluation`): with a = argmax_j f_j, e_j = exp(f_j − f_a) and S = Σ_{j≠a} e_j,
///   L = (f_a − f_y) + log1p(S),
/// so a loss of 1e-17 survives and logits of 1e300 give ln 2. `total` = 1 + S (p_j = e_j / total) and
/// `complement` = 1 − p_y = Σ_{j≠y} e_j / total, summed from the other classes, so the target's gradient −(1 − p_y)
/// keeps its precision when p_y is near 1.
struct RowCrossEntropy {
    /// L.
    var loss: Double
    /// e_j = exp(f_j − f_max).
    var exponentials: [Double]
    /// 1 + S.
    var total: Double
    /// 1 − p_y from the other classes.
    var complement: Double

    /// The cross-entropy of `logits` (one sample's row) with label `y`.
    init(logits: ArraySlice<Double>, label y: Int) {
        let base = logits.startIndex
        var top = base
        for j in logits.indices where logits[j] > logits[top] { top = j }
        let fMax = logits[top]
        let exponentials = logits.indices.map { $0 == top ? 1 : exp(logits[$0] - fMax) }
        let others = exponentials.indices.reduce(0.0) { $1 == top - base ? $0 : $0 + exponentials[$1] }
        let notTarget = exponentials.indices.reduce(0.0) { $1 == y ? $0 : $0 + exponentials[$1] }
        self.exponentials = exponentials
        total = 1 + others
        complement = notTarget / (1 + others)
        loss = (fMax - logits[base + y]) + log1p(others)
    }
}
