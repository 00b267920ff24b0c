import ArgumentParser
import Geometry

/// `--sweep m=A:B:N`: N evenly spaced values of a loss parameter from A to B, both included (the last is B
/// itself). The text is kept as typed for messages.
struct SweepOption: ExpressibleByArgument, Sendable {
    /// The parameter swept.
    var parameter: LossParameter
    var from: Double
    var to: Double
    var count: Int
    /// The argument as typed.
    var text: String

    /// The number of values a sweep may have.
    static let countRange = 2...1000

    init?(argument: String) {
        text = argument
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let parameter = LossParameter(rawValue: String(parts[0])) else { return nil }
        let numbers = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 3, let from = Double(numbers[0]), let to = Double(numbers[1]),
              let count = Int(numbers[2]), from.isFinite, to.isFinite else { return nil }
        self.parameter = parameter
        self.from = from
        self.to = to
        self.count = count
    }

    /// The values: from + (to - from) i / (N - 1) for i = 0 ..< N - 1, then `to`; each rounded to 12
    /// significant digits, so that m=0:0.6:4 gives 0.2, the value a user means, not 0.19999999999999998.
    var values: [Double] {
        (0 ..< count).map { i in
            guard i < count - 1 else { return to }
            let value = from + (to - from) * Double(i) / Double(count - 1)
            return Double(String(format: "%.12g", value)) ?? value
        }
    }

    /// The losses of the sweep, each `loss` with one value; a value the loss does not allow is refused with a
    /// message naming this flag, the value and the range.
    func losses(from loss: MarginLoss) throws(UsageError) -> [MarginLoss] {
        guard Self.countRange.contains(count) else {
            throw UsageError("--sweep \(escaped(text, limit: 60)): \(count) values is out of range: give "
                + "\(Self.countRange.lowerBound) to \(Self.countRange.upperBound)")
        }
        var losses: [MarginLoss] = []
        for value in values {
            do { losses.append(try loss.applying([(parameter.rawValue, .number(value))])) } catch {
                throw UsageError("--sweep \(escaped(text, limit: 60)): " + Self.words(error, value: value))
            }
        }
        return losses
    }

    /// `error` (about the swept field) in this flag's words: the value the sweep reached, the range, what the loss
    /// takes.
    private static func words(_ error: InputError, value: Double) -> String {
        let key = error.lossField ?? ""
        switch error.problem {
        case .outOfRange(_, let range, let kind):
            return "\(key) = \(NumberText.exact(value)) is out of range\(kind.map { " for \($0.rawValue)" } ?? ""): "
                + "it must be \(range.description)"
        case .notTaken(let kind, let takes, let onlyWith):
            return "\(kind.rawValue) does not take \(key); it takes "
                + (takes.isEmpty ? "no parameters" : takes.joined(separator: ", "))
                + (onlyWith.map { " (\(key) only with --\($0.replacingOccurrences(of: "_", with: "-")))" } ?? "")
        case .unknownKey, .missing, .wrongType, .notALoss, .invalid:
            return "\(key) cannot be swept"
        }
    }

    static let help = ArgumentHelp("""
        The fraction meeting the margin as one loss parameter moves: m=A:B:N or s=A:B:N (also lambda, m1, m2, \
        m3), N values from A to B, N from 2 to 1000. May be given more than once.
        """, valueName: "p=A:B:N")
}
