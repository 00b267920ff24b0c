import Foundation

/// The region one sub-centre wins: an arc of directions where sub-centre `index` is the best of its class's fan
/// and a sample of that class meets its margin there, cos(θ̃ + m) (the loss's target on the best cosine) above
/// the other class's best cosine.
public struct SubCenterArc: Sendable, Hashable {
    /// The class.
    public var label: ClassLabel
    /// r, the sub-centre within the class's fan (0-based, in the order of `SubCenterFan.directions`).
    public var index: Int
    /// The directions, from `span.from` in [0, 2π) counter-clockwise.
    public var span: DirectionArc
}

extension TwoClassGeometry {
    /// The best sub-centre of `label` for `direction`: argmax_r cos(direction − α_r), the first on ties.
    public func bestSubCenter(of label: ClassLabel, at direction: Angle) -> Int {
        subCenters.best(at: direction.radians, around: label == .class1 ? 0 : separation.radians).index
    }

    /// Where the best sub-centre of `label` changes (`SubCenterFan.handovers` round its weight); none for k = 1.
    public func subCenterHandovers(of label: ClassLabel) -> [Angle] {
        subCenters.handovers(around: label == .class1 ? .zero : separation)
    }

    /// The regions the sub-centres win, for both classes, each class's in order from its first arc at or after 0:
    /// class `label`'s region (`regions.region(of:)`, where its sample meets its margin) cut at the handovers of
    /// its fan, each piece given to the sub-centre that is best in its middle, neighbours of one sub-centre joined
    /// (across 0 too). `regions` must be this geometry's regions. With k = 1 these are the class regions.
    public func subCenterArcs(in regions: TwoClassRegions) -> [SubCenterArc] {
        ClassLabel.allCases.flatMap { subCenterArcs(of: $0, in: regions) }
    }

    private func subCenterArcs(of label: ClassLabel, in regions: TwoClassRegions) -> [SubCenterArc] {
        let turn = 2 * Double.pi
        let region = regions.region(of: label)
        if region.count == 1, region[0].width.radians >= turn, subCenters.count == 1 {
            return [SubCenterArc(label: label, index: 0, span: region[0])]
        }
        var cuts = region.flatMap { [$0.from.radians, normalisedDirection($0.to.radians)] }
            + subCenterHandovers(of: label).map(\.radians)
        cuts = Array(Set(cuts)).sorted()
        guard !cuts.isEmpty else { return [] }
        // Pieces between neighbouring cuts, the last wrapping through 0; each met or not, and whose.
        var pieces: [(from: Double, to: Double, owner: Int?)] = cuts.indices.map { i in
            let (from, to) = (cuts[i], i + 1 < cuts.count ? cuts[i + 1] : cuts[0] + turn)
            let middle = Angle(radians: normalisedDirection((from + to) / 2))
            let met = regions.kind(at: middle).isMet(by: label)
            return (from, to, met ? bestSubCenter(of: label, at: middle) : nil)
        }
        var joined: [(from: Double, to: Double, owner: Int?)] = []
        for piece in pieces {
            if let last = joined.last, last.owner == piece.owner { joined[joined.count - 1].to = piece.to }
            else { joined.append(piece) }
        }
        if joined.count > 1, let first = joined.first, let last = joined.last, first.owner == last.owner {
            joined[0] = (last.from, first.to + turn, first.owner)
            joined.removeLast()
        }
        pieces = joined
        return pieces.compactMap { piece in
            guard let owner = piece.owner else { return nil }
            let from = normalisedDirection(piece.from)
            return SubCenterArc(label: label, index: owner,
                                span: DirectionArc(from: Angle(radians: from),
                                                   to: Angle(radians: from + (piece.to - piece.from))))
        }.sorted { $0.span.from < $1.span.from }
    }

    /// The handovers of `label` that lie inside its region: where one sub-centre's won region meets the next's,
    /// the rays that divide a class's region among its sub-centres. `regions` must be this geometry's regions.
    public func subCenterDividers(of label: ClassLabel, in regions: TwoClassRegions) -> [Angle] {
        subCenterHandovers(of: label).filter { handover in
            let (before, after) = (Angle(radians: handover.radians - 1e-9), Angle(radians: handover.radians + 1e-9))
            return regions.kind(at: before).isMet(by: label) && regions.kind(at: after).isMet(by: label)
        }
    }
}
