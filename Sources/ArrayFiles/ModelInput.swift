import Geometry

/// A model as `analyze` and the Model view take it: embeddings N x d (d >= 2), one integer label per embedding,
/// and class weights K x d, checked against each other. The embeddings stay as the file holds them (a memory map:
/// stream them with `rows(_:into:)`); the weights, stacked from their shards in order and turned to K x d when a
/// file holds them d x K, are in memory, as Float when every shard's values fit one exactly, else as Double.
public struct ModelInput: Sendable {
    /// The embeddings, N x d, one sample a row.
    public let embeddings: NumericMatrix
    /// The class of each embedding, each in 0..<K.
    public let labels: [Int]
    /// The class weights, K x d, class k in row k.
    public let weights: NumericMatrix
    /// The layout the weight files were read in (never `.auto`: what auto decided).
    public let weightsLayout: WeightsLayout

    /// N, the number of samples.
    public var samples: Int { embeddings.rows }
    /// d, the embedding dimension.
    public var dimension: Int { embeddings.columns }
    /// K, the number of classes.
    public var classes: Int { weights.rows }

    /// Reads the three inputs from their files; several weight files are shards, stacked in order. A location
    /// without `:NAME` in an archive of several arrays takes the one named after its role (`embeddings`, `labels`,
    /// `weights`), so a file written by `train --save` serves for all three.
    public static func read(embeddings: ArrayLocation, labels: ArrayLocation, weights: [ArrayLocation],
                            layout: WeightsLayout = .auto) throws(ArrayFileError) -> ModelInput {
        func load(_ location: ArrayLocation, _ role: ArrayRole) throws(ArrayFileError) -> NumericArray {
            do { return try ArrayFileReader.read(location, preferring: role.rawValue) } catch { throw error.about(role) }
        }
        var shards: [NumericArray] = []
        for location in weights { shards.append(try load(location, .weights)) }
        return try ModelInput(embeddings: try load(embeddings, .embeddings), labels: try load(labels, .labels),
                              weights: shards, layout: layout)
    }

    /// The model of arrays already read, checked: embeddings a matrix with d >= 2 and at least one row, as many
    /// labels as rows, weight shards whose layout `layout` gives (or auto finds) with d matching the embeddings,
    /// at least 2 classes, every label a class, and no weight or embedding row non-finite or all zeros.
    public init(embeddings: NumericArray, labels: NumericArray, weights: [NumericArray],
                layout: WeightsLayout = .auto) throws(ArrayFileError) {
        let matrix = try Self.embeddingMatrix(embeddings)
        let values: [Int]
        do { values = try labels.integers() } catch { throw error.about(.labels) }
        guard values.count == matrix.rows else {
            throw labels.source.error("\(values.count) labels, but the embeddings \(quoted(matrix.source.file)) have "
                + "\(matrix.rows) rows", key: "shape").about(.labels)
        }
        let stacked = try WeightStack(weights, dimension: matrix.columns, layout: layout)
        guard stacked.matrix.rows >= 2 else {
            throw ArrayFileError("\(stacked.matrix.rows) class; at least 2 are needed (a nearest other class)",
                                 file: weights.first?.source.file, role: .weights)
        }
        try Self.checkLabels(values, classes: stacked.matrix.rows, labels: labels)
        try stacked.checkRows()
        try Self.checkRows(of: matrix)
        self.embeddings = matrix
        self.labels = values
        self.weights = stacked.matrix
        weightsLayout = stacked.layout
    }

    private static func embeddingMatrix(_ array: NumericArray) throws(ArrayFileError) -> NumericMatrix {
        let matrix: NumericMatrix
        do { matrix = try array.matrix() } catch { throw error.about(.embeddings) }
        guard matrix.columns >= 2 else {
            throw array.source.error("shape \(array.shapeText): \(matrix.columns) column; embeddings need d >= 2 "
                + "columns (one sample a row)", key: "shape").about(.embeddings)
        }
        guard matrix.rows >= 1 else {
            throw array.source.error("shape \(array.shapeText): no rows, no samples", key: "shape").about(.embeddings)
        }
        return matrix
    }

    private static func checkLabels(_ values: [Int], classes: Int, labels: NumericArray) throws(ArrayFileError) {
        guard let bad = values.firstIndex(where: { $0 < 0 || $0 >= classes }) else { return }
        var hint = ""
        if values.min() == 1 && values.max() == classes { hint = "; the labels run from 1 to \(classes): subtract 1" }
        throw labels.source.error("label \(values[bad]) is not a class of the weights (0 to \(classes - 1))\(hint)",
                                  line: labels.rowLines?[bad], row: bad).about(.labels)
    }

    /// Every embedding row finite and not all zeros, streamed a chunk at a time in the file's own precision.
    private static func checkRows(of matrix: NumericMatrix) throws(ArrayFileError) {
        if matrix.fitsFloat { try checkRows(of: matrix, as: Float.self) } else { try checkRows(of: matrix, as: Double.self) }
    }

    private static func checkRows<S: BinaryFloatingPoint>(of matrix: NumericMatrix, as _: S.Type)
        throws(ArrayFileError) {
        var buffer: [S] = []
        for chunk in matrix.rowChunks(of: 4096) {
            matrix.decodeRows(chunk, into: &buffer)
            if let problem = RowProblem.first(in: buffer, columns: matrix.columns) {
                let row = chunk.lowerBound + problem.row
                throw matrix.source.error(problem.reason(), line: matrix.line(ofRow: row), row: row).about(.embeddings)
            }
        }
    }
}

/// A row that analysis cannot use: a value that is not finite, or all zeros (no direction, so no angle).
struct RowProblem {
    var row: Int
    /// The column of the value that is not finite; nil when the row is all zeros.
    var column: Int?
    var value: String

    /// What is wrong, naming the element by `elementWord` ("column" in a K x d file, "row" in a d x K one).
    func reason(elementWord: String = "column") -> String {
        guard let column else { return "all zeros: no direction, so no angle to any class" }
        return "\(elementWord) \(column) is \(value), not a finite number"
    }

    /// The first such row of a row-major buffer.
    static func first<S: BinaryFloatingPoint>(in values: [S], columns: Int) -> RowProblem? {
        guard columns > 0 else { return nil }
        for row in 0 ..< values.count / columns {
            var allZero = true
            for column in 0..<columns {
                let value = values[row * columns + column]
                if !value.isFinite { return RowProblem(row: row, column: column, value: "\(value)") }
                if value != 0 { allZero = false }
            }
            if allZero { return RowProblem(row: row, column: nil, value: "0") }
        }
        return nil
    }
}
