import Geometry

/// A number the user turns with a key: a loss parameter, the angle between W1 and W2, or their norm ratio.
public enum Control: Sendable, Hashable {
    case parameter(LossParameter)
    case separation
    case normRatio

    /// Its name in the side panel and the state string.
    public var name: String {
        switch self {
        case .parameter(let parameter): parameter.rawValue
        case .separation: "angle"
        case .normRatio: "ratio"
        }
    }

    /// Preferred stops for key presses; values between stops move to the next stop.
    var ladder: [Double]? {
        switch self {
        case .parameter(.s): [1, 2, 4, 8, 10, 12, 16, 20, 24, 30, 32, 40, 48, 56, 64, 80, 96, 128, 160, 192, 224, 256]
        case .parameter(.lambda): [0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]
        case .normRatio: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.5, 3, 4, 5,
                          6, 8, 10]
        default: nil
        }
    }

    /// `value` moved one stop up (`direction` > 0) or down, inside `range`.
    func nudge(_ value: Double, direction: Int, in range: ParameterRange) -> Double {
        if let ladder {
            let next = direction > 0 ? ladder.first { $0 > value + 1e-9 } : ladder.last { $0 < value - 1e-9 }
            return range.clamped(next ?? value)
        }
        let position = value / range.step
        let stepped = (direction > 0 ? (position + 1e-9).rounded(.down) + 1 : (position - 1e-9).rounded(.up) - 1)
            * range.step
        return range.clamped((stepped * 1e9).rounded() / 1e9)
    }
}
