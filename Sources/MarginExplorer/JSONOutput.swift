import Geometry

/// Writes the JSON the headless subcommands print: one object, one key per line, one matrix row per line.
/// Numbers use Swift's shortest round-trip form (`Double.description`), so reading them back gives the same bits;
/// whole numbers below 1e15 print without ".0". A number that is not finite is refused: JSON has no NaN or infinity.
struct JSONObjectWriter {
    private var text = "{"
    private var isEmpty = true

    /// Adds `"key": value`, where `value` is already JSON text.
    mutating func add(_ key: String, json value: String) {
        text += isEmpty ? "\n  " : ",\n  "
        text += JSON.string(key) + ": " + value
        isEmpty = false
    }

    /// Adds `"key": number`.
    mutating func add(_ key: String, _ value: Double) throws(UsageError) {
        add(key, json: try JSON.number(value, at: key))
    }

    /// The finished object, with a final newline.
    var result: String { text + "\n}\n" }
}

/// Small JSON formatting helpers.
enum JSON {
    /// `value` as a JSON number, or an error naming `path` when it is not finite.
    static func number(_ value: Double, at path: @autoclosure () -> String) throws(UsageError) -> String {
        guard value.isFinite else {
            let what = value.isNaN ? "NaN" : value > 0 ? "+infinity" : "-infinity"
            throw UsageError("\(path()) would be \(what), which JSON cannot hold: the inputs are too large or too "
                + "small for this loss")
        }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    /// Any number as short text: whole numbers without ".0", `nan` and `inf` as Swift spells them (for messages).
    static func text(_ value: Double) -> String {
        (try? number(value, at: "")) ?? value.description
    }

    /// `[a, b, c]`.
    static func array(_ values: ArraySlice<Double>, at path: String) throws(UsageError) -> String {
        var text = "["
        text.reserveCapacity(values.count * 22 + 2)
        var first = true
        for (offset, value) in values.enumerated() {
            if !first { text += ", " }
            text += try number(value, at: "\(path)[\(offset)]")
            first = false
        }
        return text + "]"
    }

    /// `[a, b, c]` for whole numbers.
    static func array(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    /// A matrix as an array of rows, one row per line, indented to sit inside a top-level object.
    static func matrix(_ matrix: Matrix, at path: String) throws(UsageError) -> String {
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
    static func string(_ value: String) -> String {
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

    /// The full loss object a command used, on one line: its type, every parameter it takes (defaults filled in),
    /// and `easy_margin` / `normalize_features` where the loss takes them. `eval` accepts this object back as is.
    static func lossObject(_ loss: MarginLoss) -> String {
        var parts: [String] = []
        for (key, value) in loss.fields {
            let text: String
            switch value {
            case .text(let name): text = string(name)
            case .number(let value): text = (try? number(value, at: key)) ?? "null"  // validated, so finite
            case .flag(let flag): text = "\(flag)"
            }
            parts.append(string(key) + ": " + text)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
