/// The three matrix products of a training step, all written as one kernel on dense row-major buffers:
/// out[r, 0..<n] += sum_c left[r, c] * right[c, 0..<n].
///
/// - forward:      Z  = A · W          (left = A,   right = W)
/// - input grad:   dA = dZ · Wᵀ        (left = dZ,  right = Wᵀ, a transposed copy)
/// - weight grad:  dW = Aᵀ · dZ        (left = Aᵀ,  right = dZ)
///
/// The inner loop runs along a contiguous row of `right` and `out`, so the compiler vectorises it without
/// reassociating any sum (the order of every addition is fixed: runs are bit-for-bit repeatable). Zero entries of
/// `left` are skipped: after a ReLU about half the activations and their gradients are exactly zero, and so are
/// many pixels of the digits, which halves the work. Nothing here allocates or checks bounds.
enum Kernels {
    /// out[r, 0..<n] += sum_c left[r, c] * right[c, 0..<n] for r in 0..<rows, c in 0..<inner.
    /// `indices` and `values` are scratch space for at least `inner` entries.
    @inline(__always)
    static func accumulateProduct<S: NetworkScalar>(
        rows: Int, inner: Int, columns n: Int,
        left: UnsafePointer<S>, right: UnsafePointer<S>, into out: UnsafeMutablePointer<S>,
        indices: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<S>
    ) {
        for r in 0..<rows {
            let leftRow = left + r * inner
            var count = 0
            for c in 0..<inner {  // branch-free: a ReLU's zeros fall at random, a branch would mispredict half
                let value = leftRow[c]
                indices[count] = c
                values[count] = value
                count &+= value.nonZeroFlag
            }
            let o = out + r * n
            var q = 0
            // Eight rows of `right` per pass: one load and one store of `out` for eight multiply-adds.
            while q + 8 <= count {
                let (a0, a1, a2, a3) = (values[q], values[q + 1], values[q + 2], values[q + 3])
                let (a4, a5, a6, a7) = (values[q + 4], values[q + 5], values[q + 6], values[q + 7])
                let r0 = right + indices[q] * n, r1 = right + indices[q + 1] * n
                let r2 = right + indices[q + 2] * n, r3 = right + indices[q + 3] * n
                let r4 = right + indices[q + 4] * n, r5 = right + indices[q + 5] * n
                let r6 = right + indices[q + 6] * n, r7 = right + indices[q + 7] * n
                for j in 0..<n {
                    o[j] += ((a0 * r0[j] + a1 * r1[j]) + (a2 * r2[j] + a3 * r3[j]))
                        + ((a4 * r4[j] + a5 * r5[j]) + (a6 * r6[j] + a7 * r7[j]))
                }
                q += 8
            }
            if q + 4 <= count {
                let (a0, a1, a2, a3) = (values[q], values[q + 1], values[q + 2], values[q + 3])
                let r0 = right + indices[q] * n, r1 = right + indices[q + 1] * n
                let r2 = right + indices[q + 2] * n, r3 = right + indices[q + 3] * n
                for j in 0..<n { o[j] += (a0 * r0[j] + a1 * r1[j]) + (a2 * r2[j] + a3 * r3[j]) }
                q += 4
            }
            while q < count {
                let a = values[q], r0 = right + indices[q] * n
                for j in 0..<n { o[j] += a * r0[j] }
                q += 1
            }
        }
    }

    /// destination (columns x rows) = sourceᵀ, source being rows x columns. In 8 x 8 tiles, so that both sides
    /// stay in a few cache lines at a time.
    @inline(__always)
    static func transpose<S>(rows: Int, columns: Int, _ source: UnsafePointer<S>,
                             into destination: UnsafeMutablePointer<S>) {
        let tile = 8
        var i0 = 0
        while i0 < rows {
            let i1 = min(i0 &+ tile, rows)
            var j0 = 0
            while j0 < columns {
                let j1 = min(j0 &+ tile, columns)
                var i = i0
                while i < i1 {
                    var j = j0
                    while j < j1 {
                        destination[j &* rows &+ i] = source[i &* columns &+ j]
                        j &+= 1
                    }
                    i &+= 1
                }
                j0 = j1
            }
            i0 = i1
        }
    }

    /// out[0..<n] += sum over rows of matrix (rows x n): the bias gradient.
    @inline(__always)
    static func accumulateColumnSums<S: NetworkScalar>(rows: Int, columns n: Int, _ matrix: UnsafePointer<S>,
                                                              into out: UnsafeMutablePointer<S>) {
        for i in 0..<rows {
            let row = matrix + i * n
            for j in 0..<n { out[j] += row[j] }
        }
    }
}

extension Kernels {
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

/// The scalar of the network: Float to train, Double to check gradients.
protocol NetworkScalar: BinaryFloatingPoint, Sendable {
    /// 1 where the value is not ±0 (NaN counts as non-zero), else 0, from the bits: no branch, no flag juggling.
    var nonZeroFlag: Int { get }
}

extension Float: NetworkScalar {
    @inline(__always)
    var nonZeroFlag: Int { Int(((bitPattern & 0x7FFF_FFFF) &+ 0x7FFF_FFFF) >> 31) }
}

extension Double: NetworkScalar {
    @inline(__always)
    var nonZeroFlag: Int { Int(((bitPattern & 0x7FFF_FFFF_FFFF_FFFF) &+ 0x7FFF_FFFF_FFFF_FFFF) >> 63) }
}
