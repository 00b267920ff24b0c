/// An n-dimensional array of numbers as a file holds it: its shape, element type, byte order and memory order,
/// over the file's own bytes (a memory map for .npy, stored .npz members and safetensors), so reading a 200 MB
/// array costs no copy until rows are asked for. `matrix()` and `integers()` check the shape a use needs.
public struct NumericArray: Sendable {
    /// Where it was read from.
    public let source: ArraySource
    /// The dimensions, outermost first, as NumPy gives them; `[]` for a single number.
    public let shape: [Int]
    /// Whether the elements are stored column-major (NumPy's `fortran_order`): the first index varies fastest.
    public let isFortranOrder: Bool
    let elements: EncodedElements
    /// For CSV: the line each row came from.
    let rowLines: [Int]?

    /// An array the caller has checked: `elements` hold exactly the product of `shape` elements.
    init(source: ArraySource, shape: [Int], isFortranOrder: Bool = false, elements: EncodedElements,
         rowLines: [Int]? = nil) {
        self.source = source
        self.shape = shape
        self.isFortranOrder = isFortranOrder && shape.count > 1
        self.elements = elements
        self.rowLines = rowLines
    }

    /// A float32 array of `values` in row-major (C) order; their count must be the product of `shape`.
    public init(float32 values: [Float], shape: [Int], source: ArraySource = .memory) {
        self.init(checked: values, type: .float32, shape: shape, source: source)
    }

    /// A float64 array of `values` in row-major (C) order; their count must be the product of `shape`.
    public init(float64 values: [Double], shape: [Int], source: ArraySource = .memory) {
        self.init(checked: values, type: .float64, shape: shape, source: source)
    }

    /// An int64 array of `values` in row-major (C) order; their count must be the product of `shape`.
    public init(int64 values: [Int64], shape: [Int], source: ArraySource = .memory) {
        self.init(checked: values, type: .int64, shape: shape, source: source)
    }

    private init<Element>(checked values: [Element], type: ElementType, shape: [Int], source: ArraySource) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                     "\(values.count) values do not fill the shape \(shape)")
        self.init(source: source, shape: shape, elements: EncodedElements(values: values, type: type))
    }

    /// The element type as stored.
    public var elementType: ElementType { elements.type }
    /// The byte order as stored.
    public var byteOrder: ByteOrder { elements.byteOrder }
    /// The number of elements, the product of the shape.
    public var count: Int { elements.count }

    /// The shape as NumPy prints it: `(3, 4)`, `(8,)`, `()`.
    public var shapeText: String { Self.shapeText(shape) }

    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The array as a matrix: it must have 2 dimensions. A vector, a single number and arrays of 3 or more
    /// dimensions are refused with a message that says what they are.
    public func matrix() throws(ArrayFileError) -> NumericMatrix {
        guard shape.count == 2 else {
            let what = switch shape.count {
            case 0: "a single number"
            case 1: "a vector"
            default: "\(shape.count) dimensions; flatten the trailing ones before saving, x.reshape(len(x), -1)"
            }
            throw source.error("shape \(shapeText) is \(what), not a matrix (rows x columns)", key: "shape")
        }
        return NumericMatrix(self)
    }

    /// The elements as whole numbers, for labels: a vector `(N,)` or a column `(N, 1)` of integers, or of floats
    /// that are all whole. An element that is not whole or beyond Int is named by its index.
    public func integers() throws(ArrayFileError) -> [Int] {
        guard shape.count == 1 || shape.count == 2 && shape[1] == 1 else {
            throw source.error("shape \(shapeText) is not a vector (N,) or a column (N, 1) of labels", key: "shape")
        }
        var values: [Int] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            switch elements.integer(at: index) {
            case .whole(let value): values.append(value)
            case .notWhole(let value):
                throw source.error("\(value) is not a whole number", line: rowLines?[index], row: index)
            case .tooLarge(let text):
                throw source.error("\(text) is beyond the integers this program holds (\(Int.min) to \(Int.max))",
                                   line: rowLines?[index], row: index)
            }
        }
        return values
    }

    /// Every element as a Double, in row-major (C) order whatever the file's order.
    public func doubles() -> [Double] {
        var values = [Double](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if !isFortranOrder {
                elements.decode(0, count: count, into: base, stride: 1)
                return
            }
            for (cIndex, fortranIndex) in Self.fortranIndices(shape).enumerated() {
                elements.decode(fortranIndex, count: 1, into: base + cIndex, stride: 1)
            }
        }
        return values
    }

    /// For each element in C order, its index in Fortran order.
    private static func fortranIndices(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropFirst() { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var indices: [Int] = []
        var position = [Int](repeating: 0, count: shape.count)
        for _ in 0..<shape.reduce(1, *) {
            indices.append(zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 })
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < shape[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        return indices
    }
}

extension ArraySource {
    /// The source of arrays made in memory.
    public static let memory = ArraySource(file: "(memory)")
}
