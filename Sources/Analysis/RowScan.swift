/// The two scans of a row of screening cosines, vectorised: its largest value, and the indices of the values at or
/// above a threshold (rarely more than one or two, so most blocks are passed over with one vector compare).
extension AnalysisScalar {
    /// max_j values[j] * scales[j] (or of values[j] when `scales` is nil) over `count` entries; -infinity for none.
    static func maximum(_ values: UnsafePointer<Self>, scaledBy scales: UnsafePointer<Self>?, count: Int) -> Self {
        var best = -Self.infinity
        for j in 0..<count {
            let value = scales.map { values[j] * $0[j] } ?? values[j]
            if value > best { best = value }
        }
        return best
    }
}

extension Float {
    // Four SIMD4 lanes side by side: SIMD4 is the width Swift lowers to single vector instructions on every x86-64
    // (a SIMD16's pointwise operations fell back to lane-by-lane code), and four of them hide the latency.

    /// Four lanes of `values` (times `scales`) from element j.
    @inline(__always)
    private static func lanes(_ values: UnsafeRawPointer, _ scales: UnsafeRawPointer?, _ j: Int)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        var x0 = values.loadUnaligned(fromByteOffset: j * 4, as: SIMD4<Float>.self)
        var x1 = values.loadUnaligned(fromByteOffset: j * 4 + 16, as: SIMD4<Float>.self)
        var x2 = values.loadUnaligned(fromByteOffset: j * 4 + 32, as: SIMD4<Float>.self)
        var x3 = values.loadUnaligned(fromByteOffset: j * 4 + 48, as: SIMD4<Float>.self)
        if let scales {
            x0 *= scales.loadUnaligned(fromByteOffset: j * 4, as: SIMD4<Float>.self)
            x1 *= scales.loadUnaligned(fromByteOffset: j * 4 + 16, as: SIMD4<Float>.self)
            x2 *= scales.loadUnaligned(fromByteOffset: j * 4 + 32, as: SIMD4<Float>.self)
            x3 *= scales.loadUnaligned(fromByteOffset: j * 4 + 48, as: SIMD4<Float>.self)
        }
        return (x0, x1, x2, x3)
    }

    /// `maximum` for Float, sixteen values a step.
    static func maximum16(_ values: UnsafePointer<Float>, scaledBy scales: UnsafePointer<Float>?,
                          count: Int) -> Float {
        var (a, b, c, d) = (SIMD4<Float>(repeating: -.infinity), SIMD4<Float>(repeating: -.infinity),
                            SIMD4<Float>(repeating: -.infinity), SIMD4<Float>(repeating: -.infinity))
        let raw = UnsafeRawPointer(values), rawScales = scales.map(UnsafeRawPointer.init)
        var j = 0
        while j + 16 <= count {
            let (x0, x1, x2, x3) = lanes(raw, rawScales, j)
            a.replace(with: x0, where: x0 .> a)
            b.replace(with: x1, where: x1 .> b)
            c.replace(with: x2, where: x2 .> c)
            d.replace(with: x3, where: x3 .> d)
            j += 16
        }
        a.replace(with: b, where: b .> a)
        c.replace(with: d, where: d .> c)
        a.replace(with: c, where: c .> a)
        var best = Swift.max(Swift.max(a[0], a[1]), Swift.max(a[2], a[3]))
        while j < count {
            let value = scales.map { values[j] * $0[j] } ?? values[j]
            if value > best { best = value }
            j += 1
        }
        return best
    }

    /// Appends to `indices` every j with values[j] * scales[j] (or values[j]) >= threshold, in order.
    static func indices16(atLeast threshold: Float, _ values: UnsafePointer<Float>, scaledBy scales: UnsafePointer<Float>?,
                          count: Int, into indices: inout [Int]) {
        let raw = UnsafeRawPointer(values), rawScales = scales.map(UnsafeRawPointer.init)
        let limit = SIMD4<Float>(repeating: threshold)
        var j = 0
        while j + 16 <= count {
            let (x0, x1, x2, x3) = lanes(raw, rawScales, j)
            if any((x0 .>= limit) .| (x1 .>= limit) .| (x2 .>= limit) .| (x3 .>= limit)) {
                for k in j ..< j + 16 where (scales.map { values[k] * $0[k] } ?? values[k]) >= threshold {
                    indices.append(k)
                }
            }
            j += 16
        }
        while j < count {
            let value = scales.map { values[j] * $0[j] } ?? values[j]
            if value >= threshold { indices.append(j) }
            j += 1
        }
    }
}

extension AnalysisScalar {
    /// Appends to `indices` every j with values[j] * scales[j] (or values[j]) >= threshold, in order.
    static func indices(atLeast threshold: Self, _ values: UnsafePointer<Self>, scaledBy scales: UnsafePointer<Self>?,
                        count: Int, into indices: inout [Int]) {
        for j in 0..<count {
            let value = scales.map { values[j] * $0[j] } ?? values[j]
            if value >= threshold { indices.append(j) }
        }
    }
}

/// The row scans in the screening precision: Float's run sixteen lanes wide, Double's as plain loops.
enum RowScan {
    static func maximum<S: AnalysisScalar>(_ values: UnsafePointer<S>, scaledBy scales: UnsafePointer<S>?,
                                           count: Int) -> S {
        if S.self == Float.self {
            let best = Float.maximum16(UnsafeRawPointer(values).assumingMemoryBound(to: Float.self),
                                       scaledBy: scales.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                                       count: count)
            return S(best)
        }
        return S.maximum(values, scaledBy: scales, count: count)
    }

    static func indices<S: AnalysisScalar>(atLeast threshold: S, _ values: UnsafePointer<S>,
                                           scaledBy scales: UnsafePointer<S>?, count: Int, into indices: inout [Int]) {
        if S.self == Float.self {
            Float.indices16(atLeast: Float(threshold), UnsafeRawPointer(values).assumingMemoryBound(to: Float.self),
                            scaledBy: scales.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                            count: count, into: &indices)
            return
        }
        S.indices(atLeast: threshold, values, scaledBy: scales, count: count, into: &indices)
    }
}

extension AnalysisScalar {
    /// The largest value at or below `low` and the smallest at or above `high` of `count` entries (−∞ and +∞ for
    /// none; −∞ entries count only for the first, where they change nothing).
    static func extremes(_ values: UnsafePointer<Self>, count: Int, atOrBelow low: Self, atOrAbove high: Self)
        -> (largest: Self, smallest: Self) {
        var (largest, smallest) = (-Self.infinity, Self.infinity)
        for j in 0..<count {
            let value = values[j]
            if value <= low && value > largest { largest = value }
            if value >= high && value < smallest { smallest = value }
        }
        return (largest, smallest)
    }

    /// Appends to `indices` every j with low <= values[j] <= high, in order.
    static func indices(from low: Self, through high: Self, _ values: UnsafePointer<Self>, count: Int,
                        into indices: inout [Int]) {
        for j in 0..<count where values[j] >= low && values[j] <= high { indices.append(j) }
    }
}

extension Float {
    /// `extremes` for Float, sixteen values a step.
    static func extremes16(_ values: UnsafePointer<Float>, count: Int, atOrBelow low: Float, atOrAbove high: Float)
        -> (largest: Float, smallest: Float) {
        let raw = UnsafeRawPointer(values)
        let (lows, highs) = (SIMD4<Float>(repeating: low), SIMD4<Float>(repeating: high))
        var largest = SIMD4<Float>(repeating: -.infinity), smallest = SIMD4<Float>(repeating: .infinity)
        var j = 0
        while j + 16 <= count {
            let (x0, x1, x2, x3) = lanes(raw, nil, j)
            largest.replace(with: x0, where: (x0 .<= lows) .& (x0 .> largest))
            smallest.replace(with: x0, where: (x0 .>= highs) .& (x0 .< smallest))
            largest.replace(with: x1, where: (x1 .<= lows) .& (x1 .> largest))
            smallest.replace(with: x1, where: (x1 .>= highs) .& (x1 .< smallest))
            largest.replace(with: x2, where: (x2 .<= lows) .& (x2 .> largest))
            smallest.replace(with: x2, where: (x2 .>= highs) .& (x2 .< smallest))
            largest.replace(with: x3, where: (x3 .<= lows) .& (x3 .> largest))
            smallest.replace(with: x3, where: (x3 .>= highs) .& (x3 .< smallest))
            j += 16
        }
        var result = (largest: largest.max(), smallest: smallest.min())
        let tail = Float.extremes(values + j, count: count - j, atOrBelow: low, atOrAbove: high)
        result.largest = Swift.max(result.largest, tail.largest)
        result.smallest = Swift.min(result.smallest, tail.smallest)
        return result
    }

    /// `indices(from:through:)` for Float: blocks of sixteen with no value in range are passed over at once.
    static func indices16(from low: Float, through high: Float, _ values: UnsafePointer<Float>, count: Int,
                          into indices: inout [Int]) {
        let raw = UnsafeRawPointer(values)
        let (lows, highs) = (SIMD4<Float>(repeating: low), SIMD4<Float>(repeating: high))
        var j = 0
        while j + 16 <= count {
            let (x0, x1, x2, x3) = lanes(raw, nil, j)
            let inside = ((x0 .>= lows) .& (x0 .<= highs)) .| ((x1 .>= lows) .& (x1 .<= highs))
                .| ((x2 .>= lows) .& (x2 .<= highs)) .| ((x3 .>= lows) .& (x3 .<= highs))
            if any(inside) {
                for k in j ..< j + 16 where values[k] >= low && values[k] <= high { indices.append(k) }
            }
            j += 16
        }
        while j < count {
            if values[j] >= low && values[j] <= high { indices.append(j) }
            j += 1
        }
    }
}

extension RowScan {
    static func extremes<S: AnalysisScalar>(_ values: UnsafePointer<S>, count: Int, atOrBelow low: S,
                                            atOrAbove high: S) -> (largest: S, smallest: S) {
        if S.self == Float.self {
            let found = Float.extremes16(UnsafeRawPointer(values).assumingMemoryBound(to: Float.self), count: count,
                                         atOrBelow: Float(low), atOrAbove: Float(high))
            return (S(found.largest), S(found.smallest))
        }
        return S.extremes(values, count: count, atOrBelow: low, atOrAbove: high)
    }

    static func indices<S: AnalysisScalar>(from low: S, through high: S, _ values: UnsafePointer<S>, count: Int,
                                           into indices: inout [Int]) {
        if S.self == Float.self {
            Float.indices16(from: Float(low), through: Float(high),
                            UnsafeRawPointer(values).assumingMemoryBound(to: Float.self), count: count,
                            into: &indices)
            return
        }
        S.indices(from: low, through: high, values, count: count, into: &indices)
    }
}
