import ArgumentParser
import Geometry

/// The loss flags every subcommand shares: `--loss NAME --m M --s S --lambda L --m1 --m2 --m3 --easy-margin`, and
/// the parameters of issue 10's losses under their JSON keys (`--l-a` is `l_a`; `--margin-seed` is ElasticFace's
/// `seed`, apart from train's `--seed`).
/// Numbers are read even when they start with a minus sign (`--m -1` is out of range, not a missing value).
struct LossOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The loss: \(LossKind.acceptedNames.joined(separator: ", ")) (default arcface).",
                               valueName: "name"))
    var loss: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("""
        The margin m. L-Softmax and SphereFace: a whole number from 1 to 10 (default 4). ArcFace: radians, \
        0 to 1.5 (default 0.5). CosFace: cosine units, 0 to 1 (default 0.35).
        """, valueName: "m"))
    var m: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp("""
        The scale s of normalised losses, 1 to 256 (default 64; NormFace 16). SphereFace takes it only with \
        --normalize-features.
        """, valueName: "s"))
    var s: TypedNumber?

    @Option(name: .customLong("lambda"), parsing: .unconditional, help: ArgumentHelp("""
        L-Softmax and SphereFace blend weight lambda, 0 to 10000: target = (lambda cos + psi) / (1 + lambda). \
        Default 0 (the pure margin), except in train, which anneals lambda when --lambda is left out (see \
        --lambda-schedule); --lambda fixes it for the whole run.
        """, valueName: "lambda"))
    var lambda: TypedNumber?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Combined margin: angle multiplier m1, 0.5 to 4 (default 1).", valueName: "m1"))
    var m1: TypedNumber?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Combined margin: additive angle m2 in radians, 0 to 1.5 (default 0.5).", valueName: "m2"))
    var m2: TypedNumber?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Combined margin: cosine margin m3 in cosine units, 0 to 1 (default 0).", valueName: "m3"))
    var m3: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Sub-center ArcFace: sub-centres per class k, 1 to 10 (default 3); weights hold K·k rows, class j's at "
            + "rows j·k to j·k + k - 1.", valueName: "k"))
    var subCenters: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "CurricularFace: hard-negative weight t, -1 to 1 (default 0; train starts the running mean from it).",
        valueName: "t"))
    var t: TypedNumber?

    @Option(name: .customLong("l-a"), parsing: .unconditional,
            help: ArgumentHelp("MagFace: length l_a where the margin starts rising, 0.01 to 1000 (default 10).",
                               valueName: "length"))
    var lowerLength: TypedNumber?

    @Option(name: .customLong("u-a"), parsing: .unconditional,
            help: ArgumentHelp("MagFace: length u_a where it stops, 0.01 to 1000, above l_a (default 110).",
                               valueName: "length"))
    var upperLength: TypedNumber?

    @Option(name: .customLong("l-m"), parsing: .unconditional,
            help: ArgumentHelp("MagFace: margin l_m at l_a, radians 0 to 1.5 (default 0.45).", valueName: "radians"))
    var lowerMargin: TypedNumber?

    @Option(name: .customLong("u-m"), parsing: .unconditional,
            help: ArgumentHelp("MagFace: margin u_m at u_a, radians 0 to 1.5, at least l_m (default 0.8).",
                               valueName: "radians"))
    var upperMargin: TypedNumber?

    @Option(name: .customLong("lambda-g"), parsing: .unconditional,
            help: ArgumentHelp("MagFace: weight lambda_g of the length regulariser g(a) = a/u_a^2 + 1/a, 0 to 1000 "
                + "(default 35).", valueName: "weight"))
    var lambdaG: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "AdaFace: concentration h, 0 to 2 (default 0.333).", valueName: "h"))
    var h: TypedNumber?

    @Option(name: .customLong("norm-mean"), parsing: .unconditional, help: ArgumentHelp(
        "AdaFace: norm mean mu, 0.001 to 100 (default: the batch's mean of the clipped norms; 20 where there is no "
            + "batch, as psi and boundaries).", valueName: "length"))
    var normMean: TypedNumber?

    @Option(name: .customLong("norm-std"), parsing: .unconditional, help: ArgumentHelp(
        "AdaFace: norm standard deviation sigma, 0 to 100 (default: the batch's unbiased one; 100 where there is no "
            + "batch).", valueName: "length"))
    var normStd: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "ElasticFace: standard deviation sigma of the per-sample margins, 0 to 0.5 (default 0.05).",
        valueName: "sigma"))
    var sigma: TypedNumber?

    @Option(name: .customLong("margin-seed"), parsing: .unconditional, help: ArgumentHelp(
        "ElasticFace: seed of the margin draws (JSON key seed), a whole number from 0 to 2^53 - 1 (default 1).",
        valueName: "seed"))
    var marginSeed: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Circle: scale gamma, 1 to 1024 (default 256).", valueName: "gamma"))
    var gamma: TypedNumber?

    @Flag(inversion: .prefixedNo, help: ArgumentHelp("ArcFace, combined and MagFace: apply the margin only where "
        + "cos(theta) > 0 (default off; MagFace on)."))
    var easyMargin: Bool?

    @Flag(help: "SphereFace: normalise features too and scale cosines by s.")
    var normalizeFeatures = false

    @Flag(help: "AdaCos: recompute s from each batch (s = ln B_avg / cos(min(pi/4, median theta))).")
    var dynamic = false

    @Flag(help: "AdaFace: let the gradient flow through the norm term z(|x|) (the official code detaches it).")
    var throughNorm = false

    /// The parameter flags with what was given.
    private var numbers: [(LossParameter, TypedNumber?)] {
        [(.m, m), (.s, s), (.lambda, lambda), (.m1, m1), (.m2, m2), (.m3, m3), (.subCenters, subCenters), (.t, t),
         (.lowerLength, lowerLength), (.upperLength, upperLength), (.lowerMargin, lowerMargin),
         (.upperMargin, upperMargin), (.lambdaG, lambdaG), (.h, h), (.normMean, normMean), (.normStd, normStd),
         (.sigma, sigma), (.seed, marginSeed), (.gamma, gamma)]
    }

    /// True when no loss flag was given, so a `--state` string may decide the loss.
    var isEmpty: Bool {
        loss == nil && numbers.allSatisfy { $0.1 == nil } && easyMargin == nil && !normalizeFeatures && !dynamic
            && !throughNorm
    }

    /// The loss these flags describe, built by the rule JSON loss objects and state strings share
    /// (`MarginLoss(fields:)`); a bad value ends the program with status 2 and a message naming the flag.
    func makeLoss() throws(UsageError) -> MarginLoss {
        var fields: [(key: String, value: MarginLoss.Field)] = [("type", .text(loss ?? "arcface"))]
        for case let (parameter, number?) in numbers { fields.append((parameter.rawValue, .number(number.value))) }
        if let easyMargin { fields.append(("easy_margin", .flag(easyMargin))) }
        if normalizeFeatures { fields.append(("normalize_features", .flag(true))) }
        if dynamic { fields.append(("dynamic", .flag(true))) }
        if throughNorm { fields.append(("through_norm", .flag(true))) }
        do { return try MarginLoss(fields: fields) } catch { throw UsageError(message(for: error)) }
    }

    /// The flag a loss key is given by: "m" is `--m`, "easy_margin" is `--easy-margin`, "seed" is `--margin-seed`.
    static func flag(_ key: String) -> String {
        key == "seed" ? "--margin-seed" : "--" + key.replacingOccurrences(of: "_", with: "-")
    }

    /// `error` (about a loss field) in the command line's words, with the value as typed.
    func message(for error: InputError) -> String {
        let key = error.lossField ?? ""
        let flag = Self.flag(key)
        switch error.problem {
        case .notALoss(let name):
            return "--loss \(quoted(name)) is not a loss: use one of \(LossKind.acceptedNames.joined(separator: ", "))"
        case .notTaken(let kind, let takes, let onlyWith):
            return "\(flag) does not apply to \(kind.rawValue); it takes "
                + (takes.isEmpty ? "no parameters" : takes.map(Self.flag).joined(separator: ", "))
                + (onlyWith.map { " (\(flag) only with \(Self.flag($0)))" } ?? "")
        case .outOfRange(let value, let range, let kind):
            let text = numbers.first { $0.0.rawValue == key }?.1?.text ?? NumberText.exact(value)
            return "\(flag) \(escaped(text, limit: 60)) is out of range\(kind.map { " for \($0.rawValue)" } ?? ""): "
                + "it must be \(range.description)"
        case .unknownKey, .missing, .wrongType:
            return "\(flag) cannot be read"  // the flags give every field its type
        case .invalid(let words):
            return "\(flag): \(words)"
        }
    }
}

/// Bad input from the user: printed on standard error as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
