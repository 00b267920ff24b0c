import Foundation
import Geometry

/// The end of a training run in the shape of an `eval` request, so `margin-explorer eval < run.json` reads it back:
/// `{"features": [[..], ..], "labels": [..], "loss": {"type": "lsoftmax", "m": 4, "lambda": 0}, "weights": [[..], ..]}`.
/// Only those four keys: eval rejects unknown ones. The loss object holds "type", the parameters the loss takes
/// (lambda as it stood at the last step), and "easy_margin" / "normalize_features" where the loss takes them.
public struct SavedRun: Sendable, Hashable {
    /// The loss, lambda as annealed at the last step.
    public var loss: MarginLoss
    /// Class weights W (K x 2).
    public var weights: Matrix
    /// The training samples' 2-D features.
    public var features: Matrix
    /// The training labels.
    public var labels: [Int]

    /// The values as given.
    public init(loss: MarginLoss, weights: Matrix, features: Matrix, labels: [Int]) {
        self.loss = loss; self.weights = weights; self.features = features; self.labels = labels
    }

    /// A trainer's state as of its last refresh: class weights, training features and labels.
    public init(_ trainer: Trainer) {
        self.init(loss: trainer.configuration.loss(atIteration: trainer.iteration), weights: trainer.classWeights,
                  features: trainer.trainFeatures, labels: trainer.trainLabels)
    }

    /// The JSON text, keys sorted, one line, ending in a newline.
    public func jsonData() throws(InputError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            var data = try encoder.encode(Coded(self))
            data.append(0x0A)
            return data
        } catch {
            throw InputError("the run cannot be written as JSON: \(error)")
        }
    }

    /// Reads what `jsonData()` writes (any eval request with a 2-column matrix, in fact).
    public init(jsonData data: Data) throws(InputError) {
        let coded: Coded
        do { coded = try JSONDecoder().decode(Coded.self, from: data) } catch let error as InputError {
            throw error
        } catch {
            throw InputError("not a saved run: \(error)")
        }
        guard let first = coded.weights.first, coded.weights.allSatisfy({ $0.count == first.count }),
              let firstFeature = coded.features.first, firstFeature.count == first.count,
              coded.features.allSatisfy({ $0.count == first.count }) else {
            throw InputError("not a saved run: weights and features must be non-empty rows of one length")
        }
        self.init(loss: coded.loss, weights: Matrix(coded.weights), features: Matrix(coded.features),
                  labels: coded.labels)
    }

    /// The JSON shape.
    private struct Coded: Codable {
        var loss: MarginLoss
        var weights: [[Double]]
        var features: [[Double]]
        var labels: [Int]

        init(_ run: SavedRun) {
            loss = run.loss
            weights = run.weights.rowArrays
            features = run.features.rowArrays
            labels = run.labels
        }
    }
}
