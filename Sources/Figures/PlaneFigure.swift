import Foundation
import Geometry

/// A labelled sample of the two-class picture, in world units (the longer weight vector has length 1).
public struct PlaneSample: Sendable, Hashable {
    /// Its position.
    public var position: WorldPoint
    /// Its class.
    public var label: ClassLabel

    /// A sample of `label` at (x, y).
    public init(x: Double, y: Double, label: ClassLabel) { position = WorldPoint(x: x, y: y); self.label = label }

    /// A sample of `label` at `radius` in `direction` (from W1 towards W2).
    public init(direction: Angle, radius: Double, label: ClassLabel) {
        position = WorldPoint.origin.moved(radius, towards: direction); self.label = label
    }

    /// Its direction, atan2(y, x).
    public var direction: Angle { Angle(radians: atan2(position.y, position.x)) }
}

/// The explorer's two-class plane as a scene: the contract the plane view and the compare panels draw from,
/// and what `render --format svg|csv` writes for them.
///
/// Contents, in drawing order (world units: W1 along +x, the longer weight vector of length 1):
/// - one `sector` per arc of `TwoClassGeometry.regions` (radius `rayLength`, past the corners), role class1,
///   class2, overlapZone or marginZone, classes `region` and the arc's kind (`class1`, `class2`, `overlap`,
///   `margin`);
/// - the softmax boundaries (two; with sub-centres every tie of the best cosines): dashed rays (role reference),
///   class `softmax-boundary`;
/// - ElasticFace's band: the region boundaries at m − 2σ and at m + 2σ, dotted rays of role class1 or class2,
///   classes `class1-boundary band` or `class2-boundary band`, `data-band` `lower` or `upper`, `data-m` its margin;
/// - every region boundary, once per class whose margin changes there: rays of role class1 or class2, class
///   `class1-boundary` or `class2-boundary`;
/// - with sub-centres (k > 1), where the best sub-centre of a class changes inside its region: dashed rays of
///   the class's role, class `class1-subcenter-divider` or `class2-subcenter-divider`;
/// - rays in the outer sector (direction past theta12) add the class `outer`; every ray's `data-angle-deg` is its
///   direction in [0, 360) from W1 towards W2 (the SVG writer adds it from the ray itself);
/// - the margin arcs between W1 and W2 (radius 0.3, role accent, class `margin-arc`, `data-width-deg`);
/// - W1 and W2: rays with arrow heads whose lengths follow the norm ratio, classes `w1` and `w2`; with k > 1
///   sub-centres instead every sub-centre, of length 1, classes `w1-subcenter` or `w2-subcenter`, `data-index`
///   r = 1 … k (the fan's order, `SubCenterFan`), and `data-won-deg`, the width of the region it wins;
/// - labels: `W1`, `W2` beyond the tips (class `weight-label`), each margin's width at radius 0.44 (role accent,
///   class `margin-label`), each overlap's width at 0.58 (role warning, class `overlap-label`);
/// - one marker per sample: round for class 1, square for class 2; filled where it meets its margin, hollow
///   inside the margin zone, crossed where the margin-free logits misclassify it; classes `sample` and
///   `class1`/`class2`, data `index`, `label` (1 or 2) and `status`.
public enum PlaneFigure {
    /// World units shown from the centre to each edge.
    public static let reach = 1.2
    /// How far rays and region sectors reach: past the corners (reach √2).
    public static let rayLength = reach * 2
    /// The radius of the margin arcs.
    public static let marginArcRadius = 0.3

    /// The scene of `loss` with W2 at `separation` and ‖W1‖/‖W2‖ = `normRatio`, with `samples`; `state` is kept
    /// for the SVG's metadata.
    public static func scene(loss: MarginLoss, separation: Angle, normRatio: Double, samples: [PlaneSample],
                             state: String = "") -> Scene {
        scene(TwoClassGeometry(loss: loss, separation: separation, normRatio: normRatio), samples: samples,
              state: state)
    }

    /// The scene of `geometry` (its loss, angle, ratio, feature length and sub-centres) with `samples`; `state` is
    /// kept for the SVG's metadata. The title names what the picture holds for beyond the loss: the feature length
    /// of MagFace and AdaFace, the sub-centre fan, ElasticFace's band.
    public static func scene(_ geometry: TwoClassGeometry, samples: [PlaneSample], state: String = "") -> Scene {
        let (loss, separation, normRatio) = (geometry.loss, geometry.separation, geometry.normRatio)
        let regions = geometry.regions
        var scene = Scene(bounds: WorldBounds(reach: reach), sharesScale: true,
                          title: "Two-class plane: \(loss.summary), θ12 = \(NumberText.tidy(separation.degrees))°, "
                              + "‖W1‖/‖W2‖ = \(NumberText.tidy(normRatio))" + notes(geometry),
                          state: state)
        for arc in regions.arcs {
            scene.add(.sector(Sector(radius: rayLength, from: arc.from, to: arc.to)), role: role(of: arc.kind),
                      tags: Tags(classes: ["region", arc.kind.rawValue]))
        }
        func sectorClasses(_ direction: Angle) -> [String] {
            direction.radians > separation.radians ? ["outer"] : []
        }
        for tie in regions.softmaxBoundaries {
            scene.add(.ray(Ray(direction: tie, length: rayLength, dash: Dash(dots: 2))), role: .reference,
                      tags: Tags(classes: ["softmax-boundary"] + sectorClasses(tie)))
        }
        if let band = geometry.elasticBand {
            for (name, end) in [("lower", band.lower), ("upper", band.upper)] {
                for boundary in end.regions.boundaries {
                    for label in boundary.classes {
                        scene.add(.ray(Ray(direction: boundary.direction, length: rayLength, dash: Dash(dots: 1))),
                                  role: .of(label),
                                  tags: Tags(classes: ["class\(label.rawValue)-boundary", "band"]
                                                 + sectorClasses(boundary.direction),
                                             data: ["band": name, "m": exactText(end.loss.m)]))
                    }
                }
            }
        }
        for boundary in regions.boundaries {
            for label in boundary.classes {
                scene.add(.ray(Ray(direction: boundary.direction, length: rayLength)), role: .of(label),
                          tags: Tags(classes: ["class\(label.rawValue)-boundary"] + sectorClasses(boundary.direction)))
            }
        }
        let fan = geometry.subCenters
        let won = geometry.subCenterArcs(in: regions)
        if fan.count > 1 {
            for label in ClassLabel.allCases {
                for divider in geometry.subCenterDividers(of: label, in: regions) {
                    scene.add(.ray(Ray(direction: divider, length: rayLength, dash: Dash(dots: 3))), role: .of(label),
                              tags: Tags(classes: ["class\(label.rawValue)-subcenter-divider"] + sectorClasses(divider)))
                }
            }
        }
        let zones = innerZones(regions)
        for zone in zones where zone.kind == .margin {
            scene.add(.arc(Arc(radius: marginArcRadius, from: zone.from, to: zone.to)), role: .accent,
                      tags: Tags(classes: ["margin-arc"], data: ["width-deg": exactText(zone.width.degrees)]))
        }
        let longest = max(normRatio, 1)
        let weights = [(ClassLabel.class1, Angle.zero, normRatio / longest), (.class2, separation, 1 / longest)]
        for (label, direction, length) in weights where fan.count == 1 {
            scene.add(.ray(Ray(direction: direction, length: length, hasArrowHead: true)), role: .of(label),
                      tags: Tags(classes: ["w\(label.rawValue)"]))
        }
        for label in ClassLabel.allCases where fan.count > 1 {
            for (r, direction) in geometry.subCenterDirections(of: label).enumerated() {
                let width = won.filter { $0.label == label && $0.index == r }.map(\.span.width.degrees).reduce(0, +)
                scene.add(.ray(Ray(direction: direction, length: 1, hasArrowHead: true)),
                          role: .of(label), tags: Tags(classes: ["w\(label.rawValue)-subcenter"],
                                                      data: ["index": String(r + 1), "won-deg": exactText(width)]))
            }
        }
        for (label, direction, length) in weights {
            scene.add(.label(Label("W\(label.rawValue)", at: WorldPoint.origin.moved(length + 0.12, towards: direction),
                                   anchor: .centre)),
                      role: .of(label), tags: Tags(classes: ["weight-label"]))
        }
        for zone in zones where zone.width.radians > 1e-6 {
            let middle = Angle(radians: (zone.from.radians + zone.to.radians) / 2)
            let width = zone.width.degrees
            if zone.kind == .margin {
                scene.add(.label(Label(NumberText.degrees(zone.width), at: WorldPoint.origin.moved(0.44, towards: middle),
                                       anchor: .centre)),
                          role: .accent, tags: Tags(classes: ["margin-label"], data: ["width-deg": exactText(width)]))
            } else {
                scene.add(.label(Label("overlap " + NumberText.degrees(zone.width),
                                       at: WorldPoint.origin.moved(0.58, towards: middle))),
                          role: .warning, tags: Tags(classes: ["overlap-label"], data: ["width-deg": exactText(width)]))
            }
        }
        for (index, sample) in samples.enumerated() {
            let (marker, status) = self.marker(for: sample, in: geometry)
            scene.add(.marker(marker), role: .of(sample.label),
                      tags: Tags(classes: ["sample", "class\(sample.label.rawValue)"],
                                 data: ["index": String(index), "label": String(sample.label.rawValue), "status": status]))
        }
        return scene
    }

    /// What the picture holds for beyond the loss, for the title: ", rays for ‖x‖ = 84" (MagFace, AdaFace),
    /// ", 3 sub-centres per class 15° apart" (Sub-center ArcFace, k > 1), ", band m ± 2σ = 0.4 to 0.6 dotted"
    /// (ElasticFace); empty for every other loss.
    public static func notes(_ geometry: TwoClassGeometry) -> String {
        var text = ""
        if geometry.loss.dependsOnLength {
            text += ", rays for ‖x‖ = " + NumberText.significant(geometry.length, digits: 4)
        }
        if geometry.subCenters.count > 1 {
            text += ", \(geometry.subCenters.count) sub-centres per class "
                + NumberText.tidy(geometry.subCenters.spacing.degrees) + "° apart"
        }
        if let band = geometry.elasticBand {
            text += ", band m ± 2σ = " + NumberText.tidy(band.lower.loss.m) + " to " + NumberText.tidy(band.upper.loss.m)
                + " dotted"
        }
        return text
    }

    /// The role of a region's fill.
    public static func role(of kind: RegionKind) -> Role {
        switch kind {
        case .class1: .class1
        case .class2: .class2
        case .overlap: .overlapZone
        case .margin: .marginZone
        }
    }

    /// The sample's glyph and what it says: filled where it meets its margin, hollow inside the margin zone,
    /// crossed where the margin-free logits misclassify it (the explorer's rule, `PlaneCanvas.glyph`).
    public static func marker(for sample: PlaneSample, in geometry: TwoClassGeometry) -> (Marker, status: String) {
        let point = geometry.classify(sample.direction)
        let meets = sample.label == .class1 ? point.meetsClass1Margin : point.meetsClass2Margin
        let misclassified = point.argmaxClass != sample.label.rawValue
        let fill: Marker.Fill = misclassified ? .crossed : meets ? .filled : .hollow
        let status = misclassified ? "misclassified" : meets ? "meets its margin" : "inside the margin"
        return (Marker(at: sample.position, shape: sample.label == .class1 ? .round : .square, fill: fill), status)
    }

    /// The margin and overlap arcs whose middle lies between W1 and W2 (where the picture writes their width).
    public static func innerZones(_ regions: TwoClassRegions) -> [RegionArc] {
        regions.arcs.filter { arc in
            guard arc.kind == .margin || arc.kind == .overlap, arc.width.radians < 2 * .pi else { return false }
            let middle = DirectionArc(from: .zero, to: regions.separation)
                .lifted(Angle(radians: (arc.from.radians + arc.to.radians) / 2))
            return middle <= regions.separation.radians
        }
    }
}
