import Foundation
import Figures
import Geometry

/// The target logit against the angle (the AM-Softmax / ArcFace paper figure): the current loss bright, cos θ and
/// the other losses faint, the ArcFace fallback, the combined margin's turn and the lambda blend marked where they
/// apply, and every symbol of the panel defined on it (m, s, m1-m3 and lambda are the controls above).
enum PsiView {
    /// The curves drawn: the current loss first, then cos θ, then each other loss whose curve differs.
    static func curves(_ state: AppState) -> [PsiCurve] {
        var list = [PsiCurve(name: state.loss.shortDescription, loss: state.loss, role: .accent, kind: "current")]
        if state.loss.kind != .softmax && state.loss.kind != .normface {
            list.append(PsiCurve(name: "cos θ (softmax)", loss: MarginLoss(.softmax), role: .reference, dash: Dash(dots: 2),
                                 kind: "reference"))
        }
        if (state.loss.kind == .lsoftmax || state.loss.kind == .sphereface) && state.loss.lambda > 0 {
            var pure = state.loss
            pure.lambda = 0
            list.append(PsiCurve(name: "ψ(θ) without λ", loss: pure, role: .accent, dash: Dash(dots: 3),
                                 kind: "without-lambda"))
        }
        for (index, pin) in state.pins.enumerated() {
            list.append(PsiCurve(name: pin.shortDescription, loss: pin, role: .palette(index), kind: "pin"))
        }
        if state.loss.rule != nil { return list + family(state.loss) }
        var faint = 0
        // The other losses, faint, until something is pinned: then the pins are the comparison.
        for kind in [LossKind.sphereface, .cosface, .arcface, .combined] where kind != state.loss.kind && state.pins.isEmpty {
            let loss = state.losses[kind]
            if kind == .sphereface && state.loss.kind == .lsoftmax && loss.m == state.loss.m
                && loss.lambda == state.loss.lambda { continue }  // the same curve
            list.append(PsiCurve(name: loss.shortDescription, loss: loss, role: .faint(faint), kind: "other"))
            faint += 1
        }
        return list
    }

    /// The legend's name of each curve, fitted to `width` columns as `measure` counts them. A loss's curve (the
    /// current one, a pin, another loss) that does not fit under its full name (`Combined s=64 m1=1 m2=0.5 m3=0`)
    /// is named by what tells it from the other curves of its loss: the loss and the parameters whose values differ
    /// among them (`Combined m1=1 m2=0.5 m3=0`), and, when that is still too long and the loss is the current one
    /// (named above the legend), those parameters alone (`m1=1 m2=0.5 m3=0`). Other curves keep their names.
    static func legendNames(_ list: [PsiCurve], current: LossKind, width: Int, measure: (String) -> Int) -> [String] {
        list.map { curve in
            guard measure(curve.name) > width, ["current", "pin", "other"].contains(curve.kind) else { return curve.name }
            let loss = curve.loss
            let kin = list.filter { ["current", "pin", "other"].contains($0.kind) && $0.loss.kind == loss.kind }
            let differing = loss.parameters.filter { parameter in kin.contains { $0.loss[parameter] != loss[parameter] } }
            guard !differing.isEmpty else { return curve.name }
            let values = differing.map { "\($0.rawValue)=\(NumberText.tidy(loss[$0]))" }.joined(separator: " ")
            let named = loss.kind.displayName + " " + values
            return measure(named) <= width || loss.kind != current ? named : values
        }
    }

    /// The extra curves of a loss of issue 10: MagFace at ‖x‖ = 10, 60, 110 (the defaults' l_a, middle, u_a),
    /// AdaFace for ẑ = −1, −0.5, 0.5, 1 (the lengths μ + ẑ (σ + ε)/h that give them named), ElasticFace's band
    /// m ± 2σ; the current curve is MagFace's at (l_a + u_a)/2, AdaFace's at ẑ = 0, ElasticFace's at m.
    static func family(_ loss: MarginLoss) -> [PsiCurve] {
        var list: [PsiCurve] = []
        switch loss.rule {
        case let rule as MagFace:
            for length in [10.0, 60, 110] {
                var member = loss
                member.drawingLength = length
                let m = NumberText.fixed(rule.margin(length: length).value, decimals: 2)
                list.append(PsiCurve(name: "‖x‖=\(NumberText.tidy(length)): m \(m)", loss: member, role: .faint(list.count),
                                     kind: "length"))
            }
        case let rule as AdaFace:
            let (mean, deviation) = (loss[.normMean], loss[.normStd])
            for z in [-1.0, -0.5, 0.5, 1] {
                // A loss whose ẑ is exactly z at its drawing length: h = 1, σ + ε = 1, μ = 50, ‖x‖ = 50 + z.
                var member = loss
                (member[.h], member[.normMean], member[.normStd]) = (1, 50, 1 - AdaFace.epsilon)
                member.drawingLength = 50 + z
                let length = mean + z * (deviation + AdaFace.epsilon) / max(rule.h, 1e-12)
                // ã is clipped to [0.001, 100]: a ẑ whose length lies outside is never reached.
                let at = rule.h > 0 && (0.001...100).contains(length) ? "‖x‖≈" + NumberText.significant(length, digits: 3)
                    : "never reached"
                list.append(PsiCurve(name: "ẑ=\(NumberText.tidy(z)) \(at)", loss: member, role: .faint(list.count),
                                     dash: z < 0 ? .solid : Dash(dots: 3), kind: "length"))
            }
        default:
            if let band = loss.elasticBand {
                list.append(PsiCurve(name: "m−2σ = \(NumberText.tidy(band.lower.m))", loss: band.lower, role: .accent,
                                     dash: Dash(dots: 3), kind: "band"))
                list.append(PsiCurve(name: "m+2σ = \(NumberText.tidy(band.upper.m))", loss: band.upper, role: .accent,
                                     dash: Dash(dots: 3), kind: "band"))
            }
        }
        return list
    }

    /// The θ range shown, in degrees: 0° to 180° unless zoomed.
    static func thetaRange(_ state: AppState) -> ClosedRange<Double> { state.psiTheta }

    /// The target logits shown: the zoomed range, else from a little under the lowest value of the current curve
    /// the pins and the loss's family (MagFace's lengths, AdaFace's ẑ, ElasticFace's band) over the θ range (and at least down to -1.25) up to 1.15.
    static func logitRange(_ state: AppState) -> ClosedRange<Double> {
        if let chosen = state.psiLogit { return chosen }
        let theta = thetaRange(state)
        let samples = 360
        let thetas = (0...samples).map { Angle(degrees: theta.lowerBound
            + (theta.upperBound - theta.lowerBound) * Double($0) / Double(samples)) }
        let lowest = ([state.loss] + state.pins + family(state.loss).map(\.loss)).flatMap { loss in thetas.map { loss.targetLogit(at: $0) } }
            .filter(\.isFinite).min() ?? -1
        return min(-1.25, (lowest - 0.1))...1.15
    }

    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        let list = curves(state)
        drawPlot(state, curves: list, in: layout.canvas, into: &buffer)
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        panel.rule(into: &buffer, style: state.theme.dim)
        let names = legendNames(list, current: state.loss.kind, width: panel.textWidth - 3) { buffer.width(of: $0) }
        for (curve, name) in zip(list, names) {
            let mark = curve.dash.isSolid ? "── " : "╌╌ "
            let style = state.theme.style(of: curve.role)
            panel.line([(mark, style), (name, curve.role == .accent ? state.theme.title : state.theme.dim)],
                       into: &buffer)
        }
        panel.rule(into: &buffer, style: state.theme.dim)
        notes(state.loss, theme: state.theme, into: &buffer, writer: &panel)
    }

    /// The curves against theta from 0 to 180°, the grid, and the angle where the current loss's curve turns.
    static func drawPlot(_ state: AppState, curves list: [PsiCurve], in rect: Rect, into buffer: inout Buffer) {
        let (theme, current) = (state.theme, state.loss)
        let samples = 360
        let theta = thetaRange(state), logit = logitRange(state)
        let (minX, maxX, minY, maxY) = (theta.lowerBound, theta.upperBound, logit.lowerBound, logit.upperBound)
        let thetas = (0...samples).map { Angle(degrees: minX + (maxX - minX) * Double($0) / Double(samples)) }
        var plot = Plot(in: rect, minX: minX, maxX: maxX, minY: minY, maxY: maxY, square: false)
        plot.curve([(minX, 0), (maxX, 0)], style: theme.dim, dash: 1)
        let xTicks = PsiFigure.thetaTicks(theta)
        for x in xTicks where x > minX && x < maxX { plot.curve([(x, minY), (x, maxY)], style: theme.dim, dash: 1) }
        if let marked = fallbackAngle(current) ?? turnAngle(current), marked.degrees >= minX, marked.degrees <= maxX {
            plot.curve([(marked.degrees, minY), (marked.degrees, maxY)], style: theme.warning, dash: 2)
        }
        for curve in list.reversed() {  // the current loss last, on top
            let points = thetas.map { theta -> (Double, Double)? in
                let y = curve.loss.targetLogit(at: theta)
                return y < minY || y > maxY ? nil : (theta.degrees, y)
            }
            plot.curve(points, style: theme.style(of: curve.role), dash: curve.dash.dots)
        }
        let step = PsiFigure.logitStep(maxY - minY)
        let ticks = stride(from: PsiFigure.firstLogitTick(minY, step: step), through: maxY, by: step)
            .map { ($0, NumberText.tidy($0)) }
        plot.draw(into: &buffer, xTicks: xTicks.map { ($0, NumberText.tidy($0)) }, yTicks: ticks,
                  xName: "θ in ° (angle to own class)", yName: "target logit", style: theme.dim)
    }

    /// What the curve of `current` does that a reader should know: a fallback or a turn, easy margin, the λ blend
    /// and ψ's formula, and its value at 90°.
    static func notes(_ current: MarginLoss, theme: Theme, into buffer: inout Buffer, writer panel: inout PanelWriter) {
        if let marked = fallbackAngle(current) ?? turnAngle(current) {
            if current.kind == .arcface {
                panel.line("fallback past θ = " + degrees(marked) + ":", theme.warning, into: &buffer)
                panel.wrapped("cos θ − m·sin m keeps it falling", theme.dim, into: &buffer)
            } else {  // the combined margin, which has no fallback
                panel.line("rises past θ = " + degrees(marked) + ":", theme.warning, into: &buffer)
                panel.wrapped("m1·θ+m2 > 180°, no fallback", theme.dim, into: &buffer)
            }
        }
        if current.easyMargin {
            panel.wrapped(current.kind == .combined ? "easy margin: cos θ − m3 past 90°" : "easy margin: no margin past 90°",
                          theme.dim, into: &buffer)
        }
        if current.kind == .lsoftmax || current.kind == .sphereface {
            if current.lambda > 0 {
                panel.wrapped("λ=\(NumberText.tidy(current.lambda)) blends ψ toward cos θ", theme.dim, into: &buffer)
            }
            panel.wrapped("ψ(θ) = (−1)^k·cos(mθ) − 2k, k = floor(mθ / 180°)", theme.dim, into: &buffer)
        }
        if let note = ruleNote(current) { panel.wrapped(note, theme.dim, into: &buffer) }
        panel.line("at 90°: " + NumberText.fixed(current.targetLogit(at: Angle(degrees: 90)), decimals: 4), theme.dim,
                   into: &buffer)
    }

    /// What the curve of a loss of issue 10 is, and its fallbacks by name; nil for the paper losses.
    static func ruleNote(_ loss: MarginLoss) -> String? {
        switch loss.kind {
        case .adacos: "no margin: s only scales (fixed √2·ln(C−1) or dynamic)"
        case .subcenterArcface: "ArcFace on the best sub-centre's angle; fallback cos θ − m·sin m past 180° − m"
        case .curricularface: "fallback cos θ − m·sin m past 180° − m; hard negatives c(t+c) are not drawn"
        case .magface: "current: ‖x‖ = (l_a+u_a)/2 = \(NumberText.tidy(loss.referenceLength))"
            + (loss.easyMargin ? "; easy margin: no margin past 90°" : "; fallback c − m·sin m")
        case .adaface: "current: ẑ = 0 (‖x‖ = μ); θ − m·ẑ clipped to [ε, 180° − ε]"
        case .elasticArcface, .elasticCosface: "the curve at the mean m; band m ± 2σ (m_i ~ N(m, σ) per sample)"
        case .circle: "[1+m−c]₊·(c−1+m), before γ; no fallback"
        default: nil
        }
    }

    /// Where ArcFace switches to its fallback, theta = pi - m, if it does within [0, 180°].
    static func fallbackAngle(_ loss: MarginLoss) -> Angle? {
        if loss.easyMargin { return nil }  // past 90° easy margin uses cos θ itself, so no fallback ever applies
        return loss.kind == .arcface && loss.m > 0 ? Angle(radians: .pi - loss.m) : nil
    }

    /// Where the combined margin's cos(m1 theta + m2) - m3 stops falling and rises again, theta = (pi - m2) / m1,
    /// if that lies within the angles where the margin applies (below 180°, or below 90° with easy margin).
    static func turnAngle(_ loss: MarginLoss) -> Angle? {
        guard loss.kind == .combined else { return nil }
        let angle = (.pi - loss.m2) / loss.m1
        return angle < (loss.easyMargin ? .pi / 2 : .pi) ? Angle(radians: angle) : nil
    }
}
