import Foundation

extension TwoClassGeometry {
    /// The scan that finds the region boundaries: 3600 directions (every 0.1°) plus W2, the opposite rays of
    /// W1 and W2 and, with sub-centres, `kinks`: where theta1 or theta2 turns round and the margin functions have
    /// a kink.
    public static let regionScanSteps = 3600

    /// Two boundaries closer than this many radians are one: the arc between them is narrower than the rounding of
    /// the margin functions (the class-1 and class-2 rays of a loss without margin meet within a few ulps).
    public static let boundaryTolerance = 1e-12

    /// The regions on the whole circle. Each margin function (g1 = A1 t(cos theta1) - A2 cos theta2 for class 1,
    /// g2 likewise) is sampled at every scan direction; each change of sign between neighbours is bisected until
    /// the bracket is two adjacent Doubles, and where three neighbours show a peak of g below zero (or a dip
    /// above it) the extremum is searched for a narrow arc the scan stepped over. The signs of g1 and g2 then
    /// give each arc its kind.
    public var regions: TwoClassRegions {
        let scan = MarginScan(geometry: self)
        let crossings = (0..<2).flatMap { scan.crossings(channel: $0) }
        return TwoClassRegions(arcs: scan.arcs(from: crossings), separation: separation,
                               softmaxBoundaries: softmaxBoundaries)
    }

    /// The directions where the margin-free logits tie, in [0, 2 pi), in order. One weight per class: the two
    /// where A1 cos phi = A2 cos(phi - theta12), i.e. tan phi = (A1 - A2 cos theta12) / (A2 sin theta12), and
    /// the opposite ray. With sub-centres: every direction where the class with the larger best logit A_j c̃_j
    /// changes, each a tie of one class-1 and one class-2 sub-centre (with equal factors their bisector), kept
    /// where the winner differs 1e-9 rad either side, class 1 winning ties to 1e-12 (so that where sub-centres of
    /// both classes coincide, and the best cosines tie on a whole arc, the rounding of the two makes no ties).
    public var softmaxBoundaries: [Angle] {
        if subCenters.count > 1 { return subCenterTies }
        let (a1, a2) = curves.factors
        let t12 = separation.radians
        let first = normalisedDirection(atan2(a1 - a2 * cos(t12), a2 * sin(t12)))
        return [first, normalisedDirection(first + .pi)].sorted().map { Angle(radians: $0) }
    }

    /// The ties of the best logits of two fans (see `softmaxBoundaries`): for each class-1 sub-centre α and class-2
    /// sub-centre β, the directions where A1 cos(phi − α) = A2 cos(phi − β), phi = α + atan2(A1 − A2 cos δ,
    /// A2 sin δ) and that plus π with δ = β − α (the bisectors (α + β)/2 and + π with equal factors), kept where the
    /// class with the larger best logit A_j c̃_j changes.
    private var subCenterTies: [Angle] {
        let (a1, a2) = curves.factors
        let winsClass1 = { (phi: Double) -> Bool in
            let (c1, c2) = self.cosines(at: phi)
            return a1 * c1 >= a2 * c2 - 1e-12
        }
        var ties: [Double] = []
        for alpha in subCenterDirections(of: .class1) {
            for beta in subCenterDirections(of: .class2) {
                let delta = beta.radians - alpha.radians
                let first = alpha.radians + atan2(a1 - a2 * cos(delta), a2 * sin(delta))
                for candidate in [first, first + .pi].map(normalisedDirection)
                where winsClass1(candidate - 1e-9) != winsClass1(candidate + 1e-9) {
                    if !ties.contains(where: { abs($0 - candidate) <= TwoClassGeometry.boundaryTolerance }) {
                        ties.append(candidate)
                    }
                }
            }
        }
        return ties.sorted().map { Angle(radians: $0) }
    }

    /// Where the margin functions may have a kink besides W2 and the opposite rays of W1 and W2: with sub-centres,
    /// every sub-centre, its opposite ray and every handover between the sub-centres of a class.
    var kinks: [Double] {
        guard subCenters.count > 1 else { return [] }
        return ClassLabel.allCases.flatMap { label -> [Double] in
            let centre = label == .class1 ? Angle.zero : separation
            return subCenterDirections(of: label).flatMap { [$0.radians, $0.radians + .pi] }
                + subCenters.handovers(around: centre).map(\.radians)
        }.map(normalisedDirection)
    }
}

/// A direction where one margin function changes sign: from there on a sample of class `channel + 1` meets its
/// margin (`meets`) or stops meeting it.
private struct Crossing {
    var angle: Double
    var channel: Int
    var meets: Bool
}

/// The sampled margin functions of one geometry and the search for their signs' changes.
private struct MarginScan {
    let geometry: TwoClassGeometry
    let margins: @Sendable (Double, Double) -> (class1: Double, class2: Double)
    let grid: [Double]
    let values: [(Double, Double)]

    init(geometry: TwoClassGeometry) {
        self.geometry = geometry
        let margins = geometry.curves.marginFunction()  // the rule made once for the whole scan
        self.margins = margins
        let (steps, turn, t12) = (TwoClassGeometry.regionScanSteps, 2 * Double.pi, geometry.separation.radians)
        var points = Set((0..<steps).map { turn * Double($0) / Double(steps) })
        for special in [t12, .pi, t12 + .pi] + geometry.kinks { points.insert(normalisedDirection(special)) }
        grid = points.sorted()
        values = grid.map { phi in
            let (c1, c2) = geometry.cosines(at: phi)
            return margins(c1, c2)
        }
    }

    /// g1 (channel 0) or g2 (channel 1) at the direction phi.
    func value(_ channel: Int, at phi: Double) -> Double {
        let (c1, c2) = geometry.cosines(at: phi)
        let (g1, g2) = margins(c1, c2)
        return channel == 0 ? g1 : g2
    }

    func sampled(_ channel: Int, _ index: Int) -> Double {
        let pair = values[(index + values.count) % values.count]
        return channel == 0 ? pair.0 : pair.1
    }

    /// The scan direction at `index`, continued past either end by whole turns (index -1 is the last direction
    /// minus 2 pi, index n the first plus 2 pi).
    func direction(_ index: Int) -> Double {
        let n = grid.count
        if index < 0 { return grid[index + n] - 2 * .pi }
        if index >= n { return grid[index - n] + 2 * .pi }
        return grid[index]
    }

    /// Every change of sign of one margin function around the circle.
    func crossings(channel: Int) -> [Crossing] {
        var found: [Crossing] = []
        for index in grid.indices {
            let (here, next) = (sampled(channel, index), sampled(channel, index + 1))
            if (here > 0) != (next > 0) {
                let angle = bisect(channel, from: direction(index), to: direction(index + 1), metAtStart: here > 0)
                found.append(Crossing(angle: normalisedDirection(angle), channel: channel, meets: next > 0))
            } else {
                found += hiddenPair(channel, around: index)
            }
        }
        return found
    }

    /// Where three neighbours share a sign and the middle one is a peak (all unmet) or a dip (all met), a narrow
    /// arc of the other sign may hide between them: search the extremum, and bisect both sides if it flips.
    private func hiddenPair(_ channel: Int, around index: Int) -> [Crossing] {
        let (before, here, after) = (sampled(channel, index - 1), sampled(channel, index), sampled(channel, index + 1))
        let met = here > 0
        guard (before > 0) == met, (after > 0) == met else { return [] }
        let isPeak = here > before && here >= after, isDip = here < before && here <= after
        guard met ? isDip : isPeak else { return [] }
        let (low, high) = (direction(index - 1), direction(index + 1))
        guard let inside = extremum(channel, from: low, to: high, findsMaximum: !met, flipsAt: { ($0 > 0) != met })
        else { return [] }
        let into = bisect(channel, from: low, to: inside, metAtStart: met)
        let outOf = bisect(channel, from: inside, to: high, metAtStart: !met)
        return [Crossing(angle: normalisedDirection(into), channel: channel, meets: !met),
                Crossing(angle: normalisedDirection(outOf), channel: channel, meets: met)]
    }

    /// Golden-section search for the largest (or smallest) value on [low, high]; returns the first direction it
    /// evaluates whose value `flipsAt`, or nil.
    private func extremum(_ channel: Int, from low: Double, to high: Double, findsMaximum: Bool,
                          flipsAt: (Double) -> Bool) -> Double? {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (a, b) = (low, high)
        var (c, d) = (b - ratio * (b - a), a + ratio * (b - a))
        var (fc, fd) = (value(channel, at: c), value(channel, at: d))
        for _ in 0..<120 {
            if flipsAt(fc) { return c }
            if flipsAt(fd) { return d }
            if findsMaximum ? fc > fd : fc < fd {
                (b, d, fd) = (d, c, fc)
                c = b - ratio * (b - a)
                fc = value(channel, at: c)
            } else {
                (a, c, fc) = (c, d, fd)
                d = a + ratio * (b - a)
                fd = value(channel, at: d)
            }
            if b - a <= 4 * Double.ulpOfOne * max(1, abs(a)) { break }
        }
        return nil
    }

    /// Bisects [start, end], whose ends differ in sign of the margin function, until they are adjacent Doubles;
    /// returns the end-side point: the first direction, going from W1 towards W2, in the new state.
    private func bisect(_ channel: Int, from start: Double, to end: Double, metAtStart: Bool) -> Double {
        var (inside, outside) = (start, end)
        for _ in 0..<200 {
            let middle = inside + (outside - inside) / 2
            if middle == inside || middle == outside { break }
            if (value(channel, at: middle) > 0) == metAtStart { inside = middle } else { outside = middle }
        }
        return outside
    }

    /// The arcs the crossings cut the circle into. The walk starts in the middle of the widest gap between
    /// crossings, where the state is certain; crossings within `boundaryTolerance` of each other make one
    /// boundary, and a boundary that leaves the state as it was is dropped.
    func arcs(from crossings: [Crossing]) -> [RegionArc] {
        let turn = 2 * Double.pi
        func kind(at phi: Double) -> RegionKind {
            RegionKind(meetsClass1: value(0, at: phi) > 0, meetsClass2: value(1, at: phi) > 0)
        }
        let sorted = crossings.sorted { $0.angle < $1.angle }
        guard !sorted.isEmpty else {
            return [RegionArc(from: .zero, to: Angle(radians: turn), kind: kind(at: 0))]
        }
        let gaps = sorted.indices.map { index in
            index + 1 < sorted.count ? sorted[index + 1].angle - sorted[index].angle
                : sorted[0].angle + turn - sorted[index].angle
        }
        let widest = gaps.indices.max { gaps[$0] < gaps[$1] }!
        let start = sorted[widest].angle + gaps[widest] / 2
        var state = (value(0, at: start) > 0, value(1, at: start) > 0)
        var boundaries: [(angle: Double, kind: RegionKind)] = []
        var index = 1
        while index <= sorted.count {
            let first = sorted[(widest + index) % sorted.count]
            let lift = { (crossing: Crossing) in crossing.angle > start ? crossing.angle : crossing.angle + turn }
            var last = lift(first)
            let before = state
            var group = [first]
            while index + group.count <= sorted.count {
                let next = sorted[(widest + index + group.count) % sorted.count]
                guard lift(next) - last <= TwoClassGeometry.boundaryTolerance else { break }
                last = lift(next)
                group.append(next)
            }
            for crossing in group {
                if crossing.channel == 0 { state.0 = crossing.meets } else { state.1 = crossing.meets }
            }
            if state != before {
                boundaries.append((normalisedDirection(lift(first)), RegionKind(meetsClass1: state.0, meetsClass2: state.1)))
            }
            index += group.count
        }
        guard !boundaries.isEmpty else {
            return [RegionArc(from: .zero, to: Angle(radians: turn), kind: kind(at: start))]
        }
        boundaries.sort { $0.angle < $1.angle }
        return boundaries.indices.map { index in
            let end = index + 1 < boundaries.count ? boundaries[index + 1].angle : boundaries[0].angle + turn
            return RegionArc(from: Angle(radians: boundaries[index].angle), to: Angle(radians: end),
                             kind: boundaries[index].kind)
        }
    }
}

/// A direction in radians turned by whole circles into [0, 2 pi).
func normalisedDirection(_ radians: Double) -> Double {
    let turn = 2 * Double.pi
    var value = radians.truncatingRemainder(dividingBy: turn)
    if value < 0 { value += turn }
    return value >= turn ? 0 : value
}
