import ArgumentParser
import Foundation
import Geometry
import TextFormats

/// `margin-explorer eval`: one JSON request on standard input, one JSON object with the loss, logits,
/// probabilities, predictions and gradients on standard output.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a margin loss on a batch: JSON request on standard input, JSON result on standard output.",
        discussion: """
            Request (one JSON object):
              {"loss": {"type": "arcface", "m": 0.5, "s": 64},
               "weights": [[1, 0], [0, 1]],
               "features": [[3, 1], [1, 2]],
               "labels": [0, 1]}
            weights: K rows (one per class, K >= 2) of d numbers (d >= 2); features: N rows of d numbers; labels: \
            N class indices from 0 to K-1. The loss object takes "type" (\(LossKind.acceptedNames.joined(separator: ", "))) \
            and the parameters of that loss with the flags' names and ranges: m, s, lambda, m1, m2, m3, easy_margin \
            (arcface, combined, magface), normalize_features (sphereface); adacos: s (left out: sqrt(2) ln(K - 1)), \
            dynamic; subcenter_arcface: m, s, sub_centers (weights then hold K·k rows, class j's sub-centres at rows \
            j·k to j·k + k - 1, labels run to K - 1); curricularface: m, s, t; magface: s, l_a, u_a, l_m, u_m, \
            lambda_g; adaface: m, h, s, norm_mean, norm_std (left out: this batch's mean and unbiased standard \
            deviation of the clipped norms), through_norm; elastic_arcface, elastic_cosface: m, s, sigma, seed; \
            circle: m, gamma. A key the loss does not take is refused, naming the key and the loss. Parameters left \
            out take their defaults.

            Response keys: loss (mean cross-entropy), losses (N), logits (N x K, with margin and scale), \
            probabilities (N x K), predictions (N, argmax of the margin-free logits), grad_features (N x d, gradient \
            of the mean loss), grad_weights (K x d), loss_function (the full loss object used, defaults filled in).

            Malformed JSON, a key given twice, unknown keys, ragged or empty matrices, mismatched dimensions, labels \
            out of range, zero vectors or parameters out of range: one line on standard error naming the key (and \
            for the JSON itself the line and column), exit status 2, nothing on standard output. A result that \
            would not be finite is refused the same way. Numbers are read correctly rounded; one too large for a \
            64-bit float (1e999) is refused, one too small (1e-400) reads as 0, its nearest float. A request may \
            hold up to 64 MiB.
            """)

    mutating func run() throws {
        if isatty(STDIN_FILENO) != 0 {
            throw UsageError("eval reads a JSON request on standard input; pipe one in, e.g. "
                + "echo '{\"loss\": {\"type\": \"cosface\"}, \"weights\": [[1,0],[0,1]], \"features\": [[3,1]], "
                + "\"labels\": [0]}' | margin-explorer eval")
        }
        guard let bytes = try StandardStream.input.readAll(limit: EvalRequest.sizeLimit) else {
            throw UsageError("standard input holds more than \(Descriptor.megabytes(EvalRequest.sizeLimit)), the "
                + "most one request may hold")
        }
        try StandardStream.output.write(try Self.respond(to: bytes))
    }

    /// The whole response text for the request `bytes`, or a UsageError with one line naming what is wrong.
    static func respond(to bytes: [UInt8]) throws(UsageError) -> String {
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw UsageError("standard input is empty: eval reads one JSON request (see margin-explorer eval --help)")
        }
        let (loss, batch) = try EvalRequest.read(bytes, document: "the request")
        return try response(for: loss.evaluation(of: batch), loss: loss)
    }

    /// The response object. Every number is checked before anything is printed.
    static func response(for evaluation: LossEvaluation, loss: MarginLoss) throws(UsageError) -> String {
        let result = evaluation.evaluation
        var object = JSONObjectWriter()
        // Logits first: when they overflow, that is the cause of everything else going wrong.
        let logits = try JSON.matrix(result.logits, at: "logits")
        object.add("loss", json: try JSON.number(result.meanLoss, at: "loss"))
        object.add("losses", json: try JSON.array(result.losses[...], at: "losses"))
        object.add("logits", json: logits)
        object.add("probabilities", json: try JSON.matrix(result.probabilities, at: "probabilities"))
        object.add("predictions", json: JSON.array(result.predictions))
        object.add("grad_features", json: try JSON.matrix(result.featureGradient, at: "grad_features"))
        object.add("grad_weights", json: try JSON.matrix(result.weightGradient, at: "grad_weights"))
        object.add("loss_function", json: JSON.lossObject(loss))
        if loss.rule != nil { object.add("statistics", json: try statistics(of: evaluation, loss: loss)) }
        return object.result
    }

    /// The statistics a loss of issue 10 used, as one object on one line: the scale, then what the loss has.
    static func statistics(of evaluation: LossEvaluation, loss: MarginLoss) throws(UsageError) -> String {
        var parts: [(String, String)] = [("scale", try JSON.number(evaluation.scale, at: "statistics.scale"))]
        let statistics = evaluation.statistics
        if let adaCos = statistics.adaCos {
            parts.append(("adacos_s", try JSON.number(adaCos.scale, at: "statistics.adacos_s")))
            if let log = adaCos.logAverageNonTarget {
                parts.append(("adacos_log_b_avg", try JSON.number(log, at: "statistics.adacos_log_b_avg")))
            }
            if let median = adaCos.medianAngle {
                parts.append(("adacos_median_theta_rad", try JSON.number(median.radians, at: "statistics.adacos_median_theta_rad")))
            }
        }
        if let t = statistics.curricularT { parts.append(("curricular_t", try JSON.number(t, at: "statistics.curricular_t"))) }
        if let norms = statistics.adaFace {
            parts.append(("adaface_mean", try JSON.number(norms.mean, at: "statistics.adaface_mean")))
            parts.append(("adaface_std", try JSON.number(norms.standardDeviation, at: "statistics.adaface_std")))
            parts.append(("adaface_z", try JSON.array(norms.zHats[...], at: "statistics.adaface_z")))
        }
        if let draws = statistics.elastic {
            parts.append(("elastic_margins", try JSON.array(draws.margins[...], at: "statistics.elastic_margins")))
        }
        if loss.kind == .magface {
            parts.append(("penalties", try JSON.array(evaluation.penalties[...], at: "statistics.penalties")))
        }
        if loss.subCenters > 1 { parts.append(("winners", "[" + evaluation.winners.map(JSON.array).joined(separator: ", ") + "]")) }
        return "{" + parts.map { JSON.string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
