import Analysis
import ArrayFiles
import Foundation
import Geometry

/// `analyze`'s output: the text summary (80 columns), the JSON object, the per-sample CSV.
struct AnalysisReport {
    /// One `--sweep`: the fraction meeting the margin at each value.
    struct Sweep {
        var parameter: LossParameter
        var values: [Double]
        var fractions: [Double]
    }

    var analysis: ModelAnalysis
    var layout: WeightsLayout
    var probability: Double
    var sweeps: [Sweep]

    var advice: AdviceReport {
        AdviceReport(advice: analysis.advice(probability: probability), warnings: gapWarnings)
    }

    /// The warning when the margin does not fit between some class weights and their nearest other ones.
    var gapWarnings: [String] {
        let misfits = analysis.marginsThatDoNotFit()
        guard let worst = misfits.first else { return [] }
        let gap = worst.room.gap.degrees
        let a = analysis
        var text = "the margin (\(AdviceReport.marginText(a.loss))) does not fit between "
        if a.subCenters > 1 {
            text += "\(misfits.count) of \(a.weightRows) sub-centres and the nearest one of another class: rows "
                + "\(worst.rows.0) (class \(worst.label)) and \(worst.rows.1) (class \(worst.nearest)) are "
                + "\(number(gap))° apart, where a feature on its sub-centre cannot meet it"
        } else {
            text += "\(misfits.count) of \(a.classes) class weights and their nearest other one: classes "
                + "\(worst.label) and \(worst.nearest) are \(number(gap))° apart, where a feature on its own class "
                + "weight cannot meet it"
        }
        if let length = a.marginCheckLength { text += " (at the median ‖x‖ = \(number(length)))" }
        if let largest = worst.room.largestMargin { text += "; the largest m that gap allows is \(number(largest))" }
        return [text]
    }

    // MARK: text

    func text() -> String {
        let a = analysis
        var lines = wrapped("\(a.samples) samples, \(a.classes) classes, dimension \(a.dimension); \(a.loss.summary)")
            + [""]
        lines.append("                  " + ["mean", "median", "p05", "p95", "min", "max"]
            .map { $0.leftPadded(10) }.joined())
        for (name, distribution) in [("theta_target_deg", a.thetaTarget), ("theta_nearest_deg", a.thetaNearest),
                                     ("norm", a.norm)] {
            lines.append(name.padding(toLength: 18, withPad: " ", startingAt: 0)
                + distribution.named.map { number($0.value).leftPadded(10) }.joined())
        }
        lines.append("")
        let meeting = a.table.meetsMargin.lazy.filter { $0 }.count
        let wrong = zip(a.table.predicted, a.table.labels).lazy.filter { $0 != $1 }.count
        lines.append("meeting the margin      \(number(100 * a.fractionMeetingMargin))% (\(meeting) of \(a.samples))")
        lines.append("misclassified           \(number(100 * a.fractionMisclassified))% (\(wrong) of \(a.samples), "
            + "margin-free argmax)")
        lines.append("min weight gap          " + pairsText(a.closestWeightPairs(limit: 3)))
        lines.append("min centre gap          "
            + (a.closestCenterPairs(limit: 3).isEmpty ? "none (fewer than two classes have samples)"
                : pairsText(a.closestCenterPairs(limit: 3))))
        let inside = a.classesMostInsideMargin(limit: 3)
        lines.append("most inside the margin  " + (inside.isEmpty ? "none"
            : inside.map { "class \($0.label) \($0.insideMargin)/\($0.samples)" }.joined(separator: ", ")))
        for (name, value) in statisticsLines() {
            var line = name.padding(toLength: 23, withPad: " ", startingAt: 0)
            for word in value.split(separator: " ") {
                if line.count + 1 + word.count > 80 && line.count > 24 {
                    lines.append(line)
                    line = String(repeating: " ", count: 23)
                }
                line += " " + word
            }
            lines.append(line)
        }
        lines.append("")
        lines += histogramLines()
        for sweep in sweeps {
            lines.append("")
            lines.append("sweep \(sweep.parameter.rawValue)   fraction meeting the margin")
            for (value, fraction) in zip(sweep.values, sweep.fractions) {
                lines.append("  " + number(value).leftPadded(10) + "   " + number(fraction))
            }
        }
        lines.append("")
        lines.append("advice for \(a.classes) classes, d = \(a.dimension):")
        lines += advice.lines()
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the rule of a loss of issue 10 took from the samples, as (name, text) lines; none for the paper losses.
    func statisticsLines() -> [(String, String)] {
        let a = analysis, loss = a.loss, statistics = a.statistics
        guard loss.rule != nil, let scale = a.scale else { return [] }
        var lines: [(String, String)] = []
        func spread(_ values: [Double]) -> String {
            let d = Distribution(values)
            return "mean \(number(d.mean)), min \(number(d.min)), max \(number(d.max))"
        }
        if let adaCos = statistics.adaCos {
            if let logAverage = adaCos.logAverageNonTarget, let median = adaCos.medianAngle {
                lines.append(("scale s", "\(number(adaCos.scale)) (dynamic: ln B_avg / cos(min(pi/4, theta_med)) "
                    + "from s0 = \(number(adaCos.previousScale)), ln B_avg = \(number(logAverage)), theta_med = "
                    + "\(number(median.degrees))°)"))
            } else {
                lines.append(("scale s", number(adaCos.scale) + (loss.isLeftToRule(.s)
                    ? " (AdaCos's fixed rule sqrt(2) ln(C - 1), C = \(a.classes))" : " (given)")))
            }
            if adaCos.isNegative || adaCos.isDegenerate {
                lines.append(("", adaCos.isNegative ? "s < 0: the logits are reversed" : "s = 0: every logit is 0"))
            }
        } else {
            lines.append((loss.kind == .circle ? "scale gamma" : "scale s", number(scale)))
        }
        if let t = statistics.curricularT {
            lines.append(("hard-negative t", "\(number(t)) (as given; analyze does not update it)"))
        }
        if let norms = statistics.adaFace {
            let given = !loss.isLeftToRule(.normMean) && !loss.isLeftToRule(.normStd)
            lines.append(("norm mean, std", "\(number(norms.mean)), \(number(norms.standardDeviation)) ("
                + (given ? "given" : "the samples' clipped norms" + (loss.isLeftToRule(.normMean)
                    && loss.isLeftToRule(.normStd) ? "" : " where not given")) + ")"))
            lines.append(("z", spread(norms.zHats)))
        }
        if let rule = loss.rule as? MagFace {
            lines.append(("margin m(‖x‖)", spread(a.table.norm.map { rule.margin(length: $0).value })))
        }
        if let draws = statistics.elastic {
            lines.append(("drawn margins", spread(draws.margins) + " (N(m, sigma), seed "
                + "\(NumberText.tidy(loss[.seed])), one per sample in order)"))
        }
        if let share = a.subCenterShare {
            lines.append(("own sub-centre share", share.enumerated().map { "\($0.offset): \(number(100 * $0.element))%" }
                .joined(separator: ", ")))
        }
        return lines
    }

    /// The same as JSON members: scale, adacos_s (with adacos_rule, and adacos_log_b_avg and
    /// adacos_median_theta_rad when dynamic), curricular_t, adaface_mean, adaface_std, adaface_z,
    /// magface_margin, elastic_margin ({mean, median, p05, p95, min, max}), sub_center_share.
    func statisticsJSON() throws(UsageError) -> String? {
        let a = analysis, loss = a.loss, statistics = a.statistics
        guard loss.rule != nil, let scale = a.scale else { return nil }
        var parts: [String] = []
        func add(_ key: String, _ value: Double) throws(UsageError) {
            parts.append(JSON.string(key) + ": " + (try JSON.number(value, at: "statistics.\(key)")))
        }
        func add(_ key: String, spreadOf values: [Double]) throws(UsageError) {
            var members: [String] = []
            for (name, value) in Distribution(values).named {
                members.append(JSON.string(name) + ": " + (try JSON.number(value, at: "statistics.\(key).\(name)")))
            }
            parts.append(JSON.string(key) + ": {" + members.joined(separator: ", ") + "}")
        }
        try add("scale", scale)
        if let adaCos = statistics.adaCos {
            try add("adacos_s", adaCos.scale)
            let rule = adaCos.logAverageNonTarget != nil ? "dynamic" : loss.isLeftToRule(.s) ? "fixed" : "given"
            parts.append("\"adacos_rule\": " + JSON.string(rule))
            if let logAverage = adaCos.logAverageNonTarget { try add("adacos_log_b_avg", logAverage) }
            if let median = adaCos.medianAngle { try add("adacos_median_theta_rad", median.radians) }
        }
        if let t = statistics.curricularT { try add("curricular_t", t) }
        if let norms = statistics.adaFace {
            try add("adaface_mean", norms.mean)
            try add("adaface_std", norms.standardDeviation)
            try add("adaface_z", spreadOf: norms.zHats)
        }
        if let rule = loss.rule as? MagFace {
            try add("magface_margin", spreadOf: a.table.norm.map { rule.margin(length: $0).value })
        }
        if let draws = statistics.elastic { try add("elastic_margin", spreadOf: draws.margins) }
        if let share = a.subCenterShare {
            parts.append("\"sub_center_share\": " + (try JSON.array(share[...], at: "statistics.sub_center_share")))
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// "13.4792° (3·7), 20.1° (1·4)".
    private func pairsText(_ pairs: [(first: Int, second: Int, degrees: Double)]) -> String {
        pairs.map { "\(number($0.degrees))° (\($0.first)·\($0.second))" }.joined(separator: ", ")
    }

    /// Both histograms side by side over the bins where either has samples; bars scaled to the largest count.
    private func histogramLines() -> [String] {
        let (target, nearest) = analysis.histograms()
        let used = target.counts.indices.filter { target.counts[$0] > 0 || nearest.counts[$0] > 0 }
        guard let first = used.first, let last = used.last else { return [] }
        let largest = max(target.counts.max() ?? 1, nearest.counts.max() ?? 1, 1)
        let width = 24
        func bar(_ count: Int) -> String {
            let length = count == 0 ? 0 : max(1, (count * width + largest - 1) / largest)
            return (String(repeating: "#", count: length) + " " + (count == 0 ? "" : String(count)))
                .padding(toLength: width + 8, withPad: " ", startingAt: 0)
        }
        var lines = ["angles      " + "theta_target".padding(toLength: width + 8, withPad: " ", startingAt: 0)
            + "theta_nearest"]
        for bin in first...last {
            let low = Int(Double(bin) * target.binWidthDegrees), high = Int(Double(bin + 1) * target.binWidthDegrees)
            let label = "\(low)-\(high)°".leftPadded(9) + "   "
            lines.append((label + bar(target.counts[bin]) + bar(nearest.counts[bin])).trimmingTrailingSpaces)
        }
        return lines
    }

    // MARK: JSON

    func json() throws(UsageError) -> String {
        let a = analysis
        var object = JSONObjectWriter()
        object.add("samples", json: String(a.samples))
        object.add("classes", json: String(a.classes))
        object.add("dimension", json: String(a.dimension))
        object.add("loss_function", json: JSON.lossObject(a.loss))
        object.add("weights_layout", json: JSON.string(layout.rawValue))
        for (key, distribution) in [("theta_target_deg", a.thetaTarget), ("theta_nearest_deg", a.thetaNearest),
                                    ("norm", a.norm)] {
            var parts: [String] = []
            for (name, value) in distribution.named {
                parts.append(JSON.string(name) + ": " + (try JSON.number(value, at: "\(key).\(name)")))
            }
            object.add(key, json: "{" + parts.joined(separator: ", ") + "}")
        }
        try object.add("fraction_meeting_margin", checked: a.fractionMeetingMargin)
        try object.add("fraction_misclassified", checked: a.fractionMisclassified)
        try object.add("min_weight_gap_deg", checked: a.minimumWeightGapDegrees)
        if let gap = a.minimumCenterGapDegrees { try object.add("min_center_gap_deg", checked: gap) } else {
            object.add("min_center_gap_deg", json: "null")
        }
        let (target, nearest) = a.histograms()
        for (key, histogram) in [("histogram_theta_target_deg", target), ("histogram_theta_nearest_deg", nearest)] {
            object.add(key, json: "{\"bin_width_deg\": \(JSON.text(histogram.binWidthDegrees)), \"counts\": "
                + JSON.array(histogram.counts) + "}")
        }
        object.add("closest_weight_pairs", json: try pairsJSON(a.closestWeightPairs(), key: "closest_weight_pairs"))
        object.add("closest_center_pairs", json: try pairsJSON(a.closestCenterPairs(), key: "closest_center_pairs"))
        object.add("classes_most_inside_margin", json: "[" + a.classesMostInsideMargin().map {
            "{\"class\": \($0.label), \"samples\": \($0.samples), \"inside_margin\": \($0.insideMargin)}"
        }.joined(separator: ", ") + "]")
        if let statistics = try statisticsJSON() { object.add("statistics", json: statistics) }
        var adviceObject = JSONObjectWriter()
        try advice.add(to: &adviceObject)
        object.add("advice", json: adviceObject.result.trimmingCharacters(in: .newlines)
            .replacingOccurrences(of: "\n", with: "\n  "))
        if !sweeps.isEmpty {
            var parts: [String] = []
            for sweep in sweeps {
                parts.append("{\"parameter\": \(JSON.string(sweep.parameter.rawValue)), \"values\": "
                    + (try JSON.array(sweep.values[...], at: "sweeps.values")) + ", \"fraction_meeting_margin\": "
                    + (try JSON.array(sweep.fractions[...], at: "sweeps.fraction_meeting_margin")) + "}")
            }
            object.add("sweeps", json: "[\n    " + parts.joined(separator: ",\n    ") + "\n  ]")
        }
        return object.result
    }

    private func pairsJSON(_ pairs: [(first: Int, second: Int, degrees: Double)], key: String) throws(UsageError)
        -> String {
        var parts: [String] = []
        for pair in pairs {
            parts.append("{\"classes\": [\(pair.first), \(pair.second)], \"gap_deg\": "
                + (try JSON.number(pair.degrees, at: key)) + "}")
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    // MARK: CSV

    /// index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted; numbers in their
    /// shortest round-trip form, booleans 0/1.
    func perSampleCSV() throws(UsageError) -> String {
        let t = analysis.table
        var text = "index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted\n"
        text.reserveCapacity(t.count * 80)
        for i in 0 ..< t.count {
            text += "\(i),\(t.labels[i]),"
            text += try JSON.number(t.thetaTargetDegrees[i], at: "theta_target_deg of sample \(i)") + ","
            text += try JSON.number(t.thetaNearestDegrees[i], at: "theta_nearest_deg of sample \(i)") + ","
            text += "\(t.nearestClass[i]),"
            text += try JSON.number(t.norm[i], at: "norm of sample \(i)")
            text += t.meetsMargin[i] ? ",1," : ",0,"
            text += "\(t.predicted[i])\n"
        }
        return text
    }
}

extension String {
    /// The text right-aligned in `width` columns (never cut).
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }

    /// The text without spaces at the end.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
