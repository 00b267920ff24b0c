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
        /// A switch: easy_margin, normalize_features, dynamic, through_norm.
        case flag
    }

    /// The switches, in the order a loss object lists them.
    public static let flagKeys = ["easy_margin", "normalize_features", "dynamic", "through_norm"]

    /// Every key a loss object may hold.
    public static let objectKeys = ["type"] + LossParameter.allCases.map(\.rawValue) + flagKeys

    /// The switches this loss takes: easy_margin (ArcFace, combined, MagFace), normalize_features (A-Softmax),
    /// dynamic (AdaCos), through_norm (AdaFace).
    public var flags: [String] {
        Self.flagKeys.filter { key in
            switch key {
            case "easy_margin": takesEasyMargin
            case "normalize_features": kind == .sphereface
            case "dynamic": kind == .adacos
            default: kind == .adaface
            }
        }
    }

    /// The value of switch `key`.
    public func flag(_ key: String) -> Bool {
        switch key {
        case "easy_margin": easyMargin
        case "normalize_features": normalizesFeatures
        case "dynamic": dynamic
        default: throughNorm
        }
    }

    /// Sets switch `key`.
    public mutating func setFlag(_ key: String, _ on: Bool) {
        switch key {
        case "easy_margin": easyMargin = on
        case "normalize_features": normalizesFeatures = on
        case "dynamic": dynamic = on
        default: throughNorm = on
        }
    }

    /// The keys of this loss's object in order, with their values: "type", the parameters the loss takes (those
    /// left to the rule, AdaCos's s and AdaFace's norm_mean and norm_std, only once given), then its switches
    /// (`flags`). `MarginLoss(fields:)` reads them back to the same loss.
    public var fields: [(key: String, value: Field)] {
        var list: [(key: String, value: Field)] = [("type", .text(kind.rawValue))]
        for parameter in parameters where !isLeftToRule(parameter) {
            list.append((parameter.rawValue, .number(self[parameter])))
        }
        for key in flags { list.append((key, .flag(flag(key)))) }
        return list
    }

    /// Every key this loss takes, other than "type": its parameters (given or not), then its switches.
    public var takenKeys: [String] { parameters.map(\.rawValue) + flags }

    /// The type of `key`'s value, or nil when no loss takes `key` (the keys are `objectKeys`).
    public static func fieldType(of key: String) -> FieldType? {
        if key == "type" { return .text }
        if LossParameter(rawValue: key) != nil { return .number }
        if flagKeys.contains(key) { return .flag }
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
            guard flags.contains(key) else { throw notTaken(key, onlyWith: nil) }
            loss.setFlag(key, on)
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
        if let problem = loss.rule?.parameterProblem() {  // MagFace: l_a < u_a, l_m ≤ u_m
            throw InputError(.lossField(problem.key), .invalid(problem.message(values: { key in
                LossParameter(rawValue: key).map { loss[$0] } })))
        }
        return loss
    }

    /// "`key` is not taken by this loss", with the keys it does take.
    private func notTaken(_ key: String, onlyWith: String?) -> InputError {
        InputError(.lossField(key), .notTaken(kind: kind, takes: takenKeys, onlyWith: onlyWith))
    }
}
