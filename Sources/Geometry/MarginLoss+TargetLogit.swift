import Foundation

extension MarginLoss {
    /// The target logit before scaling, t(c) with c = cos theta_y, and its derivative dt/dc:
    /// - softmax, NormFace: c
    /// - L-Softmax, A-Softmax: (lambda c + psi(theta)) / (1 + lambda)
    /// - AM-Softmax: c - m
    /// - ArcFace: cos(theta + m) where theta + m <= pi, else c - m sin m (insightface's fallback, th = cos(pi - m));
    ///   with `easyMargin`, c itself where c <= 0
    /// - combined: cos(m1 theta + m2) - m3 at every theta, as insightface's combined margin applies it: no
    ///   fallback, so past theta = (pi - m2) / m1 the target logit rises again (for m1 = 1 it differs from
    ///   ArcFace there); with `easyMargin`, c - m3 where c <= 0
    /// - the losses of issue 10: their rule's target (`targetLogit(cosine:length:)`) at `referenceLength`
    public func targetLogit(cosine c: Double) -> (value: Double, derivative: Double) {
        let c = min(max(c, -1), 1)
        switch kind {
        case .softmax, .normface:
            return (c, 1)
        case .lsoftmax, .sphereface:
            let (p, dp) = psi(cosine: c, m: Int(m))
            return ((lambda * c + p) / (1 + lambda), (lambda + dp) / (1 + lambda))
        case .cosface:
            return (c - m, 1)
        case .arcface:
            if easyMargin && c <= 0 { return (c, 1) }
            let (cosM, sinM) = (cos(m), sin(m))
            if c <= -cosM { return (c - m * sinM, 1) }  // theta >= pi - m: cos(pi - m) = -cos m
            let sine = (1 - c * c).squareRoot()
            return (c * cosM - sine * sinM, cosM + c * sinM / max(sine, 1e-8))
        case .combined:
            if easyMargin && c <= 0 { return (c - m3, 1) }
            let theta = acos(c)
            let sine = (1 - c * c).squareRoot()
            return (cos(m1 * theta + m2) - m3, sin(m1 * theta + m2) * m1 / max(sine, 1e-8))
        default:
            return targetLogit(cosine: c, length: referenceLength)
        }
    }

    /// The target logit before scaling at an angle: `targetLogit(cosine: cos theta)`.
    public func targetLogit(at theta: Angle) -> Double { targetLogit(cosine: cos(theta.radians)).value }
}
