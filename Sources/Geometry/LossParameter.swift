/// A tunable number of a margin loss. Which ones a loss takes, and in which unit, is `MarginLoss.range(of:)`.
public enum LossParameter: String, CaseIterable, Sendable, Hashable {
    case m, s, lambda, m1, m2, m3
    /// The parameters of issue 10's losses, named as their JSON keys (the `LogitRule` types' `parameterSpecs`).
    case subCenters = "sub_centers", t, lowerLength = "l_a", upperLength = "u_a", lowerMargin = "l_m"
    case upperMargin = "u_m", lambdaG = "lambda_g", h, normMean = "norm_mean", normStd = "norm_std", sigma, seed
    case gamma
}

/// The closed interval a parameter may take, whether it must be whole, and its unit.
public struct ParameterRange: Sendable, Hashable {
    /// The smallest allowed value.
    public var lower: Double
    /// The largest allowed value.
    public var upper: Double
    /// True when only whole numbers are allowed.
    public var isInteger: Bool
    /// The unit a reader should think in: "radians", "cosine units", "whole number", "scale".
    public var unit: String
    /// A sensible step for one key press in the explorer.
    public var step: Double

    /// A range from `lower` to `upper` in `unit`, whole numbers only when `isInteger`, turned by `step`.
    public init(lower: Double, upper: Double, isInteger: Bool, unit: String, step: Double) {
        self.lower = lower; self.upper = upper; self.isInteger = isInteger; self.unit = unit; self.step = step
    }

    /// True when `value` is finite, inside `lower...upper`, and whole where it must be.
    public func contains(_ value: Double) -> Bool {
        value.isFinite && value >= lower && value <= upper && (!isInteger || value == value.rounded())
    }

    /// `value` pulled into the interval (and rounded where whole numbers are required).
    public func clamped(_ value: Double) -> Double {
        let inside = Swift.min(Swift.max(value, lower), upper)
        return isInteger ? inside.rounded() : inside
    }

    /// The range in words, for error messages and help: "a whole number from 1 to 10", "0 to 1.5708 radians".
    public var description: String {
        if isInteger { return "a whole number from \(NumberText.tidy(lower)) to \(NumberText.tidy(upper))" }
        return "\(NumberText.tidy(lower)) to \(NumberText.tidy(upper)) (\(unit))"
    }
}
