import Foundation

/// A coding key for objects whose keys are checked by hand, so that unknown keys can be named in errors.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Turns what goes wrong while reading a JSON request into one line that names the key path, such as
/// `features[3][1]: expected a number, found a string`.
enum JSONInputError {
    /// A key path as a reader writes it: `loss.m`, `features[3][1]`; "the request" for the top level.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "the request" : text
    }

    /// One line for a decoding failure of `data`.
    static func message(for error: DecodingError, in data: Data) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))\(found(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), found null"
        case .keyNotFound(let key, let context):
            let owner = context.codingPath.isEmpty ? "the request" : path(context.codingPath)
            return "\(owner): missing key \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            if !context.codingPath.isEmpty {
                return "\(path(context.codingPath)): \(context.debugDescription)"
            }
            return syntaxMessage(for: data)
        @unknown default:
            return "the request could not be read: \(error)"
        }
    }

    /// What a type means to a reader of JSON.
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "a whole number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" :
                String(describing: type).hasPrefix("Dictionary") ? "an object" : "\(type)"
        }
    }

    /// ", found a string" from Foundation's "Expected to decode Double but found a string instead.", else "".
    private static func found(_ description: String) -> String {
        guard let start = description.range(of: "but found "),
              let end = description.range(of: " instead", range: start.upperBound..<description.endIndex)
        else { return "" }
        var what = String(description[start.upperBound..<end.lowerBound])
        if what == "a dictionary" || what == "dictionary" { what = "an object" }
        if what == "number" { what = "a number" }
        if what == "array" { what = "an array" }
        if what == "string" { what = "a string" }
        return ", found " + what
    }

    /// JSONDecoder only says "not valid JSON"; JSONSerialization says where. The byte offset it gives is turned into
    /// the key path it lies in, plus line and column.
    static func syntaxMessage(for data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return "standard input is empty: eval reads one JSON request (see margin-explorer eval --help)"
        }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            var offset: Int?
            var reason = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
            if let range = detail.range(of: "around character ") {
                offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
                reason = String(detail[..<range.lowerBound]).trimmingCharacters(in: .whitespaces).lowercased()
                if reason == "invalid value" { reason = invalidValueReason(at: offset, in: bytes) }
            } else if let numberRange = detail.range(of: "Number "),
                      let notRange = detail.range(of: " is not representable") {
                let literal = String(detail[numberRange.upperBound..<notRange.lowerBound])
                offset = locate(number: literal, in: bytes)
                reason = "the number \(literal) is too large for a 64-bit float"
            }
            if let offset, offset <= bytes.count {
                let (line, column) = lineAndColumn(of: offset, in: bytes)
                let where_ = keyPath(at: offset, in: bytes)
                return "\(where_): \(reason) (line \(line), column \(column))"
            }
            return "the request is not valid JSON: \(reason.prefix(1).lowercased() + reason.dropFirst())"
        }
        return "the request is not valid JSON for eval: check that labels are whole numbers and every number fits "
            + "in a 64-bit float"
    }

    /// Why the text at `offset` is not a JSON value, in words.
    private static func invalidValueReason(at offset: Int?, in bytes: [UInt8]) -> String {
        guard let offset, offset < bytes.count else { return "invalid JSON" }
        let rest = String(decoding: bytes[offset...].prefix(12), as: UTF8.self)
        let word = rest.prefix { !" ,]}\n\r\t".contains($0) }
        if ["nan", "inf", "-inf", "infinity", "-infinity", "+inf", "+infinity"].contains(word.lowercased()) {
            return "\(word) is not a JSON number: every number must be finite"
        }
        return "invalid JSON at '\(word.prefix(10))'"
    }

    /// 1-based line and column of a byte offset.
    private static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// The offset of the first number token spelled `literal`, or nil.
    private static func locate(number literal: String, in bytes: [UInt8]) -> Int? {
        let needle = [UInt8](literal.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        func isNumberByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(b) }
        var inString = false, escaped = false
        var i = 0
        while i + needle.count <= bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
            } else if b == 0x22 {
                inString = true
            } else if Array(bytes[i ..< i + needle.count]) == needle,
                      i == 0 || !isNumberByte(bytes[i - 1]),
                      i + needle.count == bytes.count || !isNumberByte(bytes[i + needle.count]) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The key path of the value being read at byte `offset`: walks the text up to there, keeping a stack of the
    /// open objects (with the last key seen) and arrays (with the current index).
    static func keyPath(at offset: Int, in bytes: [UInt8]) -> String {
        enum Frame { case object(key: String?), array(index: Int) }
        var stack: [Frame] = []
        var i = 0
        var expectingKey = false
        while i < min(offset, bytes.count) {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"): stack.append(.object(key: nil)); expectingKey = true
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !stack.isEmpty { stack.removeLast() }; expectingKey = false
            case UInt8(ascii: ","):
                if case .array(let index)? = stack.last { stack[stack.count - 1] = .array(index: index + 1) }
                if case .object? = stack.last { expectingKey = true }
            case UInt8(ascii: ":"): expectingKey = false
            case UInt8(ascii: "\""):
                var j = i + 1, text: [UInt8] = []
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\"), j + 1 < bytes.count { text.append(bytes[j + 1]); j += 2; continue }
                    text.append(bytes[j]); j += 1
                }
                if expectingKey, case .object? = stack.last {
                    stack[stack.count - 1] = .object(key: String(decoding: text, as: UTF8.self))
                }
                i = j
            default: break
            }
            i += 1
        }
        var text = ""
        for frame in stack {
            switch frame {
            case .object(let key?): text += (text.isEmpty ? "" : ".") + key
            case .object(nil): break
            case .array(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "the request" : text
    }
}
