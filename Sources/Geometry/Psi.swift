import Foundation

/// The L-Softmax / A-Softmax angular function for a whole number m, evaluated from c = cos theta:
/// psi(theta) = (-1)^k cos(m theta) - 2k for theta in [k pi/m, (k+1) pi/m], k = 0...m-1.
/// cos(m theta) is the Chebyshev polynomial T_m(c), so the value and its derivative d psi / d c = (-1)^k m U_{m-1}(c)
/// are exact polynomials in c; k comes from acos(c) and carries no gradient.
/// Returns psi and d psi / d c. psi is continuous and decreasing in theta, psi(0) = 1 and psi(pi) = 1 - 2m.
public func psi(cosine c: Double, m: Int) -> (value: Double, derivative: Double) {
    let c = c.isNaN ? 1 : min(max(c, -1), 1)  // NaN (a diverged feature) must not reach Int(_:)
    let theta = acos(c)
    let k = min(Int((theta / (.pi / Double(m))).rounded(.down)), m - 1)
    // T_0 = 1, T_1 = c, T_{n+1} = 2c T_n - T_{n-1};  U_0 = 1, U_1 = 2c, U_{n+1} = 2c U_n - U_{n-1}.
    var (tPrevious, t) = (1.0, c)
    var (uPrevious, u) = (0.0, 1.0)  // U_{-1} = 0 makes the same recurrence give U_1 = 2c.
    for _ in 1..<max(m, 1) {
        (tPrevious, t) = (t, 2 * c * t - tPrevious)
        (uPrevious, u) = (u, 2 * c * u - uPrevious)
    }
    let sign: Double = k % 2 == 0 ? 1 : -1
    return (sign * t - 2 * Double(k), sign * Double(m) * u)
}
