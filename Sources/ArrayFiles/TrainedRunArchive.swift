import Foundation
import Geometry

/// The `.npz` file `train --save FILE.npz` writes, so a trained toy run and a real model go through the same door
/// (`analyze --embeddings FILE.npz --labels FILE.npz --weights FILE.npz`, each taking the array of its name):
/// - `embeddings`: float64, N x d, the features the network computed;
/// - `labels`: int64, N, each a class index 0..<K;
/// - `weights`: float64, K x d, class k in row k (`--weights-layout classes-by-dims`);
/// - `loss`: the loss object's JSON (`{"m":0.5,"s":64,"type":"arcface",...}`, keys sorted) as a 0-d unicode
///   array, which `np.load` reads without `allow_pickle`: `json.loads(np.load(FILE)["loss"].item())`.
///
/// float64 because training computes in Double: the saved numbers are the trained ones to the last bit, so
/// `analyze` of the file and `eval` of the run agree exactly; a toy run's arrays are a few hundred KB at most.
public enum TrainedRunArchive {
    /// The names of the members, in the order they are written.
    public static let memberNames = ["embeddings", "labels", "weights", "loss"]

    /// The archive's bytes. `labels.count` must be `embeddings.rows` and `weights.columns` must be
    /// `embeddings.columns`.
    public static func npz(embeddings: Matrix, labels: [Int], weights: Matrix, loss: MarginLoss)
        throws(ArrayFileError) -> Data {
        precondition(labels.count == embeddings.rows && weights.columns == embeddings.columns,
                     "labels and weights must fit the embeddings")
        var writer = NPZWriter()
        writer.add("embeddings", NumericArray(float64: embeddings.storage, shape: [embeddings.rows, embeddings.columns]))
        writer.add("labels", NumericArray(int64: labels.map(Int64.init), shape: [labels.count]))
        writer.add("weights", NumericArray(float64: weights.storage, shape: [weights.rows, weights.columns]))
        writer.add("loss", text: try lossJSON(loss))
        return writer.archive()
    }

    /// The loss object as one line of JSON, keys sorted.
    public static func lossJSON(_ loss: MarginLoss) throws(ArrayFileError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(loss), as: UTF8.self)
        } catch {
            throw ArrayFileError("the loss cannot be written as JSON: \(error)", member: "loss")
        }
    }

    /// The loss a saved run's `loss` member holds, read as strictly as `eval` reads a loss object.
    public static func loss(in archive: NPZArchive) throws(ArrayFileError) -> MarginLoss {
        let text = try archive.text(named: "loss")
        do {
            return try JSONDecoder().decode(MarginLoss.self, from: Data(text.utf8))
        } catch let error as InputError {
            throw ArrayFileError(error.message, file: archive.file, member: "loss")
        } catch {
            throw ArrayFileError("not a loss object: \(error)", file: archive.file, member: "loss")
        }
    }
}
