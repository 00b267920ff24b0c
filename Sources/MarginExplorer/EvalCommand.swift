import ArgumentParser
import Foundation
import Geometry

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

            Malformed JSON, unknown keys, ragged or empty matrices, mismatched dimensions, labels out of range, \
            zero vectors or parameters out of range: one line on standard error naming the key, exit status 2, \
            nothing on standard output. A result that would not be finite is refused the same way.
            """)

    mutating func run() throws {
        if isatty(FileHandle.standardInput.fileDescriptor) != 0 {
            throw UsageError("eval reads a JSON request on standard input; pipe one in, e.g. "
                + "echo '{\"loss\": {\"type\": \"cosface\"}, \"weights\": [[1,0],[0,1]], \"features\": [[3,1]], "
                + "\"labels\": [0]}' | margin-explorer eval")
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let output = try Self.respond(to: data)
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The whole response text for request `data`, or a UsageError with one line naming what is wrong.
    static func respond(to data: Data) throws(UsageError) -> String {
        let (loss, batch) = try checkedRequest(data)
        return try response(for: loss.evaluate(batch), loss: loss)
    }

    /// The loss and the checked batch of request `data` (also how `--load` reads a saved run).
    static func checkedRequest(_ data: Data) throws(UsageError) -> (MarginLoss, Batch) {
        let request: EvalRequest
        do {
            request = try JSONDecoder().decode(EvalRequest.self, from: data)
        } catch let error as UsageError {
            throw error
        } catch let error as InputError {
            throw UsageError(error.message)
        } catch let error as DecodingError {
            throw UsageError(JSONInputError.message(for: error, in: data))
        } catch {
            throw UsageError("the request could not be read: \(error)")
        }
        let batch: Batch
        do {
            batch = try Batch(weights: request.weights, features: request.features,
                              labels: try request.classLabels(), for: request.loss)
        } catch let error as InputError {
            throw UsageError(error.message)
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("\(error)")
        }
        return (request.loss, batch)
    }

    /// The response object. Every number is checked before anything is printed.
    static func response(for result: BatchEvaluation, loss: MarginLoss) throws(UsageError) -> String {
        var object = JSONObjectWriter()
        // Logits first: when they overflow, that is the cause of everything else going wrong.
        let logits = try JSON.matrix(result.logits, at: "logits")
        try object.add("loss", result.meanLoss)
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

/// The request `eval` reads. Unknown keys are errors, so a misspelt key is never silently ignored.
struct EvalRequest: Decodable {
    var loss: MarginLoss
    var weights: [[Double]]
    var features: [[Double]]
    /// Read as numbers and checked here, so that 1.5 gets a clear message.
    var labels: [Double]

    static let keys = ["loss", "weights", "features", "labels"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !Self.keys.contains($0) }) {
            throw UsageError("\(unknown): unknown key; a request has the keys \(Self.keys.joined(separator: ", "))")
        }
        loss = try container.decode(MarginLoss.self, forKey: JSONKey("loss"))
        weights = try container.decode([[Double]].self, forKey: JSONKey("weights"))
        features = try container.decode([[Double]].self, forKey: JSONKey("features"))
        labels = try container.decode([Double].self, forKey: JSONKey("labels"))
    }

    /// The labels as class indices: whole numbers in 0..<K, K = the number of weight rows.
    func classLabels() throws(UsageError) -> [Int] {
        try labels.enumerated().map { (i, value) throws(UsageError) in
            guard value == value.rounded() else {
                throw UsageError("labels[\(i)] = \(JSON.text(value)) is not a whole number: labels are class indices from 0 to K-1")
            }
            guard let label = Int(exactly: value), label >= 0, label < max(weights.count, 1) else {
                throw UsageError("labels[\(i)] = \(JSON.text(value)) is not a class: labels run from 0 to "
                    + "\(max(weights.count - 1, 0))")
            }
            return label
        }
    }
}
