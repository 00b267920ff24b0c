/// Which samples meet their margin in a direction of the two-class picture.
public enum RegionKind: String, Sendable, Hashable, CaseIterable {
    /// Only a class-1 sample meets its margin here.
    case class1
    /// Only a class-2 sample meets its margin here.
    case class2
    /// Both do: the class regions overlap.
    case overlap
    /// Neither does: the margin zone.
    case margin

    /// The kind of a direction where a class-1 sample does or does not meet its margin, and a class-2 sample does
    /// or does not.
    public init(meetsClass1: Bool, meetsClass2: Bool) {
        self = switch (meetsClass1, meetsClass2) {
        case (true, true): .overlap
        case (true, false): .class1
        case (false, true): .class2
        case (false, false): .margin
        }
    }

    /// True where a sample of `label` meets its margin (its own kind or the overlap).
    public func isMet(by label: ClassLabel) -> Bool {
        self == .overlap || self == (label == .class1 ? .class1 : .class2)
    }
}

/// One of the two classes of the two-class picture: class 1 owns W1 (at 0), class 2 owns W2 (at theta12).
public enum ClassLabel: Int, Sendable, Hashable, CaseIterable {
    case class1 = 1, class2 = 2

    /// The other class.
    public var other: ClassLabel { self == .class1 ? .class2 : .class1 }
}

/// An arc of directions from `from` counter-clockwise to `to` (from W1 towards W2), with from <= to <= from + 2 pi.
/// `to` may pass 2 pi: such an arc wraps round through W1.
public struct DirectionArc: Sendable, Hashable {
    /// Where the arc starts, in [0, 2 pi).
    public var from: Angle
    /// Where the arc ends, in [from, from + 2 pi].
    public var to: Angle

    /// The arc from `from` to `to`.
    public init(from: Angle, to: Angle) { self.from = from; self.to = to }

    /// The angular width, to - from.
    public var width: Angle { Angle(radians: to.radians - from.radians) }

    /// True when the direction lies in [from, to), taken modulo 2 pi.
    public func contains(_ direction: Angle) -> Bool {
        lifted(direction) < to.radians || width.radians >= 2 * .pi
    }

    /// The direction as a number in [from, from + 2 pi): the same ray, turned by whole circles.
    public func lifted(_ direction: Angle) -> Double {
        let turn = 2 * Double.pi
        var offset = (direction.radians - from.radians).truncatingRemainder(dividingBy: turn)
        if offset < 0 { offset += turn }
        if offset >= turn { offset = 0 }
        return from.radians + offset
    }
}

/// A maximal arc of one kind: directions from `from` to `to` where the same samples meet their margins.
public struct RegionArc: Sendable, Hashable {
    /// The directions the arc covers.
    public var span: DirectionArc
    /// What the loss says there.
    public var kind: RegionKind

    /// The arc of `kind` from `from` to `to`.
    public init(from: Angle, to: Angle, kind: RegionKind) {
        span = DirectionArc(from: from, to: to)
        self.kind = kind
    }

    /// Where the arc starts, in [0, 2 pi).
    public var from: Angle { span.from }
    /// Where the arc ends (it may pass 2 pi).
    public var to: Angle { span.to }
    /// The angular width, to - from.
    public var width: Angle { span.width }
}
