/// Keeping geometry that runs far out of a figure from reaching a writer: a ray or curve heading to 1e300 is
/// cut where it leaves a box around the figure (the same line, ended early), and points that are not finite
/// break a curve or drop an element. Points inside the box are never touched, so they are written exactly.
enum Clipping {
    /// The part of segment p -> q inside `box` as parameters 0 <= t0 <= t1 <= 1 (Liang-Barsky), or nil when the
    /// segment misses the box or cannot be computed (a coordinate or the difference is not finite).
    static func clip(_ p: WorldPoint, _ q: WorldPoint, to box: WorldBounds) -> (t0: Double, t1: Double)? {
        let (dx, dy) = (q.x - p.x, q.y - p.y)
        guard p.isFinite, q.isFinite, dx.isFinite, dy.isFinite else { return nil }
        var (t0, t1) = (0.0, 1.0)
        for (direction, distance) in [(-dx, p.x - box.minX), (dx, box.maxX - p.x), (-dy, p.y - box.minY),
                                      (dy, box.maxY - p.y)] {
            if direction == 0 {
                if distance < 0 { return nil }
                continue
            }
            let t = distance / direction
            if direction < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            if t0 > t1 { return nil }
        }
        return (t0, t1)
    }

    /// p + t (q - p), exactly p at 0 and q at 1.
    static func point(_ p: WorldPoint, _ q: WorldPoint, at t: Double) -> WorldPoint {
        if t == 0 { return p }
        if t == 1 { return q }
        return WorldPoint(x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t)
    }

    /// The runs of `polyline` cut to `box`: a run that leaves the box ends where it leaves, and one that comes
    /// back starts a new run where it enters.
    static func runs(_ polyline: Polyline, in box: WorldBounds) -> [[WorldPoint]] {
        var result: [[WorldPoint]] = []
        var current: [WorldPoint] = []
        func flush() { if !current.isEmpty { result.append(current); current = [] } }
        for run in polyline.runs {
            if run.count == 1 {
                if run[0].isFinite, box.contains(run[0]) { result.append(run) }
                continue
            }
            for index in 0..<(run.count - 1) {
                let (p, q) = (run[index], run[index + 1])
                guard let (t0, t1) = clip(p, q, to: box) else { flush(); continue }
                if current.isEmpty || t0 > 0 { flush(); current = [point(p, q, at: t0)] }
                current.append(point(p, q, at: t1))
                if t1 < 1 { flush() }
            }
            flush()
        }
        return result
    }

    /// The polygon cut to `box` (Sutherland-Hodgman), or nil when nothing of it is left or a vertex is not finite.
    static func polygon(_ vertices: [WorldPoint], in box: WorldBounds) -> [WorldPoint]? {
        guard vertices.allSatisfy(\.isFinite) else { return nil }
        if vertices.allSatisfy(box.contains) { return vertices.count >= 3 ? vertices : nil }
        typealias Edge = (inside: (WorldPoint) -> Bool, cut: (WorldPoint, WorldPoint) -> WorldPoint)
        func cutX(_ x: Double) -> (WorldPoint, WorldPoint) -> WorldPoint {
            { p, q in WorldPoint(x: x, y: p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)) }
        }
        func cutY(_ y: Double) -> (WorldPoint, WorldPoint) -> WorldPoint {
            { p, q in WorldPoint(x: p.x + (q.x - p.x) * (y - p.y) / (q.y - p.y), y: y) }
        }
        let edges: [Edge] = [({ $0.x >= box.minX }, cutX(box.minX)), ({ $0.x <= box.maxX }, cutX(box.maxX)),
                             ({ $0.y >= box.minY }, cutY(box.minY)), ({ $0.y <= box.maxY }, cutY(box.maxY))]
        var points = vertices
        for edge in edges {
            guard let last = points.last else { break }
            var kept: [WorldPoint] = []
            var previous = last
            for point in points {
                if edge.inside(point) {
                    if !edge.inside(previous) { kept.append(edge.cut(previous, point)) }
                    kept.append(point)
                } else if edge.inside(previous) {
                    kept.append(edge.cut(previous, point))
                }
                previous = point
            }
            points = kept
        }
        return points.count >= 3 && points.allSatisfy(\.isFinite) ? points : nil
    }

    /// The largest distance from `centre` to a corner of `box`: no circle about a point inside the box needs a
    /// larger radius to cover it.
    static func farthestCorner(from centre: WorldPoint, of box: WorldBounds) -> Double {
        let dx = max(abs(centre.x - box.minX), abs(centre.x - box.maxX))
        let dy = max(abs(centre.y - box.minY), abs(centre.y - box.maxY))
        return (dx * dx + dy * dy).squareRoot()
    }
}
