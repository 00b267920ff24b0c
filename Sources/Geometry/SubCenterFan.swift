import Foundation

/// How the two-class picture lays out k sub-centres per class (Sub-center ArcFace): class j's k unit weight rows
/// fan out round W_j, `spacing` apart and centred on it, sub-centre r (0-based, r = 0 … k − 1) at
///   α_jr = W_j + (r − (k − 1)/2) · spacing,
/// so the fan is symmetric about W_j (W_j itself is a sub-centre when k is odd) and k = 1 is W_j alone. The
/// layout is fixed and deterministic: 15° apart, a fan of at most 9 · 15° = 135° for the largest k of 10, so the
/// fans of two classes at θ12 = 90° overlap from k = 7 on, as sub-centres of real classes do.
public struct SubCenterFan: Sendable, Hashable {
    /// k, the sub-centres per class (at least 1).
    public var count: Int
    /// The angle between neighbouring sub-centres of one class.
    public var spacing: Angle

    /// The angle the views put between neighbouring sub-centres: 15°.
    public static let defaultSpacing = Angle(degrees: 15)

    /// One weight per class: W1 and W2 themselves.
    public static let single = SubCenterFan(count: 1)

    /// `count` sub-centres per class, `spacing` apart (k below 1 counts as 1; (k − 1) · spacing must stay below
    /// 360°).
    public init(count: Int, spacing: Angle = defaultSpacing) {
        self.count = max(count, 1)
        self.spacing = spacing
    }

    /// The offset of sub-centre r from its class's weight: (r − (k − 1)/2) · spacing; exactly 0 for k = 1.
    public func offset(_ r: Int) -> Angle {
        Angle(radians: (Double(r) - Double(count - 1) / 2) * spacing.radians)
    }

    /// The k directions of the fan round `centre`, r = 0 … k − 1 (increasing angle).
    public func directions(around centre: Angle) -> [Angle] {
        (0..<count).map { Angle(radians: centre.radians + offset($0).radians) }
    }

    /// The best sub-centre of the fan round `centre` (radians) for the direction phi (radians), and its cosine:
    /// argmax_r cos(phi − α_r), the first (lowest r) on ties, as Sub-center ArcFace's max over the sub-centres.
    public func best(at phi: Double, around centre: Double) -> (index: Int, cosine: Double) {
        var (index, cosine) = (0, Foundation.cos(phi - centre - offset(0).radians))
        for r in 1..<max(count, 1) {
            let c = Foundation.cos(phi - centre - offset(r).radians)
            if c > cosine { (index, cosine) = (r, c) }
        }
        return (index, cosine)
    }

    /// The directions where the best sub-centre of the fan round `centre` changes, in [0, 2π): half-way between
    /// neighbours, α_r + spacing/2 for r = 0 … k − 2, and behind the fan, centre + π, where the last hands over to
    /// the first. None for k = 1.
    public func handovers(around centre: Angle) -> [Angle] {
        guard count > 1 else { return [] }
        let between = (0..<(count - 1)).map { centre.radians + (offset($0).radians + offset($0 + 1).radians) / 2 }
        return (between + [centre.radians + .pi]).map { Angle(radians: normalisedDirection($0)) }.sorted()
    }
}
