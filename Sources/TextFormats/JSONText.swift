import Geometry

/// Writing JSON: numbers in their shortest round-trip form (`NumberText.exact`), so reading them back gives the same
/// bits; strings with what JSON requires escaped; arrays and matrices one row a line. JSON has no NaN or infinity: a
/// number that is not finite is refused with the key path where it would have stood.
public enum JSONText {
    /// A number that JSON cannot hold, and where it would have stood (`logits[3][1]`).
    public struct NonFinite: Error, Sendable, Hashable {
        /// The key path.
        public var path: String
        /// The value: NaN or an infinity.
        public var value: Double

        /// "NaN", "+infinity" or "-infinity".
        public var name: String { value.isNaN ? "NaN" : value > 0 ? "+infinity" : "-infinity" }
    }

    /// `value` as a JSON number, or `NonFinite` at `path`.
    public static func number(_ value: Double, at path: @autoclosure () -> String) throws(NonFinite) -> String {
        guard value.isFinite else { throw NonFinite(path: path(), value: value) }
        return NumberText.exact(value)
    }

    /// `[a, b, c]`.
    public static func array(_ values: ArraySlice<Double>, at path: String) throws(NonFinite) -> String {
        var text = "["
        text.reserveCapacity(values.count * 22 + 2)
        for (offset, value) in values.enumerated() {
            if offset > 0 { text += ", " }
            text += try number(value, at: "\(path)[\(offset)]")
        }
        return text + "]"
    }

    /// `[a, b, c]` for whole numbers.
    public static func array(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    /// A matrix as an array of rows, one row a line, indented to sit inside a top-level object.
    public static func matrix(_ matrix: Matrix, at path: String) throws(NonFinite) -> String {
        guard matrix.rows > 0 else { return "[]" }
        var text = "[\n    "
        text.reserveCapacity(matrix.rows * (matrix.columns * 22 + 8))
        for i in 0..<matrix.rows {
            if i > 0 { text += ",\n    " }
            let start = i * matrix.columns
            text += try array(matrix.storage[start ..< start + matrix.columns], at: "\(path)[\(i)]")
        }
        return text + "\n  ]"
    }

    /// A JSON string literal with the characters JSON requires escaped.
    public static func string(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}

/// Writes one JSON object, one key a line: what the headless subcommands print and the saved runs hold.
public struct JSONObjectWriter: Sendable {
    private var text = "{"
    private var isEmpty = true

    /// An empty object.
    public init() {}

    /// Adds `"key": value`, where `value` is already JSON text.
    public mutating func add(_ key: String, json value: String) {
        text += isEmpty ? "\n  " : ",\n  "
        text += JSONText.string(key) + ": " + value
        isEmpty = false
    }

    /// Adds `"key": number`.
    public mutating func add(_ key: String, _ value: Double) throws(JSONText.NonFinite) {
        add(key, json: try JSONText.number(value, at: key))
    }

    /// The finished object, with a final newline.
    public var result: String { text + "\n}\n" }
}
