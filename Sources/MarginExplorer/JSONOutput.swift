import Geometry
import TextFormats

/// The writer of one JSON object (`TextFormats.JSONObjectWriter`), under the name the commands use.
typealias JSONObjectWriter = TextFormats.JSONObjectWriter

/// The commands' JSON output: the program's one JSON writer (`JSONText`, `JSONObjectWriter`), with a number that
/// JSON cannot hold (NaN, an infinity) refused as bad input naming where it would have stood.
enum JSON {
    /// `value` as a JSON number.
    static func number(_ value: Double, at path: @autoclosure () -> String) throws(UsageError) -> String {
        do { return try JSONText.number(value, at: path()) } catch { throw UsageError(error) }
    }

    /// `[a, b, c]`.
    static func array(_ values: ArraySlice<Double>, at path: String) throws(UsageError) -> String {
        do { return try JSONText.array(values, at: path) } catch { throw UsageError(error) }
    }

    /// `[a, b, c]` for whole numbers.
    static func array(_ values: [Int]) -> String { JSONText.array(values) }

    /// A matrix as an array of rows, one row a line.
    static func matrix(_ matrix: Matrix, at path: String) throws(UsageError) -> String {
        do { return try JSONText.matrix(matrix, at: path) } catch { throw UsageError(error) }
    }

    /// A JSON string literal.
    static func string(_ value: String) -> String { JSONText.string(value) }

    /// The full loss object a command used, on one line (`LossObject.json`).
    static func lossObject(_ loss: MarginLoss) -> String { LossObject.json(loss) }

    /// Any number as short text, for messages (`NumberText.exact`).
    static func text(_ value: Double) -> String { NumberText.exact(value) }
}

extension UsageError {
    /// A number JSON cannot hold, as bad input: `logits[0][1] would be NaN, which JSON cannot hold: ...`.
    init(_ error: JSONText.NonFinite) {
        self.init("\(error.path) would be \(error.name), which JSON cannot hold: the inputs are too large or too small "
            + "for this loss")
    }
}

extension JSONObjectWriter {
    /// Adds `"key": number`; a number JSON cannot hold is bad input naming the key.
    mutating func add(_ key: String, checked value: Double) throws(UsageError) {
        add(key, json: try JSON.number(value, at: key))
    }
}
