import Geometry

/// A Python literal as a .npy header holds one: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
/// The parser takes the part of Python's grammar that `repr` of such a dict produces and nothing more: strings in
/// single or double quotes with backslash escapes, whole numbers (with the `L` suffix Python 2 wrote), True, False,
/// None, tuples, lists and dicts, trailing commas allowed, nesting at most 32 deep. Every node keeps the range of
/// the text it came from, so a message can quote it and say at which byte it is.
struct PythonLiteral: Equatable {
    /// What the literal is.
    indirect enum Value: Equatable {
        case string(String)
        /// The digits as written, sign included; converting is the reader's job, so that a huge number can be
        /// named in its message.
        case integer(String)
        case boolean(Bool)
        case none
        case tuple([PythonLiteral])
        case list([PythonLiteral])
        case dict([(key: PythonLiteral, value: PythonLiteral)])

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)): a == b
            case let (.integer(a), .integer(b)): a == b
            case let (.boolean(a), .boolean(b)): a == b
            case (.none, .none): true
            case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): a == b
            case let (.dict(a), .dict(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: false
            }
        }
    }

    let value: Value
    /// The scalars of the header text this literal spans.
    let range: Range<Int>
}

/// Why a header is not a literal, and at which scalar of its text.
struct PythonLiteralError: Error {
    let reason: String
    let position: Int
}

/// Parses `text` (one literal, with spaces, tabs and newlines around it) into a `PythonLiteral`.
struct PythonLiteralParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private static let maximumDepth = 32

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// The literal of the whole text.
    static func parse(_ scalars: [Unicode.Scalar]) throws(PythonLiteralError) -> PythonLiteral {
        var parser = PythonLiteralParser(scalars)
        parser.skipSpace()
        let literal = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == scalars.count else {
            throw parser.failure("unexpected \(parser.describeCurrent) after the literal")
        }
        return literal
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private var describeCurrent: String {
        guard let scalar = current else { return "end of header" }
        return quoted(String(scalar))
    }

    private func failure(_ reason: String) -> PythonLiteralError {
        PythonLiteralError(reason: reason, position: position)
    }

    private mutating func skipSpace() {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            position += 1
        }
    }

    private mutating func value(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        guard depth < Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) deep") }
        let start = position
        guard let scalar = current else { throw failure("the header ends where a value should be") }
        let value: PythonLiteral.Value
        switch scalar {
        case "'", "\"": value = .string(try string())
        case "(":
            let (items, trailingComma) = try sequence(closing: ")", depth: depth)
            // As in Python, `(3)` is the number 3 in parentheses; a tuple of one is `(3,)`.
            value = items.count == 1 && !trailingComma ? items[0].value : .tuple(items)
        case "[": value = .list(try sequence(closing: "]", depth: depth).items)
        case "{": value = .dict(try dict(depth: depth))
        case "-", "+", "0"..."9": value = .integer(try integer())
        case "A"..."Z", "a"..."z", "_":
            let word = identifier()
            switch word {
            case "True": value = .boolean(true)
            case "False": value = .boolean(false)
            case "None": value = .none
            default:
                position = start
                throw failure("\(quoted(word)) is not a literal (True, False, None, a number or a string)")
            }
        default: throw failure("unexpected \(describeCurrent) where a value should be")
        }
        return PythonLiteral(value: value, range: start..<position)
    }

    private mutating func identifier() -> String {
        var word = ""
        while let scalar = current, scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        return word
    }

    private mutating func integer() throws(PythonLiteralError) -> String {
        var digits = ""
        if let sign = current, sign == "-" || sign == "+" {
            if sign == "-" { digits = "-" }
            position += 1
        }
        while let scalar = current, ("0"..."9").contains(scalar) {
            digits.unicodeScalars.append(scalar)
            position += 1
        }
        guard digits.last.map({ $0.isNumber }) == true else { throw failure("a sign without digits") }
        if current == "L" || current == "l" { position += 1 }
        if let scalar = current, scalar == "." || scalar == "e" || scalar == "E" || scalar == "j" || scalar == "x" {
            throw failure("only whole numbers are expected in a header, not \(describeCurrent) in a number")
        }
        return digits
    }

    private mutating func string() throws(PythonLiteralError) -> String {
        let quote = scalars[position]
        position += 1
        var text = ""
        while true {
            guard let scalar = current else { throw failure("a string that never ends") }
            position += 1
            if scalar == quote { return text }
            if scalar == "\n" { throw failure("a line break inside a string") }
            if scalar != "\\" {
                text.unicodeScalars.append(scalar)
                continue
            }
            text.unicodeScalars.append(try escape())
        }
    }

    private mutating func escape() throws(PythonLiteralError) -> Unicode.Scalar {
        guard let scalar = current else { throw failure("a string that never ends") }
        position += 1
        switch scalar {
        case "\\", "'", "\"": return scalar
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "0": return "\0"
        case "x": return try hexScalar(digits: 2)
        case "u": return try hexScalar(digits: 4)
        case "U": return try hexScalar(digits: 8)
        default:
            position -= 1
            throw failure("unknown escape \\\(String(scalar)) in a string")
        }
    }

    private mutating func hexScalar(digits: Int) throws(PythonLiteralError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = current, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) else {
                throw failure("an escape needs \(digits) hexadecimal digits")
            }
            value = value << 4 | digit
            position += 1
        }
        guard let result = Unicode.Scalar(value) else { throw failure("escape U+\(String(value, radix: 16)) is not a character") }
        return result
    }

    private mutating func sequence(closing: Unicode.Scalar, depth: Int)
        throws(PythonLiteralError) -> (items: [PythonLiteral], trailingComma: Bool) {
        position += 1
        var items: [PythonLiteral] = []
        var trailingComma = false
        skipSpace()
        while current != closing {
            items.append(try value(depth: depth + 1))
            skipSpace()
            trailingComma = current == ","
            if trailingComma {
                position += 1
                skipSpace()
            } else if current != closing {
                throw failure("expected ',' or '\(closing)', found \(describeCurrent)")
            }
        }
        position += 1
        return (items, trailingComma)
    }

    private mutating func dict(depth: Int) throws(PythonLiteralError) -> [(key: PythonLiteral, value: PythonLiteral)] {
        position += 1
        var entries: [(key: PythonLiteral, value: PythonLiteral)] = []
        skipSpace()
        while current != "}" {
            let key = try value(depth: depth + 1)
            skipSpace()
            guard current == ":" else { throw failure("expected ':' after a key, found \(describeCurrent)") }
            position += 1
            skipSpace()
            let item = try value(depth: depth + 1)
            entries.append((key, item))
            skipSpace()
            if current == "," {
                position += 1
                skipSpace()
            } else if current != "}" {
                throw failure("expected ',' or '}', found \(describeCurrent)")
            }
        }
        position += 1
        return entries
    }
}
