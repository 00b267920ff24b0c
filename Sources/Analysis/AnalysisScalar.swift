import ArrayFiles
import MatrixKernels

/// The precision an analysis screens in: Float for files whose values Float holds exactly (float16, float32),
/// Double otherwise. Whatever the screening precision, every reported number is recomputed in Double.
protocol AnalysisScalar: BLASScalar {
    /// Rows `range` of `matrix`, row-major, into `buffer`.
    static func decode(_ matrix: NumericMatrix, rows range: Range<Int>, into buffer: inout [Self])
}

extension Float: AnalysisScalar {
    static func decode(_ matrix: NumericMatrix, rows range: Range<Int>, into buffer: inout [Float]) {
        matrix.rows(range, into: &buffer)
    }
}

extension Double: AnalysisScalar {
    static func decode(_ matrix: NumericMatrix, rows range: Range<Int>, into buffer: inout [Double]) {
        matrix.rows(range, into: &buffer)
    }
}

/// A value shared by the threads of `DispatchQueue.concurrentPerform`, each writing only its own part of what it
/// points to.
struct Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
