import Foundation

/// Sub-center ArcFace (Deng et al., ECCV 2020) as pytorch-metric-learning computes it
/// (`subcenter_arcface_loss.py:15-27` with `arcface_loss.py:28-45`): k weight rows per class, c̃ = the best
/// sub-centre's cosine for every class, and ArcFace on c̃ with PML's fallback:
///   f_y = s cos(θ̃ + m) where θ̃ = acos(c̃) ≤ π − m, else s (c̃ − m sin m);  f_j = s c̃_j.
/// The margin m is in radians (PML takes degrees; the radians win). insightface's own version has no
/// fallback; PML's is kept because it is the project's ArcFace convention and PML's column order is the one the
/// issue cites. With k = 1 this is ArcFace, except exactly at θ = π − m (PML tests the angle with ≤, the
/// house's ArcFace tests c ≤ −cos m).
public struct SubCenterArcFace: LogitRule {
    /// The additive angular margin m (radians).
    public var m: Double
    /// The scale s.
    public var s: Double
    /// k, the sub-centres per class.
    public var subCenterCount: Int

    /// Sub-center ArcFace with margin `m` (radians), scale `s` and `subCenters` rows per class (insightface's
    /// sample_config.py: K = 3, s = 64, m = 0.5).
    public init(m: Double = 0.5, s: Double = 64, subCenters: Int = 3) {
        self.m = m
        self.s = s
        subCenterCount = subCenters
    }

    /// "subcenter_arcface".
    public var name: String { "subcenter_arcface" }

    /// k.
    public var subCenters: Int { subCenterCount }

    /// S = s.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { s }

    /// t(c̃) = cos(θ̃ + m), slope cos m + c̃ sin m / sin θ̃ (= sin(θ̃ + m) / sin θ̃, with sin θ̃ floored at 1e-8 as
    /// the house's ArcFace) where θ̃ ≤ π − m; else c̃ − m sin m, slope 1 (PML's fallback).
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        Self.arcFaceTarget(cosine: c, margin: m)
    }

    /// PML's ArcFace target before scaling: cos(acos(c) + m) where acos(c) ≤ π − m, else c − m sin m; slopes as
    /// `targetLogit(cosine:context:)`.
    public static func arcFaceTarget(cosine c: Double, margin m: Double) -> LogitPiece {
        let c = min(max(c, -1), 1)
        let theta = acos(c)
        guard theta <= .pi - m else { return LogitPiece(value: c - m * sin(m), slope: 1) }
        let sine = (1 - c * c).squareRoot()
        return LogitPiece(value: cos(theta + m), slope: cos(m) + c * sin(m) / max(sine, 1e-8))
    }

    /// m 0–1.5 rad, s 1–256, sub_centers 1–10.
    public var parameterSpecs: [LossParameterSpec] {
        [LossParameterSpec("m", default: .value(0.5), lower: 0, upper: 1.5, unit: "radians", step: .add(0.05),
                           reason: "the house's ArcFace range; a class keeps a region only where θ12 > m"),
         LossParameterSpec("s", default: .value(64), lower: 1, upper: 256, unit: "scale", step: .add(1),
                           reason: "the house's scale range"),
         LossParameterSpec("sub_centers", default: .value(3), lower: 1, upper: 10, unit: "sub-centres per class",
                           step: .add(1), isInteger: true,
                           reason: "1 is ArcFace and 3 the paper's default; 10 rows per class keep the plane readable")]
    }

    /// m, s, sub_centers.
    public func value(of key: String) -> Double? {
        switch key {
        case "m": m
        case "s": s
        case "sub_centers": Double(subCenterCount)
        default: nil
        }
    }
}
