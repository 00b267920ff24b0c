import ArgumentParser
import Foundation
import Geometry
import TextFormats

/// `margin-explorer psi`: the target logit of a loss before scaling, against the angle to the class weight.
struct PsiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psi",
        abstract: "The target logit before scaling against the angle theta to the class weight, as CSV or JSON.",
        discussion: """
            Prints t(cos theta) for theta from 0 to 180 degrees in --points evenly spaced steps: cos theta for \
            softmax and NormFace, (lambda cos theta + psi(theta)) / (1 + lambda) for L-Softmax and A-Softmax, \
            cos theta - m for CosFace, cos(theta + m) for ArcFace (past theta = pi - m its fallback \
            cos theta - m sin m, as insightface's ArcFace), cos(m1 theta + m2) - m3 for the combined margin at \
            every theta (insightface's combined margin has no fallback, so past theta = (pi - m2) / m1 the \
            target logit rises again; at m1 = 1 it therefore differs from ArcFace past pi - m2). With \
            --easy-margin, ArcFace gives cos theta and the combined margin cos theta - m3 where cos theta <= 0.
            CSV: the header theta_deg,target_logit and one row per point. JSON: an object with the arrays theta_deg \
            and target_logit, and loss_function (the full loss object used).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    static let pointsRange = 2...100_000

    @OptionGroup var lossOptions: LossOptions

    @Option(name: .customLong("points"), parsing: .unconditional, help: ArgumentHelp("""
        Number of angles from 0° to 180°, both included: a whole number from \(pointsRange.lowerBound) to \
        \(pointsRange.upperBound), default 181 (one per degree).
        """, valueName: "n"))
    var pointsOption: Int?

    @Option(name: .customLong("format"), help: ArgumentHelp("Output format: csv or json, default csv.",
                                                            valueName: "format"))
    var formatOption: Format?

    // Optional options, so that help shows the defaults in the text's own words.
    private var points: Int { pointsOption ?? 181 }
    private var format: Format { formatOption ?? .csv }

    mutating func run() throws {
        let loss = try lossOptions.makeLoss()
        guard Self.pointsRange.contains(points) else {
            throw UsageError("--points \(points) is out of range: it must be a whole number from "
                + "\(Self.pointsRange.lowerBound) to \(Self.pointsRange.upperBound)")
        }
        let text = try Self.output(loss: loss, points: points, format: format)
        try StandardStream.output.write(text)
    }

    static func output(loss: MarginLoss, points: Int, format: Format) throws(UsageError) -> String {
        let thetas = (0..<points).map { Double($0) * 180 / Double(points - 1) }
        let values = thetas.map { loss.targetLogit(at: Angle(degrees: $0)) }
        switch format {
        case .csv:
            var text = "theta_deg,target_logit\n"
            for (index, (theta, value)) in zip(thetas, values).enumerated() {
                text += try JSON.number(theta, at: "theta_deg[\(index)]") + ","
                    + JSON.number(value, at: "target_logit[\(index)]") + "\n"
            }
            return text
        case .json:
            var object = JSONObjectWriter()
            object.add("loss_function", json: JSON.lossObject(loss))
            object.add("theta_deg", json: try JSON.array(thetas[...], at: "theta_deg"))
            object.add("target_logit", json: try JSON.array(values[...], at: "target_logit"))
            return object.result
        }
    }
}
