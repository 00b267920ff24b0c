import Foundation

/// The explorer's main picture: W1 at angle 0 and W2 at angle `separation` in the plane, with ‖W1‖/‖W2‖ = `normRatio`.
/// With no bias every boundary is a ray from the origin, so everything depends only on a point's direction.
/// `regions` cuts the whole circle of directions into arcs of one kind each (TwoClassGeometry+Regions.swift).
public struct TwoClassGeometry: Sendable, Hashable {
    /// The loss whose margins are drawn.
    public var loss: MarginLoss
    /// The angle theta12 from W1 to W2, in (0, 180] degrees.
    public var separation: Angle
    /// r = ‖W1‖ / ‖W2‖ (it matters only where the loss does not normalise weights).
    public var normRatio: Double
    /// The feature length ‖x‖ the picture holds for, where the loss depends on it (MagFace, AdaFace: the rays move
    /// with it); nil: `loss.referenceLength`.
    public var featureLength: Double?
    /// The sub-centres each class has, fanned out round W1 and W2 (Sub-center ArcFace); `.single` for one weight per
    /// class. With k > 1 a direction's class cosines are the best sub-centre's, c̃_j = max_r cos(phi − α_jr), and
    /// `loss` judges those (its target on c̃ of the own class against c̃ of the other).
    public var subCenters: SubCenterFan

    /// The geometry of `loss` for W1 at 0 and W2 at `separation`, for features of length `featureLength`, with
    /// `subCenters` fanned out round each weight.
    public init(loss: MarginLoss, separation: Angle, normRatio: Double = 1, featureLength: Double? = nil,
                subCenters: SubCenterFan = .single) {
        self.loss = loss; self.separation = separation; self.normRatio = normRatio
        self.featureLength = featureLength
        self.subCenters = subCenters
    }

    /// The length the picture is drawn for: `featureLength`, else the loss's reference length.
    public var length: Double { featureLength ?? loss.referenceLength }

    /// The valid separations: (0, 180] degrees; the command line takes 1 to 180.
    public static let separationRange = ParameterRange(lower: 1, upper: 180, isInteger: false, unit: "degrees", step: 5)
    /// The valid norm ratios.
    public static let normRatioRange = ParameterRange(lower: 0.1, upper: 10, isInteger: false, unit: "ratio", step: 0.1)

    /// How a direction fares: its class under the margin-free logits, and whether a class-1 or class-2 sample
    /// there would meet its margin (target logit above the other class's logit).
    public func classify(_ direction: Angle) -> PointClass {
        let (c1, c2) = cosines(at: direction.radians)
        return curves.classify(cosine1: c1, cosine2: c2)
    }

    /// cos theta1 = cos phi and cos theta2 = cos(phi - theta12) of the direction phi (radians); with sub-centres the
    /// best of each fan, max_r cos(phi − α_1r) and max_r cos(phi − α_2r).
    func cosines(at phi: Double) -> (Double, Double) {
        guard subCenters.count > 1 else { return (cos(phi), cos(phi - separation.radians)) }
        return (subCenters.best(at: phi, around: 0).cosine, subCenters.best(at: phi, around: separation.radians).cosine)
    }

    /// How the direction of the point (x, y) fares; the cosines come straight from the vector, which is what the
    /// explorer calls once per screen cell.
    public func classify(x: Double, y: Double) -> PointClass { pointClassifier()(x, y) }

    /// `classify(x:y:)` with W2's direction and the curves worked out once, for classifying many points (every
    /// cell of a frame).
    public func pointClassifier() -> @Sendable (_ x: Double, _ y: Double) -> PointClass {
        let (cosine, sine, judge) = (cos(separation.radians), sin(separation.radians), curves.classifier())
        if subCenters.count > 1 {
            let rows = ClassLabel.allCases.map { label in
                subCenterDirections(of: label).map { (cos($0.radians), sin($0.radians)) }
            }
            let best: @Sendable ([(Double, Double)], Double, Double) -> Double = { fan, x, y in
                var largest = -Double.infinity
                for (c, s) in fan { largest = max(largest, c * x + s * y) }
                return largest
            }
            return { [self] x, y in
                let length = (x * x + y * y).squareRoot()
                guard length > 0, length.isFinite else { return classify(.zero) }
                let (c1, c2) = (best(rows[0], x, y) / length, best(rows[1], x, y) / length)
                return judge(min(max(c1, -1), 1), min(max(c2, -1), 1))
            }
        }
        return { [self] x, y in
            let length = (x * x + y * y).squareRoot()
            guard length > 0, length.isFinite else { return classify(.zero) }  // no direction: take W1's
            let (c1, c2) = (x / length, (x * cosine + y * sine) / length)
            return judge(min(max(c1, -1), 1), min(max(c2, -1), 1))
        }
    }

    /// The same loss and norm ratio in the (theta1, theta2) plane.
    public var curves: MarginCurves { MarginCurves(loss: loss, normRatio: normRatio, featureLength: featureLength) }

    /// The same loss with equal norms: what the picture would be if only the norm ratio changed.
    public var withEqualNorms: TwoClassGeometry {
        TwoClassGeometry(loss: loss, separation: separation, normRatio: 1, featureLength: featureLength,
                         subCenters: subCenters)
    }

    /// ElasticFace's band: this picture with the margin fixed at m − 2σ and at m + 2σ (`MarginLoss.elasticBand`),
    /// whose boundaries lie either side of the mean margin's; nil for every other loss.
    public var elasticBand: (lower: TwoClassGeometry, upper: TwoClassGeometry)? {
        guard let band = loss.elasticBand else { return nil }
        var (lower, upper) = (self, self)
        (lower.loss, upper.loss) = (band.lower, band.upper)
        return (lower, upper)
    }

    /// The directions of the sub-centres of `label`, r = 0 … k − 1: the fan round W1 (0) or W2 (theta12).
    public func subCenterDirections(of label: ClassLabel) -> [Angle] {
        subCenters.directions(around: label == .class1 ? .zero : separation)
    }

    /// True when the norm ratio changes the picture: the loss keeps raw weights and r is not 1.
    public var feelsNormRatio: Bool { loss.normalization == .none && normRatio != 1 }
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
