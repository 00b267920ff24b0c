import Foundation
import Geometry

/// The explorer's angle view as a scene: the binary decision margins in the (θ1, θ2) plane (the ArcFace paper's
/// figure) or in cosine space (the CosFace paper's), drawn from `MarginCurves`.
///
/// Contents (world x = θ1 in degrees or cos θ1, y = θ2 or cos θ2, one scale for both):
/// - the zones, as the explorer shades them: the square cut into `resolution` rows and columns, each cell
///   classified at its centre, and each row's runs of equal cells written as one rectangle (`polygon`), role
///   class1 (only a class-1 sample meets its margin there), class2, overlapZone (both do) or marginZone (neither),
///   classes `zone` and `class1`, `class2`, `overlap` or `margin` (each row's rectangles reach a quarter cell up
///   under the next row, so that no seam shows where they meet);
/// - the softmax line (no margin): a dashed polyline, role reference, classes `curve softmax-boundary`;
/// - each class's margin curve: a polyline, role class1 or class2, classes `curve class1-margin` or
///   `class2-margin`, with `data-loss` the loss as a state string. Class 1's curve is (u, b1(u)) with u its own
///   axis, class 2's is (b2(v), v), b from `MarginCurves.boundary`; the curve breaks where b is undefined;
/// - the axes.
public enum AnglesFigure {
    /// The scene of `loss` with norm ratio `normRatio`, in cosine space when `cosine`.
    public static func scene(loss: MarginLoss, normRatio: Double, cosine: Bool, resolution: Int = 90,
                             samples: Int = 360, title: String = "", state: String = "") -> Scene {
        let (low, high) = cosine ? (-1.0, 1.0) : (0.0, 180.0)
        var scene = Scene(bounds: WorldBounds(minX: low, maxX: high, minY: low, maxY: high), sharesScale: true,
                          title: title, state: state)
        for node in content(loss: loss, normRatio: normRatio, cosine: cosine, resolution: resolution, samples: samples) {
            scene.content.append(node)
        }
        let ticks = cosine ? [-1.0, -0.5, 0, 0.5, 1] : [0.0, 45, 90, 135, 180]
        scene.add(.axes(Axes(xTicks: ticks.map { Axes.Tick($0, NumberText.tidy($0)) },
                             yTicks: ticks.map { Axes.Tick($0, NumberText.tidy($0)) },
                             xName: cosine ? "cos θ1" : "θ1 in °", yName: cosine ? "↑ cos θ2" : "↑ θ2 in °")),
                  role: .dim)
        return scene
    }

    /// The zones and curves without axes, in world units of the figure (a compare panel places them).
    public static func content(loss: MarginLoss, normRatio: Double, cosine: Bool, resolution: Int = 90,
                               samples: Int = 360) -> [Node] {
        let (low, high) = cosine ? (-1.0, 1.0) : (0.0, 180.0)
        let curves = MarginCurves(loss: loss, normRatio: normRatio)
        let plain = MarginCurves(loss: MarginLoss(.softmax), normRatio: loss.normalization == .none ? normRatio : 1)
        var nodes: [Node] = []
        let cells = min(max(resolution, 1), 2000)
        let size = (high - low) / Double(cells)
        func zone(_ u: Double, _ v: Double) -> RegionKind {
            let point = cosine ? curves.classify(cosine1: u, cosine2: v)
                : curves.classify(theta1: Angle(degrees: u), theta2: Angle(degrees: v))
            switch (point.meetsClass1Margin, point.meetsClass2Margin) {
            case (true, true): return .overlap
            case (true, false): return .class1
            case (false, true): return .class2
            case (false, false): return .margin
            }
        }
        for row in 0..<cells {
            // Each row reaches a quarter cell into the next, which is drawn over it: no seam shows between rows.
            let (bottom, top) = (low + size * Double(row), row == cells - 1 ? high : low + size * (Double(row) + 1.25))
            var start = 0
            var kind = zone(low + size / 2, bottom + size / 2)
            for column in 1...cells {
                let next = column < cells ? zone(low + size * (Double(column) + 0.5), bottom + size / 2) : nil
                guard next != kind else { continue }
                let (left, right) = (low + size * Double(start), column == cells ? high : low + size * Double(column))
                nodes.append(.element(Element(.polygon(Polygon(vertices: [
                    WorldPoint(x: left, y: bottom), WorldPoint(x: right, y: bottom), WorldPoint(x: right, y: top),
                    WorldPoint(x: left, y: top),
                ])), role: PlaneFigure.role(of: kind), tags: Tags(classes: ["zone", kind.rawValue]))))
                if let next { (start, kind) = (column, next) }
            }
        }
        let count = min(max(samples, 2), 100_000)
        func boundary(_ curve: MarginCurves, _ label: ClassLabel) -> Polyline {
            Polyline(points: (0...count).map { step -> WorldPoint? in
                let own = step == count ? high : low + (high - low) * Double(step) / Double(count)
                let other = cosine ? curve.boundary(of: label, cosine: own)
                    : curve.boundary(of: label, angle: Angle(degrees: own)).map(\.degrees)
                return other.map { label == .class1 ? WorldPoint(x: own, y: $0) : WorldPoint(x: $0, y: own) }
            })
        }
        var reference = boundary(plain, .class1)
        reference.dash = Dash(dots: 2)
        nodes.append(.element(Element(.polyline(reference), role: .reference,
                                      tags: Tags(classes: ["curve", "softmax-boundary"],
                                                 data: ["loss": MarginLoss(.softmax).summary]))))
        for label in ClassLabel.allCases {
            nodes.append(.element(Element(.polyline(boundary(curves, label)), role: .of(label),
                                          tags: Tags(classes: ["curve", "class\(label.rawValue)-margin"],
                                                     data: ["loss": loss.summary]))))
        }
        return nodes
    }
}
