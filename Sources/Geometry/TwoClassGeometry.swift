import Foundation

/// The explorer's main picture: W1 at angle 0 and W2 at angle `separation` in the plane, with ‖W1‖/‖W2‖ = `normRatio`.
/// With no bias every boundary is a ray from the origin, so everything depends only on a point's direction.
public struct TwoClassGeometry: Sendable, Hashable {
    /// The loss whose margins are drawn.
    public var loss: MarginLoss
    /// The angle theta12 from W1 to W2, in (0, 180] degrees.
    public var separation: Angle
    /// r = ‖W1‖ / ‖W2‖ (it matters only where the loss does not normalise weights).
    public var normRatio: Double

    /// The geometry of `loss` for W1 at 0 and W2 at `separation`.
    public init(loss: MarginLoss, separation: Angle, normRatio: Double = 1) {
        self.loss = loss; self.separation = separation; self.normRatio = normRatio
    }

    /// The valid separations: (0, 180] degrees; the command line takes 1 to 180.
    public static let separationRange = ParameterRange(lower: 1, upper: 180, isInteger: false, unit: "degrees", step: 5)
    /// The valid norm ratios.
    public static let normRatioRange = ParameterRange(lower: 0.1, upper: 10, isInteger: false, unit: "ratio", step: 0.1)

    /// Angles (theta1, theta2) from a direction phi (radians from W1 towards W2) to W1 and W2, each in [0, pi].
    public func angles(at direction: Angle) -> (theta1: Angle, theta2: Angle) {
        (Angle(radians: angleBetween(direction.radians, 0)),
         Angle(radians: angleBetween(direction.radians, separation.radians)))
    }

    /// How a direction fares: its class under the margin-free logits, and whether a class-1 or class-2 sample
    /// there would meet its margin (target logit above the other class's logit).
    public func classify(_ direction: Angle) -> PointClass {
        let (theta1, theta2) = angles(at: direction)
        return curves.classify(theta1: theta1, theta2: theta2)
    }

    /// How the direction of the point (x, y) fares; the cosines come straight from the vector, which is what the
    /// explorer calls once per screen cell.
    public func classify(x: Double, y: Double) -> PointClass { pointClassifier()(x, y) }

    /// `classify(x:y:)` with W2's direction and the curves worked out once, for classifying many points (every
    /// cell of a frame).
    public func pointClassifier() -> @Sendable (_ x: Double, _ y: Double) -> PointClass {
        let (cosine, sine, curves) = (cos(separation.radians), sin(separation.radians), curves)
        return { [self] x, y in
            let length = (x * x + y * y).squareRoot()
            guard length > 0, length.isFinite else { return classify(.zero) }  // no direction: take W1's
            let (c1, c2) = (x / length, (x * cosine + y * sine) / length)
            return curves.classify(cosine1: min(max(c1, -1), 1), cosine2: min(max(c2, -1), 1))
        }
    }

    /// The same loss and norm ratio in the (theta1, theta2) plane.
    public var curves: MarginCurves { MarginCurves(loss: loss, normRatio: normRatio) }

    /// False when the margin is so large that a class-1 sample fails it even on W1 itself: class 1 has no region,
    /// and its boundary sits at W1.
    public var class1HasRegion: Bool { classify(.zero).meetsClass1Margin }

    /// False when a class-2 sample fails its margin even on W2 itself.
    public var class2HasRegion: Bool { classify(separation).meetsClass2Margin }

    /// The boundaries in the sector between W1 and W2 (directions 0 to theta12).
    public var inner: SectorBoundaries { boundaries(fromW1: 0, toW2: separation.radians) }

    /// The boundaries in the opposite sector (directions theta12 to 360 degrees, W1 reached again at 360).
    public var outer: SectorBoundaries { boundaries(fromW1: 2 * .pi, toW2: separation.radians) }

    /// Scans from each weight vector across the sector for the first direction where its class stops meeting the
    /// test, then bisects that bracket to 1e-12 rad. The regions are the directions up to each boundary.
    private func boundaries(fromW1 start: Double, toW2 end: Double) -> SectorBoundaries {
        let softmax = edge(from: start, to: end) { $0.argmaxClass == 1 }
        let class1 = edge(from: start, to: end) { $0.meetsClass1Margin }
        let class2 = edge(from: end, to: start) { $0.meetsClass2Margin }
        return SectorBoundaries(softmax: Angle(radians: softmax), class1: Angle(radians: class1),
                                class2: Angle(radians: class2), width: Angle(radians: abs(end - start)),
                                isOuter: start > end)
    }

    /// The first direction going from `start` towards `end` where `holds` turns false (start itself when it
    /// never held, end when it always holds).
    private func edge(from start: Double, to end: Double, while holds: (PointClass) -> Bool) -> Double {
        func test(_ phi: Double) -> Bool { holds(classify(Angle(radians: phi))) }
        guard test(start) else { return start }
        let steps = 360
        var previous = start
        for step in 1...steps {
            let phi = start + (end - start) * Double(step) / Double(steps)
            if !test(phi) {
                var (inside, outside) = (previous, phi)
                // Bisect until the bracket cannot shrink further in Double (about 1e-15 rad).
                for _ in 0..<100 where abs(outside - inside) > 4 * Double.ulpOfOne * max(1, abs(inside)) {
                    let middle = (inside + outside) / 2
                    if test(middle) { inside = middle } else { outside = middle }
                }
                return (inside + outside) / 2
            }
            previous = phi
        }
        return end
    }
}

/// The rays that bound the regions in one sector, as directions measured from W1 towards W2.
public struct SectorBoundaries: Sendable, Hashable {
    /// Where the margin-free logits tie (r cos theta1 = cos theta2 for raw weights).
    public var softmax: Angle
    /// Where a class-1 sample just meets its margin.
    public var class1: Angle
    /// Where a class-2 sample just meets its margin.
    public var class2: Angle
    /// The angular width of the sector.
    public var width: Angle

    /// True for the opposite sector, whose directions run from W2 (theta12) on to W1 (360 degrees).
    public var isOuter: Bool

    /// The decision margin: the angle between the class-1 and class-2 boundaries, negative where the regions
    /// overlap; class2 - class1 in the inner sector, class1 - class2 in the outer one.
    public var margin: Angle {
        Angle(radians: isOuter ? class1.radians - class2.radians : class2.radians - class1.radians)
    }
}

/// What the loss says about one direction in the two-class picture.
public struct PointClass: Sendable, Hashable {
    /// 1 or 2: the class with the larger margin-free logit.
    public var argmaxClass: Int
    /// A class-1 sample here meets its margin.
    public var meetsClass1Margin: Bool
    /// A class-2 sample here meets its margin.
    public var meetsClass2Margin: Bool
}

/// The unsigned angle between two directions, in [0, pi].
func angleBetween(_ a: Double, _ b: Double) -> Double {
    let difference = (a - b).truncatingRemainder(dividingBy: 2 * .pi)
    let wrapped = abs(difference)
    return wrapped > .pi ? 2 * .pi - wrapped : wrapped
}
