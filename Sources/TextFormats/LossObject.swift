import Geometry

/// The loss object of JSON (`{"type": "arcface", "m": 0.5, "s": 64, "easy_margin": false}`), read and written by the
/// one rule the loss flags and state strings share (`MarginLoss(fields:)` and `MarginLoss.fields`): what `eval`
/// reads in a request and writes as `loss_function`, what a saved run holds. Errors name the key path (`loss.m`),
/// the value as written, the line and the column.
public enum LossObject {
    /// The object on one line, in field order: `{"type": "cosface", "m": 0.35, "s": 4}`. Parameters are in range,
    /// so finite.
    public static func json(_ loss: MarginLoss) -> String {
        let parts = loss.fields.map { key, value in
            let text = switch value {
            case .text(let name): JSONText.string(name)
            case .number(let number): NumberText.exact(number)
            case .flag(let flag): "\(flag)"
            }
            return JSONText.string(key) + ": " + text
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The loss a whole JSON text holds (a saved run's `loss` member); errors name key paths from `path`.
    public static func loss(fromJSON bytes: [UInt8], at path: JSONPath = JSONPath()) throws(JSONError) -> MarginLoss {
        let document = try JSONReader.read(bytes)
        return try loss(from: document.root, at: path, in: document)
    }

    /// The loss `node` describes.
    public static func loss(from node: JSONNode, at path: JSONPath, in document: JSONDocument) throws(JSONError) -> MarginLoss {
        guard case .object(let members) = node.value else { throw node.mismatch(at: path, expected: "an object") }
        var fields: [(key: String, value: MarginLoss.Field)] = []
        for member in members {
            switch member.value.value {
            case .string(let text): fields.append((member.key, .text(text)))
            case .number(let value, _): fields.append((member.key, .number(value)))
            case .bool(let flag): fields.append((member.key, .flag(flag)))
            case .object, .array, .null:
                guard let type = MarginLoss.fieldType(of: member.key) else {
                    throw error(InputError(.lossField(member.key), .unknownKey), node, path, document)
                }
                throw member.value.mismatch(at: path.appending(key: member.key), expected: type.words)
            }
        }
        do { return try MarginLoss(fields: fields) } catch { throw self.error(error, node, path, document) }
    }

    /// `error` in JSON's words, placed at the member it is about (the key itself when the key is unknown).
    private static func error(_ error: InputError, _ node: JSONNode, _ path: JSONPath,
                              _ document: JSONDocument) -> JSONError {
        let key = error.lossField ?? ""
        guard case .object(let members) = node.value, let member = members.last(where: { $0.key == key }) else {
            return JSONError(reason: "missing key \"\(key)\"", offset: node.offset, path: path)
        }
        let at = path.appending(key: key)
        let reason: String
        switch error.problem {
        case .unknownKey:
            return JSONError(reason: "unknown key; a loss object takes \(MarginLoss.objectKeys.joined(separator: ", "))",
                             offset: member.keyOffset, path: at)
        case .missing: reason = "missing"
        case .wrongType(let expected): reason = "expected \(expected.words), found \(member.value.kindName)"
        case .notALoss(let name):
            reason = "\(quoted(name)) is not a loss: use one of \(LossKind.acceptedNames.joined(separator: ", "))"
        case .notTaken(let kind, let takes, let onlyWith):
            reason = "\(kind.rawValue) does not take \(key); "
                + (takes.isEmpty ? "it takes no parameters" : "it takes " + takes.joined(separator: ", "))
                + (onlyWith.map { " (\(key) only with \($0): true)" } ?? "")
        case .outOfRange(_, let range, let loss):
            reason = "\(document.literal(of: member.value)) is out of range\(loss.map { " for \($0.rawValue)" } ?? ""): "
                + "it must be " + range.description
        case .invalid(let words): reason = words
        }
        return JSONError(reason: reason, offset: member.value.offset, path: at)
    }
}
