import Analysis
import ArgumentParser
import Foundation
import Geometry

/// `margin-explorer advise`: the m and s figures for C classes, without a model.
struct AdviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Scale and margin figures for C classes: CosFace's s bound, AdaCos's s, the initial loss.",
        discussion: """
            s_min: CosFace's bound s >= (C - 1)/C ln((C - 1) P / (1 - P)): below it even a feature on its own \
            class weight and orthogonal to the others cannot reach probability P. adacos_s: AdaCos's fixed scale \
            sqrt(2) ln(C - 1). max_cosface_m_2d (d = 2 only): 1 - cos(2 pi / C), the largest cosine margin that C \
            classes spread evenly in 2-D leave. expected_initial_loss: ln(e^t + C - 1) - t with t = s psi(90°), \
            the chosen loss's target logit at 90° times its scale: the loss when every feature is orthogonal to \
            every class weight, as a fresh network in high dimensions starts (softmax: ln C; null for lsoftmax \
            and sphereface without --normalize-features, whose logits scale with the unknown ‖W‖ ‖x‖). With \
            d = 2, a warning when the margin does not fit C evenly spread classes (a feature on its own class \
            weight could not meet it against the next class). analyze prints the same figures for a model, and \
            warns from its measured weight gaps.
            JSON keys (--json): classes, dimension (null when not given), loss_function, probability, s_min, \
            adacos_s, max_cosface_m_2d (d = 2 only), expected_initial_loss (a number or null), warnings.
            The newer losses: a figure that has no meaning for the loss is one line saying why instead of a number \
            (JSON: null, and the line in notes): s_min for adacos (it sets s itself) and circle (gamma scales \
            other logits); expected_initial_loss and the 2-D margin check for magface and adaface (their margins \
            depend on ‖x‖). Elsewhere the loss's rule gives them: elastic at its mean margin, curricularface with \
            t as given, circle's other logits -gamma m² at 90°.
            JSON keys also: notes (only when a figure does not apply).
            """)

    @OptionGroup var lossOptions: LossOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("The number of classes C, a whole number from 2 to 1e9.",
                                                        valueName: "C"))
    var classes: TypedNumber

    @Option(parsing: .unconditional, help: ArgumentHelp("The feature dimension d, a whole number from 2 to 1e6.",
                                                        valueName: "d"))
    var dimension: TypedNumber?

    @Option(parsing: .unconditional, help: probabilityHelp)
    var probability: TypedNumber?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    static let probabilityHelp = ArgumentHelp(
        "The target probability P of the scale bound, above 0 and below 1 (default 0.99).", valueName: "P")

    /// `--probability`, checked: 0 < P < 1.
    static func checkedProbability(_ number: TypedNumber?) throws(UsageError) -> Double {
        guard let number else { return Advice.defaultProbability }
        guard number.value > 0 && number.value < 1 else {
            throw UsageError("--probability \(escaped(number.text, limit: 60)) is out of range: it must lie above 0 "
                + "and below 1")
        }
        return number.value
    }

    /// A whole-number flag, checked against `range`.
    static func whole(_ number: TypedNumber, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard number.value == number.value.rounded(), number.value >= Double(range.lowerBound),
              number.value <= Double(range.upperBound) else {
            throw UsageError("\(flag) \(escaped(number.text, limit: 60)) is out of range: it must be a whole number "
                + "from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number.value)
    }

    mutating func run() throws {
        let loss = try lossOptions.makeLoss()
        let c = try Self.whole(classes, flag: "--classes", in: 2...1_000_000_000)
        let d = try dimension.map { number throws(UsageError) in
            try Self.whole(number, flag: "--dimension", in: 2...1_000_000)
        }
        let p = try Self.checkedProbability(probability)
        let report = AdviceReport(advice: Advice(classes: c, dimension: d, probability: p, loss: loss))
        if json {
            var object = JSONObjectWriter()
            object.add("classes", json: String(c))
            object.add("dimension", json: d.map(String.init) ?? "null")
            object.add("loss_function", json: JSON.lossObject(loss))
            try report.add(to: &object)
            try StandardStream.output.write(object.result)
        } else {
            let head = "advice for \(c) classes" + (d.map { ", d = \($0)" } ?? "") + "; \(loss.summary)"
            try StandardStream.output.write((wrapped(head) + report.lines()).joined(separator: "\n") + "\n")
        }
    }
}
