import Foundation
import Geometry

/// The side panel's sections: the loss and its controls, the margins, the selected sample.
enum SidePanel {
    /// Loss name, formula, and one line per control (value and range), the selected one highlighted.
    static func controls(_ state: AppState, into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        let loss = state.activeLoss
        writer.line([(loss.kind.displayName, theme.title), ("  t/T: next loss", theme.dim)], into: &buffer)
        writer.line("logit " + loss.formula, theme.dim, into: &buffer)
        let nameWidth = max(7, (state.controls.map(\.name.count).max() ?? 0) + 1)  // norm_mean, lambda_g
        for (index, control) in state.controls.enumerated() {
            let value: String = switch control {
            case .parameter(let parameter): loss.displayValue(parameter)
            case .separation: NumberText.tidy(state.separation.degrees) + "°"
            case .normRatio: NumberText.tidy(state.normRatio)
            }
            let name = buffer.padded(control.name, to: nameWidth)
            let rangeText = state.range(of: control).map { NumberText.tidy($0.lower) + "–" + NumberText.tidy($0.upper) }
            let selected = index == state.selectedControl
            let effective = control.hasEffect(in: state.view, on: loss)
            writer.line([(selected ? "▸" : " ", theme.accent), (name, theme.title),
                         (buffer.padded(value, to: 9), .plain),
                         (effective ? rangeText ?? "" : "no effect", theme.dim)],
                        into: &buffer, highlight: selected ? Style(reverse: true) : nil)
        }
    }

    /// The decision margins in the inner and outer sectors, the rays between W1 and W2, the softmax rays, and a
    /// warning for each class whose region misses its weight vector (with the cause and where the region is).
    static func margins(_ picture: TwoClassPicture, state: AppState, into buffer: inout Buffer,
                        writer: inout PanelWriter) {
        let theme = state.theme
        writer.rule(into: &buffer, style: theme.dim)
        let (geometry, inner, outer) = (picture.geometry, picture.inner, picture.outer)
        if let margin = inner.margin {
            // In the loss's natural unit too: cosine units for AM-Softmax, radians otherwise.
            let natural = geometry.loss.kind == .cosface ? "\(NumberText.tidy(geometry.loss.m)) cos"
                : "\(NumberText.fixed(margin.radians, decimals: 3)) rad"
            writer.line(items: [("margin ", theme.title), (degrees(margin), marginStyle(margin, theme)),
                                (" (\(natural))", theme.dim)], into: &buffer)
        } else {
            writer.line(items: [("margin ", theme.title), ("none", theme.warning),
                                (missingMarginReason(picture).map { " " + $0 } ?? "", theme.dim)], into: &buffer)
        }
        if let words = lengthWords(picture.geometry, state: state) { writer.wrapped(words, theme.dim, into: &buffer) }
        if let words = bandWords(picture) { writer.wrapped(words, theme.dim, into: &buffer) }
        for words in subCenterWords(picture) { writer.wrapped(words, theme.dim, into: &buffer) }
        writer.line([("rays ", theme.dim), ("1: " + (inner.class1.map(degrees) ?? "none"), theme.class1),
                     ("  2: " + (inner.class2.map(degrees) ?? "none"), theme.class2)], into: &buffer)
        if let tie = inner.softmax {
            writer.line("softmax boundary " + degrees(tie), theme.dim, into: &buffer)
        } else {
            writer.wrapped("softmax boundaries " + picture.regions.softmaxBoundaries.map(degrees).joined(separator: ", "),
                           theme.dim, into: &buffer)
        }
        writer.line([("margin W2→W1 ", theme.dim),
                      (outer.margin.map(degrees) ?? "none", outer.margin.map { marginStyle($0, theme) } ?? theme.dim)],
                     into: &buffer)
        for label in ClassLabel.allCases {
            guard let shortfall = picture.shortfalls[label] else { continue }
            writer.line(warning(label, shortfall), theme.warning, into: &buffer)
            let arcs = picture.regions.region(of: label)
            if let first = arcs.first {
                let more = arcs.count > 1 ? " +\(arcs.count - 1) more" : ""
                writer.line("class \(label.rawValue): " + arcText(first) + more, theme.dim, into: &buffer)
            }
        }
    }

    /// Accent for a margin, warning for an overlap (a negative margin).
    static func marginStyle(_ margin: Angle, _ theme: Theme) -> Style {
        margin.radians < -1e-9 ? theme.warning : theme.accent
    }

    /// Why the inner sector has no margin when no warning line says so: one class's region covers the other's
    /// weight vector.
    static func missingMarginReason(_ picture: TwoClassPicture) -> String? {
        guard picture.shortfalls.isEmpty else { return nil }
        for label in ClassLabel.allCases where picture.regions.kind(at: picture.regions.weightDirection(label)) == .overlap {
            return "overlap covers W\(label.rawValue)"
        }
        return nil
    }

    /// "class 2 misses W2 (ratio)", "class 1: no region (margin)": what fails, and what is to blame.
    static func warning(_ label: ClassLabel, _ shortfall: RegionShortfall) -> String {
        let cause = shortfall.cause == .normRatio ? "ratio" : "margin"
        switch shortfall {
        case .noRegion: return "class \(label.rawValue): no region (\(cause))"
        case .missesWeight: return "class \(label.rawValue) misses W\(label.rawValue) (\(cause))"
        }
    }

    /// "70.9°–250.9°", the end written below 360°.
    static func arcText(_ arc: DirectionArc) -> String {
        let end = arc.to.radians >= 2 * .pi ? Angle(radians: arc.to.radians - 2 * .pi) : arc.to
        return degrees(arc.from) + "–" + degrees(end)
    }

    /// The selected sample: angles, logits, probabilities, loss, and where its gradient pushes it.
    static func inspector(_ inspected: InspectedSample?, picture: TwoClassPicture, state: AppState,
                          into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        writer.rule(into: &buffer, style: theme.dim)
        guard let inspected else {
            writer.line("no sample selected (Tab, n/N)", theme.dim, into: &buffer)
            return
        }
        let (index, sample, inspection) = (inspected.index, inspected.sample, inspected.inspection)
        let (glyph, status) = PlaneCanvas.glyph(for: sample, in: picture.geometry)
        writer.line([("sample \(index + 1)/\(state.samples.count) ", theme.title),
                     ("class \(sample.label) \(glyph)", theme.classStyle(sample.label))], into: &buffer)
        writer.line(status, sample.label == inspection.prediction + 1 ? theme.dim : theme.warning, into: &buffer)
        writer.line([("θ1 ", theme.class1), (buffer.padded(degrees(inspection.angles[0]), to: 8), .plain),
                     ("θ2 ", theme.class2), (degrees(inspection.angles[1]), .plain)], into: &buffer)
        writer.line([("logit ", theme.dim), (inspection.logits.map(short).joined(separator: "  "), .plain)], into: &buffer)
        writer.line([("p     ", theme.dim), (inspection.probabilities.map(probability).joined(separator: "  "), .plain)],
                    into: &buffer)
        writer.line([("loss  ", theme.dim), (short(inspection.loss), .plain)], into: &buffer)
        let (gx, gy) = (-inspection.gradient[0], -inspection.gradient[1])
        let size = hypot(gx, gy)  // no underflow: a push of 1e-170 is not 0
        writer.line([("push  ", theme.dim), (size == 0 ? "none" : arrow(atan2(gy, gx)) + " " + short(size),
                                             theme.accent)], into: &buffer)
        writer.rule(into: &buffer, style: theme.dim)
        writer.line("● meets ○ in margin ⊗ wrong", theme.dim, into: &buffer)
    }

    /// For MagFace and AdaFace, which feature length the rays are drawn for and the margin it gives:
    /// "rays for ‖x‖ 84 (sample 3, {/}): m 0.72 rad"; nil for the other losses.
    static func lengthWords(_ geometry: TwoClassGeometry, state: AppState) -> String? {
        let loss = geometry.loss
        guard loss.dependsOnLength else { return nil }
        let whose = state.selectedSample.map { "sample \($0 + 1), {/}" } ?? "no sample"
        var words = "rays for ‖x‖ \(NumberText.significant(geometry.length, digits: 3)) (\(whose))"
        switch loss.rule {
        case let rule as MagFace:
            words += ": m " + NumberText.fixed(rule.margin(length: geometry.length).value, decimals: 3) + " rad"
        case let rule as AdaFace:
            words += ": ẑ " + NumberText.fixed(rule.scaledNorm(in: loss.drawingContext(length: geometry.length)).value,
                                               decimals: 2)
        default: break
        }
        return words
    }

    /// For ElasticFace, where the class-1 ray lies for the band's ends m − 2σ and m + 2σ (drawn dotted either side
    /// of the mean margin's solid rays): "band m±2σ dotted: ray 1 33.5°–27.8°"; nil for the other losses.
    static func bandWords(_ picture: TwoClassPicture) -> String? {
        guard let band = picture.band else { return nil }
        func ray(_ regions: TwoClassRegions) -> String { regions.inner.class1.map(degrees) ?? "none" }
        return "band m±2σ dotted: ray 1 " + ray(band.lower) + "–" + ray(band.upper)
    }

    /// For Sub-center ArcFace with k > 1, the layout and the width each sub-centre wins with its margin, in fan
    /// order (r = 1 … k, the first the most clockwise): "sub-centres 15° apart win", "1: 23.2° 15° 30.7°",
    /// "2: …"; none for the other losses.
    static func subCenterWords(_ picture: TwoClassPicture) -> [String] {
        let fan = picture.geometry.subCenters
        guard fan.count > 1 else { return [] }
        let layout = "sub-centres \(NumberText.tidy(fan.spacing.degrees))° apart win"
        return [layout] + ClassLabel.allCases.map { label in
            let widths = (0..<fan.count).map { r in
                picture.subCenterArcs.filter { $0.label == label && $0.index == r }
                    .map(\.span.width.radians).reduce(0, +)
            }
            return "\(label.rawValue): " + widths.map { degrees(Angle(radians: $0)) }.joined(separator: " ")
        }
    }

    /// A probability with three decimals, or two significant digits when three decimals would read 0.000 for a
    /// probability that is not zero, so 4.2e-18 does not read as 0.
    static func probability(_ value: Double) -> String { NumberText.fixed(value, decimals: 3) }

    /// A compact number: 4 significant digits, scientific when tiny or huge.
    static func short(_ value: Double) -> String { NumberText.significant(value) }

    /// One of eight arrows for a direction in radians (y up).
    static func arrow(_ angle: Double) -> String {
        let arrows = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        let index = Int(saturating: ((angle / (.pi / 4)).rounded()).truncatingRemainder(dividingBy: 8) + 8) % 8
        return arrows[index]
    }
}
