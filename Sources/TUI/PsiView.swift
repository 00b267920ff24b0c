import Foundation
import Geometry

/// The target logit against the angle (the AM-Softmax / ArcFace paper figure): the current loss bright, cos θ and
/// the other losses faint, the ArcFace fallback, the combined margin's turn and the lambda blend marked where they
/// apply, and every symbol of the panel defined on it (m, s, m1-m3 and lambda are the controls above).
enum PsiView {
    /// The curves drawn: the current loss first, then cos θ, then each other loss whose curve differs.
    static func curves(_ state: AppState) -> [(name: String, loss: MarginLoss, style: Style, dash: Int)] {
        let theme = state.theme
        var list = [(state.loss.shortDescription, state.loss, theme.accent, 0)]
        if state.loss.kind != .softmax && state.loss.kind != .normface {
            list.append(("cos θ (softmax)", MarginLoss(.softmax), theme.reference, 2))
        }
        if (state.loss.kind == .lsoftmax || state.loss.kind == .sphereface) && state.loss.lambda > 0 {
            var pure = state.loss
            pure.lambda = 0
            list.append(("ψ(θ) without λ", pure, theme.accent, 3))
        }
        if state.loss.rule != nil {
            list += family(state.loss, theme: theme)
            return list
        }
        var faint = theme.faint.makeIterator()
        for kind in [LossKind.sphereface, .cosface, .arcface, .combined] where kind != state.loss.kind {
            let loss = state.losses[kind]
            if kind == .sphereface && state.loss.kind == .lsoftmax && loss.m == state.loss.m
                && loss.lambda == state.loss.lambda { continue }  // the same curve
            list.append((loss.shortDescription, loss, faint.next() ?? theme.dim, 0))
        }
        return list
    }

    /// The extra curves of a loss of issue 10: MagFace at ‖x‖ = 10, 60, 110 (the defaults' l_a, middle, u_a),
    /// AdaFace for ẑ = −1, −0.5, 0.5, 1 (the lengths μ + ẑ (σ + ε)/h that give them named), ElasticFace's band
    /// m ± 2σ; the current curve is MagFace's at (l_a + u_a)/2, AdaFace's at ẑ = 0, ElasticFace's at m.
    static func family(_ loss: MarginLoss, theme: Theme) -> [(name: String, loss: MarginLoss, style: Style, dash: Int)] {
        var faint = theme.faint.makeIterator()
        var list: [(name: String, loss: MarginLoss, style: Style, dash: Int)] = []
        switch loss.rule {
        case let rule as MagFace:
            for length in [10.0, 60, 110] {
                var member = loss
                member.drawingLength = length
                let m = NumberText.fixed(rule.margin(length: length).value, decimals: 2)
                list.append(("‖x‖=\(NumberText.tidy(length)): m \(m)", member, faint.next() ?? theme.dim, 0))
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
                list.append(("ẑ=\(NumberText.tidy(z)) \(at)", member, faint.next() ?? theme.dim, z < 0 ? 0 : 3))
            }
        default:
            if let band = loss.elasticBand {
                list.append(("m−2σ = \(NumberText.tidy(band.lower.m))", band.lower, theme.accent, 3))
                list.append(("m+2σ = \(NumberText.tidy(band.upper.m))", band.upper, theme.accent, 3))
            }
        }
        return list
    }

    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        let list = curves(state)
        drawPlot(state, curves: list, in: layout.canvas, into: &buffer)
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        panel.rule(into: &buffer, style: state.theme.dim)
        for curve in list {
            let mark = curve.dash > 0 ? "╌╌ " : "── "
            panel.line([(mark, curve.style), (curve.name, curve.style == state.theme.accent ? state.theme.title
                                                                                          : state.theme.dim)],
                       into: &buffer)
        }
        panel.rule(into: &buffer, style: state.theme.dim)
        notes(state.loss, theme: state.theme, into: &buffer, writer: &panel)
    }

    /// The curves against theta from 0 to 180°, the grid, and the angle where the current loss's curve turns.
    static func drawPlot(_ state: AppState, curves list: [(name: String, loss: MarginLoss, style: Style, dash: Int)],
                         in rect: Rect, into buffer: inout Buffer) {
        let (theme, current) = (state.theme, state.loss)
        let samples = 360
        let thetas = (0...samples).map { Angle(degrees: Double($0) * 180 / Double(samples)) }
        let lowest = thetas.map { current.targetLogit(at: $0) }.min() ?? -1
        let minY = min(-1.25, (lowest - 0.1)), maxY = 1.15
        var plot = Plot(in: rect, minX: 0, maxX: 180, minY: minY, maxY: maxY, square: false)
        plot.curve([(0, 0), (180, 0)], style: theme.dim, dash: 1)
        for x in [45.0, 90, 135] { plot.curve([(x, minY), (x, maxY)], style: theme.dim, dash: 1) }
        if let marked = fallbackAngle(current) ?? turnAngle(current) {
            plot.curve([(marked.degrees, minY), (marked.degrees, maxY)], style: theme.warning, dash: 2)
        }
        for curve in list.reversed() {  // the current loss last, on top
            let points = thetas.map { theta -> (Double, Double)? in
                let y = curve.loss.targetLogit(at: theta)
                return y < minY ? nil : (theta.degrees, y)
            }
            plot.curve(points, style: curve.style, dash: curve.dash)
        }
        let ticks = stride(from: (minY).rounded(.up), through: 1, by: minY < -4 ? 2 : 1).map { ($0, NumberText.tidy($0)) }
        plot.draw(into: &buffer, xTicks: [0, 45, 90, 135, 180].map { ($0, NumberText.tidy($0)) }, yTicks: ticks,
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
