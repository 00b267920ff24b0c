import MatrixKernels

/// The element-wise loops of a training step, on dense row-major buffers; the matrix products themselves are
/// `MatrixProduct.multiply` (OpenBLAS, one thread):
///
/// - forward:      Z  = A · W + 1 bᵀ
/// - input grad:   dA = dZ · Wᵀ
/// - weight grad:  dW = Aᵀ · dZ,  db = column sums of dZ
///
/// Every loop below visits its elements in one fixed order, so a run repeats bit for bit. Nothing here allocates
/// or checks bounds.
enum Kernels {
    /// Every row of `matrix` (rows x n) set to `row` (n values): the bias each output starts from.
    @inline(__always)
    static func fillRows<S: NetworkScalar>(_ matrix: UnsafeMutablePointer<S>, rows: Int, columns n: Int,
                                           with row: UnsafePointer<S>) {
        for i in 0..<rows { (matrix + i * n).update(from: row, count: n) }
    }

    /// out[0..<n] = sum over rows of matrix (rows x n): the bias gradient.
    @inline(__always)
    static func columnSums<S: NetworkScalar>(rows: Int, columns n: Int, _ matrix: UnsafePointer<S>,
                                             into out: UnsafeMutablePointer<S>) {
        out.update(repeating: 0, count: n)
        for i in 0..<rows {
            let row = matrix + i * n
            for j in 0..<n { out[j] += row[j] }
        }
    }

    // The two loops below are written so that the compiler turns them into vector selects: a `while` loop (the
    // `for`-in form stayed scalar here) and every load made before the select (a load inside `? :` is conditional
    // and blocks vectorisation). Being selects, not `max`, they keep a NaN a NaN, so divergence shows.

    /// x = max(x, 0) for `count` entries.
    @inline(__always)
    static func rectify<S: NetworkScalar>(_ values: UnsafeMutablePointer<S>, count: Int) {
        var i = 0
        while i < count {
            let value = values[i]
            values[i] = value < 0 ? 0 : value
            i &+= 1
        }
    }

    /// gradient = 0 where activation <= 0 (the ReLU was closed), for `count` entries.
    @inline(__always)
    static func maskClosed<S: NetworkScalar>(_ gradient: UnsafeMutablePointer<S>, by activation: UnsafePointer<S>,
                                             count: Int) {
        var i = 0
        while i < count {
            let value = gradient[i]
            gradient[i] = activation[i] > 0 ? value : 0
            i &+= 1
        }
    }
}

/// The scalar of the network: Float to train, Double to check gradients against finite differences.
protocol NetworkScalar: BLASScalar {}

extension Float: NetworkScalar {}
extension Double: NetworkScalar {}

/// Memory a value type owns through a reference, allocated once and zeroed: the activations and gradients of a
/// model. Copy-on-write: `Model` copies it before writing when another copy of the model shares it, so models stay
/// values (a copy trains on without disturbing the original).
final class ScalarBuffer<S: NetworkScalar>: @unchecked Sendable {
    /// The values; only a model that holds the only reference writes them.
    let base: UnsafeMutablePointer<S>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer of its own with the same contents.
    func copy() -> ScalarBuffer {
        let result = ScalarBuffer(count: count)
        result.base.update(from: base, count: count)
        return result
    }

    deinit { base.deallocate() }
}
