/// A loss as JSON, the `loss` object of `eval` requests and saved runs:
/// `{"type": "arcface", "m": 0.5, "s": 64, "easy_margin": false}`. Reading is strict: an unknown key, a
/// parameter the loss does not take, or a value out of range throws an `InputError` that names the key.
extension MarginLoss: Codable {
    /// One value of the loss object.
    public enum Field: Sendable, Hashable {
        case text(String), number(Double), flag(Bool)
    }

    /// The keys of the loss object in order, with their values: "type", the parameters the loss takes, then
    /// "easy_margin" (ArcFace, combined) and "normalize_features" (A-Softmax).
    public var fields: [(key: String, value: Field)] {
        var list: [(key: String, value: Field)] = [("type", .text(kind.rawValue))]
        for parameter in parameters { list.append((parameter.rawValue, .number(self[parameter]))) }
        if takesEasyMargin { list.append(("easy_margin", .flag(easyMargin))) }
        if kind == .sphereface { list.append(("normalize_features", .flag(normalizesFeatures))) }
        return list
    }

    /// Every key a loss object may hold.
    public static let objectKeys = ["type"] + LossParameter.allCases.map(\.rawValue) + ["easy_margin", "normalize_features"]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (key, value) in fields {
            switch value {
            case .text(let text): try container.encode(text, forKey: FieldKey(key))
            case .number(let number): try container.encode(number, forKey: FieldKey(key))
            case .flag(let flag): try container.encode(flag, forKey: FieldKey(key))
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        let given = Set(container.allKeys.map(\.stringValue))
        if let unknown = given.sorted().first(where: { !Self.objectKeys.contains($0) }) {
            throw InputError("loss.\(unknown): unknown key; a loss object takes \(Self.objectKeys.joined(separator: ", "))")
        }
        let name = try container.decode(String.self, forKey: FieldKey("type"))
        guard let kind = LossKind(name: name) else {
            throw InputError("loss.type: \"\(name)\" is not a loss: use one of " + LossKind.acceptedNames.joined(separator: ", "))
        }
        var loss = MarginLoss(kind)
        if given.contains("normalize_features") {
            guard kind == .sphereface else {
                throw InputError("loss.normalize_features: applies to sphereface only, not \(kind.rawValue)")
            }
            loss.normalizesFeatures = try container.decode(Bool.self, forKey: FieldKey("normalize_features"))
        }
        if given.contains("easy_margin") {
            guard loss.takesEasyMargin else {
                throw InputError("loss.easy_margin: applies to arcface and combined only, not \(kind.rawValue)")
            }
            loss.easyMargin = try container.decode(Bool.self, forKey: FieldKey("easy_margin"))
        }
        for parameter in LossParameter.allCases where given.contains(parameter.rawValue) {
            guard loss.range(of: parameter) != nil else {
                let takes = loss.fields.map(\.key).dropFirst()
                var hint = takes.isEmpty ? "it takes no parameters" : "it takes " + takes.joined(separator: ", ")
                if kind == .sphereface && parameter == .s { hint += " (s only with normalize_features: true)" }
                throw InputError("loss.\(parameter.rawValue): \(kind.rawValue) does not take \(parameter.rawValue); \(hint)")
            }
            loss[parameter] = try container.decode(Double.self, forKey: FieldKey(parameter.rawValue))
        }
        do { try loss.validate() } catch { throw InputError("loss." + error.message) }
        self = loss
    }

    /// A coding key from any string.
    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
