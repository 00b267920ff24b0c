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
            The losses of issue 10: AdaCos cos theta (no margin; s only scales); Sub-center ArcFace ArcFace's \
            curve of the angle to the best sub-centre; CurricularFace cos(theta + m), past pi - m the fallback \
            cos theta - m sin m (its hard negatives, c_j (t + c_j), are not a target logit and are not shown); \
            MagFace cos(theta + m(a)) at the feature length a of --length (default (l_a + u_a)/2, 60 at the \
            defaults), easy margin on by default; AdaFace cos(clip(theta - m z, eps, pi - eps)) - (m + m z) with \
            z from --length (default norm_mean, so z = 0) and norm_mean, norm_std (20 and 100, AdaFace's starting \
            buffers, where left out: psi has no batch); ElasticFace the curve at the mean margin m, and the band \
            m - 2 sigma, m + 2 sigma as two more columns; Circle [1 + m - c]+ (c - 1 + m), before gamma. --length \
            has no meaning for the other losses, whose logits ignore the length, and is refused there.
            CSV: the header theta_deg,target_logit (ElasticFace: then target_logit_m_minus_2sigma, \
            target_logit_m_plus_2sigma) and one row per point. JSON: an object with the arrays theta_deg and \
            target_logit (and the band's two), loss_function (the full loss object used) and, for MagFace and \
            AdaFace, feature_length.
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

    @Option(name: .customLong("length"), parsing: .unconditional, help: ArgumentHelp(
        "MagFace and AdaFace: the feature length ‖x‖ the curve is drawn for, \(Self.lengthRange.description) "
            + "(default: MagFace (l_a + u_a)/2, AdaFace norm_mean).", valueName: "length"))
    var length: Double?

    /// The feature lengths `--length` takes.
    static let lengthRange = ParameterRange(lower: 1e-3, upper: 1e4, isInteger: false, unit: "feature length", step: 1)

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
        let length = try Self.checkedLength(length, for: loss)
        let text = try Self.output(loss: loss, points: points, format: format, length: length)
        try StandardStream.output.write(text)
    }

    /// `--length` checked: inside `lengthRange`, and only for a loss whose logits depend on the length (else
    /// a message saying it has no meaning there); nil when not given.
    static func checkedLength(_ length: Double?, for loss: MarginLoss) throws(UsageError) -> Double? {
        guard let length else { return nil }
        guard loss.dependsOnLength else {
            throw UsageError("--length has no meaning for \(loss.kind.rawValue): its logits ignore the feature length "
                + "(only magface and adaface depend on it)")
        }
        guard lengthRange.contains(length) else {
            throw UsageError("--length \(JSON.text(length)) is out of range: it must be \(lengthRange.description)")
        }
        return length
    }

    static func output(loss: MarginLoss, points: Int, format: Format, length: Double? = nil)
        throws(UsageError) -> String {
        let thetas = (0..<points).map { Double($0) * 180 / Double(points - 1) }
        let a = length ?? loss.referenceLength
        func curve(_ loss: MarginLoss) -> [Double] {
            thetas.map { loss.targetLogit(cosine: cos(Angle(degrees: $0).radians), length: a).value }
        }
        var columns = [("target_logit", curve(loss))]
        if let band = loss.elasticBand {
            columns += [("target_logit_m_minus_2sigma", curve(band.lower)), ("target_logit_m_plus_2sigma", curve(band.upper))]
        }
        switch format {
        case .csv:
            var text = (["theta_deg"] + columns.map(\.0)).joined(separator: ",") + "\n"
            for (index, theta) in thetas.enumerated() {
                text += try JSON.number(theta, at: "theta_deg[\(index)]")
                for (name, values) in columns { text += try "," + JSON.number(values[index], at: "\(name)[\(index)]") }
                text += "\n"
            }
            return text
        case .json:
            var object = JSONObjectWriter()
            object.add("loss_function", json: JSON.lossObject(loss))
            if loss.dependsOnLength { object.add("feature_length", json: try JSON.number(a, at: "feature_length")) }
            object.add("theta_deg", json: try JSON.array(thetas[...], at: "theta_deg"))
            for (name, values) in columns { object.add(name, json: try JSON.array(values[...], at: name)) }
            return object.result
        }
    }
}
