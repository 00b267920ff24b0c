import Geometry

/// A JSON text and the tree `JSONReader` read from it.
struct JSONDocument: Sendable {
    /// The text.
    let bytes: [UInt8]
    /// The top-level value.
    let root: JSONNode

    /// A number as written (`256.00000000001`, `1e-400`), for messages; cut when long.
    func literal(of node: JSONNode) -> String {
        guard case .number(let value, let range) = node.value else { return node.kindName }
        return range.upperBound <= bytes.count ? escaped(String(decoding: bytes[range], as: UTF8.self), limit: 40)
            : "\(value)"
    }
}

/// One JSON value as `JSONReader` read it, with where it stands in the text, so that every message about it can
/// name its key path, line and column.
struct JSONNode: Sendable {
    /// The value; objects keep their members in the order written.
    enum Value: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        /// The nearest Double to the literal (correctly rounded), and the literal's bytes in the text.
        case number(Double, literal: Range<Int>)
        case bool(Bool)
        case null
    }

    /// A key and its value.
    struct Member: Sendable {
        var key: String
        /// Byte offset of the key's opening quote.
        var keyOffset: Int
        var value: JSONNode
    }

    var value: Value
    /// Byte offset where the value starts.
    var offset: Int

    /// "an object", "a string", ...: what a message says was found.
    var kindName: String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// Where a value sits in the document: `loss.m`, `features[3][1]`; empty for the top level. A key that is not a
/// plain identifier is shown quoted and escaped (`loss.'\e]0;x'`), as all text from the user is.
struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    var isEmpty: Bool { components.isEmpty }

    /// This path with `component` added.
    func appending(_ component: Component) -> JSONPath { JSONPath(components: components + [component]) }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key):
                let plain = !key.isEmpty && key.utf8.count <= 40 && key.utf8.allSatisfy {
                    (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F
                }
                text += (text.isEmpty ? "" : ".") + (plain ? key : quoted(key, limit: 60))
            }
        }
        return text
    }
}

/// What is wrong with a JSON document, as data: the reason in words, the byte offset it concerns and the key path
/// there. `syntax` errors are text that is not JSON; the others are JSON that is not a valid request.
struct JSONError: Error, Sendable {
    var reason: String
    var offset: Int
    var path: JSONPath
    var isSyntax = false

    /// One line: `features[1][1]: expected a number, found a string (line 3, column 14)`, or for text that is not
    /// JSON `the request is not valid JSON at features[1] (line 3, column 14): expected ',' or ']', found '}'`.
    /// `document` names the whole ("the request", "the file"); `bytes` are the text, for the line and column.
    func message(document: String, in bytes: [UInt8]) -> String {
        let (line, column) = Self.lineAndColumn(of: offset, in: bytes)
        let place = "line \(line), column \(column)"
        if isSyntax {
            return "\(document) is not valid JSON" + (path.isEmpty ? "" : " at \(path)") + " (\(place)): \(reason)"
        }
        return "\(path.isEmpty ? document : path.description): \(reason) (\(place))"
    }

    /// 1-based line and column of a byte offset; the column counts characters (UTF-8 sequences), not bytes.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
