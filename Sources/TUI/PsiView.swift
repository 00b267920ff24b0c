import Foundation
import Geometry

/// The target logit against the angle (the AM-Softmax / ArcFace paper figure): the current loss bright, cos θ and
/// the other losses faint, the ArcFace fallback and the lambda blend marked where they apply.
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
        var faint = theme.faint.makeIterator()
        for kind in [LossKind.sphereface, .cosface, .arcface, .combined] where kind != state.loss.kind {
            let loss = state.losses[kind]!
            if kind == .sphereface && state.loss.kind == .lsoftmax && loss.m == state.loss.m
                && loss.lambda == state.loss.lambda { continue }  // the same curve
            list.append((loss.shortDescription, loss, faint.next() ?? theme.dim, 0))
        }
        return list
    }

    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let layout = PlaneLayout(state: state)
        let current = state.loss
        let samples = 360
        let thetas = (0...samples).map { Angle(degrees: Double($0) * 180 / Double(samples)) }
        let lowest = thetas.map { current.targetLogit(at: $0) }.min() ?? -1
        let minY = min(-1.25, (lowest - 0.1)), maxY = 1.15
        var plot = Plot(in: layout.canvas, minX: 0, maxX: 180, minY: minY, maxY: maxY, square: false)
        plot.curve([(0, 0), (180, 0)], style: theme.dim, dash: 1)
        for x in [45.0, 90, 135] { plot.curve([(x, minY), (x, maxY)], style: theme.dim, dash: 1) }
        let fallback = fallbackAngle(current)
        if let fallback { plot.curve([(fallback.degrees, minY), (fallback.degrees, maxY)], style: theme.warning, dash: 2) }
        let list = curves(state)
        for curve in list.reversed() {  // the current loss last, on top
            let points = thetas.map { theta -> (Double, Double)? in
                let y = curve.loss.targetLogit(at: theta)
                return y < minY ? nil : (theta.degrees, y)
            }
            plot.curve(points, style: curve.style, dash: curve.dash)
        }
        let ticks = stride(from: (minY).rounded(.up), through: 1, by: minY < -4 ? 2 : 1).map { ($0, format($0)) }
        plot.draw(into: &buffer, xTicks: [0, 45, 90, 135, 180].map { ($0, format($0) + "°") }, yTicks: ticks,
                  xName: "θ (angle to own class)", yName: "target logit", style: theme.dim, ascii: state.ascii)

        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        panel.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        for curve in list {
            let mark = curve.dash > 0 ? (state.ascii ? "- -" : "╌╌ ") : (state.ascii ? "---" : "── ")
            panel.line([(mark, curve.style), (curve.name, curve.style == theme.accent ? theme.title : theme.dim)],
                       into: &buffer)
        }
        panel.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        if let fallback {
            panel.line("fallback past θ = " + degrees(fallback) + ":", theme.warning, into: &buffer)
            panel.line(current.kind == .arcface ? "cos θ − m·sin m keeps it falling" : "cos θ − m3 − d keeps it falling",
                       theme.dim, into: &buffer)
        }
        if current.kind == .arcface || current.kind == .combined, current.easyMargin {
            panel.line("easy margin: no margin past 90°", theme.dim, into: &buffer)
        }
        if (current.kind == .lsoftmax || current.kind == .sphereface) && current.lambda > 0 {
            panel.line("λ=\(format(current.lambda)) blends ψ toward cos θ", theme.dim, into: &buffer)
        }
        panel.line("at 90°: " + String(format: "%.4f", current.targetLogit(at: Angle(degrees: 90))), theme.dim,
                   into: &buffer)
    }

    /// Where the loss switches to its linear fallback, if it does within [0, 180°].
    static func fallbackAngle(_ loss: MarginLoss) -> Angle? {
        if loss.easyMargin { return nil }  // past 90° easy margin uses cos θ itself, so no fallback ever applies
        switch loss.kind {
        case .arcface where loss.m > 0: return Angle(radians: .pi - loss.m)
        case .combined:
            let angle = (.pi - loss.m2) / loss.m1
            return angle < .pi ? Angle(radians: angle) : nil
        default: return nil
        }
    }
}
