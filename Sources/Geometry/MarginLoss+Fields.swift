/// Building a loss from named fields: the one rule that the command line (`--loss sphereface --m 3`), a JSON loss
/// object (`{"type": "sphereface", "m": 3}`) and a state string (`loss=sphereface m=3`) share, so that all three
/// accept exactly the same losses. Each front end turns its input into fields and names a `LossFieldError` its own
/// way (`--m`, `loss.m`, `state: m=`).
///
/// The result does not depend on the order of the fields: the switches (`easy_margin`, `normalize_features`) are
/// applied first, then every parameter is checked against the range the loss, so switched, gives it. SphereFace
/// takes `s` only with `normalize_features`, whichever of the two comes first.
extension MarginLoss {
    /// What a key of the loss object holds.
    public enum FieldType: Sendable, Hashable {
        /// A name: "type".
        case text
        /// A parameter: m, s, lambda, m1, m2, m3.
        case number
        /// A switch: easy_margin, normalize_features.
        case flag
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
    public init(fields: [(key: String, value: Field)]) throws(LossFieldError) {
        guard let type = fields.first(where: { $0.key == "type" }) else {
            throw LossFieldError(key: "type", problem: .missing)
        }
        guard case .text(let name) = type.value else {
            throw LossFieldError(key: "type", problem: .wrongType(expected: .text))
        }
        guard let kind = LossKind(name: name) else { throw LossFieldError(key: "type", problem: .notALoss(name)) }
        self = try MarginLoss(kind).applying(fields.filter { $0.key != "type" })
    }

    /// This loss with `fields` (keys other than "type") applied: first every key is checked to be a key and to
    /// hold the right type, then the switches are set (each only on a loss that takes it), then every parameter
    /// is set (each only on a loss that, so switched, takes it, and only inside its range). A key given twice
    /// takes its last value.
    public func applying(_ fields: [(key: String, value: Field)]) throws(LossFieldError) -> MarginLoss {
        for (key, value) in fields {
            guard key != "type", let type = Self.fieldType(of: key) else {
                throw LossFieldError(key: key, problem: .unknownKey)
            }
            guard value.type == type else { throw LossFieldError(key: key, problem: .wrongType(expected: type)) }
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
                throw LossFieldError(key: key, problem: .outOfRange(kind: kind, value: value, range: range))
            }
            loss[parameter] = value
        }
        return loss
    }

    /// "`key` is not taken by this loss", with the keys it does take.
    private func notTaken(_ key: String, onlyWith: String?) -> LossFieldError {
        LossFieldError(key: key, problem: .notTaken(kind: kind, takes: fields.map(\.key).filter { $0 != "type" },
                                                     onlyWith: onlyWith))
    }
}

extension MarginLoss.Field {
    /// Which type of value this is.
    public var type: MarginLoss.FieldType {
        switch self {
        case .text: .text
        case .number: .number
        case .flag: .flag
        }
    }
}

/// Why a field cannot set a loss, as data: the key at fault and the problem. Front ends word it.
public struct LossFieldError: Error, Sendable, Hashable {
    /// What is wrong with the field.
    public enum Problem: Sendable, Hashable {
        /// No loss takes this key.
        case unknownKey
        /// The key is required and absent ("type").
        case missing
        /// The value is not of the type the key holds.
        case wrongType(expected: MarginLoss.FieldType)
        /// "type" names no loss.
        case notALoss(String)
        /// `kind` does not take this key; it takes `takes` (keys other than "type"). `onlyWith` names the switch
        /// that would make it take the key (SphereFace's s with normalize_features), if there is one.
        case notTaken(kind: LossKind, takes: [String], onlyWith: String?)
        /// `value` lies outside `range`, the interval `kind` allows for the key.
        case outOfRange(kind: LossKind, value: Double, range: ParameterRange)
    }

    /// The key at fault: "type", "m", "easy_margin", or an unknown key as given.
    public var key: String
    /// What is wrong with it.
    public var problem: Problem

    /// The error `problem` at `key`.
    public init(key: String, problem: Problem) {
        self.key = key
        self.problem = problem
    }
}
