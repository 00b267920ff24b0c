import Geometry

/// The `loss` object of a request read from the JSON tree: its members become the fields of `MarginLoss(fields:)`,
/// the rule the loss flags and state strings share, and its errors are worded with the key path (`loss.m`), the
/// value as written, the line and the column.
enum LossObject {
    /// The loss `node` describes.
    static func loss(from node: JSONNode, at path: JSONPath, in document: JSONDocument) throws(JSONError) -> MarginLoss {
        guard case .object(let members) = node.value else {
            throw EvalRequest.mismatch(node, at: path, expected: "an object")
        }
        var fields: [(key: String, value: MarginLoss.Field)] = []
        for member in members {
            switch member.value.value {
            case .string(let text): fields.append((member.key, .text(text)))
            case .number(let value, _): fields.append((member.key, .number(value)))
            case .bool(let flag): fields.append((member.key, .flag(flag)))
            case .object, .array, .null:
                guard let type = MarginLoss.fieldType(of: member.key) else {
                    throw error(LossFieldError(key: member.key, problem: .unknownKey), node, path, document)
                }
                throw EvalRequest.mismatch(member.value, at: path.appending(.key(member.key)), expected: words(type))
            }
        }
        do { return try MarginLoss(fields: fields) } catch { throw self.error(error, node, path, document) }
    }

    /// `error` in JSON's words, placed at the member it is about (the key itself when the key is unknown).
    private static func error(_ error: LossFieldError, _ node: JSONNode, _ path: JSONPath,
                              _ document: JSONDocument) -> JSONError {
        guard case .object(let members) = node.value,
              let member = members.last(where: { $0.key == error.key }) else {
            return JSONError(reason: "missing key \"\(error.key)\"", offset: node.offset, path: path)
        }
        let at = path.appending(.key(error.key))
        let reason: String
        switch error.problem {
        case .unknownKey:
            return JSONError(reason: "unknown key; a loss object takes \(MarginLoss.objectKeys.joined(separator: ", "))",
                             offset: member.keyOffset, path: at)
        case .missing: reason = "missing"
        case .wrongType(let expected): reason = "expected \(words(expected)), found \(member.value.kindName)"
        case .notALoss(let name):
            reason = "\(quoted(name)) is not a loss: use one of \(LossKind.acceptedNames.joined(separator: ", "))"
        case .notTaken(let kind, let takes, let onlyWith):
            reason = "\(kind.rawValue) does not take \(error.key); "
                + (takes.isEmpty ? "it takes no parameters" : "it takes " + takes.joined(separator: ", "))
                + (onlyWith.map { " (\(error.key) only with \($0): true)" } ?? "")
        case .outOfRange(let kind, _, let range):
            reason = "\(document.literal(of: member.value)) is out of range for \(kind.rawValue): it must be "
                + range.description
        }
        return JSONError(reason: reason, offset: member.value.offset, path: at)
    }

    /// What a field type is called in JSON.
    private static func words(_ type: MarginLoss.FieldType) -> String {
        switch type {
        case .text: "a string"
        case .number: "a number"
        case .flag: "true or false"
        }
    }
}
