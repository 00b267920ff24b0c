import Analysis
import Foundation
import Geometry

/// The advice figures as text lines and as JSON keys, shared by `advise` and `analyze`.
struct AdviceReport {
    var advice: Advice
    /// Extra warnings (analyze's measured gaps).
    var warnings: [String] = []

    /// Every warning: the measured ones, and for d = 2 the even-spread check.
    var allWarnings: [String] {
        var list = warnings
        if let check = advice.evenSpreadCheck, !check.fits {
            list.append("the margin (\(Self.marginText(advice.loss))) does not fit \(advice.classes) classes spread "
                + "evenly in 2-D (\(number(check.gap.degrees))° apart): a feature on its own class weight cannot "
                + "meet it" + (check.largestMargin.map { "; the largest m there is \(number($0))" } ?? ""))
        }
        return list
    }

    /// The loss's margin parameters: "m=0.5" or "m2=0.5 m3=0.2".
    static func marginText(_ loss: MarginLoss) -> String {
        loss.summary.split(separator: " ").filter { !$0.hasPrefix("loss=") && !$0.hasPrefix("s=") }
            .joined(separator: " ")
    }

    /// The one-line reasons why a figure does not apply to this loss (JSON `notes`).
    var notes: [String] {
        [advice.scaleBoundNote.map { "s_min does not apply: " + $0 },
         advice.initialLossNote.map { "expected_initial_loss does not apply: " + $0 },
         advice.marginCheckNote.map { "the margin check for C evenly spread classes does not apply: " + $0 }]
            .compactMap { $0 }
    }

    /// Text lines, at most 80 columns.
    func lines() -> [String] {
        var lines: [String] = []
        if let note = advice.scaleBoundNote {
            let line = "s_min      does not apply: " + note
            lines += line.count <= 80 ? [line] : wrapped(line)
        } else {
            lines += [
                "s_min      \(pad(number(advice.minimumScale)))  CosFace's bound on s for P = \(number(advice.probability)):",
                "                      s >= (C - 1)/C ln((C - 1) P / (1 - P))",
            ]
        }
        lines.append("adacos_s   \(pad(number(advice.adaCosScale)))  AdaCos's fixed scale, sqrt(2) ln(C - 1)")
        if let margin = advice.maxCosFaceMargin2D {
            lines.append("max_cosface_m_2d \(number(margin))  CosFace's largest m in 2-D, 1 - cos(2 pi / C)")
        }
        if let loss = advice.expectedInitialLoss, let t = advice.initialTargetLogit {
            let o = advice.initialOtherLogit
            let line = o == 0
                ? "expected_initial_loss \(number(loss))  ln(e^t + C - 1) - t, t = s psi(90°) = \(number(t))"
                : "expected_initial_loss \(number(loss))  ln(e^t + (C - 1) e^o) - t, t = \(number(t)) and o = "
                    + "\(number(o)) the logits at 90°"
            lines += line.count <= 80 ? [line] : wrapped(line)
        } else if let note = advice.initialLossNote {
            lines += wrapped("expected_initial_loss does not apply: " + note)
        }
        if let note = advice.marginCheckNote { lines += wrapped("margin check does not apply: " + note) }
        return lines + allWarnings.flatMap { wrapped("warning: " + $0) }
    }

    /// The JSON keys (after the caller's own).
    func add(to object: inout JSONObjectWriter) throws(UsageError) {
        try object.add("probability", checked: advice.probability)
        if advice.scaleBoundNote == nil { try object.add("s_min", checked: advice.minimumScale) } else {
            object.add("s_min", json: "null")
        }
        try object.add("adacos_s", checked: advice.adaCosScale)
        if let margin = advice.maxCosFaceMargin2D { try object.add("max_cosface_m_2d", checked: margin) }
        if let loss = advice.expectedInitialLoss { try object.add("expected_initial_loss", checked: loss) } else {
            object.add("expected_initial_loss", json: "null")
        }
        object.add("warnings", json: "[" + allWarnings.map(JSON.string).joined(separator: ", ") + "]")
        if !notes.isEmpty { object.add("notes", json: "[" + notes.map(JSON.string).joined(separator: ", ") + "]") }
    }

    private func pad(_ text: String) -> String { text.padding(toLength: max(text.count, 9), withPad: " ", startingAt: 0) }
}

/// A number for text: six significant digits (NumberText.significant), so 13.8598 and 1e-16 both read as what they are.
func number(_ value: Double) -> String { NumberText.significant(value, digits: 6) }

/// `text` broken at spaces into lines of at most `width` columns, the lines after the first indented by two.
func wrapped(_ text: String, width: Int = 80) -> [String] {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty && line != "  " && line.count + 1 + word.count > width {
            lines.append(line)
            line = "  "
        }
        line += (line.isEmpty || line == "  " ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
