/// A dense row-major matrix of Doubles: row i is one sample or one class weight vector.
public struct Matrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the dimension d of each row vector).
    public let columns: Int
    /// The entries, row after row: element (i, j) is `storage[i * columns + j]`.
    public var storage: [Double]

    /// A `rows` x `columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A `rows` x `columns` matrix holding `storage`, row after row (`storage.count` must be `rows * columns`).
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "\(storage.count) entries for \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from equally long rows. The caller checks the lengths (`Batch` does, with messages).
    public init(_ rowArrays: [[Double]]) {
        rows = rowArrays.count
        columns = rowArrays.first?.count ?? 0
        storage = rowArrays.flatMap { $0 }
        precondition(storage.count == rows * columns, "ragged rows")
    }

    /// Element (row, column).
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[i * columns ..< (i + 1) * columns]) }

    /// The rows as arrays, for JSON.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }
}
