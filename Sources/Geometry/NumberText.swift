import Foundation

/// Every number this program prints goes through one of these, so the precision rules live in one place:
/// - `exact`: the shortest text that reads back to the same Double (JSON, logs, saved runs);
/// - `tidy`: at most a few decimals, for values a person typed or turned with a key (ranges, state strings,
///   parameters on screen); a value within 1e-9 of a whole number prints whole (120° that went through radians);
/// - `fixed`: a fixed number of decimals, for tables that line up (the epoch lines, `boundaries`);
/// - `significant`: a few significant digits, for figures on screen (a loss, a logit, a push).
///
/// None prints a tiny non-zero value as 0: where the decimals would show only zeros, the value is written in
/// scientific notation with two significant digits (`4.9e-16`). NaN and the infinities print as `nan`, `inf`, `-inf`.
public enum NumberText {
    /// The shortest text that reads back to the same Double; whole numbers below 1e15 without ".0".
    public static func exact(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    /// At most `decimals` decimals, trailing zeros dropped (`0.35`, `1`, `0.0001`); a value within 1e-9
    /// (relative) of a whole number prints as that number. A non-zero value that would round to 0 is written with
    /// at most two significant digits (`1e-06`, `1.2e-07`), not as `0`.
    public static func tidy(_ value: Double, decimals: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let whole = value.rounded()
        if abs(value - whole) <= 1e-9 * max(1, abs(value)), abs(whole) < 1e15, whole != 0 || value == 0 {
            return String(Int(whole))
        }
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        if rounded == 0 { return String(format: "%.2g", value) }  // 1e-06, 1.2e-07: never 0
        if abs(rounded) >= 1e15 { return value.description }
        var text = String(format: "%.\(decimals)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Exactly `decimals` decimals (`%.4f`), padded on the left to `width` characters; a non-zero value whose
    /// decimals would all be zero is written in scientific notation (`3.3e-06`) instead.
    public static func fixed(_ value: Double, decimals: Int, width: Int = 0) -> String {
        let text: String
        if !value.isFinite {
            text = nonFinite(value)
        } else if value != 0 && abs(value) < 0.5 * pow(10, -Double(decimals)) {
            text = scientific(value, digits: 2)
        } else {
            text = String(format: "%.\(decimals)f", value)
        }
        return String(repeating: " ", count: max(width - text.count, 0)) + text
    }

    /// `digits` significant digits (`%.4g`: `18.84`, `0.35`), or three in scientific notation where the value is
    /// below 1e-3 or at least 1e5 in size (`1.32e-04`, `3.35e+06`).
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value != 0 && (abs(value) < 1e-3 || abs(value) >= 1e5) { return String(format: "%.2e", value) }
        return String(format: "%.\(digits)g", value)
    }

    /// `value` in scientific notation with `digits` significant digits and the shortest exponent: `4.9e-16`.
    public static func scientific(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return String(format: "%.\(max(digits - 1, 0))e", value)
    }

    /// An angle in degrees with `decimals` decimals and the degree sign: `28.6°`.
    public static func degrees(_ angle: Angle, decimals: Int = 1) -> String {
        fixed(angle.degrees, decimals: decimals) + "°"
    }

    /// A fraction from 0 to 1 as a percentage with `decimals` decimals: `97.3%`.
    public static func percent(_ fraction: Double, decimals: Int = 1, width: Int = 0) -> String {
        fixed(100 * fraction, decimals: decimals, width: max(width - 1, 0)) + "%"
    }

    private static func nonFinite(_ value: Double) -> String { value.isNaN ? "nan" : value > 0 ? "inf" : "-inf" }
}
