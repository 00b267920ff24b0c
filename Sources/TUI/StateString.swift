import Geometry

/// The one-line text that reproduces a view: `view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1`.
/// `margin-explorer --state '...'` and `render --state '...'` read it back. Samples are not part of it.
public enum StateString {
    /// The state string of `state`: view, loss and its parameters, angle and ratio, then what differs from the
    /// defaults elsewhere (other losses' parameters as `kind.parameter=value`, compare panels, cosine space).
    public static func format(_ state: AppState) -> String {
        var parts = ["view=\(state.view.rawValue)"]
        parts.append(contentsOf: lossTokens(state.loss, prefix: "", includeDefaults: true))
        parts.append("angle=\(TUI.format(state.separation.degrees))")
        parts.append("ratio=\(TUI.format(state.normRatio))")
        if state.view == .compare || state.compareKinds != AppState.defaultCompareKinds {
            parts.append("compare=" + state.compareKinds.map(\.rawValue).joined(separator: ","))
        }
        if state.cosineSpace { parts.append("space=cosine") }
        if state.view == .training, let session = state.training { parts.append(contentsOf: session.stateTokens) }
        for kind in LossKind.allCases where kind != state.lossKind {
            parts.append(contentsOf: lossTokens(state.losses[kind]!, prefix: kind.rawValue + ".", includeDefaults: false))
        }
        return parts.joined(separator: " ")
    }

    private static func lossTokens(_ loss: MarginLoss, prefix: String, includeDefaults: Bool) -> [String] {
        let defaults = MarginLoss(loss.kind)
        var tokens = includeDefaults ? ["loss=\(loss.kind.rawValue)"] : []
        if loss.normalizesFeatures { tokens.append("\(prefix)normalize_features=1") }
        for parameter in loss.parameters where includeDefaults || loss[parameter] != defaults[parameter] {
            tokens.append("\(prefix)\(parameter.rawValue)=\(TUI.format(loss[parameter]))")
        }
        if loss.easyMargin { tokens.append("\(prefix)easy_margin=1") }
        return tokens
    }

    /// Applies a state string to `state`, or throws a message naming the token at fault and the valid range.
    /// The loss keys go through the rule the loss flags and JSON loss objects share (`MarginLoss.applying(_:)`), so
    /// a state string accepts exactly the losses the command line accepts, whatever the order of its tokens.
    public static func apply(_ text: String, to state: inout AppState) throws(InputError) {
        var pairs: [(key: String, value: String)] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let parts = token.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError("state: \(quoted(token)) is not key=value (for example loss=arcface m=0.5)")
            }
            pairs.append((String(parts[0]).lowercased(), String(parts[1])))
        }
        // The loss first: which parameters apply depends on it.
        for pair in pairs where pair.key == "loss" {
            guard let kind = LossKind(name: pair.value) else {
                throw InputError("state: loss=\(escaped(pair.value)) is not a loss: use one of "
                    + LossKind.acceptedNames.joined(separator: ", "))
            }
            state.lossKind = kind
        }
        var lossFields: [LossKind: [LossToken]] = [:]
        for pair in pairs where pair.key != "loss" {
            if let token = try lossToken(pair.key, pair.value, current: state.lossKind) {
                lossFields[token.kind, default: []].append(token)
            } else {
                try applyPair(pair.key, pair.value, to: &state)
            }
        }
        for kind in LossKind.allCases {
            guard let tokens = lossFields[kind] else { continue }
            do { state.losses[kind] = try state.losses[kind]!.applying(tokens.map { ($0.name, $0.field) }) } catch {
                throw InputError(message(for: error, tokens: tokens))
            }
        }
    }

    /// A loss key of a state string: `m=0.5` (the current loss) or `cosface.m=0.3`, read as the field it sets.
    private struct LossToken {
        var kind: LossKind
        /// The key without the loss prefix: "m".
        var name: String
        /// The key as written: "cosface.m".
        var key: String
        /// The value as written.
        var text: String
        var field: MarginLoss.Field
    }

    /// The loss field `key=value` sets, nil when `key` is not about a loss, or an error when `value` cannot be
    /// the field's type.
    private static func lossToken(_ key: String, _ value: String, current: LossKind) throws(InputError) -> LossToken? {
        var kind = current, name = key
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let named = LossKind(name: parts[0]) else {
                throw InputError("state: \(escaped(key)) names no loss: \(quoted(parts[0])) is not a loss")
            }
            (kind, name) = (named, parts[1])
        }
        guard let type = MarginLoss.fieldType(of: name), type != .text else {
            if parts.count == 2 { throw unknownKey(key) }
            return nil
        }
        let field: MarginLoss.Field
        if type == .number {
            guard let number = Double(value), number.isFinite else {
                throw InputError("state: \(escaped(key))=\(escaped(value)) is not a number")
            }
            field = .number(number)
        } else {
            switch value.lowercased() {
            case "1", "true", "yes", "on": field = .flag(true)
            case "0", "false", "no", "off": field = .flag(false)
            default: throw InputError("state: \(escaped(key))=\(escaped(value)) must be 1 or 0")
            }
        }
        return LossToken(kind: kind, name: name, key: key, text: value, field: field)
    }

    /// A loss error in the state string's words: `state: m=2.5 is out of range: it must be ...`.
    private static func message(for error: LossFieldError, tokens: [LossToken]) -> String {
        let token = tokens.last { $0.name == error.key }
        let key = escaped(token?.key ?? error.key)
        switch error.problem {
        case .outOfRange(_, _, let range):
            return "state: \(key)=\(escaped(token?.text ?? "")) is out of range: it must be \(range.description)"
        case .notTaken(let kind, _, let onlyWith):
            return "state: \(escaped(error.key)) does not apply to \(kind.rawValue)"
                + (onlyWith.map { " without \($0)=1" } ?? "")
        case .unknownKey, .missing, .wrongType, .notALoss:
            return unknownKey(token?.key ?? error.key).message
        }
    }

    private static func unknownKey(_ key: String) -> InputError {
        InputError("state: \(quoted(key)) is not a key: use view, loss, m, s, lambda, m1, m2, m3, "
            + "easy_margin, normalize_features, angle, ratio, compare, space, preset, data, seed")
    }

    private static func applyPair(_ key: String, _ value: String, to state: inout AppState) throws(InputError) {
        func number() throws(InputError) -> Double {
            guard let number = Double(value), number.isFinite else {
                throw InputError("state: \(key)=\(escaped(value)) is not a number")
            }
            return number
        }
        func checked(_ number: Double, _ range: ParameterRange) throws(InputError) -> Double {
            guard range.contains(number) else {
                throw InputError("state: \(key)=\(escaped(value)) is out of range: it must be \(range.description)")
            }
            return number
        }
        switch key {
        case "view":
            guard let view = ViewKind(rawValue: value.lowercased()) else {
                throw InputError("state: view=\(escaped(value)) is not a view: use one of "
                    + ViewKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            state.view = view
        case "angle":
            state.separation = Angle(degrees: try checked(try number(), TwoClassGeometry.separationRange))
        case "ratio":
            state.normRatio = try checked(try number(), TwoClassGeometry.normRatioRange)
        case "space":
            guard ["cosine", "angle", "angles"].contains(value.lowercased()) else {
                throw InputError("state: space=\(escaped(value)) must be angle or cosine")
            }
            state.cosineSpace = value.lowercased() == "cosine"
        case "preset", "data", "seed":
            var session = state.training ?? TrainingSession()
            defer { state.training = session }
            if key == "seed" {
                guard let seed = UInt64(value) else {
                    throw InputError("state: seed=\(escaped(value)) must be a whole number from 0 to \(UInt64.max)")
                }
                session.seed = seed
            } else {
                let names = key == "preset" ? TrainingSession.presetNames : TrainingSession.datasetNames
                guard let index = names.firstIndex(of: value.lowercased()) else {
                    throw InputError("state: \(key)=\(escaped(value)) is not one of \(names.joined(separator: ", "))")
                }
                if key == "preset" { session.preset = index } else { session.datasetIndex = index }
            }
        case "compare":
            var kinds: [LossKind] = []
            for name in value.split(separator: ",") {
                guard let kind = LossKind(name: String(name)) else {
                    throw InputError("state: compare has \(quoted(name)), which is not a loss")
                }
                kinds.append(kind)
            }
            guard (2...4).contains(kinds.count) else {
                throw InputError("state: compare=\(escaped(value)) must name 2 to 4 losses")
            }
            state.compareKinds = kinds
        default:
            throw unknownKey(key)
        }
    }
}
