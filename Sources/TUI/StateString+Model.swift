import Geometry

/// The model tokens of a state string: `embeddings=E labels=L weights=W [weights=W2 ...] [weights_layout=L]`, the
/// files of the Model view, each path quoted when it holds a space, a quote or a backslash. `weights=` repeats for
/// shards, in order.
struct ModelTokens {
    /// The keys, as the state string writes them.
    static let keys = ["embeddings", "labels", "weights", "weights_layout"]

    var embeddings: String?
    var labels: String?
    var weights: [String] = []
    var layout: String?

    var isEmpty: Bool { embeddings == nil && labels == nil && weights.isEmpty && layout == nil }

    /// The tokens that name `files`.
    static func tokens(_ files: ModelFiles) -> [String] {
        ["embeddings=" + StateString.quotedValue(files.embeddings), "labels=" + StateString.quotedValue(files.labels)]
            + files.weights.map { "weights=" + StateString.quotedValue($0) }
            + (files.layout.map { ["weights_layout=" + StateString.quotedValue($0)] } ?? [])
    }

    /// Reads one token.
    mutating func read(_ key: String, _ value: String) throws(InputError) {
        guard !value.isEmpty else { throw StateString.failure("\(key)= needs a file") }
        switch key {
        case "embeddings": embeddings = value
        case "labels": labels = value
        case "weights": weights.append(value)
        case "weights_layout": layout = value
        default: throw StateString.unknownKey(key)
        }
    }

    /// The files, when the three are all named.
    func files() throws(InputError) -> ModelFiles {
        guard let embeddings, let labels, !weights.isEmpty else {
            let missing = [embeddings == nil ? "embeddings=" : nil, labels == nil ? "labels=" : nil,
                           weights.isEmpty ? "weights=" : nil].compactMap { $0 }
            throw StateString.failure("a model needs embeddings=, labels= and weights=; "
                + missing.joined(separator: " and ") + " " + (missing.count == 1 ? "is" : "are") + " missing")
        }
        return ModelFiles(embeddings: embeddings, labels: labels, weights: weights, layout: layout)
    }
}
