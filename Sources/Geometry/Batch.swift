/// A checked batch: K class weight vectors and N labelled features of one dimension d >= 2, all finite,
/// labels in 0..<K, and no zero vector where the loss needs its direction.
public struct Batch: Sendable, Hashable {
    /// K x d class weights, one row per class.
    public let weights: Matrix
    /// N x d features, one row per sample.
    public let features: Matrix
    /// N labels in 0..<K.
    public let labels: [Int]

    /// Checks the rows and builds the batch, or throws an error about the part at fault (`.element("features", [3])`).
    public init(weights: [[Double]], features: [[Double]], labels: [Int], for loss: MarginLoss) throws(InputError) {
        guard !weights.isEmpty else { throw InputError(.element("weights", indices: []), "is empty: give one row per class, at least 2") }
        guard weights.count >= 2 else { throw InputError(.element("weights", indices: []), "has 1 row: a softmax needs at least 2 classes") }
        guard !features.isEmpty else { throw InputError(.element("features", indices: []), "is empty: give at least one row") }
        let d = weights[0].count
        guard d >= 2 else {
            throw InputError(.element("weights", indices: [0]),
                             "has \(counted(d, "number", "numbers")): rows need dimension d >= 2")
        }
        let needsDirection = loss.kind != .softmax
        try Self.check(weights, key: "weights", dimension: d, nonZero: needsDirection)
        try Self.check(features, key: "features", dimension: d, nonZero: needsDirection)
        guard labels.count == features.count else {
            throw InputError(.element("labels", indices: []), "has \(counted(labels.count, "entry", "entries")) but "
                + "features has " + counted(features.count, "row", "rows"))
        }
        if loss.subCenters > 1,
           let problem = SubCenterLayout.problem(rows: weights.count, subCenters: loss.subCenters, labels: labels) {
            if case .labelNotAClass(let i, _, _) = problem {
                throw InputError(.element("labels", indices: [i]), String(problem.message.drop { $0 != "=" }))
            }
            throw InputError(.element("weights", indices: []), String(problem.message.dropFirst("weights ".count)))
        }
        if let i = labels.firstIndex(where: { !(0..<weights.count).contains($0) }) {
            throw InputError(.element("labels", indices: [i]),
                             "= \(labels[i]) is not a class: labels run from 0 to \(weights.count - 1)")
        }
        self.weights = Matrix(weights)
        self.features = Matrix(features)
        self.labels = labels
    }

    /// A batch from matrices the caller has already checked (the trainer's own numbers).
    public init(checkedWeights weights: Matrix, features: Matrix, labels: [Int]) {
        self.weights = weights
        self.features = features
        self.labels = labels
    }

    private static func check(_ rows: [[Double]], key: String, dimension d: Int, nonZero: Bool) throws(InputError) {
        for (i, row) in rows.enumerated() {
            guard row.count == d else {
                throw InputError(.element(key, indices: [i]),
                                 "has \(counted(row.count, "number", "numbers")), expected \(d) like weights[0]")
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw InputError(.element(key, indices: [i, j]), "is not a finite number")
            }
            if nonZero && row.allSatisfy({ $0 == 0 }) {
                throw InputError(.element(key, indices: [i]), "is the zero vector: this loss needs its direction")
            }
        }
    }
}

/// "1 row", "3 rows".
func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}
