import Foundation
import Geometry

/// One curve of the ψ figure: a loss's target logit t(cos θ) against θ, with what the legend calls it and how it is
/// drawn.
public struct PsiCurve: Sendable, Hashable {
    /// The legend's text: `ArcFace m=0.5 s=64`, `cos θ (softmax)`.
    public var name: String
    /// The loss whose target logit is drawn.
    public var loss: MarginLoss
    /// Its colour.
    public var role: Role
    /// Its stroke.
    public var dash: Dash
    /// What it is, as a class word: `current`, `reference`, `pin`, `other`, `without-lambda`.
    public var kind: String

    /// A curve of `loss`.
    public init(name: String, loss: MarginLoss, role: Role, dash: Dash = .solid, kind: String) {
        self.name = name; self.loss = loss; self.role = role; self.dash = dash; self.kind = kind
    }
}

/// The explorer's ψ view as a scene (the AM-Softmax and ArcFace papers' figure): the target logit before scaling,
/// t(cos θ), against θ in degrees.
///
/// Contents (world x = θ in degrees, y = the target logit):
/// - grid lines (role dim, class `grid`): y = 0 and every 45° tick inside the θ range, dotted;
/// - the angle the current loss marks (ArcFace's fallback, the combined margin's turn), if any: a dashed vertical
///   line, role warning, class `marked`, `data-angle-deg`;
/// - one polyline per curve, last curve first so the first (the current loss) lies on top, class `curve` and the
///   curve's kind, `data-loss` = the loss as a state string (`loss=arcface m=0.5 s=64`), `data-name` = its
///   legend text. Its points are (θ, t(cos θ)) for `samples` + 1 angles evenly over the θ range, both ends
///   included, every one of them exact (nothing is clipped in the scene; the SVG clips to the plot area);
/// - a legend at the bottom left: per curve a short key segment (class `legend-key`) and its name (class
///   `legend`);
/// - the axes: θ ticks every 45° (every 10° or 5° in a narrow range), logit ticks at whole numbers.
public enum PsiFigure {
    /// The scene of `curves` over θ in `theta` (degrees) and the target logit in `logit`.
    public static func scene(curves: [PsiCurve], theta: ClosedRange<Double>, logit: ClosedRange<Double>,
                             marked: Angle? = nil, samples: Int = 360, title: String = "", state: String = "") -> Scene {
        let bounds = WorldBounds(minX: theta.lowerBound, maxX: theta.upperBound, minY: logit.lowerBound,
                                 maxY: logit.upperBound)
        var scene = Scene(bounds: bounds, sharesScale: false, title: title, state: state)
        let (low, high) = (bounds.minX, bounds.maxX)
        scene.add(.polyline(.segment(from: WorldPoint(x: low, y: 0), to: WorldPoint(x: high, y: 0), dash: Dash(dots: 1))),
                  role: .dim, tags: Tags(classes: ["grid"]))
        let ticks = thetaTicks(low...high)
        for x in ticks where x > low && x < high {
            scene.add(.polyline(.segment(from: WorldPoint(x: x, y: bounds.minY), to: WorldPoint(x: x, y: bounds.maxY),
                                         dash: Dash(dots: 1))),
                      role: .dim, tags: Tags(classes: ["grid"]))
        }
        if let marked, marked.degrees >= low, marked.degrees <= high {
            scene.add(.polyline(.segment(from: WorldPoint(x: marked.degrees, y: bounds.minY),
                                         to: WorldPoint(x: marked.degrees, y: bounds.maxY), dash: Dash(dots: 2))),
                      role: .warning, tags: Tags(classes: ["marked"], data: ["angle-deg": exactText(marked.degrees)]))
        }
        let count = min(max(samples, 1), 100_000)
        let angles = (0...count).map { $0 == count ? high : low + (high - low) * Double($0) / Double(count) }
        for curve in curves.reversed() {
            let points = angles.map { WorldPoint(x: $0, y: curve.loss.targetLogit(at: Angle(degrees: $0))) }
            scene.add(.polyline(Polyline(points: points, dash: curve.dash)), role: curve.role,
                      tags: Tags(classes: ["curve", curve.kind], data: ["loss": curve.loss.summary, "name": curve.name]))
        }
        // The legend at the bottom left, where falling curves leave room: one line per curve (a twelfth of the
        // height), the first at the top.
        let line = bounds.height / 12
        let start = low + bounds.width * 0.08
        for (index, curve) in curves.enumerated() {
            let y = bounds.minY + line * (Double(curves.count - index) - 0.4)
            scene.add(.polyline(.segment(from: WorldPoint(x: start - bounds.width * 0.06, y: y),
                                         to: WorldPoint(x: start - bounds.width * 0.015, y: y), dash: curve.dash)),
                      role: curve.role, tags: Tags(classes: ["legend-key"]))
            scene.add(.label(Label(curve.name, at: WorldPoint(x: start, y: y), anchor: .start)), role: curve.role,
                      tags: Tags(classes: ["legend"]))
        }
        let logitStep = self.logitStep(bounds.height)
        let yTicks = stride(from: firstLogitTick(bounds.minY, step: logitStep), through: bounds.maxY, by: logitStep)
            .map { Axes.Tick($0, NumberText.tidy($0)) }
        scene.add(.axes(Axes(xTicks: ticks.map { Axes.Tick($0, NumberText.tidy($0) + "°") }, yTicks: yTicks,
                             xName: "θ (angle to own class)", yName: "target logit")),
                  role: .dim)
        return scene
    }

    /// The step between target-logit ticks for a range `span` tall: 2 past 5.15 (the explorer's ψ view below -4),
    /// 1 from 2, 0.5 from 1, else 0.25 (a zoomed range).
    public static func logitStep(_ span: Double) -> Double { span > 5.15 ? 2 : span >= 2 ? 1 : span >= 1 ? 0.5 : 0.25 }

    /// The lowest tick at or above `low`: the next whole number for steps of 1 and 2 (ticks -7, -5, ... for the
    /// ψ view down to -7), else the next multiple of `step`.
    public static func firstLogitTick(_ low: Double, step: Double) -> Double {
        step >= 1 ? low.rounded(.up) : (low / step).rounded(.up) * step
    }

    /// The θ ticks of a range: every 45° from 0, or every 10° (5°) when fewer than three such ticks fall inside.
    public static func thetaTicks(_ range: ClosedRange<Double>) -> [Double] {
        for step in [45.0, 10, 5, 1] {
            let ticks = stride(from: (range.lowerBound / step).rounded(.up) * step, through: range.upperBound, by: step)
                .map { $0 }
            if ticks.count >= 3 || step == 1 { return ticks }
        }
        return []
    }
}
