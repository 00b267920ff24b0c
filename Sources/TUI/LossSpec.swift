import Geometry

/// One loss with its parameters as one word of a state string: `arcface:m=0.4:s=64`, `sphereface:m=2:lambda=0`,
/// `combined:m1=1:m2=0.3:m3=0.2:easy_margin=1`. The ψ view's pins (`pin=`) and the compare view's panels
/// (`compare=`) are written this way; it reads back by the rule every loss input shares (`MarginLoss.applying`).
enum LossSpec {
    /// `loss` as a word: its kind, then each parameter (and switch) that differs from `base`, or every parameter
    /// when `base` is nil.
    static func text(_ loss: MarginLoss, against base: MarginLoss? = nil) -> String {
        var parts = [loss.kind.rawValue]
        for parameter in loss.parameters where base.map({ $0[parameter] != loss[parameter] }) ?? true {
            parts.append("\(parameter.rawValue)=\(NumberText.tidy(loss[parameter]))")
        }
        if loss.easyMargin != (base?.easyMargin ?? false) { parts.append("easy_margin=\(loss.easyMargin ? 1 : 0)") }
        if loss.normalizesFeatures != (base?.normalizesFeatures ?? false) {
            parts.append("normalize_features=\(loss.normalizesFeatures ? 1 : 0)")
        }
        return parts.joined(separator: ":")
    }

    /// The loss `word` names (as `key=word` in the state string), its fields applied on `base(kind)`, or a message
    /// naming the key, the word and what is wrong.
    static func parse(_ word: String, key: String, base: (LossKind) -> MarginLoss) throws(InputError) -> MarginLoss {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func failure(_ why: String) -> InputError { StateString.failure("\(key)=\(escaped(word)): " + why) }
        guard let kind = LossKind(name: parts[0]) else {
            throw failure("\(quoted(parts[0])) is not a loss: use one of " + LossKind.acceptedNames.joined(separator: ", "))
        }
        var fields: [(key: String, value: MarginLoss.Field)] = []
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, let type = MarginLoss.fieldType(of: pair[0]), type != .text else {
                throw failure("\(quoted(part)) is not name=value with a loss parameter (m, s, lambda, m1, m2, m3, "
                    + "easy_margin, normalize_features)")
            }
            if type == .number {
                guard let number = Double(pair[1]), number.isFinite else { throw failure("\(quoted(part)) is not a number") }
                fields.append((pair[0], .number(number)))
            } else {
                guard let flag = StateString.flag(pair[1]) else { throw failure("\(quoted(part)) must be 1 or 0") }
                fields.append((pair[0], .flag(flag)))
            }
        }
        do { return try base(kind).applying(fields) } catch {
            switch error.problem {
            case .outOfRange(_, let range, _):
                throw failure("\(error.lossField ?? "") is out of range: it must be \(range.description)")
            case .notTaken(let kind, _, let onlyWith):
                throw failure("\(error.lossField ?? "") does not apply to \(kind.rawValue)"
                    + (onlyWith.map { " without \($0)=1" } ?? ""))
            default: throw failure(error.reason)
            }
        }
    }
}
