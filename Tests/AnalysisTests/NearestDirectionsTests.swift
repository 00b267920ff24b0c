import Foundation
import Geometry
import Testing
@testable import Analysis

/// The gaps between class weights come from the upper half of the Gram matrix in blocks; whatever the block size,
/// each row's nearest other row and angle must be what a brute-force comparison of every pair in Double finds.
@Suite struct NearestDirectionsTests {
    static func bruteForce(_ values: [Double], rows: Int, d: Int) -> NearestDirections {
        var result = NearestDirections(nearest: [], gapDegrees: [])
        for i in 0..<rows {
            let a = Array(values[i * d ..< (i + 1) * d])
            let da = MarginLoss.length(of: a, offset: 0, count: d).divisor
            var best = (index: -1, angle: Double.infinity)
            for j in 0..<rows where j != i {
                let b = Array(values[j * d ..< (j + 1) * d])
                let angle = ExactPair.angle(a, divisor: da, b, divisor: MarginLoss.length(of: b, offset: 0, count: d).divisor,
                                            dimension: d)
                if angle < best.angle { best = (j, angle) }  // j ascending: the smallest index among equals
            }
            result.nearest.append(best.index)
            result.gapDegrees.append(Angle(radians: best.angle).degrees)
        }
        return result
    }

    @Test(arguments: [1, 7, 16, 100, 4096])
    func everyBlockSizeFindsTheBruteForceNeighbours(blockRows: Int) {
        var generator = SeededGenerator(seed: 21)
        let (rows, d) = (100, 5)
        var values = (0 ..< rows * d).map { _ in Double(Float(generator.nextGaussian())) }
        for a in 0..<d {  // row 40 repeats row 3 (gap 0), row 77 is row 12 at twice the length (gap 0 too)
            values[40 * d + a] = values[3 * d + a]
            values[77 * d + a] = 2 * values[12 * d + a]
        }
        let expected = Self.bruteForce(values, rows: rows, d: d)
        for floats in [true, false] {
            let found = floats
                ? NearestDirections.find(values.map { Float($0) }, rows: rows, dimension: d, threads: 2,
                                         screening: Float.self, blockRows: blockRows)
                : NearestDirections.find(values, rows: rows, dimension: d, threads: 2, screening: Float.self,
                                         blockRows: blockRows)
            #expect(found == expected, "block \(blockRows), Float values \(floats)")
        }
        #expect(expected.gapDegrees[40] == 0 && expected.nearest[3] == 40 && expected.nearest[77] == 12)
    }
}
