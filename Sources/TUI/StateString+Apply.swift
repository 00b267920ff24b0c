import Geometry
import Training

extension StateString {
    /// Applies a state string to `state`, or throws a message naming the token at fault and the valid range.
    /// The loss keys go through the rule the loss flags and JSON loss objects share (`MarginLoss.applying(_:)`), so
    /// a state string accepts exactly the losses the command line accepts, whatever the order of its tokens.
    /// `load=PATH` is noted in `pendingLoad` for the front end to read; `step=N` in `pendingStep`; the model files
    /// (`embeddings=`, `labels=`, `weights=`) in `pendingModel`.
    public static func apply(_ text: String, to state: inout AppState) throws(InputError) {
        var pairs = try self.pairs(of: text)
        // A figure preset (`preset=arcface-fig4b`) stands for its own state string; the other tokens come after it.
        if let index = pairs.firstIndex(where: { $0.key == "preset" }),
           let preset = FigurePreset.all.first(where: { $0.id == pairs[index].value }) {
            pairs.remove(at: index)
            pairs = try self.pairs(of: preset.state) + pairs
        }
        for pair in pairs where pair.key == "loss" {  // the loss first: which parameters apply depends on it
            guard let kind = LossKind(name: pair.value) else {
                throw failure("loss=\(escaped(pair.value)) is not a loss: use one of "
                    + LossKind.acceptedNames.joined(separator: ", "))
            }
            state.lossKind = kind
        }
        var lossFields: [LossKind: [LossToken]] = [:]
        var training = TrainingTokens()
        var model = ModelTokens()
        for pair in pairs where pair.key != "loss" {
            if let token = try lossToken(pair.key, pair.value, current: state.lossKind) {
                lossFields[token.kind, default: []].append(token)
            } else if TrainingTokens.keys.contains(pair.key) {
                try training.read(pair.key, pair.value)
            } else if ModelTokens.keys.contains(pair.key) {
                try model.read(pair.key, pair.value)
            } else {
                try applyPair(pair.key, pair.value, to: &state)
            }
        }
        for kind in LossKind.allCases {
            guard let tokens = lossFields[kind] else { continue }
            do { state.losses[kind] = try state.losses[kind].applying(tokens.map { ($0.name, $0.field) }) } catch {
                throw failure(message(for: error, tokens: tokens))
            }
        }
        // The panels last: a panel's parameters are written against its loss's own, which the tokens above set.
        for pair in pairs where pair.key == "compare" { state.comparePanels = try comparePanels(pair.value, state) }
        if !training.isEmpty { try training.apply(to: &state) }
        if !model.isEmpty { state.pendingModel = try model.files() }
    }

    /// An error in the state string's words: `state: m=2.5 is out of range: ...`.
    static func failure(_ words: String) -> InputError { InputError("state: " + words) }

    /// True when `text` names a view (`view=...`), so a run it loads opens there rather than in its own view.
    public static func namesView(_ text: String) -> Bool {
        ((try? pairs(of: text)) ?? []).contains { $0.key == "view" }
    }

    /// The `key=value` tokens of `text`, split at white space outside double quotes, keys lowercased.
    static func pairs(of text: String) throws(InputError) -> [(key: String, value: String)] {
        var tokens: [String] = [], current = "", inQuotes = false, escaping = false, started = false
        for character in text {
            if escaping { current.append(character); escaping = false; continue }
            if inQuotes && character == "\\" { escaping = true; continue }
            if character == "\"" { inQuotes.toggle(); started = true; continue }
            if !inQuotes && character.isWhitespace {
                if started { tokens.append(current) }
                (current, started) = ("", false)
                continue
            }
            current.append(character)
            started = true
        }
        guard !inQuotes else { throw failure("\(quoted(text, limit: 60)) has a quote that is not closed") }
        if started { tokens.append(current) }
        return try tokens.map { token throws(InputError) in
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw failure("\(quoted(token)) is not key=value (for example loss=arcface m=0.5)")
            }
            return (String(parts[0]).lowercased(), String(parts[1]))
        }
    }

    /// A loss key of a state string: `m=0.5` (the current loss) or `cosface.m=0.3`, read as the field it sets.
    struct LossToken {
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
    static func lossToken(_ key: String, _ value: String, current: LossKind) throws(InputError) -> LossToken? {
        var kind = current, name = key
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let named = LossKind(name: parts[0]) else {
                throw failure("\(escaped(key)) names no loss: \(quoted(parts[0])) is not a loss")
            }
            (kind, name) = (named, parts[1])
        } else if name == "seed" {
            return nil  // training's seed; the current loss's margin seed is margin_seed=
        } else if name == "margin_seed" {
            name = "seed"
        }
        guard let type = MarginLoss.fieldType(of: name), type != .text else {
            if parts.count == 2 { throw unknownKey(key) }
            return nil
        }
        let field: MarginLoss.Field
        if type == .number {
            field = .number(try number(key, value))
        } else {
            guard let flag = flag(value) else { throw failure("\(escaped(key))=\(escaped(value)) must be 1 or 0") }
            field = .flag(flag)
        }
        return LossToken(kind: kind, name: name, key: key, text: value, field: field)
    }

    /// A loss error in the state string's words: `m=2.5 is out of range: it must be ...`.
    static func message(for error: InputError, tokens: [LossToken]) -> String {
        let name = error.lossField ?? ""
        let token = tokens.last { $0.name == name }
        let key = escaped(token?.key ?? name)
        switch error.problem {
        case .outOfRange(_, let range, _):
            return "\(key)=\(escaped(token?.text ?? "")) is out of range: it must be \(range.description)"
        case .notTaken(let kind, _, let onlyWith):
            return "\(escaped(name)) does not apply to \(kind.rawValue)" + (onlyWith.map { " without \($0)=1" } ?? "")
        case .unknownKey, .missing, .wrongType, .notALoss, .invalid:
            return unknownKey(token?.key ?? name).reason
        }
    }

    static func unknownKey(_ key: String) -> InputError {
        failure("\(quoted(key)) is not a key: use view, loss, m, s, lambda, m1, m2, m3, easy_margin, "
            + "normalize_features, angle, ratio, compare, panels, space, pin, theta, logit, yaw, pitch, sphere, run, "
            + (TrainingTokens.keys + ModelTokens.keys).joined(separator: ", "))
    }

    /// A finite number, or an error naming `key=value`.
    static func number(_ key: String, _ value: String) throws(InputError) -> Double {
        guard let number = Double(value), number.isFinite else {
            throw failure("\(escaped(key))=\(escaped(value)) is not a number")
        }
        return number
    }

    /// `number(key, value)` inside `range`.
    static func number(_ key: String, _ value: String, in range: ParameterRange) throws(InputError) -> Double {
        let number = try number(key, value)
        guard range.contains(number) else {
            throw failure("\(key)=\(escaped(value)) is out of range: it must be \(range.description)")
        }
        return number
    }

    /// 1, true, yes, on or 0, false, no, off.
    static func flag(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }

    private static func applyPair(_ key: String, _ value: String, to state: inout AppState) throws(InputError) {
        switch key {
        case "view":
            guard let view = ViewKind(rawValue: value.lowercased()) else {
                throw failure("view=\(escaped(value)) is not a view: use one of "
                    + ViewKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            state.view = view
        case "angle": state.separation = Angle(degrees: try number(key, value, in: TwoClassGeometry.separationRange))
        case "ratio": state.normRatio = try number(key, value, in: TwoClassGeometry.normRatioRange)
        case "space":
            guard ["cosine", "angle", "angles"].contains(value.lowercased()) else {
                throw failure("space=\(escaped(value)) must be angle or cosine")
            }
            state.cosineSpace = value.lowercased() == "cosine"
        case "compare": break  // read once the losses are set (`comparePanels`)
        case "panels":
            guard ["margins", "plane"].contains(value.lowercased()) else {
                throw failure("panels=\(escaped(value)) must be plane or margins")
            }
            state.compareShowsMargins = value.lowercased() == "margins"
        case "pin":
            guard state.pins.count < AppState.maximumPins else {
                throw failure("pin=\(escaped(value)): at most \(AppState.maximumPins) pins")
            }
            state.pins.append(try LossSpec.parse(value, key: key) { MarginLoss($0) })
        case "theta":
            let range = try numberPair(key, value, within: 0...180)
            guard range.upperBound - range.lowerBound >= AppState.minimumThetaSpan else {
                throw failure("theta=\(escaped(value)) must span at least \(NumberText.tidy(AppState.minimumThetaSpan))°")
            }
            state.psiTheta = range
        case "logit": state.psiLogit = try numberPair(key, value, within: -1000...1000)
        case "yaw": state.sphere.yaw = try number(key, value, in: SphereCamera.angleRange)
        case "pitch": state.sphere.pitch = try number(key, value, in: SphereCamera.angleRange)
        case "sphere":
            guard let figure = SphereFigure(rawValue: value.lowercased()) else {
                throw failure("sphere=\(escaped(value)) must be " + SphereFigure.allCases.map(\.rawValue).joined(separator: " or "))
            }
            state.sphereFigure = figure
        case "run":
            guard let place = Int(value), (1...100).contains(place) else {
                throw failure("run=\(escaped(value)) must be a whole number from 1 to 100 (the run view 7 draws)")
            }
            state.sphereRunIndex = place - 1
        default: throw unknownKey(key)
        }
    }

    /// `low,high` with low < high, both inside `limits`: `theta=20,100`.
    private static func numberPair(_ key: String, _ value: String,
                                   within limits: ClosedRange<Double>) throws(InputError) -> ClosedRange<Double> {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low < high, limits.contains(low),
              limits.contains(high) else {
            throw failure("\(key)=\(escaped(value)) must be two numbers low,high with low < high, from "
                + "\(NumberText.tidy(limits.lowerBound)) to \(NumberText.tidy(limits.upperBound))")
        }
        return low...high
    }

    /// The panels of `compare=softmax,cosface:m=0.2,cosface`: each a loss, its parameters (after `:`) set on that
    /// loss's own in `state`.
    private static func comparePanels(_ value: String, _ state: AppState) throws(InputError) -> [MarginLoss] {
        var panels: [MarginLoss] = []
        for word in value.split(separator: ",") {
            let name = word.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            guard LossKind(name: name) != nil else { throw failure("compare has \(quoted(name)), which is not a loss") }
            panels.append(try LossSpec.parse(String(word), key: "compare") { state.losses[$0] })
        }
        guard (2...4).contains(panels.count) else { throw failure("compare=\(escaped(value)) must name 2 to 4 losses") }
        return panels
    }
}
