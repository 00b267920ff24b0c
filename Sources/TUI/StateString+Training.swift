import Geometry
import Training

/// The training tokens of a state string, read whole before they are applied (they may come in any order, and a
/// preset's data must agree with the preset).
struct TrainingTokens {
    /// The keys, as the state string writes them.
    static let keys = ["preset", "data", "seed", "lr", "until", "step", "samples", "figure", "circle", "speed", "load", "dim"]

    var preset: String?
    var data: TrainingData?
    var seed: UInt64?
    var learningRate: Double?
    /// nil: not given; .some(nil): `until=none`.
    var stopEpoch: Int??
    var step: Int?
    var samples: TrainingFigure.Samples?
    var style: TrainingFigure.Style?
    var normalized: Bool?
    var speedIndex: Int?
    var load: String?
    var dimension: Int?

    var isEmpty: Bool {
        preset == nil && data == nil && seed == nil && learningRate == nil && stopEpoch == nil && step == nil
            && samples == nil && style == nil && normalized == nil && speedIndex == nil && load == nil
            && dimension == nil
    }

    /// Reads one token.
    mutating func read(_ key: String, _ value: String) throws(InputError) {
        let lowered = value.lowercased()
        func choice<T>(_ make: (String) -> T?, _ names: [String]) throws(InputError) -> T {
            guard let chosen = make(lowered) else {
                throw StateString.failure("\(key)=\(escaped(value)) is not one of \(names.joined(separator: ", "))")
            }
            return chosen
        }
        switch key {
        case "preset": preset = try choice({ TrainingSubject.stateNames.contains($0) ? $0 : nil }, TrainingSubject.stateNames)
        case "data": data = try choice(TrainingData.init(rawValue:), TrainingData.allCases.map(\.rawValue))
        case "seed": seed = try Self.whole(key, value, UInt64.init)
        case "lr": learningRate = try StateString.number(key, value, in: TrainingConfiguration.learningRateRange)
        case "until": stopEpoch = lowered == "none" ? .some(nil) : .some(try Self.whole(key, value) { Int($0) })
        case "step":
            let reached = try Self.whole(key, value) { Int($0) }
            guard reached <= Self.maximumStep else {
                throw StateString.failure("step=\(escaped(value)) is out of range: it must be a whole number from 0 to "
                    + "\(Self.maximumStep) (each step is trained again when the state opens)")
            }
            step = reached
        case "samples": samples = try choice(TrainingFigure.Samples.init(rawValue:), TrainingFigure.Samples.allCases.map(\.rawValue))
        case "figure": style = try choice(TrainingFigure.Style.init(rawValue:), TrainingFigure.Style.allCases.map(\.rawValue))
        case "circle":
            guard let flag = StateString.flag(value) else { throw StateString.failure("circle=\(escaped(value)) must be 1 or 0") }
            normalized = flag
        case "speed":
            speedIndex = try choice({ Int($0).flatMap { TrainingSession.speeds.firstIndex(of: $0) } },
                                    TrainingSession.speeds.map(String.init))
        case "dim":
            guard let d = Int(value), TrainingConfiguration.featureDimensionRange.contains(Double(d)) else {
                throw StateString.failure("dim=\(escaped(value)) is out of range: it must be "
                    + TrainingConfiguration.featureDimensionRange.description)
            }
            dimension = d
        case "load":
            guard !value.isEmpty else { throw StateString.failure("load= needs the path of a saved run") }
            load = value
        default: throw StateString.unknownKey(key)
        }
    }

    /// The most steps a state string may ask the runs to be trained to again when it opens.
    static let maximumStep = 100_000

    /// A whole number from 0 up, or an error naming the token.
    private static func whole<T>(_ key: String, _ value: String, _ make: (String) -> T?) throws(InputError) -> T {
        guard let number = make(value), value.first != "-" else {
            throw StateString.failure("\(key)=\(escaped(value)) must be a whole number from 0 up")
        }
        return number
    }

    /// Sets the session (made if there is none) from the tokens read.
    func apply(to state: inout AppState) throws(InputError) {
        var session = state.training ?? TrainingSession()
        if let load {
            guard preset == nil, data == nil else {
                throw StateString.failure("load= opens a saved run with its own data: give no preset= or data=")
            }
            state.pendingLoad = load
        } else if let preset {
            session.subject = try subject(preset, current: session.subject)
        } else if let data {
            session.subject = session.subject.chosenData != nil ? Self.choosing(data, in: session.subject) : .single(data)
        }
        if let seed { session.seed = seed }
        if let dimension {
            guard load == nil else {
                throw StateString.failure("load= opens a saved run with its own dimension: give no dim=")
            }
            session.featureDimension = dimension
        }
        if let learningRate { session.learningRate = learningRate }
        if let stopEpoch { session.stopEpoch = stopEpoch }
        if let samples { session.figure.samples = samples }
        if let style { session.figure.style = style }
        if let normalized { session.figure.normalized = normalized }
        if let speedIndex { session.speedIndex = speedIndex }
        state.pendingStep = step
        state.training = session
    }

    /// The subject `preset=` names, with `data=` where it chooses its data; a preset's own data must agree.
    private func subject(_ name: String, current: TrainingSubject) throws(InputError) -> TrainingSubject {
        let chosen = data ?? current.chosenData ?? .blobs
        switch name {
        case "single": return .single(chosen)
        case "compare": return .compareLosses(chosen)
        default:
            guard let preset = TrainingPreset.all.first(where: { $0.id == name }) else { return .single(chosen) }
            if let data, data.source != preset.dataset {
                throw StateString.failure("data=\(data.rawValue): the preset \(preset.id) trains on its own data, "
                    + (TrainingData(preset.dataset).map(\.rawValue) ?? preset.dataset.name))
            }
            return .preset(preset)
        }
    }

    private static func choosing(_ data: TrainingData, in subject: TrainingSubject) -> TrainingSubject {
        if case .compareLosses = subject { return .compareLosses(data) }
        return .single(data)
    }
}
