import ArgumentParser
import Geometry

/// The loss flags every subcommand shares: `--loss NAME --m M --s S --lambda L --m1 --m2 --m3 --easy-margin`.
struct LossOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The loss: \(LossKind.acceptedNames.joined(separator: ", ")) (default arcface).",
                               valueName: "name"))
    var loss: String?

    @Option(help: ArgumentHelp("""
        The margin m. L-Softmax and SphereFace: a whole number from 1 to 10 (default 4). ArcFace: radians, \
        0 to 1.5 (default 0.5). CosFace: cosine units, 0 to 1 (default 0.35).
        """, valueName: "m"))
    var m: Double?

    @Option(help: ArgumentHelp("""
        The scale s of normalised losses, 1 to 256 (default 64; NormFace 16). SphereFace takes it only with \
        --normalize-features.
        """, valueName: "s"))
    var s: Double?

    @Option(name: .customLong("lambda"), help: ArgumentHelp("""
        L-Softmax and SphereFace blend weight lambda, 0 to 10000 (default 0): target = (lambda cos + psi) / (1 + lambda).
        """, valueName: "lambda"))
    var lambda: Double?

    @Option(help: ArgumentHelp("Combined margin: angle multiplier m1, 0.5 to 4 (default 1).", valueName: "m1"))
    var m1: Double?

    @Option(help: ArgumentHelp("Combined margin: additive angle m2 in radians, 0 to 1.5 (default 0.5).", valueName: "m2"))
    var m2: Double?

    @Option(help: ArgumentHelp("Combined margin: cosine margin m3 in cosine units, 0 to 1 (default 0).", valueName: "m3"))
    var m3: Double?

    @Flag(help: "ArcFace and combined: apply the margin only where cos(theta) > 0.")
    var easyMargin = false

    @Flag(help: "SphereFace: normalise features too and scale cosines by s.")
    var normalizeFeatures = false

    /// True when no loss flag was given, so a `--state` string may decide the loss.
    var isEmpty: Bool {
        loss == nil && [m, s, lambda, m1, m2, m3].allSatisfy { $0 == nil } && !easyMargin && !normalizeFeatures
    }

    /// The loss these flags describe, checked against every range; a bad value ends the program with status 2.
    func makeLoss() throws -> MarginLoss {
        let loss = self.loss ?? "arcface"
        guard let kind = LossKind(name: loss) else {
            throw UsageError("--loss \(loss) is not a loss: use one of \(LossKind.acceptedNames.joined(separator: ", "))")
        }
        var result = MarginLoss(kind)
        result.normalizesFeatures = normalizeFeatures
        result.easyMargin = easyMargin
        let given: [(LossParameter, Double?)] = [(.m, m), (.s, s), (.lambda, lambda), (.m1, m1), (.m2, m2), (.m3, m3)]
        for case let (parameter, value?) in given {
            guard result.range(of: parameter) != nil else {
                throw UsageError("--\(parameter.rawValue) does not apply to \(kind.rawValue); it takes "
                    + (result.parameters.isEmpty ? "no parameters"
                        : result.parameters.map { "--\($0.rawValue)" }.joined(separator: ", ")))
            }
            result[parameter] = value
        }
        do { try result.validate() } catch { throw UsageError("--" + error.message) }
        return result
    }
}

/// Bad input from the user: printed on standard error as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
