import Geometry

/// A setting of a training run, as the subject of an `InputError` (`.setting(rawValue)`): each front end names it
/// its own way (`--lr`, the explorer's learning rate keys), from this value and never from a message's words.
public enum TrainingSetting: String, CaseIterable, Sendable, Hashable {
    case learningRate = "learning_rate"
    case batchSize = "batch_size"
    case hiddenLayers = "hidden_layers"
    case hiddenWidth = "hidden_width"
    case weightDecay = "weight_decay"
    case momentum
    case centerLossWeight = "center_loss_weight"
    case centerLossAlpha = "center_loss_alpha"
    case incayWeight = "incay_weight"
    case incayEpsilon = "incay_epsilon"
    case lambdaSchedule = "lambda_schedule"
    case testFraction = "test_fraction"
    case classes
    case dimension
    case samplesPerClass = "samples_per_class"
    case embeddingDimension = "embedding_dim"

    /// The setting in words: "learning rate".
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// The setting an error is about, if it is about one.
    public init?(of error: InputError) {
        guard let name = error.setting, let setting = TrainingSetting(rawValue: name) else { return nil }
        self = setting
    }

    /// `value` is outside `range`.
    func outOfRange(_ value: Double, _ range: ParameterRange) -> InputError {
        InputError(.outOfRange(value: value, range: range, loss: nil), subject: .setting(rawValue))
    }

    /// Throws when `value` is outside `range`.
    func check(_ value: Double, in range: ParameterRange) throws(InputError) {
        guard range.contains(value) else { throw outOfRange(value, range) }
    }

    /// An error about this setting in words.
    func invalid(_ reason: String) -> InputError { InputError(reason, subject: .setting(rawValue)) }
}
