/// A 2-D array read row by row: row i is one sample (or one class weight), element (i, j) its j-th coordinate.
/// Rows come out row-major whatever the file's order, converted to Float or Double on the way, a chunk at a time,
/// so an analysis can stream a 100,000 x 512 file through a small buffer. Reading is thread-safe.
public struct NumericMatrix: Sendable {
    /// The array this views.
    public let array: NumericArray
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int

    /// A view of a 2-D array (`NumericArray.matrix()` checks the shape).
    init(_ array: NumericArray) {
        self.array = array
        rows = array.shape[0]
        columns = array.shape[1]
    }

    /// A float32 matrix of `values`, row after row (`values.count` must be `rows * columns`).
    public init(rows: Int, columns: Int, float32 values: [Float], source: ArraySource = .memory) {
        self.init(NumericArray(float32: values, shape: [rows, columns], source: source))
    }

    /// A float64 matrix of `values`, row after row (`values.count` must be `rows * columns`).
    public init(rows: Int, columns: Int, float64 values: [Double], source: ArraySource = .memory) {
        self.init(NumericArray(float64: values, shape: [rows, columns], source: source))
    }

    /// Where it was read from.
    public var source: ArraySource { array.source }
    /// The element type as stored.
    public var elementType: ElementType { array.elementType }
    /// Whether Float holds every stored value exactly (float16, bfloat16, float32, small integers); else analysis
    /// should read Doubles to keep every digit.
    public var fitsFloat: Bool { array.elementType.fitsFloat }

    /// The CSV line row `row` came from, for messages; nil for binary files.
    public func line(ofRow row: Int) -> Int? { array.rowLines?[row] }

    /// Rows `range`, row-major, into `buffer` (resized to `range.count * columns`; reuse it across chunks).
    public func rows(_ range: Range<Int>, into buffer: inout [Float]) { decodeRows(range, into: &buffer) }

    /// Rows `range`, row-major, into `buffer` (resized to `range.count * columns`; reuse it across chunks).
    public func rows(_ range: Range<Int>, into buffer: inout [Double]) { decodeRows(range, into: &buffer) }

    /// Row `index` as Doubles.
    public func row(_ index: Int) -> [Double] {
        var buffer: [Double] = []
        rows(index..<index + 1, into: &buffer)
        return buffer
    }

    /// Every element as Floats, row after row.
    public func floats() -> [Float] {
        var buffer: [Float] = []
        rows(0..<rows, into: &buffer)
        return buffer
    }

    /// Every element as Doubles, row after row.
    public func doubles() -> [Double] {
        var buffer: [Double] = []
        rows(0..<rows, into: &buffer)
        return buffer
    }

    /// The row ranges of consecutive chunks of `size` rows (the last may be shorter), for streaming.
    public func rowChunks(of size: Int) -> [Range<Int>] {
        let step = max(size, 1)
        return stride(from: 0, to: rows, by: step).map { $0 ..< min($0 + step, rows) }
    }

    func decodeRows<S: BinaryFloatingPoint>(_ range: Range<Int>, into buffer: inout [S]) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of a matrix of \(rows) rows")
        let needed = range.count * columns
        if buffer.count != needed { buffer = [S](repeating: 0, count: needed) }
        let elements = array.elements
        let (rows, columns) = (self.rows, self.columns)
        buffer.withUnsafeMutableBufferPointer { destination in
            guard let base = destination.baseAddress else { return }
            if !array.isFortranOrder {
                elements.decode(range.lowerBound * columns, count: needed, into: base, stride: 1)
                return
            }
            for column in 0..<columns {
                elements.decode(column * rows + range.lowerBound, count: range.count, into: base + column,
                                stride: columns)
            }
        }
    }
}
