import Geometry
import Testing
@testable import Analysis

/// The vectorised Float row scans against plain loops written here, on rows whose lengths are not multiples of
/// sixteen, with −∞ entries (a sample's own classes), repeated values and values exactly at the thresholds.
@Suite struct RowScanTests {
    static func row(seed: UInt64, count: Int) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var values = (0..<count).map { _ in Float(generator.nextGaussian() * 0.3) }
        for j in stride(from: 3, to: count, by: 29) { values[j] = -.infinity }
        for j in stride(from: 5, to: count, by: 17) { values[j] = 0.25 }  // at the thresholds below
        return values
    }

    @Test(arguments: [1, 15, 16, 17, 100, 1001])
    func extremesAndRangesMatchPlainLoops(count: Int) {
        let values = Self.row(seed: UInt64(count), count: count)
        for (low, high) in [(Float(0.25), Float(0.25)), (-0.1, 0.4), (-.infinity, -Float.greatestFiniteMagnitude),
                            (-2, 2), (0.9, 1)] {
            let below = values.filter { $0 <= low }.max() ?? -.infinity
            let above = values.filter { $0 >= high }.min() ?? .infinity
            let found = values.withUnsafeBufferPointer {
                RowScan.extremes($0.baseAddress!, count: count, atOrBelow: low, atOrAbove: high)
            }
            #expect(found.largest == below && found.smallest == above, "\(count) \(low) \(high)")
            var indices: [Int] = []
            values.withUnsafeBufferPointer {
                RowScan.indices(from: low, through: high, $0.baseAddress!, count: count, into: &indices)
            }
            #expect(indices == values.indices.filter { values[$0] >= low && values[$0] <= high }, "\(count)")
        }
    }
}
