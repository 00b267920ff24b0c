import Foundation
import Geometry

/// The numbers of one (sample, class) pair recomputed in Double, by the functions `MarginLoss.evaluate` is built
/// from, so that they agree with `eval` to the last bit; and the angle between two directions, accurate at every
/// angle (acos loses half the digits near 0° and 180°).
enum ExactPair {
    /// The angle between the directions of a and b (given with the divisors that make their directions), in
    /// radians, as 2 atan2(‖â - b̂‖, ‖â + b̂‖) (Kahan): every digit at 1e-9° as at 179.999999°.
    static func angle(_ a: [Double], divisor aDivisor: Double, _ b: [Double], divisor bDivisor: Double,
                      dimension d: Int) -> Double {
        var difference = [Double](repeating: 0, count: d), sum = [Double](repeating: 0, count: d)
        for index in 0..<d {
            let (x, y) = (a[index] / aDivisor, b[index] / bDivisor)
            difference[index] = x - y
            sum[index] = x + y
        }
        let minus = MarginLoss.length(of: difference, offset: 0, count: d).norm
        let plus = MarginLoss.length(of: sum, offset: 0, count: d).norm
        return 2 * atan2(minus, plus)
    }
}

/// Degrees from radians.
func degrees(_ radians: Double) -> Double { Angle(radians: radians).degrees }
