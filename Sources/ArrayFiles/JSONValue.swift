import Geometry

/// A JSON value as a safetensors header holds one, parsed strictly (RFC 8259): objects keep their keys in order
/// and a key may appear once, numbers keep the text they were written as (so 2^64 is named, not rounded), every
/// value keeps its byte offset for messages, and nesting stops at 64 levels.
struct JSONValue {
    indirect enum Kind {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case string(String)
        case number(String)
        case boolean(Bool)
        case null
    }

    let kind: Kind
    /// The byte of the text where the value starts.
    let offset: Int

    /// The value as a whole number that fits an Int, if it is one (`12`, not `12.0` or `1e3`).
    var integer: Int? {
        guard case .number(let text) = kind, !text.contains(where: { ".eE".contains($0) }) else { return nil }
        return Int(text)
    }

    /// What the value is, for messages: `a string`, `the number 2.5`.
    var summary: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string(let text): "the string " + quoted(text, limit: 40)
        case .number(let text): "the number " + text
        case .boolean(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}

/// Why text is not JSON, and at which byte.
struct JSONError: Error {
    let reason: String
    let offset: Int
}

/// A strict JSON parser over UTF-8 bytes.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var values = 0
    private static let maximumDepth = 64
    /// The most values read: a header of thousands of tensors holds a few hundred thousand, and each costs memory.
    static let maximumValues = 1_000_000

    /// The value of the whole of `bytes` (whitespace around it allowed).
    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected \(parser.describeCurrent) after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private var describeCurrent: String {
        guard let byte = current else { return "end of text" }
        return byte >= 0x20 && byte < 0x7F ? quoted(String(UnicodeScalar(byte))) : "byte 0x" + String(byte, radix: 16)
    }

    private func failure(_ reason: String) -> JSONError { JSONError(reason: reason, offset: position) }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) deep") }
        values += 1
        guard values <= Self.maximumValues else { throw failure("more than \(Self.maximumValues) values") }
        let start = position
        let kind: JSONValue.Kind
        switch current ?? 0 {
        case UInt8(ascii: "{"): kind = .object(try object(depth: depth))
        case UInt8(ascii: "["): kind = .array(try array(depth: depth))
        case UInt8(ascii: "\""): kind = .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = .number(try number())
        case UInt8(ascii: "t"): try word("true"); kind = .boolean(true)
        case UInt8(ascii: "f"): try word("false"); kind = .boolean(false)
        case UInt8(ascii: "n"): try word("null"); kind = .null
        default: throw failure("unexpected \(describeCurrent) where a value should be")
        }
        return JSONValue(kind: kind, offset: start)
    }

    private mutating func word(_ text: String) throws(JSONError) {
        for byte in text.utf8 {
            guard current == byte else { throw failure("unexpected \(describeCurrent) in \(text)") }
            position += 1
        }
    }

    private mutating func object(depth: Int) throws(JSONError) -> [(key: String, value: JSONValue)] {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        skipSpace()
        if current == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a key in quotes, found \(describeCurrent)") }
            let keyOffset = position
            let key = try string()
            guard seen.insert(key).inserted else {
                throw JSONError(reason: "the key \(quoted(key)) appears twice in one object", offset: keyOffset)
            }
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a key, found \(describeCurrent)") }
            position += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard current == UInt8(ascii: "}") else { throw failure("expected ',' or '}', found \(describeCurrent)") }
            position += 1
            return members
        }
    }

    private mutating func array(depth: Int) throws(JSONError) -> [JSONValue] {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            position += 1
            return items
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard current == UInt8(ascii: "]") else { throw failure("expected ',' or ']', found \(describeCurrent)") }
            position += 1
            return items
        }
    }

    private mutating func number() throws(JSONError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw failure("a number needs digits") }
        if bytes[start] == UInt8(ascii: "-") ? bytes[start + 1] == UInt8(ascii: "0") && position - start > 2
            : bytes[start] == UInt8(ascii: "0") && position - start > 1 {
            throw JSONError(reason: "a number may not start with 0", offset: start)
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("a number needs digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    private mutating func string() throws(JSONError) -> String {
        position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("a string that never ends") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                text.append(contentsOf: try escape().utf8)
            case 0..<0x20:
                throw failure("a control character (0x\(String(byte, radix: 16))) inside a string")
            default:
                text.append(byte)
                position += 1
            }
        }
    }

    private mutating func escape() throws(JSONError) -> String {
        guard let byte = current else { throw failure("a string that never ends") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw failure("a lone surrogate \\u\(String(first, radix: 16)) in a string") }
                position += 2
                let second = try hex4()
                guard (0xDC00..<0xE000).contains(second) else { throw failure("a broken surrogate pair in a string") }
                let value = 0x10000 + (first - 0xD800) << 10 + (second - 0xDC00)
                return Unicode.Scalar(value).map { String($0) } ?? "\u{FFFD}"
            }
            guard let scalar = Unicode.Scalar(first) else { throw failure("a lone surrogate in a string") }
            return String(scalar)
        default:
            position -= 1
            throw failure("unknown escape \\\(describeCurrent) in a string")
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = UInt32(String(UnicodeScalar(byte)), radix: 16), byte < 0x80 else {
                throw failure("\\u needs 4 hexadecimal digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
