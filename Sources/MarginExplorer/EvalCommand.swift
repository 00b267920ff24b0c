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
            (arcface, combined), normalize_features (sphereface). Parameters left out take their defaults.

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
        return try response(for: loss.evaluate(batch), loss: loss)
    }

    /// The response object. Every number is checked before anything is printed.
    static func response(for result: BatchEvaluation, loss: MarginLoss) throws(UsageError) -> String {
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
        return object.result
    }
}
