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
    /// `maximum` for Float, sixteen lanes at a time.
    static func maximum16(_ values: UnsafePointer<Float>, scaledBy scales: UnsafePointer<Float>?,
                          count: Int) -> Float {
        var lanes = SIMD16<Float>(repeating: -.infinity)
        let raw = UnsafeRawPointer(values)
        var j = 0
        if let scales {
            let rawScales = UnsafeRawPointer(scales)
            while j + 16 <= count {
                let product = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
                    * rawScales.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
                lanes = pointwiseMax(lanes, product)
                j += 16
            }
        } else {
            while j + 16 <= count {
                lanes = pointwiseMax(lanes, raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self))
                j += 16
            }
        }
        var best = lanes.max()
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
        let raw = UnsafeRawPointer(values)
        let rawScales = scales.map(UnsafeRawPointer.init)
        let limit = SIMD16<Float>(repeating: threshold)
        var j = 0
        while j + 16 <= count {
            var block = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
            if let rawScales { block *= rawScales.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self) }
            if any(block .>= limit) {
                for lane in 0..<16 where block[lane] >= threshold { indices.append(j + lane) }
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
