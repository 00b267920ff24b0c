import ArgumentParser
import Foundation
import Geometry

/// `margin-explorer boundaries`: the two-class decision boundaries and margin of a loss, as a table or JSON.
struct BoundariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries",
        abstract: "The two-class decision boundaries and margin of a loss (W1 at 0°, W2 at --angle).",
        discussion: """
            Places W1 at 0° and W2 at --angle degrees in the plane, with ‖W1‖/‖W2‖ = --norm-ratio. Every boundary \
            is a ray from the origin, given as a direction in degrees measured from W1 towards W2. The inner sector \
            runs from W1 (0°) to W2 (--angle); the outer one from W2 on round to W1 again at 360°.
              softmax  where the margin-free logits tie
              class 1  a class-1 sample just meets its margin (its region starts at W1)
              class 2  a class-2 sample just meets its margin (its region ends at W2)
              margin   angle between the class 1 and class 2 rays; negative = overlap
            JSON keys (--json): loss_function, angle_deg, norm_ratio, softmax_boundary_deg, class1_boundary_deg, \
            class2_boundary_deg, margin_deg, margin_rad, and the same with the prefix outer_ for the outer sector.
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
        let geometry = TwoClassGeometry(loss: loss, separation: Angle(degrees: angle), normRatio: normRatio)
        let text = json ? try Self.json(geometry, angle: angle) : Self.table(geometry, angle: angle)
        try StandardStream.output.write(text)
    }

    /// The JSON object; `angle` is theta12 in degrees exactly as given (converting to radians and back could
    /// change its last digit).
    static func json(_ geometry: TwoClassGeometry, angle: Double) throws(UsageError) -> String {
        var object = JSONObjectWriter()
        object.add("loss_function", json: JSON.lossObject(geometry.loss))
        try object.add("angle_deg", angle)
        try object.add("norm_ratio", geometry.normRatio)
        for (prefix, sector) in [("", geometry.inner), ("outer_", geometry.outer)] {
            try object.add(prefix + "softmax_boundary_deg", sector.softmax.degrees)
            try object.add(prefix + "class1_boundary_deg", sector.class1.degrees)
            try object.add(prefix + "class2_boundary_deg", sector.class2.degrees)
            try object.add(prefix + "margin_deg", sector.margin.degrees)
            try object.add(prefix + "margin_rad", sector.margin.radians)
        }
        return object.result
    }

    /// The readable table and two sentences in words.
    static func table(_ geometry: TwoClassGeometry, angle theta12: Double) -> String {
        let loss = geometry.loss
        var lines: [String] = []
        let settings = loss.parameters.map { p in
            "\(p.rawValue) = \(JSON.text(loss[p]))" + (loss.range(of: p).map { $0.isInteger ? "" : " (\($0.unit))" } ?? "")
        } + (loss.easyMargin ? ["easy margin"] : []) + (loss.normalizesFeatures ? ["normalised features"] : [])
        lines.append("\(loss.kind.displayName) (\(loss.kind.rawValue))"
            + (settings.isEmpty ? "" : ": " + settings.joined(separator: ", ")))
        var placement = "W1 at 0°, W2 at \(JSON.text(theta12))°, ‖W1‖/‖W2‖ = \(JSON.text(geometry.normRatio))"
        if loss.normalization != .none { placement += " (no effect: \(loss.kind.displayName) normalises the weights)" }
        lines.append(placement)
        lines.append("Directions in degrees from W1 towards W2.")
        lines.append("")
        let header = ["sector", "from", "to", "softmax", "class 1", "class 2", "margin"]
        var rows = [header]
        for (name, sector, from, to) in [("inner", geometry.inner, 0.0, theta12), ("outer", geometry.outer, theta12, 360)] {
            rows.append([name, degrees(from), degrees(to), degrees(sector.softmax.degrees),
                         degrees(sector.class1.degrees), degrees(sector.class2.degrees),
                         degrees(sector.margin.degrees)])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }
            lines.append(cells.joined(separator: "  "))
        }
        lines.append("")
        let inner = geometry.inner, outer = geometry.outer
        let (class1Exists, class2Exists) = (geometry.class1HasRegion, geometry.class2HasRegion)
        let class1Inner = class1Exists
            ? "a class-1 sample meets its margin from W1 up to \(degrees(inner.class1.degrees))"
            : "a class-1 sample meets its margin nowhere (not even at W1)"
        let class2Inner = class2Exists
            ? "a class-2 sample from \(degrees(inner.class2.degrees)) to W2"
            : "a class-2 sample nowhere (not even at W2)"
        let class2Outer = class2Exists
            ? "a class-2 sample meets its margin from W2 up to \(degrees(outer.class2.degrees))"
            : "a class-2 sample meets its margin nowhere (not even at W2)"
        let class1Outer = class1Exists
            ? "a class-1 sample from \(degrees(outer.class1.degrees)) round to W1"
            : "a class-1 sample nowhere (not even at W1)"
        lines.append("Inner sector: \(class1Inner), \(class2Inner); \(marginWords(inner.margin)).")
        lines.append("Outer sector: \(class2Outer), \(class1Outer); \(marginWords(outer.margin)).")
        if !class1Exists || !class2Exists {
            lines.append("The margin is too large for W2 at \(JSON.text(theta12))°: a sample on its own class's weight "
                + "vector already fails it.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "margin 28.6479° (0.5000 rad)", or the overlap when the margin is negative.
    private static func marginWords(_ margin: Angle) -> String {
        let words = "\(degrees(abs(margin.degrees))) (\(String(format: "%.4f", abs(margin.radians))) rad)"
        return margin.radians < -1e-9 ? "the class regions overlap by \(words)" : "margin \(words)"
    }

    private static func degrees(_ value: Double) -> String {
        let text = String(format: "%.4f°", value)
        return text == "-0.0000°" ? "0.0000°" : text
    }
}
