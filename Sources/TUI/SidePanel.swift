import Foundation
import Geometry

/// The side panel's sections: the loss and its controls, the margins, the selected sample.
enum SidePanel {
    /// Loss name, formula, and one line per control (value and range), the selected one highlighted.
    static func controls(_ state: AppState, into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        let loss = state.losses[state.activeLossKind]!
        writer.line([(loss.kind.displayName, theme.title), ("  t/T: next loss", theme.dim)], into: &buffer)
        writer.line("logit " + loss.formula, theme.dim, into: &buffer)
        for (index, control) in state.controls.enumerated() {
            let range = state.range(of: control)
            let value: String = switch control {
            case .parameter(let parameter): loss.displayValue(parameter)
            case .separation: format(state.separation.degrees) + "°"
            case .normRatio: format(state.normRatio)
            }
            let name = control.name.padding(toLength: 7, withPad: " ", startingAt: 0)
            let rangeText = format(range.lower) + "–" + format(range.upper)
            let selected = index == state.selectedControl
            let ignored = control == .normRatio && loss.normalization != .none
            writer.line([(selected ? "▸" : " ", theme.accent), (name, theme.title),
                         (value.padding(toLength: 9, withPad: " ", startingAt: 0), .plain),
                         (ignored ? "no effect" : rangeText, theme.dim)],
                        into: &buffer, highlight: selected ? Style(reverse: true) : nil)
        }
    }

    /// The decision margins in the inner and outer sectors.
    static func margins(_ picture: TwoClassPicture, state: AppState, into buffer: inout Buffer,
                        writer: inout PanelWriter) {
        let theme = state.theme
        writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        let (geometry, inner, outer) = (picture.geometry, picture.inner, picture.outer)
        let marginStyle = inner.margin.radians < -1e-9 ? theme.warning : theme.accent
        // In the loss's natural unit too: cosine units for AM-Softmax, radians otherwise.
        let natural = geometry.loss.kind == .cosface ? "\(format(geometry.loss.m)) cos"
            : "\(String(format: "%.3f", inner.margin.radians)) rad"
        writer.line([("margin ", theme.title), (degrees(inner.margin), marginStyle), (" (\(natural))", theme.dim)],
                    into: &buffer)
        writer.line([("bounds ", theme.dim), ("1: " + degrees(inner.class1), theme.class1),
                     ("  2: " + degrees(inner.class2), theme.class2)], into: &buffer)
        writer.line([("softmax " + degrees(inner.softmax), theme.dim), ("  outer " + degrees(outer.margin), theme.dim)],
                    into: &buffer)
        for (index, exists) in [(1, geometry.class1HasRegion), (2, geometry.class2HasRegion)] where !exists {
            writer.line("class \(index) has no region", theme.warning, into: &buffer)  // it fails even on W\(index)
        }
    }

    /// The selected sample: angles, logits, probabilities, loss, and where its gradient pushes it.
    static func inspector(_ inspected: InspectedSample?, picture: TwoClassPicture, state: AppState,
                          into buffer: inout Buffer, writer: inout PanelWriter) {
        let theme = state.theme
        writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        guard let inspected else {
            writer.line("no sample selected (Tab, n/N)", theme.dim, into: &buffer)
            return
        }
        let (index, sample, inspection) = (inspected.index, inspected.sample, inspected.inspection)
        let (glyph, status) = PlaneCanvas.glyph(for: sample, in: picture.geometry, ascii: state.ascii)
        writer.line([("sample \(index + 1)/\(state.samples.count) ", theme.title),
                     ("class \(sample.label) \(glyph)", theme.classStyle(sample.label))], into: &buffer)
        writer.line(status, sample.label == inspection.prediction + 1 ? theme.dim : theme.warning, into: &buffer)
        writer.line([("θ1 ", theme.class1), (degrees(inspection.angles[0]).padding(toLength: 8, withPad: " ", startingAt: 0), .plain),
                     ("θ2 ", theme.class2), (degrees(inspection.angles[1]), .plain)], into: &buffer)
        writer.line([("logit ", theme.dim), (inspection.logits.map(short).joined(separator: "  "), .plain)], into: &buffer)
        writer.line([("p     ", theme.dim), (inspection.probabilities.map { String(format: "%.3f", $0) }
            .joined(separator: "  "), .plain)], into: &buffer)
        writer.line([("loss  ", theme.dim), (short(inspection.loss), .plain)], into: &buffer)
        let (gx, gy) = (-inspection.gradient[0], -inspection.gradient[1])
        let size = (gx * gx + gy * gy).squareRoot()
        writer.line([("push  ", theme.dim), (size < 1e-12 ? "none" : arrow(atan2(gy, gx), ascii: state.ascii)
                        + " " + short(size), theme.accent)], into: &buffer)
        writer.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        let legend: [Unicode.Scalar] = state.ascii ? ["A", "a", "x"] : ["●", "○", "⊗"]
        writer.line("\(legend[0]) meets \(legend[1]) in margin \(legend[2]) wrong", theme.dim, into: &buffer)
    }

    /// A compact number: 4 significant digits, scientific when tiny or huge.
    static func short(_ value: Double) -> String {
        if value != 0 && (abs(value) < 1e-3 || abs(value) >= 1e5) { return String(format: "%.2e", value) }
        return String(format: "%.4g", value)
    }

    /// One of eight arrows for a direction in radians (y up).
    static func arrow(_ angle: Double, ascii: Bool) -> String {
        let arrows = ascii ? ["->", "/^", "^", "\\^", "<-", "v/", "v", "\\v"] : ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        let index = Int(saturating: ((angle / (.pi / 4)).rounded()).truncatingRemainder(dividingBy: 8) + 8) % 8
        return arrows[index]
    }
}
