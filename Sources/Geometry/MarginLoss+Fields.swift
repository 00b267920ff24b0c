/// Building a loss from named fields: the one rule that the command line (`--loss sphereface --m 3`), a JSON loss
/// object (`{"type": "sphereface", "m": 3}`) and a state string (`loss=sphereface m=3`) share, so that all three
/// accept exactly the same losses. Each front end turns its input into fields and names an `InputError` about a
/// `.lossField` its own way (`--m`, `loss.m`, `state: m=`).
///
/// The result does not depend on the order of the fields: the switches (`easy_margin`, `normalize_features`) are
/// applied first, then every parameter is checked against the range the loss, so switched, gives it. A-Softmax
/// takes `s` only with `normalize_features`, whichever of the two comes first.
extension MarginLoss {
    /// One value of a loss field.
    public enum Field: Sendable, Hashable {
        case text(String), number(Double), flag(Bool)

        /// Which type of value this is.
        public var type: FieldType {
            switch self {
            case .text: .text
            case .number: .number
            case .flag: .flag
            }
        }
    }

    /// What a key of the loss object holds.
    public enum FieldType: Sendable, Hashable {
        /// A name: "type".
        case text
        /// A parameter: m, s, lambda, m1, m2, m3.
        case number
        /// A switch: easy_margin, normalize_features.
        case flag
    }

    /// Every key a loss object may hold.
    public static let objectKeys = ["type"] + LossParameter.allCases.map(\.rawValue) + ["easy_margin", "normalize_features"]

    /// The keys of this loss's object in order, with their values: "type", the parameters the loss takes, then
    /// "easy_margin" (ArcFace, combined) and "normalize_features" (A-Softmax). `MarginLoss(fields:)` reads them
    /// back to the same loss.
    public var fields: [(key: String, value: Field)] {
        var list: [(key: String, value: Field)] = [("type", .text(kind.rawValue))]
        for parameter in parameters { list.append((parameter.rawValue, .number(self[parameter]))) }
        if takesEasyMargin { list.append(("easy_margin", .flag(easyMargin))) }
        if kind == .sphereface { list.append(("normalize_features", .flag(normalizesFeatures))) }
        return list
    }

    /// The type of `key`'s value, or nil when no loss takes `key` (the keys are `objectKeys`).
    public static func fieldType(of key: String) -> FieldType? {
        if key == "type" { return .text }
        if LossParameter(rawValue: key) != nil { return .number }
        if key == "easy_margin" || key == "normalize_features" { return .flag }
        return nil
    }

    /// The loss that `fields` describe: "type" names it (any name `LossKind(name:)` accepts), the other fields set
    /// it as `applying(_:)` does; what they leave out keeps the paper defaults of `MarginLoss(kind)`.
    public init(fields: [(key: String, value: Field)]) throws(InputError) {
        guard let type = fields.last(where: { $0.key == "type" }) else {
            throw InputError(.lossField("type"), .missing)
        }
        guard case .text(let name) = type.value else {
            throw InputError(.lossField("type"), .wrongType(expected: .text))
        }
        guard let kind = LossKind(name: name) else { throw InputError(.lossField("type"), .notALoss(name)) }
        self = try MarginLoss(kind).applying(fields.filter { $0.key != "type" })
    }

    /// This loss with `fields` (keys other than "type") applied: first every key is checked to be a key and to
    /// hold the right type, then the switches are set (each only on a loss that takes it), then every parameter
    /// is set (each only on a loss that, so switched, takes it, and only inside its range). A key given twice
    /// takes its last value.
    public func applying(_ fields: [(key: String, value: Field)]) throws(InputError) -> MarginLoss {
        for (key, value) in fields {
            guard key != "type", let type = Self.fieldType(of: key) else {
                throw InputError(.lossField(key), .unknownKey)
            }
            guard value.type == type else { throw InputError(.lossField(key), .wrongType(expected: type)) }
        }
        var loss = self
        for case let (key, .flag(on)) in fields {
            if key == "easy_margin" {
                guard takesEasyMargin else { throw notTaken(key, onlyWith: nil) }
                loss.easyMargin = on
            } else {
                guard kind == .sphereface else { throw notTaken(key, onlyWith: nil) }
                loss.normalizesFeatures = on
            }
        }
        for case let (key, .number(value)) in fields {
            guard let parameter = LossParameter(rawValue: key), let range = loss.range(of: parameter) else {
                throw loss.notTaken(key, onlyWith: kind == .sphereface && key == "s" ? "normalize_features" : nil)
            }
            guard range.contains(value) else {
                throw InputError(.lossField(key), .outOfRange(value: value, range: range, loss: kind))
            }
            loss[parameter] = value
        }
        return loss
    }

    /// "`key` is not taken by this loss", with the keys it does take.
    private func notTaken(_ key: String, onlyWith: String?) -> InputError {
        InputError(.lossField(key), .notTaken(kind: kind, takes: fields.map(\.key).filter { $0 != "type" },
                                              onlyWith: onlyWith))
    }
}
