import Foundation
import Geometry

/// A piece of a closed curve on the sphere that stays on one side of the outline, as seen.
public struct SphereRun: Sendable, Hashable {
    /// The points in the curve's order. Unless the curve stays on one side, the first is where the run comes over
    /// the outline and the last where it leaves, both on the outline (depth 0, at distance 1 from the centre).
    public var points: [ProjectedPoint]
    /// True on the visible hemisphere.
    public var isFront: Bool
}

extension SphereCurve {
    /// The closed curve through `loop` (points of the unit sphere, the last joined to the first) as seen in
    /// `view`, cut at the outline into runs in the loop's order, starting with the run after the first change of
    /// side. Where two neighbours lie on opposite sides, the crossing is the point of the chord between them at
    /// depth 0, p + s (q - p) with s = d_p / (d_p - d_q), pushed onto the sphere and so onto the outline: it ends
    /// one run and starts the next. A loop on one side only is a single run, closed (its first point repeated
    /// last). A point at depth 0 exactly counts as in front.
    public static func runs(of loop: [Vector3], in view: SphereView) -> [SphereRun] {
        let seen = loop.map(view.project)
        guard let first = seen.first else { return [] }
        let count = seen.count
        guard let start = (0..<count).first(where: { seen[$0].isFront != seen[($0 + count - 1) % count].isFront }) else {
            return [SphereRun(points: seen + [first], isFront: first.isFront)]
        }
        func crossing(_ i: Int, _ k: Int) -> ProjectedPoint {
            let (p, q, dp, dq) = (loop[i], loop[k], seen[i].depth, seen[k].depth)
            let s = dp / (dp - dq)
            let chord = p + s * (q - p)
            let point = view.project(chord.normalised ?? p).point
            let length = (point.x * point.x + point.y * point.y).squareRoot()
            return ProjectedPoint(point: length > 0 ? WorldPoint(x: point.x / length, y: point.y / length) : point, depth: 0)
        }
        var runs: [SphereRun] = []
        var current = [crossing((start + count - 1) % count, start)]
        for offset in 0..<count {
            let (i, next) = ((start + offset) % count, (start + offset + 1) % count)
            current.append(seen[i])
            if seen[next].isFront != seen[i].isFront {
                let edge = crossing(i, next)
                current.append(edge)
                runs.append(SphereRun(points: current, isFront: seen[i].isFront))
                current = [edge]
            }
        }
        return runs
    }

    /// The closed curve through `loop` seen in `view`: its front runs and back runs (`runs(of:in:)`).
    public init(loop: [Vector3], in view: SphereView) {
        let runs = Self.runs(of: loop, in: view)
        self.init(front: runs.filter(\.isFront).map(\.points), back: runs.filter { !$0.isFront }.map(\.points))
    }
}
