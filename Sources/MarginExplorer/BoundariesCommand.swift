import ArgumentParser
import Foundation
import Geometry
import TextFormats

/// `margin-explorer boundaries`: the two-class decision boundaries and margin of a loss, as a table or JSON.
struct BoundariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries",
        abstract: "The two-class decision boundaries and margin of a loss (W1 at 0°, W2 at --angle).",
        discussion: """
            Places W1 at 0° and W2 at --angle degrees in the plane, with ‖W1‖/‖W2‖ = --norm-ratio. Every boundary \
            is a ray from the origin, given as a direction in degrees measured from W1 towards W2. Each direction \
            is class 1 (only a class-1 sample meets its margin there), class 2, overlap (both do) or margin \
            (neither does); a class may have no region, one arc or two, and with a norm ratio far from 1 its \
            region need not hold its own weight vector.
            The sector table: the inner sector runs from W1 (0°) to W2 (--angle), the outer one from W2 round to \
            W1 again at 360°.
              softmax  where the margin-free logits tie inside the sector
              class 1  end (inner) or start (outer) of the class-1 region holding W1
              class 2  start (inner) or end (outer) of the class-2 region holding W2
              margin   from the class-1 ray to the class-2 ray; negative = overlap
            A value with no meaning is "none" in the table and null in JSON, never a clamped number: class 1 \
            when W1 lies outside class 1's region (the norm ratio or a margin too large for the angle puts it \
            there) or when that region runs on past the sector's other end; class 2 likewise; margin when either \
            ray is missing; softmax when the sector holds no tie, or (the outer sector, unequal norms) both.
            JSON keys (--json): loss_function, angle_deg, norm_ratio, softmax_boundary_deg, \
            class1_boundary_deg, class2_boundary_deg, margin_deg, margin_rad, the same with the prefix outer_ for \
            the outer sector (each a number or null); softmax_boundaries_deg, the two directions where the \
            margin-free logits tie; regions, the arcs that cover the circle in order, each {"from_deg": a, \
            "to_deg": b, "kind": "class1" | "class2" | "overlap" | "margin"}: the first starts at the first \
            boundary at or after 0°, each starts where the one before ends, the last ends 360° after the first \
            starts (so it may pass 360°), and neighbours differ in kind.
            Boundaries are found by sampling every 0.1° (and searching each peak of a margin function for a \
            narrower arc), then bisecting each change to the last bit; arcs narrower than 1e-12 rad are merged.
            The losses of issue 10 (unit weights, so --norm-ratio has no effect): a class-1 sample meets its \
            margin where its target logit exceeds the other class's non-target logit, both before scaling. AdaCos \
            has no margin: its rays are the softmax's at any s. Sub-center ArcFace: W1 and W2 stand for each \
            class's best sub-centre, so the rays are ArcFace's. CurricularFace uses t as given (its training \
            value is a running mean). MagFace and AdaFace hold for one feature length, --length (default: \
            MagFace (l_a + u_a)/2, AdaFace norm_mean; AdaFace's norm_mean and norm_std are 20 and 100, its \
            starting buffers, where left out); the table names the length and the margin it gives. ElasticFace: \
            the rays at the mean margin m, and the band of rays for m - 2 sigma and m + 2 sigma (JSON \
            elastic_band: m, class1_boundary_deg, class2_boundary_deg, margin_deg, each [at m - 2 sigma, at \
            m + 2 sigma], null where a ray is missing). Circle: in cosine space its boundary is the circle \
            c_n^2 + (c_p - 1)^2 = 2 m^2; a class has a region only where theta12 > acos(sqrt(2) m). --length has \
            no meaning for the losses that ignore the feature length and is refused there.
            """)

    @OptionGroup var lossOptions: LossOptions

    @Option(name: .customLong("angle"), parsing: .unconditional, help: ArgumentHelp(
        "Angle theta12 from W1 to W2: \(TwoClassGeometry.separationRange.description), default 90.",
        valueName: "degrees"))
    var angleOption: Double?

    @Option(name: .customLong("norm-ratio"), parsing: .unconditional, help: ArgumentHelp("""
        Norm ratio ‖W1‖/‖W2‖: \(TwoClassGeometry.normRatioRange.description), default 1. Only the losses that \
        keep raw weights (softmax, lsoftmax) feel it.
        """, valueName: "ratio"))
    var normRatioOption: Double?

    @Option(name: .customLong("length"), parsing: .unconditional, help: ArgumentHelp(
        "MagFace and AdaFace: the feature length ‖x‖ the rays hold for, \(PsiCommand.lengthRange.description) "
            + "(default: MagFace (l_a + u_a)/2, AdaFace norm_mean).", valueName: "length"))
    var length: Double?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    // Optional options, so that help shows the defaults in the text's own words ("90", not "90.0").
    private var angle: Double { angleOption ?? 90 }
    private var normRatio: Double { normRatioOption ?? 1 }

    mutating func run() throws {
        let loss = try lossOptions.makeLoss()
        guard TwoClassGeometry.separationRange.contains(angle) else {
            throw UsageError("--angle \(JSON.text(angle)) is out of range: it must be "
                + TwoClassGeometry.separationRange.description)
        }
        guard TwoClassGeometry.normRatioRange.contains(normRatio) else {
            throw UsageError("--norm-ratio \(JSON.text(normRatio)) is out of range: it must be "
                + TwoClassGeometry.normRatioRange.description)
        }
        let length = try PsiCommand.checkedLength(length, for: loss)
        let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: angle), normRatio: normRatio,
                                        featureLength: length)
        let text = json ? try Self.json(geometry, angle: angle) : Self.table(geometry, angle: angle)
        try StandardStream.output.write(text)
    }

    /// The JSON object; `angle` is theta12 in degrees exactly as given (converting to radians and back could
    /// change its last digit). A sector key with no meaning for this configuration is null.
    static func json(_ geometry: TwoClassGeometry, angle: Double) throws(UsageError) -> String {
        let regions = geometry.regions
        var object = JSONObjectWriter()
        object.add("loss_function", json: JSON.lossObject(geometry.loss))
        object.add("angle_deg", json: try JSON.number(angle, at: "angle_deg"))
        object.add("norm_ratio", json: try JSON.number(geometry.normRatio, at: "norm_ratio"))
        func add(_ key: String, _ value: Double?) throws(UsageError) {
            object.add(key, json: try value.map { (number) throws(UsageError) in try JSON.number(number, at: key) } ?? "null")
        }
        for (prefix, sector) in [("", regions.inner), ("outer_", regions.outer)] {
            try add(prefix + "softmax_boundary_deg", sector.softmax?.degrees)
            try add(prefix + "class1_boundary_deg", sector.class1?.degrees)
            try add(prefix + "class2_boundary_deg", sector.class2?.degrees)
            try add(prefix + "margin_deg", sector.margin?.degrees)
            try add(prefix + "margin_rad", sector.margin?.radians)
        }
        object.add("softmax_boundaries_deg", json: try JSON.array(regions.softmaxBoundaries.map(\.degrees)[...],
                                                                  at: "softmax_boundaries_deg"))
        var arcs: [String] = []
        for (index, arc) in regions.arcs.enumerated() {
            arcs.append("{\"from_deg\": " + (try JSON.number(arc.from.degrees, at: "regions[\(index)].from_deg"))
                + ", \"to_deg\": " + (try JSON.number(arc.to.degrees, at: "regions[\(index)].to_deg"))
                + ", \"kind\": " + JSON.string(arc.kind.rawValue) + "}")
        }
        object.add("regions", json: "[\n    " + arcs.joined(separator: ",\n    ") + "\n  ]")
        if geometry.loss.dependsOnLength {
            object.add("feature_length", json: try JSON.number(geometry.length, at: "feature_length"))
        }
        if let band = band(of: geometry) {
            func pair(_ values: (Double?, Double?), _ key: String) throws(UsageError) -> String {
                let texts = try [values.0, values.1].map { (value) throws(UsageError) in
                    try value.map { (number) throws(UsageError) in try JSON.number(number, at: "elastic_band." + key) } ?? "null"
                }
                return JSON.string(key) + ": [" + texts.joined(separator: ", ") + "]"
            }
            let parts = [try pair((band.lower.loss.m, band.upper.loss.m), "m"),
                         try pair((band.lower.inner.class1?.degrees, band.upper.inner.class1?.degrees), "class1_boundary_deg"),
                         try pair((band.lower.inner.class2?.degrees, band.upper.inner.class2?.degrees), "class2_boundary_deg"),
                         try pair((band.lower.inner.margin?.degrees, band.upper.inner.margin?.degrees), "margin_deg")]
            object.add("elastic_band", json: "{" + parts.joined(separator: ", ") + "}")
        }
        return object.result
    }

    /// ElasticFace's band: the inner sector at m − 2σ and at m + 2σ, or nil for every other loss.
    static func band(of geometry: TwoClassGeometry)
        -> (lower: (loss: MarginLoss, inner: SectorBoundaries), upper: (loss: MarginLoss, inner: SectorBoundaries))? {
        guard let band = geometry.loss.elasticBand else { return nil }
        func inner(_ loss: MarginLoss) -> SectorBoundaries {
            var copy = geometry
            copy.loss = loss
            return copy.regions.inner
        }
        return ((band.lower, inner(band.lower)), (band.upper, inner(band.upper)))
    }

    /// What the picture of a loss of issue 10 stands for, in one line, or nil for the paper losses.
    static func ruleNote(_ geometry: TwoClassGeometry) -> String? {
        let loss = geometry.loss
        let a = JSON.text(geometry.length)
        switch loss.rule {
        case let rule as MagFace:
            let m = rule.margin(length: geometry.length).value
            return "Drawn for feature length ‖x‖ = \(a): m(a) = \(NumberText.fixed(m, decimals: 4)) rad "
                + "(l_m at ‖x‖ ≤ l_a, u_m at ‖x‖ ≥ u_a); --length moves the rays."
        case let rule as AdaFace:
            let context = loss.drawingContext(length: geometry.length)
            let z = rule.scaledNorm(in: context).value
            return "Drawn for feature length ‖x‖ = \(a) with norm mean \(JSON.text(loss[.normMean])) and std "
                + "\(JSON.text(loss[.normStd])): z = \(NumberText.fixed(z, decimals: 4)) (-1 is ArcFace's margin, 0 "
                + "CosFace's); --length moves the rays."
        case is AdaCos: return "AdaCos has no margin: its rays are the softmax's at any s."
        case is SubCenterArcFace:
            return "W1 and W2 stand for each class's best sub-centre: the rays are ArcFace's on those."
        case is CurricularFace: return "CurricularFace with t = \(JSON.text(loss[.t])) as given (in training t runs)."
        case is ElasticFace:
            guard let band = band(of: geometry) else { return nil }
            func ray(_ angle: Angle?) -> String { angle.map { degrees($0.degrees) } ?? "none" }
            return "ElasticFace: the rays at the mean margin m; the band m ± 2σ = "
                + "\(JSON.text(band.lower.loss.m)) to \(JSON.text(band.upper.loss.m)) moves the class-1 ray from "
                + "\(ray(band.lower.inner.class1)) to \(ray(band.upper.inner.class1)) and the margin from "
                + "\(ray(band.lower.inner.margin)) to \(ray(band.upper.inner.margin))."
        case let rule as CircleLoss:
            return "Circle: in cosine space the boundary is the circle c_n² + (c_p − 1)² = 2m² (radius "
                + "\(NumberText.fixed(2.0.squareRoot() * rule.m, decimals: 4)))."
        default: return nil
        }
    }

    /// The readable tables and sentences in words.
    static func table(_ geometry: TwoClassGeometry, angle theta12: Double) -> String {
        let loss = geometry.loss
        let regions = geometry.regions
        var lines: [String] = []
        let settings = loss.parameters.map { p in
            loss.isLeftToRule(p) ? "\(p.rawValue) left out (\(JSON.text(loss[p])) here)"
                : "\(p.rawValue) = \(JSON.text(loss[p]))" + (loss.range(of: p).map { $0.isInteger ? "" : " (\($0.unit))" } ?? "")
        } + (loss.easyMargin ? ["easy margin"] : []) + (loss.normalizesFeatures ? ["normalised features"] : [])
        lines.append("\(loss.kind.displayName) (\(loss.kind.rawValue))"
            + (settings.isEmpty ? "" : ": " + settings.joined(separator: ", ")))
        var placement = "W1 at 0°, W2 at \(JSON.text(theta12))°, ‖W1‖/‖W2‖ = \(JSON.text(geometry.normRatio))"
        if loss.normalization != .none { placement += " (no effect: \(loss.kind.displayName) normalises the weights)" }
        lines.append(placement)
        if let note = ruleNote(geometry) { lines.append(note) }
        lines.append("Directions in degrees from W1 towards W2.")
        lines.append("")
        var rows = [["sector", "from", "to", "softmax", "class 1", "class 2", "margin"]]
        for (name, sector) in [("inner", regions.inner), ("outer", regions.outer)] {
            rows.append([name, degrees(sector.start.degrees), degrees(sector.end.degrees),
                         degrees(sector.softmax), degrees(sector.class1), degrees(sector.class2),
                         degrees(sector.margin)])
        }
        lines += aligned(rows)
        lines.append("")
        rows = [["region", "from", "to", "width"]]
        for arc in regions.arcs {
            rows.append([kindName(arc.kind), degrees(arc.from.degrees), degrees(arc.to.degrees),
                         degrees(arc.width.degrees)])
        }
        lines += aligned(rows)
        lines.append("")
        let shortfalls = geometry.shortfalls(in: regions)
        for label in ClassLabel.allCases {
            lines.append(classSentence(label, regions: regions, shortfall: shortfalls[label], geometry: geometry,
                                       angle: theta12))
        }
        lines.append("The margin-free logits tie (the softmax boundary) at "
            + regions.softmaxBoundaries.map { degrees($0.degrees) }.joined(separator: " and ") + ".")
        lines.append(zoneSentence(regions, kind: .margin))
        lines.append(zoneSentence(regions, kind: .overlap))
        lines.append(sectorSentence("Inner sector (W1 to W2)", regions.inner, regions: regions))
        lines.append(sectorSentence("Outer sector (W2 round to W1)", regions.outer, regions: regions))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows with the first column left-aligned and the others right-aligned, two spaces apart.
    private static func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }

    private static func kindName(_ kind: RegionKind) -> String {
        switch kind {
        case .class1: "class 1"
        case .class2: "class 2"
        case .overlap: "overlap"
        case .margin: "margin"
        }
    }

    /// "from 239.3239° round through W1 to 30.6761° (151.3521° wide)".
    private static func arcWords(_ arc: DirectionArc) -> String {
        let width = " (\(degrees(arc.width.degrees)) wide)"
        if arc.width.radians >= 2 * .pi { return "in every direction" }
        if arc.to.radians > 2 * .pi {
            return "from \(degrees(arc.from.degrees)) round through W1 to \(degrees(arc.to.degrees - 360))" + width
        }
        return "from \(degrees(arc.from.degrees)) to \(degrees(arc.to.degrees))" + width
    }

    /// Where a class meets its margin, and why it fails on its own weight vector if it does.
    private static func classSentence(_ label: ClassLabel, regions: TwoClassRegions, shortfall: RegionShortfall?,
                                      geometry: TwoClassGeometry, angle theta12: Double) -> String {
        let (n, w) = ("\(label.rawValue)", "W\(label.rawValue)")
        let ratio = JSON.text(geometry.normRatio)
        let at = label == .class1 ? "W1 (0°)" : "W2 (\(JSON.text(theta12))°)"
        let arcs = regions.region(of: label).map(arcWords).joined(separator: " and ")
        switch shortfall {
        case nil:
            return "Class \(n) meets its margin \(arcs), \(w) included."
        case .missesWeight(.normRatio):
            return "Class \(n) meets its margin \(arcs), but not at \(at): the norm ratio ‖W1‖/‖W2‖ = \(ratio) "
                + "moves its region off \(w) (with equal norms it would hold \(w))."
        case .missesWeight(.margin):
            return "Class \(n) meets its margin \(arcs), but not at \(at): the margin is too large for this angle "
                + "(a class-\(n) sample on \(w) fails it)."
        case .noRegion(.normRatio):
            return "Class \(n) has no region: a class-\(n) sample fails its margin in every direction, because of "
                + "the norm ratio ‖W1‖/‖W2‖ = \(ratio) (with equal norms it would have a region)."
        case .noRegion(.margin):
            return "Class \(n) has no region: a class-\(n) sample fails its margin in every direction, even on "
                + "\(w); the margin is too large for W2 at \(JSON.text(theta12))°."
        }
    }

    /// The margin zones or the overlaps, listed.
    private static func zoneSentence(_ regions: TwoClassRegions, kind: RegionKind) -> String {
        let arcs = regions.arcs.filter { $0.kind == kind }.map { arcWords($0.span) }
        if kind == .margin {
            return arcs.isEmpty ? "No margin zone: in every direction a sample of one class or both meets its margin."
                : "Margin zone (neither class meets its margin) " + arcs.joined(separator: " and ") + "."
        }
        return arcs.isEmpty ? "No overlap: nowhere do both classes meet their margins."
            : "Overlap (both classes meet their margins) " + arcs.joined(separator: " and ") + "."
    }

    /// The margin between the class rays of one sector, or why the sector has none.
    private static func sectorSentence(_ name: String, _ sector: SectorBoundaries, regions: TwoClassRegions) -> String {
        if let margin = sector.margin, let class1 = sector.class1, let class2 = sector.class2 {
            return "\(name): \(marginWords(margin)) between the class-1 ray at \(degrees(class1.degrees)) and the "
                + "class-2 ray at \(degrees(class2.degrees))."
        }
        var reasons: [String] = []
        for label in ClassLabel.allCases where (label == .class1 ? sector.class1 : sector.class2) == nil {
            let w = "W\(label.rawValue)"
            let far = label == .class1 ? "W2" : "W1"  // the weight at the sector's other end
            reasons.append(regions.reachesWeight(label) ? "class \(label.rawValue)'s region runs from \(w) on past \(far)"
                : "class \(label.rawValue)'s region does not hold \(w)")
        }
        return "\(name): no class rays to measure a margin between (\(reasons.joined(separator: "; ")))."
    }

    /// "margin 28.6479° (0.5000 rad)", or the overlap when the margin is negative.
    private static func marginWords(_ margin: Angle) -> String {
        let words = "\(degrees(abs(margin.degrees))) (\(NumberText.fixed(abs(margin.radians), decimals: 4)) rad)"
        return margin.radians < -1e-9 ? "the class regions overlap by \(words)" : "margin \(words)"
    }

    private static func degrees(_ value: Double) -> String {
        let text = NumberText.fixed(value, decimals: 4) + "°"
        return text == "-0.0000°" ? "0.0000°" : text
    }

    /// A ray or margin in degrees, or "none" where the sector has none.
    private static func degrees(_ angle: Angle?) -> String { angle.map { degrees($0.degrees) } ?? "none" }
}
