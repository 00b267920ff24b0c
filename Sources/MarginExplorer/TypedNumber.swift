import ArgumentParser

/// A number flag's value together with the text the user typed, so that a message shows `--s 256.00000000001`
/// as typed rather than as a rounded number. Text that is not a number is ArgumentParser's error, whose help line
/// names the range.
struct TypedNumber: ExpressibleByArgument, Sendable {
    /// The value.
    var value: Double
    /// The text as typed.
    var text: String

    init?(argument: String) {
        guard let value = Double(argument) else { return nil }
        self.value = value
        text = argument
    }
}
