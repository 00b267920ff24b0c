import Foundation
import Geometry

/// The numbers of one (sample, class) pair recomputed in Double, by the functions `MarginLoss.evaluate` is built
/// from, so that they agree with `eval` to the last bit; and the angle between two directions, accurate at every
/// angle (acos loses half the digits near 0° and 180°).
enum ExactPair {
    /// The angle between unit vectors `a` and `b` (their first d entries), in radians, as
    /// 2 atan2(‖a - b‖, ‖a + b‖), without allocating: the sums of squares in one pass, and only where they may
    /// have lost digits to underflow the scaled lengths of `angle(_:divisor:_:divisor:dimension:)`.
    static func angle(units a: [Double], _ b: [Double], dimension d: Int) -> Double {
        var minus = 0.0, plus = 0.0
        for index in 0..<d {
            let (x, y) = (a[index], b[index])
            minus += (x - y) * (x - y)
            plus += (x + y) * (x + y)
        }
        guard minus == 0 || minus > 0x1p-900, plus == 0 || plus > 0x1p-900 else {
            return angle(a, divisor: 1, b, divisor: 1, dimension: d)
        }
        return 2 * atan2(minus.squareRoot(), plus.squareRoot())
    }

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
        return 2 * atan2(length(difference), length(sum))
    }

    /// ‖v‖ for v of length at most 2 (a sum or difference of unit vectors): the plain root of the sum of squares,
    /// or, where that sum may have lost digits to underflow, `MarginLoss.length`'s scaled one.
    static func length(_ v: [Double]) -> Double {
        var sum = 0.0
        for value in v { sum += value * value }
        return sum > 0x1p-900 ? sum.squareRoot() : MarginLoss.length(of: v, offset: 0, count: v.count).norm
    }
}

/// Degrees from radians.
func degrees(_ radians: Double) -> Double { Angle(radians: radians).degrees }
