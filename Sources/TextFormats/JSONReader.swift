import Geometry

/// A strict JSON reader (RFC 8259) that keeps where every value stands, so that `eval` and `--load` can name the
/// key path, line and column of anything wrong, and that refuses what other readers let pass silently:
///
/// - a key given twice in one object (Foundation keeps one of them without a word);
/// - a number too large for a Double (`1e999`); a number too small (`1e-400`) is read as the nearest Double, 0,
///   as every correctly rounding reader does, and numbers are otherwise read exactly (correctly rounded);
/// - NaN, Infinity, leading zeros, a leading `+` or `.`, trailing commas, comments, control characters in strings,
///   invalid UTF-8, lone surrogates, and nesting deeper than `maximumDepth` levels.
///
/// A UTF-8 byte order mark at the start is skipped, as RFC 8259 allows.
///
/// This is the program's one JSON reader: `eval` requests, `--load`ed runs, the loss member of saved `.npz` runs and
/// safetensors headers all go through it, each with its own `Limits`.
public struct JSONReader {
    /// Bounds on what one document may cost.
    public struct Limits: Sendable {
        /// The deepest nesting read; deeper input is refused rather than allowed to exhaust the stack.
        public var maximumDepth: Int
        /// The most values read (every number, string, array and object counts one).
        public var maximumValues: Int

        /// Limits of `maximumDepth` levels and `maximumValues` values.
        public init(maximumDepth: Int, maximumValues: Int) {
            self.maximumDepth = maximumDepth
            self.maximumValues = maximumValues
        }

        /// Requests and saved runs: 512 levels, any number of values (the size of the text bounds them).
        public static let requests = Limits(maximumDepth: 512, maximumValues: .max)
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var index = 0
    private var values = 0
    private var path = JSONPath()

    private init(_ bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The value `bytes` hold, or the first thing wrong with them.
    public static func read(_ bytes: [UInt8], limits: Limits = .requests) throws(JSONError) -> JSONDocument {
        var reader = JSONReader(bytes, limits: limits)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else {
            throw reader.syntax("unexpected \(reader.found()) after the end of the JSON value", at: reader.index)
        }
        return JSONDocument(bytes: bytes, root: value)
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(JSONError) -> JSONNode {
        skipWhitespace()
        let start = index
        values += 1
        guard values <= limits.maximumValues else { throw syntax("more than \(limits.maximumValues) values", at: start) }
        guard let byte = peek() else { throw syntax("expected a value, found the end of the input", at: start) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try string()), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            if let word = nonNumber() {
                throw syntax("\(word) is not a JSON number: every number must be finite", at: start)
            }
            throw syntax("expected a value, found \(found())", at: start)
        }
    }

    private mutating func object(depth: Int) throws(JSONError) -> JSONNode {
        let start = index
        guard depth <= limits.maximumDepth else { throw syntax("nested deeper than \(limits.maximumDepth) levels", at: start) }
        index += 1
        var members: [JSONNode.Member] = []
        var seen: [String: Int] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return JSONNode(value: .object([]), offset: start)
        }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard peek() == UInt8(ascii: "\"") else {
                throw syntax("expected a key in double quotes, found \(found())", at: keyOffset)
            }
            let key = try string()
            path.components.append(.key(key))
            if let first = seen[key] {
                let (line, column) = JSONError.lineAndColumn(of: first, in: bytes)
                throw JSONError(reason: "the key appears twice in one object, first at line \(line), column \(column)",
                                offset: keyOffset, path: path)
            }
            seen[key] = keyOffset
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw syntax("expected ':' after the key, found \(found())", at: index) }
            index += 1
            let member = try value(depth: depth)
            path.components.removeLast()
            members.append(JSONNode.Member(key: key, keyOffset: keyOffset, value: member))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return JSONNode(value: .object(members), offset: start)
            default: throw syntax("expected ',' or '}' after a value in an object, found \(found())", at: index)
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONError) -> JSONNode {
        let start = index
        guard depth <= limits.maximumDepth else { throw syntax("nested deeper than \(limits.maximumDepth) levels", at: start) }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return JSONNode(value: .array([]), offset: start)
        }
        while true {
            path.components.append(.index(elements.count))
            elements.append(try value(depth: depth))
            path.components.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return JSONNode(value: .array(elements), offset: start)
            default:
                path.components.append(.index(elements.count - 1))
                throw syntax("expected ',' or ']' after a value in an array, found \(found())", at: index)
            }
        }
    }

    private mutating func literal(_ word: String, _ value: JSONNode.Value) throws(JSONError) -> JSONNode {
        let start = index
        guard bytes[index...].starts(with: word.utf8) else { throw syntax("expected a value, found \(found())", at: start) }
        index += word.utf8.count
        return JSONNode(value: value, offset: start)
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, converted by Swift's correctly rounding parser.
    private mutating func number() throws(JSONError) -> JSONNode {
        let start = index
        if peek() == UInt8(ascii: "-") {
            index += 1
            if let word = nonNumber() {
                throw syntax("-\(word) is not a JSON number: every number must be finite", at: start)
            }
        }
        guard let first = peek(), isDigit(first) else { throw syntax("expected a digit, found \(found())", at: index) }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek(), isDigit(next) {
            throw syntax("a number cannot start with 0 followed by more digits", at: start)
        }
        skipDigits()
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let next = peek(), isDigit(next) else {
                throw syntax("expected a digit after the decimal point, found \(found())", at: index)
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), isDigit(next) else {
                throw syntax("expected a digit in the exponent, found \(found())", at: index)
            }
            skipDigits()
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw JSONError(reason: "\(escaped(literal, limit: 40)) is too large for a 64-bit float (at most "
                + "1.7976931348623157e308)", offset: start, path: path)
        }
        return JSONNode(value: .number(value, literal: start..<index), offset: start)
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    /// "NaN", "Infinity", "inf" at the current position (what other languages write for non-finite numbers).
    private func nonNumber() -> String? {
        for word in ["NaN", "nan", "Infinity", "infinity", "inf", "Inf"] where bytes[index...].starts(with: word.utf8) {
            return word
        }
        return nil
    }

    // MARK: Strings

    /// The string at the opening quote: escapes decoded, UTF-8 checked.
    private mutating func string() throws(JSONError) -> String {
        let start = index
        index += 1
        var content: [UInt8] = []
        while true {
            guard let byte = peek() else { throw syntax("the input ends inside a string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: content, as: UTF8.self) else {
                    throw syntax("the string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &content)
            case 0..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                throw syntax("a control character in a string: write it as \\u" + String(repeating: "0", count: 4 - hex.count)
                    + hex, at: index)
            default:
                content.append(byte)
                index += 1
            }
        }
    }

    /// One backslash escape, appended to `content` as UTF-8.
    private mutating func escape(into content: inout [UInt8]) throws(JSONError) {
        let start = index
        index += 1
        guard let letter = peek() else { throw syntax("the input ends inside a string", at: start) }
        index += 1
        let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A,
                                      0x72: 0x0D, 0x74: 0x09]
        if let byte = simple[letter] {
            content.append(byte)
            return
        }
        guard letter == UInt8(ascii: "u") else {
            throw syntax("\(quoted(String(decoding: [0x5C, letter], as: UTF8.self))) is not a JSON escape", at: start)
        }
        var scalar = try hexQuad(at: start)
        if (0xD800..<0xDC00).contains(scalar) {
            guard bytes[index...].starts(with: [0x5C, 0x75]) else { throw syntax("a lone surrogate escape", at: start) }
            index += 2
            let low = try hexQuad(at: start)
            guard (0xDC00..<0xE000).contains(low) else { throw syntax("a lone surrogate escape", at: start) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw syntax("a lone surrogate escape", at: start)
        }
        guard let decoded = Unicode.Scalar(scalar) else { throw syntax("a lone surrogate escape", at: start) }
        content.append(contentsOf: String(decoded).utf8)
    }

    /// Four hex digits after `\u`.
    private mutating func hexQuad(at start: Int) throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
              bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
            throw syntax("\\u must be followed by four hex digits", at: start)
        }
        index += 4
        return value
    }

    // MARK: Helpers

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// What stands at the current position, for a message: `'}'`, `'tru'`, "the end of the input".
    private func found() -> String {
        guard index < bytes.count else { return "the end of the input" }
        let word = bytes[index...].prefix(12).prefix { ![0x20, 0x0A, 0x0D, 0x09, 0x2C].contains($0) }
        return quoted(String(decoding: word.isEmpty ? bytes[index...].prefix(1) : word, as: UTF8.self))
    }

    private func syntax(_ reason: String, at offset: Int) -> JSONError {
        JSONError(reason: reason, offset: offset, path: path, isSyntax: true)
    }
}
