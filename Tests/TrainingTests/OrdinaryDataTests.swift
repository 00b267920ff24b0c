import Foundation
import Geometry
import Testing
@testable import Training

/// Item 4 of issue 7: data whose rows give a feature of exactly zero at the start (binary and one-hot columns, a
/// constant column, a row at every column's minimum, a one-unit hidden layer) trains under every loss that
/// normalises, without a false divergence; divergence messages name the cause they found.
@Suite struct OrdinaryDataTests {
    /// Every loss that divides by a length: NormFace, A-Softmax (weights, or also features), AM-Softmax, ArcFace,
    /// the combined margin; and L-Softmax, whose cosine divides by the feature's length too.
    static let losses: [MarginLoss] = {
        var normalizedSphereface = MarginLoss(.sphereface)
        normalizedSphereface.normalizesFeatures = true
        normalizedSphereface.s = 16
        return [MarginLoss(.normface), MarginLoss(.sphereface), normalizedSphereface, MarginLoss(.cosface),
                MarginLoss(.arcface), MarginLoss(.combined), MarginLoss(.lsoftmax)]
    }()

    /// CSV text of `rows` rows: each a function of the row index giving its features and label.
    static func csv(_ rows: Int, _ row: (Int) -> ([Double], Int)) -> String {
        (0..<rows).map { i in
            let (features, label) = row(i)
            return (features.map { "\($0)" } + [String(label)]).joined(separator: ",")
        }.joined(separator: "\n")
    }

    /// Four data sets in which some training rows scale to the zero input, so that the initial network (zero
    /// biases) gives them a zero feature.
    static let dataSets: [(name: String, data: Dataset)] = {
        // One-hot with the first category dropped, as pandas.get_dummies(drop_first=True) writes it: class 0 is all zeros.
        let oneHot = csv(120) { i in ((1..<4).map { $0 == i % 4 ? 1 : 0 }, i % 4) }
        // Three binary columns, every combination including 000; the label counts the first two bits.
        let binary = csv(160) { i in ([Double(i & 1), Double(i >> 1 & 1), Double(i >> 2 & 1)], (i & 1) + (i >> 1 & 1)) }
        // A constant column beside one that separates three classes; row 0 is at the minimum.
        let constant = csv(150) { i in ([5, Double(i % 3) + Double(i % 10) / 10], i % 3) }
        // Two columns, one row at every column's minimum.
        let minimum = csv(150) { i in (i == 0 ? [-3, -3] : [Double(i % 3) + 0.5, Double(i % 5)], i % 3) }
        return [("one-hot", oneHot), ("binary", binary), ("constant column", constant), ("minimum row", minimum)]
            .map { ($0.0, try! Dataset(csv: $0.1, name: $0.0, seed: 1)) }
    }()

    @Test(arguments: [OptimizerKind.adam, .sgd], [[1], [16, 16]])
    func zeroFeaturesTrainUnderEveryNormalisedLoss(optimizer: OptimizerKind, hidden: [Int]) throws {
        for (name, data) in Self.dataSets {
            for loss in Self.losses {
                let configuration = TrainingConfiguration(loss: loss, hiddenSizes: hidden, optimizer: optimizer,
                                                          batchSize: 32, seed: 2)
                var trainer = try Trainer(configuration: configuration, dataset: data)
                let zero = (0..<trainer.trainFeatures.rows).contains { trainer.trainFeatures.row($0) == [0, 0] }
                #expect(zero, "\(name): the test needs a zero feature at the start")
                trainer.runEpoch()
                trainer.runEpoch()
                let where_ = "\(name), \(loss.summary), \(optimizer), hidden \(hidden)"
                #expect(trainer.divergence == nil, "\(where_): \(trainer.divergence ?? "")")
                #expect(trainer.iteration == 2 * trainer.stepsPerEpoch, "\(where_)")
                #expect(trainer.parameters.allSatisfy(\.isFinite) && trainer.metrics.loss.isFinite, "\(where_)")
            }
        }
    }

    /// A zero feature has no direction, so a loss on normalised features gives it no gradient. PyTorch's floor alone
    /// would give 1/1e-12: the first SGD step moved the feature layer's biases by 4e11, and every feature then
    /// pointed the way of those biases.
    @Test func aZeroFeatureDoesNotThrowTheWeightsAway() throws {
        let data = try #require(Self.dataSets.first { $0.name == "binary" }?.data)
        for loss in Self.losses where loss.normalization == .weightsAndFeatures {
            var trainer = try Trainer(configuration: TrainingConfiguration(loss: loss, optimizer: .sgd, seed: 1),
                                      dataset: data)
            let before = trainer.parameters
            trainer.step()
            let change = zip(before, trainer.parameters).map { abs($0 - $1) }.max()!
            #expect(change < 100, "\(loss.summary): one step moved a parameter by \(change)")
        }
        var gradient = Matrix([[1e12, -1e12], [0.5, 0.25]])
        Model<Double>.clearUndirected(&gradient, features: Matrix([[0, 1e-13], [0.1, 0]]))
        #expect(gradient == Matrix([[0, 0], [0.5, 0.25]]))
    }

    /// The stuck rule (a loss above -ln of the smallest Float for 10 steps) stopped these at step 10 with advice
    /// to lower the learning rate; with normalised features the loss is bounded by about 2s and computed in Double,
    /// so a loss of 170 at s = 256 is where training starts, not a divergence.
    @Test func aLargeScaleIsNotADivergence() throws {
        let data = try Dataset.blobs(samplesPerClass: 80, seed: 1)
        for kind in [LossKind.cosface, .arcface] {
            var loss = MarginLoss(kind)
            loss.s = 256
            var trainer = try Trainer(configuration: TrainingConfiguration(loss: loss, hiddenSizes: [32, 32],
                                                                           batchSize: 32, seed: 1), dataset: data)
            var first: Double?
            for _ in 0..<6 { trainer.runEpoch(); first = first ?? trainer.lossHistory.first }
            #expect(trainer.divergence == nil, "\(trainer.divergence ?? "")")
            #expect(try #require(first) > Trainer.underflowLoss, "the run must start above the old stuck line")
            #expect(trainer.lossHistory.suffix(5).allSatisfy { $0 < first! / 2 }, "the loss falls")
        }
    }

    /// A column from -1e308 to 1e308: (x - low) / (high - low) overflowed to NaN inputs, and the run "diverged" at
    /// step 1 with advice to lower the learning rate. A test value far outside the training range stays finite.
    @Test func hugeColumnsScaleWithoutOverflow() throws {
        let train = Matrix((0..<60).map { i in [i % 2 == 0 ? -1e308 : 1e308, Double(i % 3)] })
        let test = Matrix([[0, 1], [-1e308, 1e300], [1e308, -1e300]])
        let data = try Dataset(name: "huge", classNames: ["a", "b", "c"], trainInputs: train,
                               trainLabels: (0..<60).map { $0 % 3 }, testInputs: test, testLabels: [1, 1, 2])
        var trainer = try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(.arcface), hiddenSizes: [16],
                                                                       batchSize: 16, seed: 1), dataset: data)
        trainer.runEpoch()
        #expect(trainer.divergence == nil, "\(trainer.divergence ?? "")")
        #expect(trainer.trainFeatures.storage.allSatisfy { $0.isFinite })
        #expect(trainer.testFeatures.storage.allSatisfy { $0.isFinite })
    }

    /// A column constant over the training set is 0 for every sample, test samples too: the network never saw it
    /// vary, so a different test value must not reach untrained weights.
    @Test func aColumnConstantInTrainingIsIgnoredInTesting() throws {
        let train = Matrix((0..<40).map { i in [7, Double(i % 2) + Double(i % 5) / 10] })
        let test = Matrix([[7, 0.2], [-50, 0.2], [1e6, 0.2]])
        let data = try Dataset(name: "partly constant", classNames: ["a", "b"], trainInputs: train,
                               trainLabels: (0..<40).map { $0 % 2 }, testInputs: test, testLabels: [0, 0, 0])
        var trainer = try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(.softmax), hiddenSizes: [8],
                                                                       batchSize: 8, seed: 1), dataset: data)
        trainer.runEpoch()
        #expect(trainer.testFeatures.row(1) == trainer.testFeatures.row(0))
        #expect(trainer.testFeatures.row(2) == trainer.testFeatures.row(0))
    }

    @Test func dataWithEveryColumnConstantIsRefused() throws {
        let data = try Dataset(csv: "3,4,0\n3,4,1\n3,4,0\n3,4,1\n", name: "flat.csv", testFraction: 0.25, seed: 1)
        #expect(throws: InputError("every input column is constant over the training set, so every sample looks the same to the network; nothing can be learned from it", subject: .dataset, file: "flat.csv")) {
            try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(.softmax)), dataset: data)
        }
    }

    /// SGD at learning rate 10 blows the weights up: the message says how (logits grown without bound, or
    /// features overflowed) and suggests what holds the weights back. With weight decay 0.5 each SGD step
    /// multiplies the weights by 1 - 10 · 0.5 = -4, and the message says so.
    @Test(arguments: [(0.0, "the logits (feature length times weight length) have grown without bound",
                       "raise the weight decay (now 0.0)"),
                      (0.5, "overflowed",
                       "lower the weight decay (now 0.5): with SGD each step multiplies the weights by 1 - lr · decay = -4")])
    func divergenceNamesItsCauseAndFittingRemedies(decay: Double, cause: String, remedy: String) throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 1)
        var configuration = TrainingConfiguration(loss: MarginLoss(.softmax), hiddenSizes: [32, 32],
                                                  optimizer: .sgd, learningRate: 10, batchSize: 64, seed: 3)
        configuration.weightDecay = decay
        var trainer = try Trainer(configuration: configuration, dataset: data)
        for _ in 0..<200 where trainer.divergence == nil { trainer.step() }
        let message = try #require(trainer.divergence)
        #expect(message.contains(cause), "\(message)")
        #expect(message.contains("lower the learning rate (now 10.0)"), "\(message)")
        #expect(message.contains(remedy), "\(message)")
        #expect(!message.contains("scale s"), "softmax has no scale: \(message)")
    }
}
