import ArgumentParser
import Foundation
import Geometry
import Training

/// `margin-explorer train`: trains the small network on a data set with a margin loss, headless, one line per epoch.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a small network with a 2-D (or 3-D) feature under a margin loss, one line per epoch.",
        discussion: """
            The network: the inputs (each column scaled to [0, 1] by the training set's range), hidden ReLU layers \
            (--hidden), a linear layer to a 2-D feature (3-D with --embedding-dim 3), and class weights W (K x d, \
            no bias) that the loss compares the feature with. Same flags, same seed: the same run, bit for bit; runs that differ only in \
            the loss start from the same network and see the same batches.

            --log writes epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg (loss: \
            mean cross-entropy over the training set; angles in degrees to the class centre, the direction of the \
            class's mean unit feature), then the loss's running statistics where it has them: adacos_s (AdaCos), \
            curricular_t (CurricularFace, t <- 0.01 mean cos theta_y + 0.99 t), adaface_mean and adaface_std \
            (AdaFace's running norm mean and std, from 20 and 100); each epoch's line names them too, and the \
            log's loss is measured with them. Sub-center ArcFace trains K·k class weight rows (--sub-centers). \
            --save FILE.json writes the final training features, labels, class weights \
            and loss as an eval request: margin-explorer eval < FILE.json reads it back. --save FILE.npz writes \
            the same arrays (embeddings, labels, weights, loss) and what continuing the run needs (the network, the \
            optimiser's moments, the settings, the data set and the step): margin-explorer --load FILE.npz opens \
            it paused in the training view, and Space trains on exactly as if it had never stopped. Both paths are \
            checked, and their \
            temporary files created, before training starts; the files are written whole at the end, together, or \
            not at all: ^C (or SIGQUIT, SIGTERM, SIGHUP) stops training, writes nothing and exits with status 128 + \
            the signal's number (130 for ^C). A regular file is replaced (through a symbolic link, keeping its \
            mode); /dev/null, /dev/stdout, a terminal or a FIFO being read are written straight through; a \
            directory, a device other than a character device, or the --dataset file itself is refused.

            A diverging run (a loss that is NaN or infinite, weights that overflow, or with softmax, lsoftmax or \
            sphereface on raw features a loss stuck at -ln of the smallest Float) stops with the cause and remedies \
            on standard error, keeps the last good state, writes the files from it, and exits with status 1. A run \
            that ends with two classes collapsed onto one direction (neighbouring class centres closer than either \
            class's features lie from its own centre) says which on standard error, writes the files, and exits \
            with status 1. Bad flags and unreadable data exit with status 2.
            """)

    @OptionGroup var lossOptions: LossOptions

    @Option(help: ArgumentHelp("""
        The data: blobs, rings, spirals, digits (the 8x8 hand-written digits, 1797 images, 10 classes), or a \
        CSV file (one sample a row: feature columns, then an integer label).
        """, valueName: "name|file.csv"))
    var dataset: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Epochs to train, 1 to 100000.", valueName: "n"))
    var epochs: Int

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the data split, initial weights and batch order, 0 to 2^64-1.",
                               valueName: "s"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The optimiser: adam or sgd (SGD with momentum).", valueName: "name"))
    var optimizer: String = "adam"

    @Option(name: .customLong("lr"), parsing: .unconditional, help: ArgumentHelp(
        "Learning rate, 0.0001 to 10 (default 0.01 for adam, 0.05 for sgd).", valueName: "x"))
    var learningRate: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("SGD momentum, 0 to 0.999 (default 0.9).", valueName: "mu"))
    var momentum: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Samples per step, 1 to 4096.", valueName: "b"))
    var batch: Int = 128

    @Option(parsing: .unconditional, help: ArgumentHelp("L2 weight decay on weights (not biases), 0 to 1.", valueName: "x"))
    var weightDecay: Double = 5e-4

    @Option(parsing: .unconditional, help: ArgumentHelp("Hidden layer widths, 1 to 8 layers of 1 to 1024 units, e.g. 128,128.",
                               valueName: "widths"))
    var hidden: String = "128,128"

    @Option(parsing: .unconditional, help: ArgumentHelp("Center loss weight lambda_c, 0 (off) to 100.", valueName: "L"))
    var centerLoss: Double = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Center loss: rate alpha at which the centres follow, 0 to 1.",
                               valueName: "alpha"))
    var centerAlpha: Double = 0.5

    @Option(parsing: .unconditional, help: ArgumentHelp("Feature incay weight, 0 (off) to 100.", valueName: "L"))
    var incay: Double = 0

    @Option(help: ArgumentHelp("""
        Lambda annealing for lsoftmax and sphereface: none, lsoftmax (base 1000, gamma 2.5e-5, power \
        35, min 0), sphereface (base 1000, gamma 0.12, power 1, min 5) or digits (base 100, gamma 0.05, power 2, \
        min 0: suits a few hundred steps). Default: digits, as in the explorer, unless --lambda fixes lambda for \
        the whole run.
        """, valueName: "name"))
    var lambdaSchedule: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("blobs, rings, spirals: number of classes, 2 to 20 (defaults 4, 3, 3).", valueName: "k"))
    var classes: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("blobs: input dimension, 2 to 256 (default 2).", valueName: "d"))
    var dimension: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("""
        The feature's length d, 2 or 3: the network's last layer gives d numbers and the class weights are d-D \
        (3 puts the features on the sphere of view 7).
        """, valueName: "d"))
    var embeddingDim: Int = 2

    @Option(parsing: .unconditional, help: ArgumentHelp("Fraction of the samples held out for testing, 0.05 to 0.5.",
                               valueName: "f"))
    var testFraction: Double = 0.2

    @Option(help: ArgumentHelp("Write the per-epoch metrics to this CSV file.", valueName: "file.csv"))
    var log: String?

    @Option(help: ArgumentHelp("""
        Write the final run: FILE.json as an eval request (features, labels, class weights, loss), FILE.npz with \
        what continuing it needs too (--load FILE.npz continues it in the explorer).
        """, valueName: "file.json|file.npz"))
    var save: String?

    mutating func run() throws {
        let configuration = try makeConfiguration()
        guard (1...100_000).contains(epochs) else {
            throw UsageError("--epochs \(epochs) is out of range: it must be a whole number from 1 to 100000")
        }
        let source: DatasetSource
        do { source = try DatasetSource(name: dataset, classes: classes, dimension: dimension) } catch {
            throw UsageError(Self.message(for: error))
        }
        // From here a signal only marks the request, so that the temporary files are always removed.
        Interruption.install()
        var inputs: [(flag: String, path: String)] = []
        if case .csv(let path) = source { inputs.append(("--dataset", path)) }
        let outputs = try OutputFiles.prepare([("--log", log), ("--save", save)].compactMap { flag, path in
            path.map { (flag: flag, path: $0) }
        }, inputs: inputs)
        defer { outputs.forEach { $0.discard() } }
        let data: Dataset
        var trainer: Trainer
        do {
            data = try source.load(seed: seed, testFraction: testFraction, reading: DataFile.read)
            trainer = try Trainer(configuration: configuration, dataset: data)
        } catch {
            throw UsageError(Self.message(for: error))
        }
        if let signal = Interruption.signal { throw Interruption.exit(signal, while: "while loading the data") }
        try StandardStream.output.write(Self.header(data, configuration, trainer, loss: lossSummary(configuration)))
        var rows = try Self.train(&trainer, epochs: epochs)
        // After a divergence the files hold the last good state, so the log stops where that state stands.
        rows.removeAll { $0.epoch > trainer.epoch }
        // Whole files or none: a signal from here on only marks the request, and nothing reads it any more.
        var contents: [(OutputFile, [UInt8])] = []
        for file in outputs {
            if file.flag == "--log" {
                contents.append((file, Array(MetricsLog.csv(rows).utf8)))
            } else {
                let run = SavedRun(trainer, source: source, testFraction: testFraction)
                contents.append((file, try RunFile.bytes(of: run, for: file.path)))
            }
        }
        try OutputFile.commit(contents)
        if let failure = trainer.divergence ?? trainer.collapse.map({ "training ended collapsed: " + $0 }) {
            throw CommandExit(message: failure + (outputs.isEmpty ? "" : " The files hold that state."), status: 1)
        }
    }

    /// The first line: the data, the network, the optimiser and the loss.
    static func header(_ data: Dataset, _ configuration: TrainingConfiguration, _ trainer: Trainer,
                       loss: String) -> String {
        "\(escaped(data.name)): \(data.trainInputs.rows) training and \(data.testInputs.rows) test samples, "
            + "\(data.classes) classes, \(data.inputDimension) inputs; network "
            + ([data.inputDimension] + configuration.hiddenSizes + [configuration.featureDimension]).map(String.init).joined(separator: "-")
            + ", \(configuration.optimizer.rawValue) lr \(NumberText.exact(configuration.learningRate)), "
            + "batch \(configuration.batchSize), \(trainer.stepsPerEpoch) steps an epoch; \(loss)\n"
    }

    /// Trains to `epochs` epochs (or a divergence), one line per epoch; a stop signal between steps ends it.
    static func train(_ trainer: inout Trainer, epochs: Int) throws -> [MetricsLog.Row] {
        var rows: [MetricsLog.Row] = []
        while trainer.epoch < epochs && trainer.divergence == nil {
            let target = trainer.epoch + 1
            while trainer.epoch < target && trainer.divergence == nil {
                if let signal = Interruption.signal {
                    throw Interruption.exit(signal, while: "in epoch \(target) at step \(trainer.iteration)")
                }
                trainer.step()
            }
            trainer.refresh()
            if trainer.divergence == nil {
                rows.append(MetricsLog.Row(trainer.metrics))
                try StandardStream.output.write(line(trainer.metrics, epochs: epochs) + "\n")
            }
        }
        return rows
    }

    /// The configuration the flags describe, every value checked against its range.
    func makeConfiguration() throws -> TrainingConfiguration {
        let loss = try lossOptions.makeLoss()
        guard let kind = OptimizerKind(rawValue: optimizer.lowercased()) else {
            throw UsageError("--optimizer \(quoted(optimizer)) is not an optimiser: use adam or sgd")
        }
        let parts = hidden.split(separator: ",", omittingEmptySubsequences: false)
        let widths = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard widths.count == parts.count else {
            throw UsageError("--hidden \(quoted(hidden)) is not a list of widths: give 1 to 8 whole numbers from 1 to 1024, "
                + "separated by commas, e.g. 128,128")
        }
        if momentum != nil && kind != .sgd { throw UsageError("--momentum applies to --optimizer sgd only") }
        let schedule = try makeSchedule(for: loss)
        if centerAlpha != 0.5 && centerLoss == 0 { throw UsageError("--center-alpha needs --center-loss above 0") }
        let configuration = TrainingConfiguration(
            loss: loss, hiddenSizes: widths, optimizer: kind, learningRate: learningRate,
            momentum: momentum ?? 0.9, batchSize: batch, weightDecay: weightDecay,
            centerLoss: centerLoss > 0 || !CenterLoss.weightRange.contains(centerLoss)
                ? CenterLoss(weight: centerLoss, alpha: centerAlpha) : nil,
            incay: incay > 0 || !FeatureIncay.weightRange.contains(incay) ? FeatureIncay(weight: incay) : nil,
            lambdaSchedule: schedule, seed: seed, featureDimension: embeddingDim)
        do { try configuration.validate() } catch { throw UsageError(Self.message(for: error)) }
        return configuration
    }

    /// The lambda schedule: the one `--lambda-schedule` names; by default digits for lsoftmax and sphereface (as
    /// the explorer trains them), unless `--lambda` fixes lambda; none for the other losses.
    func makeSchedule(for loss: MarginLoss) throws -> LambdaSchedule? {
        let takesLambda = loss.range(of: .lambda) != nil
        guard let name = lambdaSchedule else { return takesLambda && lossOptions.lambda == nil ? .digits : nil }
        let schedule: LambdaSchedule?
        switch name.lowercased() {
        case "none": schedule = nil
        case "lsoftmax": schedule = .lsoftmax
        case "sphereface": schedule = .sphereface
        case "digits": schedule = .digits
        default:
            throw UsageError("--lambda-schedule \(quoted(name)) is not a schedule: use none, lsoftmax, sphereface "
                + "or digits")
        }
        if schedule != nil && !takesLambda {
            throw UsageError("--lambda-schedule applies to lsoftmax and sphereface only, not \(loss.kind.rawValue)")
        }
        if schedule != nil && lossOptions.lambda != nil {
            throw UsageError("--lambda fixes lambda for the whole run and --lambda-schedule anneals it: give one of "
                + "them (or --lambda-schedule none)")
        }
        return schedule
    }

    /// The loss for the header line; an annealed lambda is named by its schedule instead of its starting value.
    private func lossSummary(_ configuration: TrainingConfiguration) -> String {
        let summary = configuration.loss.summary
        guard configuration.lambdaSchedule != nil else { return summary }
        let name = lambdaSchedule.map { "\($0.lowercased()) schedule" } ?? "digits schedule, the default"
        return summary.split(separator: " ").filter { !$0.hasPrefix("lambda=") }.joined(separator: " ")
            + ", lambda annealed (\(name))"
    }

    /// The flag that sets `setting`.
    static func flag(for setting: TrainingSetting) -> String {
        switch setting {
        case .learningRate: "--lr"
        case .batchSize: "--batch"
        case .hiddenLayers, .hiddenWidth: "--hidden"
        case .weightDecay: "--weight-decay"
        case .momentum: "--momentum"
        case .centerLossWeight: "--center-loss"
        case .centerLossAlpha: "--center-alpha"
        case .incayWeight, .incayEpsilon: "--incay"
        case .lambdaSchedule: "--lambda-schedule"
        case .testFraction: "--test-fraction"
        case .classes: "--classes"
        case .dimension: "--dimension"
        case .samplesPerClass: "--dataset"
        case .embeddingDimension: "--embedding-dim"
        }
    }

    /// An error from Training in the command line's words, naming the flag from what the error is about (its
    /// subject), never from its words: `--lr 20 is out of range: ...`, `--dataset: 'x.csv', line 3: ...`.
    static func message(for error: InputError) -> String {
        if let setting = TrainingSetting(of: error) {
            let flag = flag(for: setting)
            guard case let .outOfRange(value, range, _) = error.problem else { return "\(flag): \(error.reason)" }
            let what = setting == .hiddenLayers ? ": \(NumberText.exact(value)) hidden layers are" : " \(NumberText.exact(value)) is"
            return "\(flag)\(what) out of range: it must be \(range.description)"
        }
        if error.lossField != nil { return LossOptions().message(for: error) }
        if error.subject == .dataset { return "--dataset: " + error.message }
        return error.message
    }

    /// One line of progress: `epoch  3/30  loss 0.8123  train 71.21%  test 69.08%  intra 12.40°  centres 8.15°`.
    static func line(_ metrics: TrainingMetrics, epochs: Int) -> String {
        let width = String(epochs).count
        let epoch = String(repeating: " ", count: max(width - String(metrics.epoch).count, 0)) + String(metrics.epoch)
        var text = "epoch \(epoch)/\(epochs)  loss " + NumberText.fixed(metrics.loss, decimals: 4)
            + "  train " + NumberText.percent(metrics.trainAccuracy, decimals: 2, width: 7)
            + "  test " + NumberText.percent(metrics.testAccuracy, decimals: 2, width: 7)
            + "  intra " + NumberText.fixed(metrics.meanIntraClassAngle.degrees, decimals: 2, width: 6) + "°"
            + "  centres " + NumberText.fixed(metrics.minimumCenterAngle.degrees, decimals: 2, width: 6) + "°"
        if let lambda = metrics.lambda { text += "  lambda " + NumberText.significant(lambda) }
        for (name, value) in metrics.runningStatistics.columns { text += "  \(name) " + NumberText.significant(value) }
        return text
    }
}
