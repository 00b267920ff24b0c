import Dispatch
import Foundation
import Geometry
import MatrixKernels
import Testing

/// The kernel layer against a plain triple loop: every combination of transposes, alpha and beta, Float and
/// Double; and products on one thread from several threads at once give the bits one thread alone gives.
@Suite struct MatrixProductTests {
    /// C = alpha op(A) op(B) + beta C by the definition, in Double.
    static func reference(_ a: [Double], _ transposeA: Bool, _ b: [Double], _ transposeB: Bool, _ c: [Double],
                          m: Int, n: Int, k: Int, alpha: Double, beta: Double) -> [Double] {
        var result = c
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    sum += x * y
                }
                result[i * n + j] = alpha * sum + beta * c[i * n + j]
            }
        }
        return result
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func everyTransposeMatchesTheDefinition(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(seed: 8)
        let (m, n, k) = (7, 5, 9)
        let a = (0 ..< m * k).map { _ in generator.nextGaussian() }
        let b = (0 ..< k * n).map { _ in generator.nextGaussian() }
        let c = (0 ..< m * n).map { _ in generator.nextGaussian() }
        for (alpha, beta) in [(1.0, 0.0), (0.5, 1.0), (-2.0, 0.25)] {
            let expected = Self.reference(a, transposeA, b, transposeB, c, m: m, n: n, k: k, alpha: alpha, beta: beta)
            var double = c
            MatrixProduct.multiply(a, transposeA ? .transposed : .plain, b, transposeB ? .transposed : .plain,
                                   into: &double, m: m, n: n, k: k, alpha: alpha, beta: beta, threads: 1)
            var float = c.map { Float($0) }
            MatrixProduct.multiply(a.map { Float($0) }, transposeA ? .transposed : .plain, b.map { Float($0) },
                                   transposeB ? .transposed : .plain, into: &float, m: m, n: n, k: k,
                                   alpha: Float(alpha), beta: Float(beta), threads: 2)
            for index in expected.indices {
                #expect(abs(double[index] - expected[index]) <= 1e-13 * (1 + abs(expected[index])))
                #expect(abs(Double(float[index]) - expected[index]) <= 1e-5 * (1 + abs(expected[index])))
            }
        }
    }

    /// With beta = 0 the old contents of C, NaN included, do not reach the result.
    @Test func betaZeroIgnoresC() {
        var c = [Float](repeating: .nan, count: 4)
        MatrixProduct.multiply([1, 2, 3, 4] as [Float], .plain, [1, 0, 0, 1] as [Float], .plain, into: &c,
                               m: 2, n: 2, k: 2, threads: 1)
        #expect(c == [1, 2, 3, 4])
    }

    @Test func productsFromSeveralThreadsRepeatBitForBit() {
        var generator = SeededGenerator(seed: 9)
        let (m, n, k) = (64, 300, 128)
        let a = (0 ..< m * k).map { _ in Float(generator.nextGaussian()) }
        let b = (0 ..< n * k).map { _ in Float(generator.nextGaussian()) }
        var alone = [Float](repeating: 0, count: m * n)
        MatrixProduct.multiply(a, .plain, b, .transposed, into: &alone, m: m, n: n, k: k, threads: 1)
        let results = ResultBox([[Float]](repeating: [], count: 8))
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var c = [Float](repeating: 0, count: m * n)
            MatrixProduct.multiply(a, .plain, b, .transposed, into: &c, m: m, n: n, k: k, threads: index == 3 ? 2 : 1)
            lock.withLock { results.value[index] = c }
        }
        for (index, result) in results.value.enumerated() where index != 3 {
            #expect(result.map(\.bitPattern) == alone.map(\.bitPattern), "thread \(index)")
        }
    }
}

/// A box the threads of a test write their own slots of, under a lock.
final class ResultBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

extension MatrixProduct {
    /// The product on arrays, for tests.
    static func multiply<S: BLASScalar>(_ a: [S], _ opA: Operand, _ b: [S], _ opB: Operand, into c: inout [S],
                                        m: Int, n: Int, k: Int, alpha: S = 1, beta: S = 0, threads: Int) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    multiply(a.baseAddress!, opA, b.baseAddress!, opB, into: c.baseAddress!, m: m, n: n, k: k,
                             alpha: alpha, beta: beta, threads: threads)
                }
            }
        }
    }
}
