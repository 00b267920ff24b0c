import Foundation
import Geometry

/// The binary decision margins in the (θ1, θ2) plane (the ArcFace figure) or, with `c`, in cosine space (the
/// CosFace figure): where a class-1 and a class-2 sample just meet their margins, the zone between shaded.
enum AnglesView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        drawPlot(state, in: layout.canvas, into: &buffer)
        let (theme, cosine) = (state.theme, state.cosineSpace)
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        panel.rule(into: &buffer, style: theme.dim)
        panel.line([(cosine ? "cosine space" : "(θ1, θ2) plane", theme.title), ("  c: switch", theme.dim)], into: &buffer)
        panel.line([("━ class 1", theme.class1), (" meets its margin", theme.dim)], into: &buffer)
        panel.line(cosine ? "  below its curve" : "  above its curve", theme.dim, into: &buffer)
        panel.line([("━ class 2", theme.class2), (" meets its margin", theme.dim)], into: &buffer)
        panel.line(cosine ? "  left of its curve" : "  right of its curve", theme.dim, into: &buffer)
        panel.line([("╌ no margin", theme.reference), (" (softmax)", theme.dim)], into: &buffer)
        panel.wrapped(note(for: state.loss), theme.dim, into: &buffer)
        if let words = familyWords(state.loss) { panel.wrapped(words, theme.dim, into: &buffer) }
    }

    /// The zones (one classification per cell), the softmax line and both classes' margin curves, on square axes.
    static func drawPlot(_ state: AppState, in rect: Rect, into buffer: inout Buffer) {
        drawPlot(state, loss: state.loss, in: rect, into: &buffer)
    }

    /// The plot of `loss` (a compare panel's own) with the state's ratio and space.
    static func drawPlot(_ state: AppState, loss: MarginLoss, in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let curves = MarginCurves(loss: loss.asDrawn, normRatio: state.normRatio)
        let plain = MarginCurves(loss: MarginLoss(.softmax), normRatio: loss.normalization == .none ? state.normRatio : 1)
        let cosine = state.cosineSpace
        let (low, high) = cosine ? (-1.0, 1.0) : (0.0, 180.0)
        var plot = Plot(in: rect, minX: low, maxX: high, minY: low, maxY: high, square: true)
        for row in 0..<plot.canvasRect.height {
            for column in 0..<plot.canvasRect.width {
                let (u, v) = (plot.dataX(dot: column * 2 + 1), plot.dataY(dot: row * 4 + 2))
                let point = cosine ? curves.classify(cosine1: u, cosine2: v)
                    : curves.classify(theta1: Angle(degrees: u), theta2: Angle(degrees: v))
                plot.canvas.paintZone(point, column: column, row: row, theme: theme)
            }
        }
        let (columns, rows) = (plot.canvasRect.width * 2, plot.canvasRect.height * 4)
        // Each class's curve: the other class's angle (or cosine) where its sample just meets the margin, drawn
        // with its own axis as the parameter (class 1 along theta1, class 2 along theta2).
        func boundary(_ curve: MarginCurves, _ label: ClassLabel, _ style: Style, dash: Int) {
            let count = label == .class1 ? columns : rows
            let points = (0..<count).map { step -> (Double, Double)? in
                let own = low + (high - low) * Double(step) / Double(count - 1)
                let other = cosine ? curve.boundary(of: label, cosine: own)
                    : curve.boundary(of: label, angle: Angle(degrees: own)).map(\.degrees)
                return other.map { label == .class1 ? (own, $0) : ($0, own) }
            }
            plot.curve(points, style: style, dash: dash)
        }
        boundary(plain, .class1, theme.reference, dash: 2)
        for member in family(loss) {  // MagFace's and AdaFace's other lengths, ElasticFace's band, dashed
            let other = MarginCurves(loss: member.asDrawn, normRatio: state.normRatio)
            boundary(other, .class1, theme.class1, dash: 3)
            boundary(other, .class2, theme.class2, dash: 3)
        }
        boundary(curves, .class1, theme.class1, dash: 0)
        boundary(curves, .class2, theme.class2, dash: 0)
        let ticks: [(Double, String)] = cosine ? [(-1, "-1"), (-0.5, "-0.5"), (0, "0"), (0.5, "0.5"), (1, "1")]
            : [(0, "0"), (45, "45"), (90, "90"), (135, "135"), (180, "180")]
        plot.draw(into: &buffer, xTicks: ticks, yTicks: ticks, xName: cosine ? "cos θ1" : "θ1 in °",
                  yName: cosine ? "↑ cos θ2" : "↑ θ2 in °", style: theme.dim)
    }

    /// The dashed curves beside a loss of issue 10's own: MagFace at ‖x‖ = 10 and 110, AdaFace at ẑ = −1 and 1,
    /// ElasticFace at m ± 2σ (the ψ view's family, its ends); none for the other losses.
    /// What the dashed curves of `family` are, for the panel; nil where there are none.
    static func familyWords(_ loss: MarginLoss) -> String? {
        switch loss.kind {
        case .magface: "solid: ‖x‖ = \(NumberText.tidy(loss.referenceLength)); dashed: ‖x‖ = 10 and 110"
        case .adaface: "solid: ẑ = 0 (‖x‖ = μ); dashed: ẑ = −1 (ArcFace) and 1"
        case .elasticArcface, .elasticCosface: "solid: m; dashed: the band m ± 2σ"
        default: nil
        }
    }

    static func family(_ loss: MarginLoss) -> [MarginLoss] {
        let members = PsiView.family(loss).map(\.loss)
        switch loss.kind {
        case .magface: return [members[0], members[2]]
        case .adaface: return [members[0], members[3]]
        default: return members
        }
    }

    /// What the figure should show for this loss, in the papers' words.
    static func note(for loss: MarginLoss) -> String {
        switch loss.kind {
        case .arcface: "parallel lines θ2 = θ1 ± m"
        case .sphereface, .lsoftmax: "a wedge θ2 = m·θ1"
        case .cosface: "cos θ1 − cos θ2 = ± m"
        case .softmax, .normface: "one line: no margin"
        case .combined: "all three margins at once"
        case .adacos: "one line: no margin, s adapts"
        case .subcenterArcface: "ArcFace's lines on the best sub-centre"
        case .curricularface: "ArcFace's margin; hard negatives reweighted by t"
        case .magface: "ArcFace's lines with m(‖x‖)"
        case .adaface: "between ArcFace (ẑ=−1) and CosFace (ẑ=0)"
        case .elasticArcface, .elasticCosface: "the curve at the mean margin m"
        case .circle: "circle c_n²+(c_p−1)² = 2m²"
        }
    }
}
