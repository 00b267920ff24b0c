import Geometry

/// A JSON text and the tree `JSONReader` read from it.
public struct JSONDocument: Sendable {
    /// The text.
    public let bytes: [UInt8]
    /// The top-level value.
    public let root: JSONNode

    /// A number as written (`256.00000000001`, `1e-400`), for messages; cut when long.
    public func literal(of node: JSONNode) -> String {
        guard case .number(let value, let range) = node.value else { return node.kindName }
        return range.upperBound <= bytes.count ? escaped(String(decoding: bytes[range], as: UTF8.self), limit: 40)
            : "\(value)"
    }

    /// The node as a whole number that fits an Int, read from its literal so that no digit is rounded away
    /// (`12`, not `12.0` or `1e3`; 2^64 does not fit and gives nil).
    public func integer(of node: JSONNode) -> Int? {
        guard case .number(_, let range) = node.value, range.upperBound <= bytes.count else { return nil }
        let text = String(decoding: bytes[range], as: UTF8.self)
        return text.contains(where: { ".eE".contains($0) }) ? nil : Int(text)
    }

    /// What the node is, for messages: `a string`, `the number 2.5`, `the string 'x'`.
    public func summary(of node: JSONNode) -> String {
        switch node.value {
        case .number: "the number " + literal(of: node)
        case .string(let text): "the string " + quoted(text, limit: 40)
        case .bool(let flag): flag ? "true" : "false"
        default: node.kindName
        }
    }
}

/// One JSON value as `JSONReader` read it, with where it stands in the text, so that every message about it can
/// name its key path, line and column.
public struct JSONNode: Sendable {
    /// The value; objects keep their members in the order written.
    public enum Value: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        /// The nearest Double to the literal (correctly rounded), and the literal's bytes in the text.
        case number(Double, literal: Range<Int>)
        case bool(Bool)
        case null
    }

    /// A key and its value.
    public struct Member: Sendable {
        /// The key.
        public var key: String
        /// Byte offset of the key's opening quote.
        public var keyOffset: Int
        /// Its value.
        public var value: JSONNode
    }

    /// The value.
    public var value: Value
    /// Byte offset where the value starts.
    public var offset: Int

    /// "an object", "a string", ...: what a message says was found.
    public var kindName: String {
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
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step: a key of an object or an index of an array.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the top.
    public var components: [Component] = []

    /// The top level.
    public init(components: [Component] = []) { self.components = components }

    /// True at the top level.
    public var isEmpty: Bool { components.isEmpty }

    /// This path with `component` added.
    public func appending(_ component: Component) -> JSONPath { JSONPath(components: components + [component]) }

    /// This path with the key `key` added.
    public func appending(key: String) -> JSONPath { appending(.key(key)) }

    public var description: String {
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
public struct JSONError: Error, Sendable {
    /// What is wrong, in words.
    public var reason: String
    /// The byte it concerns.
    public var offset: Int
    /// The key path there.
    public var path: JSONPath
    /// True for text that is not JSON at all, false for JSON that does not fit what was expected.
    public var isSyntax = false

    /// An error at `offset`, key path `path`.
    public init(reason: String, offset: Int, path: JSONPath, isSyntax: Bool = false) {
        self.reason = reason
        self.offset = offset
        self.path = path
        self.isSyntax = isSyntax
    }

    /// One line: `features[1][1]: expected a number, found a string (line 3, column 14)`, or for text that is not
    /// JSON `the request is not valid JSON at features[1] (line 3, column 14): expected ',' or ']', found '}'`.
    /// `document` names the whole ("the request", "the file"); `bytes` are the text, for the line and column.
    public func message(document: String, in bytes: [UInt8]) -> String {
        let (line, column) = Self.lineAndColumn(of: offset, in: bytes)
        let place = "line \(line), column \(column)"
        if isSyntax {
            return "\(document) is not valid JSON" + (path.isEmpty ? "" : " at \(path)") + " (\(place)): \(reason)"
        }
        return "\(path.isEmpty ? document : path.description): \(reason) (\(place))"
    }

    /// 1-based line and column of a byte offset; the column counts characters (UTF-8 sequences), not bytes.
    public static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
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

extension JSONNode {
    /// The members of this object by key, or an error naming the first key not in `keys` (`owner`, "a request",
    /// names the object in the message) or saying the node is no object.
    public func members(at path: JSONPath, keys: [String], owner: String) throws(JSONError) -> [String: JSONNode] {
        guard case .object(let list) = value else { throw mismatch(at: path, expected: "an object") }
        var members: [String: JSONNode] = [:]
        for member in list {
            guard keys.contains(member.key) else {
                throw JSONError(reason: "unknown key; \(owner) has the keys \(keys.joined(separator: ", "))",
                                offset: member.keyOffset, path: path.appending(.key(member.key)))
            }
            members[member.key] = member.value
        }
        return members
    }

    /// The elements of this array, or an error saying it is none.
    public func elements(at path: JSONPath) throws(JSONError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw mismatch(at: path, expected: "an array") }
        return elements
    }

    /// This number, or an error saying it is none.
    public func number(at path: JSONPath) throws(JSONError) -> Double {
        guard case .number(let number, _) = value else { throw mismatch(at: path, expected: "a number") }
        return number
    }

    /// "expected a number, found a string" at this node.
    public func mismatch(at path: JSONPath, expected: String) -> JSONError {
        JSONError(reason: "expected \(expected), found \(kindName)", offset: offset, path: path)
    }
}
