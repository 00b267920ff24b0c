import COpenBLAS
import Foundation

/// The one door to matrix products: C = alpha op(A) op(B) + beta C on dense row-major buffers, carried by
/// OpenBLAS's `cblas_sgemm` / `cblas_dgemm`. op(A) is m x k and op(B) is k x n; an operand stored the other way
/// round is named `.transposed` (so dW = Aᵀ dZ needs no copy of Aᵀ).
///
/// Threads: every call names how many threads OpenBLAS may use for it (training one; analysis one per call from
/// each of its own threads, or every core for one big product). OpenBLAS splits the output into blocks, one per
/// thread, and sums each element in the same order for a given machine (kernel) and thread count, so a run
/// repeats bit for bit there. The thread count of OpenBLAS is one setting for the whole process: calls on one
/// thread run side by side (each in its caller's thread, no pool, so no pool thread spins beside them), while a
/// call that needs another count waits for them and runs alone.
public enum MatrixProduct {
    /// How an operand is stored relative to how the product reads it.
    public enum Operand: Sendable {
        /// As read: A is m x k (row-major), B is k x n.
        case plain
        /// The transpose of what is read: A stored k x m, B stored n x k.
        case transposed
    }

    /// C (m x n, row-major, `c` holding m * n values) = alpha op(A) op(B) + beta C.
    /// With beta = 0, C's old contents are ignored (NaN in them does not reach the result).
    public static func multiply<S: BLASScalar>(
        _ a: UnsafePointer<S>, _ opA: Operand, _ b: UnsafePointer<S>, _ opB: Operand,
        into c: UnsafeMutablePointer<S>, m: Int, n: Int, k: Int,
        alpha: S = 1, beta: S = 0, threads: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0 && max(m, n, k) <= Int(Int32.max), "product \(m) x \(k) x \(n)")
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {  // an empty sum: BLAS would leave C alone for beta = 1 but this keeps the definition
            for index in 0 ..< m * n { c[index] = beta == 0 ? 0 : beta * c[index] }
            return
        }
        let lda = opA == .plain ? k : m, ldb = opB == .plain ? n : k
        BLASThreads.acquire(threads)
        defer { BLASThreads.release() }
        S.gemm(transposeA: opA == .transposed, transposeB: opB == .transposed, m: Int32(m), n: Int32(n),
               k: Int32(k), alpha: alpha, a: a, lda: Int32(lda), b: b, ldb: Int32(ldb), beta: beta, c: c,
               ldc: Int32(n))
    }
}

/// The thread count OpenBLAS runs with, guarded by a readers-writer lock: products on one thread share it, any
/// other count holds it alone.
public enum BLASThreads {
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
        return lock
    }()
    /// The count OpenBLAS was last set to (read under the lock, written under its write side).
    nonisolated(unsafe) private static var current = 0

    /// The cores of this machine that the process may use, at least 1: what analysis asks for.
    public static var available: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Takes the lock for a product on `threads` threads, setting OpenBLAS's count when it differs.
    static func acquire(_ threads: Int) {
        let wanted = min(max(threads, 1), 64)
        if wanted == 1 {
            pthread_rwlock_rdlock(lock)
            if current == 1 { return }
            pthread_rwlock_unlock(lock)
        }
        pthread_rwlock_wrlock(lock)
        if wanted != current {
            openblas_set_num_threads(Int32(wanted))
            current = wanted
        }
    }

    /// Releases what `acquire` took.
    static func release() { pthread_rwlock_unlock(lock) }
}

/// Float and Double, the scalars BLAS multiplies.
public protocol BLASScalar: BinaryFloatingPoint, Sendable {
    /// The unit roundoff u = 2^-p of the type (2^-24 for Float, 2^-53 for Double): a product of length k errs by
    /// at most about k u times the sum of |a_i b_i|.
    static var unitRoundoff: Self { get }
    /// cblas_?gemm in row-major order.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32, beta: Self,
                     c: UnsafeMutablePointer<Self>, ldc: Int32)
}

extension Float: BLASScalar {
    public static var unitRoundoff: Float { .ulpOfOne / 2 }

    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32, beta: Float,
                            c: UnsafeMutablePointer<Float>, ldc: Int32) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double: BLASScalar {
    public static var unitRoundoff: Double { .ulpOfOne / 2 }

    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}
