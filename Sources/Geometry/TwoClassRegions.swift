import Foundation

/// The whole circle of directions of the two-class picture, cut into arcs of one kind each (class 1, class 2,
/// overlap, margin zone), in order from W1 towards W2. Everything the plane view, the compare panels and
/// `boundaries` say about regions and margins comes from this one value (`TwoClassGeometry.regions`).
public struct TwoClassRegions: Sendable, Hashable {
    /// The arcs in order: the first starts at the first boundary at or after 0 (W1), each starts where the one
    /// before ends, and the last ends at the first one's start plus 360° (so it may wrap past 360°, through W1).
    /// Adjacent arcs differ in kind. A single arc from 0 to 360° means one kind everywhere.
    public var arcs: [RegionArc]
    /// theta12, the direction of W2.
    public var separation: Angle
    /// The two directions where the margin-free logits tie (A1 cos phi = A2 cos(phi - theta12)), in [0, 2 pi),
    /// 180° apart, the smaller first. Each class wins the half-circle on its side.
    public var softmaxBoundaries: [Angle]

    /// The regions made of `arcs` (already in the documented order), with W2 at `separation`.
    public init(arcs: [RegionArc], separation: Angle, softmaxBoundaries: [Angle]) {
        self.arcs = arcs; self.separation = separation; self.softmaxBoundaries = softmaxBoundaries
    }

    /// The kind of the arc holding `direction`.
    public func kind(at direction: Angle) -> RegionKind {
        arcs.first { $0.span.contains(direction) }?.kind ?? arcs[0].kind
    }

    /// The arcs where a sample of `label` meets its margin: runs of its own arcs and overlap arcs joined,
    /// in order. Zero, one or more arcs; one arc of 360° when it meets its margin everywhere.
    public func region(of label: ClassLabel) -> [DirectionArc] {
        guard let start = arcs.firstIndex(where: { !$0.kind.isMet(by: label) }) else {
            return [DirectionArc(from: .zero, to: Angle(radians: 2 * .pi))]
        }
        var runs: [DirectionArc] = []
        var open: Angle?  // start of the run being collected
        for offset in 1...arcs.count {  // from the arc after a gap, once round
            let index = (start + offset) % arcs.count
            let arc = arcs[index]
            let turn = index <= start ? 2 * Double.pi : 0  // arcs before `start` are met again one turn later
            if arc.kind.isMet(by: label) {
                if open == nil { open = Angle(radians: arc.from.radians + turn) }
            } else if let from = open {
                runs.append(normalised(DirectionArc(from: from, to: Angle(radians: arc.from.radians + turn))))
                open = nil
            }
        }
        return runs.sorted { $0.from < $1.from }
    }

    /// True when a sample of `label` meets its margin in some direction.
    public func hasRegion(_ label: ClassLabel) -> Bool { arcs.contains { $0.kind.isMet(by: label) } }

    /// The direction of the weight vector of `label`: 0 for W1, theta12 for W2.
    public func weightDirection(_ label: ClassLabel) -> Angle { label == .class1 ? .zero : separation }

    /// True when a sample of `label` lying on its own weight vector meets its margin.
    public func reachesWeight(_ label: ClassLabel) -> Bool {
        kind(at: weightDirection(label)).isMet(by: label)
    }

    /// The region of `label` that holds its own weight vector, if that vector lies in its region.
    public func regionAtWeight(_ label: ClassLabel) -> DirectionArc? {
        region(of: label).first { $0.contains(weightDirection(label)) }
    }

    /// The sector from W1 (0) to W2 (theta12).
    public var inner: SectorBoundaries { sector(isOuter: false) }

    /// The sector from W2 (theta12) round to W1 again (360°).
    public var outer: SectorBoundaries { sector(isOuter: true) }

    private func sector(isOuter: Bool) -> SectorBoundaries {
        let (t12, turn) = (separation.radians, 2 * Double.pi)
        let (start, end) = isOuter ? (t12, turn) : (0, t12)
        let ties = softmaxBoundaries.filter { (start...end).contains($0.radians) }
        var result = SectorBoundaries(start: Angle(radians: start), end: Angle(radians: end), isOuter: isOuter,
                                      softmax: ties.count == 1 ? ties[0] : nil)
        // Each ray is an arc boundary itself, never a number worked out from one. A run that starts or ends
        // exactly at W1 meets the outer sector at 360°.
        let full = Angle(radians: turn)
        if let run = runAtWeight(.class1) {  // the first boundaries clockwise and counter-clockwise from W1
            result.class1 = isOuter ? (run.start.radians >= t12 ? run.start : run.start == .zero ? full : nil)
                : (run.end.radians <= t12 ? run.end : nil)
        }
        if let run = runAtWeight(.class2) {  // the same from W2
            result.class2 = isOuter ? (run.end.radians >= t12 ? run.end : run.end == .zero ? full : nil)
                : (run.start.radians <= t12 ? run.start : nil)
        }
        return result
    }

    /// Where the run of arcs holding the weight vector of `label` starts and ends, as arc boundaries in
    /// [0, 2 pi); nil when that weight vector lies outside its region, or the region is the whole circle.
    private func runAtWeight(_ label: ClassLabel) -> (start: Angle, end: Angle)? {
        let n = arcs.count
        guard n > 1, let index = arcs.firstIndex(where: { $0.span.contains(weightDirection(label)) }),
              arcs[index].kind.isMet(by: label) else { return nil }
        var (first, last) = (index, index)
        for _ in 0..<n where arcs[(first + n - 1) % n].kind.isMet(by: label) { first = (first + n - 1) % n }
        for _ in 0..<n where arcs[(last + 1) % n].kind.isMet(by: label) { last = (last + 1) % n }
        return (arcs[first].from, arcs[(last + 1) % n].from)
    }

    private func normalised(_ arc: DirectionArc) -> DirectionArc {
        let turn = 2 * Double.pi
        let shift = arc.from.radians >= turn ? turn : 0
        return DirectionArc(from: Angle(radians: arc.from.radians - shift), to: Angle(radians: arc.to.radians - shift))
    }
}

/// The rays that bound the regions inside one sector, as directions measured from W1 towards W2. A ray is nil
/// where the sector has none to give: `class1` when W1 lies outside class 1's region or that region runs on past
/// the sector's far end (W2 in the inner sector), likewise `class2`, and `softmax` when the sector holds no tie
/// or (the outer sector, with unequal norms) both.
public struct SectorBoundaries: Sendable, Hashable {
    /// Where the sector starts: 0 (inner) or theta12 (outer).
    public var start: Angle
    /// Where it ends: theta12 (inner) or 360° (outer).
    public var end: Angle
    /// True for the sector from W2 round to W1.
    public var isOuter: Bool
    /// Where the margin-free logits tie inside the sector.
    public var softmax: Angle?
    /// Where the class-1 region that holds W1 ends (inner) or starts (outer) inside the sector.
    public var class1: Angle? = nil
    /// Where the class-2 region that holds W2 starts (inner) or ends (outer) inside the sector.
    public var class2: Angle? = nil

    /// The decision margin: the angle from the class-1 ray to the class-2 ray across the sector, negative where
    /// the regions overlap; class2 - class1 in the inner sector, class1 - class2 in the outer one. Nil unless
    /// both rays exist.
    public var margin: Angle? {
        guard let class1, let class2 else { return nil }
        return Angle(radians: isOuter ? class1.radians - class2.radians : class2.radians - class1.radians)
    }
}

/// A ray where one arc ends and the next begins, with the margin curves that pass through it.
public struct RegionBoundary: Sendable, Hashable {
    /// The direction, in [0, 2 pi).
    public var direction: Angle
    /// The classes whose "meets its margin" changes here: one, or both where their rays coincide (a loss without
    /// margin, where the class-1 and class-2 rays are the softmax boundary).
    public var classes: [ClassLabel]
}

extension TwoClassRegions {
    /// Every boundary between arcs, in order from the first arc's start.
    public var boundaries: [RegionBoundary] {
        guard arcs.count > 1 else { return [] }
        return arcs.indices.map { index in
            let (before, after) = (arcs[(index + arcs.count - 1) % arcs.count].kind, arcs[index].kind)
            let classes = ClassLabel.allCases.filter { before.isMet(by: $0) != after.isMet(by: $0) }
            return RegionBoundary(direction: arcs[index].from, classes: classes)
        }
    }
}

/// Why a class's sample on its own weight vector fails its margin.
public enum RegionShortfall: Sendable, Hashable {
    /// The class meets its margin nowhere at all.
    case noRegion(cause: ShortfallCause)
    /// The class has a region, but its weight vector lies outside it.
    case missesWeight(cause: ShortfallCause)

    /// What is to blame.
    public var cause: ShortfallCause {
        switch self {
        case .noRegion(let cause), .missesWeight(let cause): cause
        }
    }
}

/// What keeps a class's region off its weight vector.
public enum ShortfallCause: Sendable, Hashable {
    /// The margin is too large for the angle between W1 and W2 (equal norms would not help).
    case margin
    /// The norm ratio: with ‖W1‖ = ‖W2‖ the region would reach the weight vector (or exist at all).
    case normRatio
}

extension TwoClassGeometry {
    /// For each class whose sample on its own weight vector fails its margin, why: no region anywhere or a region
    /// elsewhere, blamed on the norm ratio when the same loss with equal norms does better, else on the margin.
    /// `regions` must be this geometry's regions.
    public func shortfalls(in regions: TwoClassRegions) -> [ClassLabel: RegionShortfall] {
        var result: [ClassLabel: RegionShortfall] = [:]
        var equalNorms: TwoClassRegions?  // worked out only when needed
        for label in ClassLabel.allCases where !regions.reachesWeight(label) {
            let hasRegion = regions.hasRegion(label)
            var cause = ShortfallCause.margin
            if feelsNormRatio {
                let reference = equalNorms ?? withEqualNorms.regions
                equalNorms = reference
                if hasRegion ? reference.reachesWeight(label) : reference.hasRegion(label) { cause = .normRatio }
            }
            result[label] = hasRegion ? .missesWeight(cause: cause) : .noRegion(cause: cause)
        }
        return result
    }
}
