import Foundation
import Geometry
import TextFormats

/// The `.npz` file `train --save FILE.npz` writes, so a trained toy run and a real model go through the same door
/// (`analyze --embeddings FILE.npz --labels FILE.npz --weights FILE.npz`, each taking the array of its name):
/// - `embeddings`: float64, N x d, the features the network computed;
/// - `labels`: int64, N, each a class index 0..<K;
/// - `weights`: float64, K x d, class k in row k (`--weights-layout classes-by-dims`);
/// - `loss`: the loss object's JSON (`{"type": "arcface", "m": 0.5, "s": 64, "easy_margin": false}`, as `eval`
///   writes `loss_function`) as a 0-d unicode array, which `np.load` reads without `allow_pickle`:
///   `json.loads(np.load(FILE)["loss"].item())`.
///
/// float64 because training computes in Double: the saved numbers are the trained ones to the last bit, so
/// `analyze` of the file and `eval` of the run agree exactly; a toy run's arrays are a few hundred KB at most.
public enum TrainedRunArchive {
    /// The names of the members, in the order they are written.
    public static let memberNames = ["embeddings", "labels", "weights", "loss"]

    /// The archive's bytes. `labels.count` must be `embeddings.rows` and `weights.columns` must be
    /// `embeddings.columns`. (It throws nothing now that the loss is written by `LossObject`; the signature stays
    /// for its callers.)
    public static func npz(embeddings: Matrix, labels: [Int], weights: Matrix, loss: MarginLoss)
        throws(ArrayFileError) -> Data {
        writer(embeddings: embeddings, labels: labels, weights: weights, loss: loss).archive()
    }

    /// A writer holding the four members, for a caller that adds more (a resumable run's training state).
    public static func writer(embeddings: Matrix, labels: [Int], weights: Matrix, loss: MarginLoss) -> NPZWriter {
        precondition(labels.count == embeddings.rows && weights.columns == embeddings.columns,
                     "labels and weights must fit the embeddings")
        var writer = NPZWriter()
        writer.add("embeddings", NumericArray(float64: embeddings.storage, shape: [embeddings.rows, embeddings.columns]))
        writer.add("labels", NumericArray(int64: labels.map(Int64.init), shape: [labels.count]))
        writer.add("weights", NumericArray(float64: weights.storage, shape: [weights.rows, weights.columns]))
        writer.add("loss", text: LossObject.json(loss))
        return writer
    }

    /// The loss a saved run's `loss` member holds, read as strictly as `eval` reads a loss object.
    public static func loss(in archive: NPZArchive) throws(ArrayFileError) -> MarginLoss {
        let text = try archive.text(named: "loss")
        let bytes = Array(text.utf8)
        do { return try LossObject.loss(fromJSON: bytes, at: JSONPath().appending(key: "loss")) } catch {
            throw ArrayFileError(error.message(document: "the loss object", in: bytes), file: archive.file, member: "loss")
        }
    }
}
