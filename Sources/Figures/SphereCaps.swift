import Foundation
import Geometry

/// What a loss says about one direction of the sphere: the class whose margin-free logit is largest there (the cap
/// it wins), and whether a sample of that class pointing there meets the margin too.
public struct SphereRegion: Sendable, Hashable {
    /// The class with the largest margin-free logit (0..<K).
    public var winner: Int
    /// True when the winner's logit with its margin still beats every other class's logit: inside the winner's
    /// margin cap. False in the band between caps, where the class wins only without its margin.
    public var meetsMargin: Bool
}

/// The caps of K class weights on the unit sphere under a margin loss (SphereFace's and AM-Softmax's figures).
/// For a unit direction u, class j's logits are the ones `MarginLoss.evaluate` forms for a feature u of length 1:
/// plain f_j = A_j cos(u, W_j) (W_j · u for softmax), with margin A_j t(cos(u, W_j)). No bias anywhere, so every
/// region is a cone from the origin and the length of the feature does not move it; a sample of class j meets the
/// margin where A_j t(c_j) > max over k ≠ j of A_k c_k.
public struct SphereCaps: Sendable, Hashable {
    /// The loss.
    public let loss: MarginLoss
    /// The class weights as given (their lengths matter to losses that keep raw weights).
    public let weights: [Vector3]

    /// The caps of `weights` under `loss`.
    public init(loss: MarginLoss, weights: [Vector3]) {
        self.loss = loss
        self.weights = weights
        lengths = weights.map(\.length)
    }

    /// ‖W_j‖, computed once (a frame asks for the region under every dot).
    private let lengths: [Double]

    /// The region at direction `u` (normalised first; a zero direction is class 0's band).
    public func region(at u: Vector3) -> SphereRegion {
        guard let unit = u.normalised, !weights.isEmpty else { return SphereRegion(winner: 0, meetsMargin: false) }
        // The largest margin-free logit (the first of equals) and the largest of the others, in one pass.
        var (winner, best, rival) = (0, -Double.infinity, -Double.infinity)
        for j in weights.indices {
            let plain = logit(of: j, at: unit, withMargin: false)
            if plain > best || j == 0 { (rival, best, winner) = (best, plain, j) } else if plain > rival { rival = plain }
        }
        return SphereRegion(winner: winner, meetsMargin: logit(of: winner, at: unit, withMargin: true) > rival)
    }

    /// Class j's logit for a unit feature `unit`, plain A_j c_j or with margin A_j t(c_j), as `evaluate` forms it
    /// (`MarginLoss.pairLogits`), with ‖x‖ = 1.
    private func logit(of j: Int, at unit: Vector3, withMargin: Bool) -> Double {
        let w = weights[j], length = lengths[j], dot = w.dot(unit)
        let cosine = length > 0 ? min(max(dot / length, -1), 1) : 0
        let scale = loss.logitScale(weightNorm: length, featureNorm: 1)
        return loss.pairLogits(dot: dot, cosine: cosine, scale: scale, isTarget: withMargin).logit
    }

    /// True when a sample of class `j` at unit `u` meets its margin against every other class:
    /// A_j t(c_j) > A_k c_k for all k ≠ j (asked of j alone, so where margins are negative two classes may both).
    public func meetsMargin(_ j: Int, at u: Vector3) -> Bool {
        guard let unit = u.normalised else { return false }
        let own = logit(of: j, at: unit, withMargin: true)
        return weights.indices.allSatisfy { $0 == j || logit(of: $0, at: unit, withMargin: false) < own }
    }

    /// The point at angle `t` from unit `a` along the great circle towards `b`: cos t a + sin t n, with n the unit
    /// part of b perpendicular to a. Nil when a and b are parallel (no one great circle joins them).
    public static func arcPoint(from a: Vector3, towards b: Vector3, at t: Angle) -> Vector3? {
        guard let a = a.normalised, let b = b.normalised else { return nil }
        guard let n = (b - a.dot(b) * a).normalised else { return nil }
        return cos(t.radians) * a + sin(t.radians) * n
    }

    /// The band between the caps of classes `first` and `second` along the great circle from W_first to W_second:
    /// the angles from W_first where `first`'s margin cap ends and where `second`'s begins (each found by
    /// bisection to 1e-10 rad), and the band's width between them (negative where the caps overlap). Nil when the
    /// weights are parallel, or a class does not win at its own weight's direction.
    public func band(between first: Int, and second: Int) -> (start: Angle, end: Angle, width: Angle)? {
        let (a, b) = (weights[first], weights[second])
        let span = a.angle(to: b).radians
        guard span > 0, SphereCaps.arcPoint(from: a, towards: b, at: .zero) != nil else { return nil }
        func point(_ t: Double) -> Vector3 { SphereCaps.arcPoint(from: a, towards: b, at: Angle(radians: t))! }
        guard meetsMargin(first, at: point(0)), meetsMargin(second, at: point(span)) else { return nil }
        // first's cap: true at 0; find where it turns false. second's: true at span; find where it turns true.
        func edge(_ holds: (Double) -> Bool, from inside: Double, to outside: Double) -> Double {
            var (low, high) = (inside, outside)
            guard !holds(outside) else { return outside }
            while abs(high - low) > 1e-10 {
                let middle = (low + high) / 2
                if holds(middle) { low = middle } else { high = middle }
            }
            return (low + high) / 2
        }
        let start = edge({ meetsMargin(first, at: point($0)) }, from: 0, to: span)
        let end = edge({ meetsMargin(second, at: point($0)) }, from: span, to: 0)
        return (Angle(radians: start), Angle(radians: end), Angle(radians: end - start))
    }
}
