import Geometry

/// Which losses `analyze` and `advise` can judge. Their scans form each logit from one cosine, the sample's
/// length and a fixed scale (`MarginLoss.pairLogits`), which is exact for the seven paper losses. Issue 10's
/// losses each break one of those assumptions, so they are refused with the reason rather than analysed wrongly.
public enum AnalysableLoss {
    /// Nil when `loss` can be analysed, else why not, in one sentence naming the loss.
    public static func refusal(for loss: MarginLoss) -> String? {
        let name = loss.kind.rawValue
        let reason: String? = switch loss.kind {
        case .softmax, .normface, .lsoftmax, .sphereface, .cosface, .arcface, .combined: nil
        case .adacos: "its scale is decided by the batch (√2 ln(C − 1), or the dynamic rule); normface with --s "
            + "gives the same logits at a fixed s"
        case .subcenterArcface: "its weights hold K·k rows (k sub-centres per class) and the scans take one row per class"
        case .curricularface: "its non-target logits depend on the sample's own cosine and the running t"
        case .magface: "its margin depends on each feature's length, which the scans do not carry into the margin"
        case .adaface: "its margin depends on the feature lengths through the batch's norm mean and std"
        case .elasticArcface, .elasticCosface: "its margin is drawn per sample; arcface or cosface with --m gives "
            + "the mean margin's picture"
        case .circle: "its non-target logits are γ [c_j + m]₊ (c_j − m), not the plain cosine the scans rank"
        }
        return reason.map { "\(name) cannot be analysed: " + $0 }
    }
}
