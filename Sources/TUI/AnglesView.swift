import Foundation
import Geometry

/// The binary decision margins in the (θ1, θ2) plane (the ArcFace figure) or, with `c`, in cosine space (the
/// CosFace figure): where a class-1 and a class-2 sample just meet their margins, the zone between shaded.
enum AnglesView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let layout = PlaneLayout(state: state)
        let curves = MarginCurves(loss: state.loss, normRatio: state.normRatio)
        let plain = MarginCurves(loss: MarginLoss(.softmax), normRatio: state.loss.normalization == .none ? state.normRatio : 1)
        let cosine = state.cosineSpace
        let (low, high) = cosine ? (-1.0, 1.0) : (0.0, 180.0)
        var plot = Plot(in: layout.canvas, minX: low, maxX: high, minY: low, maxY: high, square: true)

        // Zones, one classification per cell.
        for row in 0..<plot.canvasRect.height {
            for column in 0..<plot.canvasRect.width {
                let (u, v) = (plot.dataX(dot: column * 2 + 1), plot.dataY(dot: row * 4 + 2))
                let point = cosine ? curves.classify(cosine1: u, cosine2: v)
                    : curves.classify(theta1: Angle(degrees: u), theta2: Angle(degrees: v))
                plot.canvas.paintZone(point, column: column, row: row, theme: theme)
            }
        }
        let columns = plot.canvasRect.width * 2, rows = plot.canvasRect.height * 4
        func boundary(_ curve: MarginCurves, _ classIndex: Int, _ style: Style, dash: Int) {
            let count = classIndex == 1 ? columns : rows
            let points = (0..<count).map { step -> (Double, Double)? in
                let t = low + (high - low) * Double(step) / Double(count - 1)
                if cosine {
                    guard let other = classIndex == 1 ? curve.class1Boundary(cosine1: t) : curve.class2Boundary(cosine2: t)
                    else { return nil }
                    return classIndex == 1 ? (t, other) : (other, t)
                }
                guard let other = classIndex == 1 ? curve.class1Boundary(theta1: Angle(degrees: t))
                                                  : curve.class2Boundary(theta2: Angle(degrees: t)) else { return nil }
                return classIndex == 1 ? (t, other.degrees) : (other.degrees, t)
            }
            plot.curve(points, style: style, dash: dash)
        }
        boundary(plain, 1, theme.reference, dash: 2)
        boundary(curves, 1, theme.class1, dash: 0)
        boundary(curves, 2, theme.class2, dash: 0)
        let ticks: [(Double, String)] = cosine ? [(-1, "-1"), (-0.5, "-0.5"), (0, "0"), (0.5, "0.5"), (1, "1")]
            : [(0, "0°"), (45, "45°"), (90, "90°"), (135, "135°"), (180, "180°")]
        plot.draw(into: &buffer, xTicks: ticks, yTicks: ticks, xName: cosine ? "cos θ1" : "θ1",
                  yName: cosine ? "↑ cos θ2" : "↑ θ2", style: theme.dim, ascii: state.ascii)

        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        panel.rule(into: &buffer, ascii: state.ascii, style: theme.dim)
        panel.line([(cosine ? "cosine space" : "(θ1, θ2) plane", theme.title), ("  c: switch", theme.dim)], into: &buffer)
        let (solid, dashed) = state.ascii ? ("-", "~") : ("━", "╌")
        panel.line([(solid + " class 1", theme.class1), (" meets its margin", theme.dim)], into: &buffer)
        panel.line(cosine ? "  below its curve" : "  above its curve", theme.dim, into: &buffer)
        panel.line([(solid + " class 2", theme.class2), (" meets its margin", theme.dim)], into: &buffer)
        panel.line(cosine ? "  left of its curve" : "  right of its curve", theme.dim, into: &buffer)
        panel.line([(dashed + " no margin", theme.reference), (" (softmax)", theme.dim)], into: &buffer)
        panel.line(note(for: state.loss), theme.dim, into: &buffer)
    }

    /// What the figure should show for this loss, in the papers' words.
    static func note(for loss: MarginLoss) -> String {
        switch loss.kind {
        case .arcface: "parallel lines θ2 = θ1 ± m"
        case .sphereface, .lsoftmax: "a wedge θ2 = m·θ1"
        case .cosface: "cos θ1 − cos θ2 = ± m"
        case .softmax, .normface: "one line: no margin"
        case .combined: "all three margins at once"
        }
    }
}
