import Geometry
import TextFormats

/// The settings and counters of a resumable run as one JSON object (the `training` member of a saved `.npz` run);
/// the arrays (parameters, optimiser moments, centres, loss history) travel beside it. Keys:
/// `name`, `loss` (as configured), `hidden`, `embedding_dim` (2 or 3; a file without it is 2-D), `optimizer`, `learning_rate`, `momentum`, `batch`, `weight_decay`,
/// `center_loss` (`{"weight", "alpha"}` or null), `incay` (`{"weight", "epsilon"}` or null), `lambda_schedule`
/// (`{"base", "gamma", "power", "minimum"}` or null), `seed`, `data` (`{"set": "blobs", "classes", "dimension"}`,
/// `{"set": "rings" | "spirals", "classes"}`, `{"set": "digits"}` or `{"set": "file", "path"}`), `test_fraction`,
/// `epoch`, `iteration`, `position`, `optimizer_updates`, `stuck_steps`, and for a loss of issue 10 after its first
/// step `loss_statistics` (`{"adacos_s", "curricular_t", "adaface_mean", "adaface_std", "elastic_generator"}`, the
/// ones the loss has; the generator's 64 bits as a string of digits), so that a resumed run continues them.
extension ResumableTraining {
    /// The keys of the object, in the order written (`loss_statistics` only where there are some).
    public static let keys = ["name", "loss", "hidden", "embedding_dim", "optimizer", "learning_rate", "momentum", "batch", "weight_decay",
                              "center_loss", "incay", "lambda_schedule", "seed", "data", "test_fraction", "epoch",
                              "iteration", "position", "optimizer_updates", "stuck_steps", "loss_statistics"]

    /// The object, one key a line. Every number is a setting checked to be finite, or a count.
    public var settingsJSON: String {
        let c = configuration
        func number(_ value: Double) -> String { NumberText.exact(value) }
        func object(_ pairs: [(String, Double)]) -> String {
            "{" + pairs.map { JSONText.string($0.0) + ": " + number($0.1) }.joined(separator: ", ") + "}"
        }
        var json = JSONObjectWriter()
        json.add("name", json: JSONText.string(c.name))
        json.add("loss", json: LossObject.json(c.loss))
        json.add("hidden", json: JSONText.array(c.hiddenSizes))
        json.add("embedding_dim", json: String(c.featureDimension))
        json.add("optimizer", json: JSONText.string(c.optimizer.rawValue))
        json.add("learning_rate", json: number(c.learningRate))
        json.add("momentum", json: number(c.momentum))
        json.add("batch", json: String(c.batchSize))
        json.add("weight_decay", json: number(c.weightDecay))
        json.add("center_loss", json: c.centerLoss.map { object([("weight", $0.weight), ("alpha", $0.alpha)]) } ?? "null")
        json.add("incay", json: c.incay.map { object([("weight", $0.weight), ("epsilon", $0.epsilon)]) } ?? "null")
        json.add("lambda_schedule", json: c.lambdaSchedule.map {
            object([("base", $0.base), ("gamma", $0.gamma), ("power", $0.power), ("minimum", $0.minimum)])
        } ?? "null")
        json.add("seed", json: String(c.seed))
        json.add("data", json: Self.dataJSON(source))
        json.add("test_fraction", json: number(testFraction))
        for (key, value) in [("epoch", progress.epoch), ("iteration", progress.iteration), ("position", progress.position),
                             ("optimizer_updates", progress.optimizerUpdates), ("stuck_steps", progress.stuckSteps)] {
            json.add(key, json: String(value))
        }
        if let statistics = progress.lossStatistics { json.add("loss_statistics", json: Self.statisticsJSON(statistics)) }
        return json.result
    }

    /// The running statistics a resumed run continues from, as one object.
    private static func statisticsJSON(_ statistics: LossStatistics) -> String {
        var parts = statistics.columns.map { JSONText.string($0.name) + ": " + NumberText.exact($0.value) }
        if let generator = statistics.elastic?.generator {
            parts.append("\"elastic_generator\": " + JSONText.string(String(generator.state64)))
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The statistics `statisticsJSON` wrote.
    fileprivate static func statistics(_ node: JSONNode, at path: JSONPath) throws(JSONError) -> LossStatistics {
        let keys = ["adacos_s", "curricular_t", "adaface_mean", "adaface_std", "elastic_generator"]
        let members = try node.members(at: path, keys: keys, owner: "loss_statistics")
        func number(_ key: String) throws(JSONError) -> Double? {
            try members[key].map { (node) throws(JSONError) in try node.number(at: path.appending(key: key)) }
        }
        var statistics = LossStatistics()
        if let s = try number("adacos_s") {
            statistics.adaCos = AdaCosScale(scale: s, previousScale: s, logAverageNonTarget: nil, medianAngle: nil)
        }
        statistics.curricularT = try number("curricular_t")
        if let mean = try number("adaface_mean"), let deviation = try number("adaface_std") {
            statistics.adaFace = AdaFaceNorms(mean: mean, standardDeviation: deviation, zHats: [])
        }
        if let generator = members["elastic_generator"] {
            guard case .string(let digits) = generator.value, let bits = UInt64(digits) else {
                throw generator.mismatch(at: path.appending(key: "elastic_generator"),
                                         expected: "a string of the generator's digits")
            }
            statistics.elastic = ElasticDraws(margins: [], generator: SeededGenerator(seed: bits))
        }
        return statistics
    }

    private static func dataJSON(_ source: DatasetSource) -> String {
        switch source {
        case let .blobs(classes, dimension): "{\"set\": \"blobs\", \"classes\": \(classes), \"dimension\": \(dimension)}"
        case .rings(let classes): "{\"set\": \"rings\", \"classes\": \(classes)}"
        case .spirals(let classes): "{\"set\": \"spirals\", \"classes\": \(classes)}"
        case .digits: "{\"set\": \"digits\"}"
        case .csv(let path): "{\"set\": \"file\", \"path\": \(JSONText.string(path))}"
        }
    }

    /// The arrays a resumable run keeps beside its settings.
    public struct Arrays: Sendable {
        /// Every network parameter.
        public var parameters: [Float]
        /// SGD's velocity or Adam's first moment.
        public var optimizerFirst: [Float]
        /// Adam's second moment (empty for SGD).
        public var optimizerSecond: [Float]
        /// The center-loss centres, K x 2.
        public var centers: Matrix
        /// The batch loss of every step.
        public var lossHistory: [Double]

        /// The arrays as given.
        public init(parameters: [Float], optimizerFirst: [Float], optimizerSecond: [Float], centers: Matrix,
                    lossHistory: [Double]) {
            self.parameters = parameters
            self.optimizerFirst = optimizerFirst
            self.optimizerSecond = optimizerSecond
            self.centers = centers
            self.lossHistory = lossHistory
        }
    }

    /// This run's arrays.
    public var arrays: Arrays {
        Arrays(parameters: progress.parameters, optimizerFirst: progress.optimizerFirst,
               optimizerSecond: progress.optimizerSecond, centers: progress.centers, lossHistory: progress.lossHistory)
    }

    /// The run that `settings` (the JSON object) and `arrays` describe. Errors in the object name its key path;
    /// settings out of range are refused as `TrainingConfiguration.validate()` refuses them.
    public init(settings bytes: [UInt8], arrays: Arrays) throws(JSONError) {
        let document = try JSONReader.read(bytes)
        let reader = SettingsReader(document: document)
        let members = try document.root.members(at: JSONPath(), keys: Self.keys, owner: "the training settings")
        func member(_ key: String) throws(JSONError) -> (JSONNode, JSONPath) {
            guard let node = members[key] else {
                throw JSONError(reason: "missing key \"\(key)\"", offset: document.root.offset, path: JSONPath())
            }
            return (node, JSONPath().appending(key: key))
        }
        let (lossNode, lossPath) = try member("loss")
        var configuration = TrainingConfiguration(loss: try LossObject.loss(from: lossNode, at: lossPath, in: document))
        configuration.name = try reader.string(try member("name"))
        configuration.hiddenSizes = try reader.counts(try member("hidden"))
        if members["embedding_dim"] != nil {
            configuration.featureDimension = try reader.count(try member("embedding_dim"))
        }
        let (optimizerNode, optimizerPath) = try member("optimizer")
        guard let optimizer = OptimizerKind(rawValue: try reader.string((optimizerNode, optimizerPath))) else {
            throw JSONError(reason: "not an optimiser: adam or sgd", offset: optimizerNode.offset, path: optimizerPath)
        }
        configuration.optimizer = optimizer
        configuration.learningRate = try reader.number(try member("learning_rate"))
        configuration.momentum = try reader.number(try member("momentum"))
        configuration.batchSize = try reader.count(try member("batch"))
        configuration.weightDecay = try reader.number(try member("weight_decay"))
        configuration.centerLoss = try reader.optional(try member("center_loss"), ["weight", "alpha"]).map {
            CenterLoss(weight: $0[0], alpha: $0[1])
        }
        configuration.incay = try reader.optional(try member("incay"), ["weight", "epsilon"]).map {
            FeatureIncay(weight: $0[0], epsilon: $0[1])
        }
        configuration.lambdaSchedule = try reader.optional(try member("lambda_schedule"),
                                                           ["base", "gamma", "power", "minimum"]).map {
            LambdaSchedule(base: $0[0], gamma: $0[1], power: $0[2], minimum: $0[3])
        }
        configuration.seed = try reader.seed(try member("seed"))
        let source = try reader.data(try member("data"))
        let testFraction = try reader.number(try member("test_fraction"))
        let progress = TrainerProgress(
            parameters: arrays.parameters, optimizerFirst: arrays.optimizerFirst, optimizerSecond: arrays.optimizerSecond,
            optimizerUpdates: try reader.count(try member("optimizer_updates")), centers: arrays.centers,
            epoch: try reader.count(try member("epoch")), iteration: try reader.count(try member("iteration")),
            position: try reader.count(try member("position")), stuckSteps: try reader.count(try member("stuck_steps")),
            lossHistory: arrays.lossHistory,
            lossStatistics: try members["loss_statistics"].map { (node) throws(JSONError) in
                try Self.statistics(node, at: JSONPath().appending(key: "loss_statistics"))
            })
        self.init(configuration: configuration, source: source, testFraction: testFraction, progress: progress)
    }
}

/// Reads the values of the settings object, each error at its key path.
private struct SettingsReader {
    let document: JSONDocument

    func string(_ member: (JSONNode, JSONPath)) throws(JSONError) -> String {
        guard case .string(let text) = member.0.value else { throw member.0.mismatch(at: member.1, expected: "a string") }
        return text
    }

    func number(_ member: (JSONNode, JSONPath)) throws(JSONError) -> Double { try member.0.number(at: member.1) }

    /// A whole number from 0 up.
    func count(_ member: (JSONNode, JSONPath)) throws(JSONError) -> Int {
        guard let value = document.integer(of: member.0), value >= 0 else {
            throw JSONError(reason: "expected a whole number from 0 up, found \(document.summary(of: member.0))",
                            offset: member.0.offset, path: member.1)
        }
        return value
    }

    func counts(_ member: (JSONNode, JSONPath)) throws(JSONError) -> [Int] {
        try member.0.elements(at: member.1).enumerated().map { (index, node) throws(JSONError) in
            try count((node, member.1.appending(.index(index))))
        }
    }

    /// A seed: a whole number from 0 to 2^64 - 1, read from its digits.
    func seed(_ member: (JSONNode, JSONPath)) throws(JSONError) -> UInt64 {
        guard case .number = member.0.value, let value = UInt64(document.literal(of: member.0)) else {
            throw JSONError(reason: "expected a whole number from 0 to \(UInt64.max), found \(document.summary(of: member.0))",
                            offset: member.0.offset, path: member.1)
        }
        return value
    }

    /// null, or an object of exactly the numbers `keys`, in that order.
    func optional(_ member: (JSONNode, JSONPath), _ keys: [String]) throws(JSONError) -> [Double]? {
        if case .null = member.0.value { return nil }
        let members = try member.0.members(at: member.1, keys: keys, owner: "this object")
        var values: [Double] = []
        for key in keys {
            guard let node = members[key] else {
                throw JSONError(reason: "missing key \"\(key)\"", offset: member.0.offset, path: member.1)
            }
            values.append(try node.number(at: member.1.appending(key: key)))
        }
        return values
    }

    func data(_ member: (JSONNode, JSONPath)) throws(JSONError) -> DatasetSource {
        let members = try member.0.members(at: member.1, keys: ["set", "classes", "dimension", "path"], owner: "data")
        func value(_ key: String) throws(JSONError) -> JSONNode {
            guard let node = members[key] else {
                throw JSONError(reason: "missing key \"\(key)\"", offset: member.0.offset, path: member.1)
            }
            return node
        }
        let set = try string((try value("set"), member.1.appending(key: "set")))
        func classes() throws(JSONError) -> Int { try count((try value("classes"), member.1.appending(key: "classes"))) }
        switch set {
        case "blobs":
            return .blobs(classes: try classes(), dimension: try count((try value("dimension"),
                                                                        member.1.appending(key: "dimension"))))
        case "rings": return .rings(classes: try classes())
        case "spirals": return .spirals(classes: try classes())
        case "digits": return .digits
        case "file": return .csv(path: try string((try value("path"), member.1.appending(key: "path"))))
        default:
            throw JSONError(reason: "\(quoted(set)) is not a data set: blobs, rings, spirals, digits or file",
                            offset: member.0.offset, path: member.1.appending(key: "set"))
        }
    }
}
