import Foundation

/// One tunable number of a loss: its key (as eval and the state string spell it), default, allowed interval, unit,
/// step per key press, and why the interval is what it is.
public struct LossParameterSpec: Sendable, Hashable {
    /// Where a parameter's default comes from.
    public enum Default: Sendable, Hashable {
        /// A fixed number.
        case value(Double)
        /// A rule of the class count C: AdaCos's s = √2 ln(C − 1).
        case classCountRule
        /// A statistic of the batch: AdaFace's norm_mean and norm_std (mean and unbiased std of the clipped norms).
        case batchStatistic
    }

    /// How one key press changes the value.
    public enum Step: Sendable, Hashable {
        /// value ± step.
        case add(Double)
        /// value × factor or ÷ factor (feature lengths, which span decades).
        case multiply(Double)
    }

    /// The key: "m", "s", "l_a", "norm_mean", ...
    public var key: String
    /// The default.
    public var defaultValue: Default
    /// The closed interval, whether whole numbers only, and the unit. Its `step` is the additive step, or 0 where
    /// `step` is a factor.
    public var range: ParameterRange
    /// The step per key press.
    public var step: Step
    /// Why the interval ends where it does, for help texts and the report.
    public var reason: String

    /// A parameter `key` with `defaultValue`, allowed from `lower` to `upper` in `unit`, turned by `step`.
    public init(_ key: String, default defaultValue: Default, lower: Double, upper: Double, unit: String,
                step: Step, isInteger: Bool = false, reason: String) {
        self.key = key
        self.defaultValue = defaultValue
        let additive: Double = if case .add(let value) = step { value } else { 0 }
        range = ParameterRange(lower: lower, upper: upper, isInteger: isInteger, unit: unit, step: additive)
        self.step = step
        self.reason = reason
    }

    /// `value` moved by `presses` key presses (negative presses go down), kept inside the range:
    /// value + presses · step, or value · factor^presses.
    public func stepped(_ value: Double, presses: Int) -> Double {
        switch step {
        case .add(let delta): range.clamped(value + Double(presses) * delta)
        case .multiply(let factor): range.clamped(value * pow(factor, Double(presses)))
        }
    }
}

/// One switch of a loss: its key, default and what it does.
public struct LossFlagSpec: Sendable, Hashable {
    /// The key: "easy_margin", "dynamic", "through_norm".
    public var key: String
    /// The default.
    public var defaultValue: Bool
    /// What turning it on does.
    public var meaning: String

    /// A switch `key`, `defaultValue` unless given, doing `meaning`.
    public init(_ key: String, default defaultValue: Bool, meaning: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.meaning = meaning
    }
}

/// Why a loss's parameters cannot be used, as data: the key at fault and the problem. Front ends word it.
public struct LossParameterProblem: Error, Sendable, Hashable {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// `value` lies outside `range`.
        case outOfRange(value: Double, range: ParameterRange)
        /// The key must be smaller than `other` (MagFace: l_a < u_a), or at most `other` when `orEqual` (l_m ≤ u_m).
        case mustBeBelow(other: String, orEqual: Bool)
    }

    /// The key at fault.
    public var key: String
    /// What is wrong with it.
    public var problem: Problem

    /// The problem `problem` at `key`.
    public init(key: String, problem: Problem) {
        self.key = key
        self.problem = problem
    }

    /// One line for a user: "l_a = 200 must be below u_a = 110", "m = 2 must be 0 to 1.5 (radians)".
    public func message(values: (String) -> Double?) -> String {
        switch problem {
        case .outOfRange(let value, let range):
            return "\(key) = \(parameterText(value)) is out of range: it must be \(range.description)"
        case .mustBeBelow(let other, let orEqual):
            let otherValue = values(other).map { " = \(parameterText($0))" } ?? ""
            let current = values(key).map { " = \(parameterText($0))" } ?? ""
            return "\(key)\(current) must be \(orEqual ? "at most" : "below") \(other)\(otherValue)"
        }
    }
}

/// A parameter as a person typed it: whole numbers without ".0" (200, not 200.0), others as Swift's shortest
/// round-trip text (0.45). Kept here rather than calling the house's `formatted(_:)`, which issue 8 replaces.
private func parameterText(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return value.description
}
