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
    public static func apply(_ text: String, to state: inout AppState) throws(InputError) {
        var pairs: [(key: String, value: String)] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let parts = token.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError("state: '\(token)' is not key=value (for example loss=arcface m=0.5)")
            }
            pairs.append((String(parts[0]).lowercased(), String(parts[1])))
        }
        // The loss first: which parameters apply depends on it.
        for pair in pairs where pair.key == "loss" {
            guard let kind = LossKind(name: pair.value) else {
                throw InputError("state: loss=\(pair.value) is not a loss: use one of "
                    + LossKind.acceptedNames.joined(separator: ", "))
            }
            state.lossKind = kind
        }
        for pair in pairs where pair.key != "loss" {
            try applyPair(pair.key, pair.value, to: &state)
        }
        for kind in LossKind.allCases {
            do { try state.losses[kind]!.validate() } catch {
                throw InputError("state: " + (kind == state.lossKind ? "" : "\(kind.rawValue).") + error.message)
            }
        }
    }

    private static func applyPair(_ key: String, _ value: String, to state: inout AppState) throws(InputError) {
        func number() throws(InputError) -> Double {
            guard let number = Double(value), number.isFinite else {
                throw InputError("state: \(key)=\(value) is not a number")
            }
            return number
        }
        func flag() throws(InputError) -> Bool {
            switch value.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw InputError("state: \(key)=\(value) must be 1 or 0")
            }
        }
        func checked(_ number: Double, _ range: ParameterRange, _ name: String) throws(InputError) -> Double {
            guard range.contains(number) else {
                throw InputError("state: \(name)=\(value) is out of range: it must be \(range.description)")
            }
            return number
        }
        switch key {
        case "view":
            guard let view = ViewKind(rawValue: value.lowercased()) else {
                throw InputError("state: view=\(value) is not a view: use one of "
                    + ViewKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            state.view = view
        case "angle":
            state.separation = Angle(degrees: try checked(try number(), TwoClassGeometry.separationRange, key))
        case "ratio":
            state.normRatio = try checked(try number(), TwoClassGeometry.normRatioRange, key)
        case "space":
            guard ["cosine", "angle", "angles"].contains(value.lowercased()) else {
                throw InputError("state: space=\(value) must be angle or cosine")
            }
            state.cosineSpace = value.lowercased() == "cosine"
        case "preset", "data", "seed":
            var session = state.training ?? TrainingSession()
            defer { state.training = session }
            if key == "seed" {
                guard let seed = UInt64(value) else {
                    throw InputError("state: seed=\(value) must be a whole number from 0 to \(UInt64.max)")
                }
                session.seed = seed
            } else {
                let names = key == "preset" ? TrainingSession.presetNames : TrainingSession.datasetNames
                guard let index = names.firstIndex(of: value.lowercased()) else {
                    throw InputError("state: \(key)=\(value) is not one of \(names.joined(separator: ", "))")
                }
                if key == "preset" { session.preset = index } else { session.datasetIndex = index }
            }
        case "compare":
            var kinds: [LossKind] = []
            for name in value.split(separator: ",") {
                guard let kind = LossKind(name: String(name)) else {
                    throw InputError("state: compare has '\(name)', which is not a loss")
                }
                kinds.append(kind)
            }
            guard (2...4).contains(kinds.count) else {
                throw InputError("state: compare=\(value) must name 2 to 4 losses")
            }
            state.compareKinds = kinds
        default:
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            var kind = state.lossKind, name = key
            if parts.count == 2 {
                guard let named = LossKind(name: parts[0]) else {
                    throw InputError("state: \(key) names no loss: '\(parts[0])' is not a loss")
                }
                (kind, name) = (named, parts[1])
            }
            switch name {
            case "easy_margin": state.losses[kind]!.easyMargin = try flag()
            case "normalize_features": state.losses[kind]!.normalizesFeatures = try flag()
            default:
                guard let parameter = LossParameter(rawValue: name) else {
                    throw InputError("state: '\(key)' is not a key: use view, loss, m, s, lambda, m1, m2, m3, "
                        + "easy_margin, normalize_features, angle, ratio, compare, space, preset, data, seed")
                }
                var loss = state.losses[kind]!
                loss.normalizesFeatures = loss.normalizesFeatures || (kind == .sphereface && parameter == .s)
                guard let range = loss.range(of: parameter) else {
                    throw InputError("state: \(name) does not apply to \(kind.rawValue)")
                }
                loss[parameter] = try checked(try number(), range, key)
                state.losses[kind] = loss
            }
        }
    }
}
