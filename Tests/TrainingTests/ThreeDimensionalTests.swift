import Geometry
import Testing
import TextFormats
@testable import Training

/// Training with 3-D features (`featureDimension: 3`, `train --embedding-dim 3`): the network's last layer gives
/// three numbers, the class weights are 3-D, and the losses, metrics and saved runs work as in 2-D.
@Suite struct ThreeDimensionalTests {
    static func configuration(_ loss: MarginLoss, seed: UInt64 = 3) -> TrainingConfiguration {
        TrainingConfiguration(loss: loss, hiddenSizes: [32, 32], batchSize: 64, seed: seed, featureDimension: 3)
    }

    @Test func theNetworkEndsInThreeNumbersAndTheWeightsAreThreeDimensional() throws {
        let data = try Dataset.blobs(classes: 4, dimension: 2, samplesPerClass: 40, seed: 1)
        let trainer = try Trainer(configuration: Self.configuration(MarginLoss(.softmax)), dataset: data)
        #expect(trainer.trainFeatures.columns == 3 && trainer.trainFeatures.rows == data.trainInputs.rows)
        #expect(trainer.testFeatures.columns == 3)
        #expect(trainer.classWeights.rows == 4 && trainer.classWeights.columns == 3)
        #expect(trainer.centers.columns == 3)
        // 2-8-8-3 weights and biases plus 4 x 3 class weights: (2·32 + 32) + (32·32 + 32) + (32·3 + 3) + 12.
        #expect(trainer.parameters.count == (2 * 32 + 32) + (32 * 32 + 32) + (32 * 3 + 3) + 12)
    }

    /// Four blobs: chance is 25%; a 3-D feature learns them as well as a 2-D one does (over 95%, as
    /// `TrainerTests.blobsAreLearnedToOver95PercentOnTheTestSet` asks of 2-D).
    @Test(arguments: [MarginLoss(.softmax), {
        var cosface = MarginLoss(.cosface)
        cosface.s = 16
        return cosface
    }()])
    func threeDimensionalBlobsAreLearned(loss: MarginLoss) throws {
        let data = try Dataset.blobs(classes: 4, dimension: 2, seed: 1)
        var trainer = try Trainer(configuration: Self.configuration(loss), dataset: data)
        #expect(trainer.metrics.testAccuracy < 0.9, "the untrained network should not already be right")
        for _ in 0..<12 { trainer.runEpoch() }
        #expect(trainer.metrics.testAccuracy > 0.95, "\(trainer.metrics)")
        // Trained classes have directions of their own: centres apart, nothing collapsed.
        #expect(trainer.metrics.minimumCenterAngle.degrees > 20)
        #expect(trainer.metrics.collapse == nil)
    }

    @Test func aDimensionOutsideTwoToThreeIsRefusedWithTheRange() throws {
        let data = try Dataset.blobs(samplesPerClass: 20, seed: 1)
        for dimension in [1, 4] {
            var configuration = Self.configuration(MarginLoss(.softmax))
            configuration.featureDimension = dimension
            let error = #expect(throws: InputError.self) { try Trainer(configuration: configuration, dataset: data) }
            #expect(error.map { TrainingSetting(of: $0) } == .embeddingDimension)
            #expect(error?.message.contains("2 to 3") == true, "\(error?.message ?? "")")
        }
    }

    /// The collapse rule compares every pair of centres in 3-D (there is no circle to sort them on): two classes
    /// whose features point the same way are caught, two that do not are not.
    @Test func collapseIsFoundAmongThreeDimensionalCentres() {
        // Classes 0 and 1 both around +z, spread about 0.1 rad; class 2 around +x.
        let rows: [[Double]] = [[0.1, 0, 1], [-0.1, 0, 1], [0, 0.1, 1], [0, -0.1, 1], [1, 0.05, 0], [1, -0.05, 0]]
        let features = Matrix(rows)
        let collapsed = ClassGeometry(features: features, labels: [0, 0, 1, 1, 2, 2], classes: 3)
        guard case let .sharedDirection(first, second, _, _, _)? = collapsed.collapse else {
            Issue.record("expected classes 0 and 1 to share a direction"); return
        }
        #expect((first, second) == (0, 1))
        let apart = ClassGeometry(features: Matrix([[0.1, 0, 1], [-0.1, 0, 1], [0, 1, 0.1], [0, 1, -0.1],
                                                    [1, 0.05, 0], [1, -0.05, 0]]),
                                  labels: [0, 0, 1, 1, 2, 2], classes: 3)
        #expect(apart.collapse == nil)
        // Centres +z, +y, +x: 90° apart each.
        #expect(abs(apart.minimumCenterAngle.degrees - 90) < 1e-9)
    }

    /// The settings JSON records the dimension, and a run resumed from its saved settings and arrays takes the
    /// same steps as the one that never stopped.
    @Test func aThreeDimensionalRunResumesBitForBit() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 1)
        var arcface = MarginLoss(.arcface)
        arcface.s = 8
        var configuration = Self.configuration(arcface)
        configuration.centerLoss = CenterLoss(weight: 0.1)
        var trainer = try Trainer(configuration: configuration, dataset: data)
        trainer.runEpoch()
        for _ in 0..<3 { trainer.step() }
        let saved = ResumableTraining(configuration: trainer.configuration, source: .blobs(classes: 4, dimension: 2),
                                      testFraction: 0.2, progress: trainer.progress)
        #expect(saved.settingsJSON.contains("\"embedding_dim\": 3"))
        let read = try ResumableTraining(settings: Array(saved.settingsJSON.utf8), arrays: saved.arrays)
        #expect(read.configuration == trainer.configuration)
        #expect(read.configuration.featureDimension == 3)
        var resumed = try read.trainer(on: data)
        for _ in 0..<5 { trainer.step(); resumed.step() }
        trainer.refresh()
        resumed.refresh()
        #expect(resumed.lossHistory == trainer.lossHistory)
        #expect(resumed.classWeights == trainer.classWeights && resumed.centers == trainer.centers)
        #expect(resumed.trainFeatures == trainer.trainFeatures)
    }

    /// A settings object written before the dimension existed has no `embedding_dim`: it is a 2-D run.
    @Test func settingsWithoutTheDimensionAreTwoDimensional() throws {
        let data = try Dataset.blobs(samplesPerClass: 20, seed: 1)
        let trainer = try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(.softmax), hiddenSizes: [8]),
                                  dataset: data)
        let saved = ResumableTraining(configuration: trainer.configuration, source: .blobs(classes: 4, dimension: 2),
                                      testFraction: 0.2, progress: trainer.progress)
        let older = saved.settingsJSON.split(separator: "\n").filter { !$0.contains("embedding_dim") }
            .joined(separator: "\n")
        #expect(older.count < saved.settingsJSON.count)
        let read = try ResumableTraining(settings: Array(older.utf8), arrays: saved.arrays)
        #expect(read.configuration.featureDimension == 2)
    }

    /// Backpropagation with a 3-D feature layer and 3-D class weights against central finite differences (Double).
    /// The loss code and the network take d from the shapes; this checks that nothing assumes two columns.
    @Test(arguments: [
        GradientTests.Case(loss: GradientTests.loss(.softmax), centerLoss: CenterLoss(weight: 0.5),
                           incay: FeatureIncay(weight: 0.3)),
        GradientTests.Case(loss: GradientTests.loss(.sphereface, [.m: 3])),
        GradientTests.Case(loss: GradientTests.loss(.lsoftmax, [.m: 4, .lambda: 1.5])),
        GradientTests.Case(loss: GradientTests.loss(.cosface, [.m: 0.35, .s: 4])),
        GradientTests.Case(loss: GradientTests.loss(.arcface, [.m: 0.5, .s: 4])),
    ])
    func threeDimensionalGradientsMatchFiniteDifferences(_ test: GradientTests.Case) {
        let layout = NetworkLayout(inputDimension: 5, hiddenSizes: [7, 6], classes: 4, featureDimension: 3)
        let labels = GradientTests.labels, inputs = GradientTests.inputs
        var parameters = layout.initialParameters(seed: 5)
        var generator = SeededGenerator(seed: 7)
        for l in 0..<layout.layerCount {
            for index in layout.biasOffsets[l] ..< layout.biasOffsets[l] + layout.sizes[l + 1] {
                parameters[index] = 0.3 * generator.nextGaussian()
            }
        }
        var centers = Matrix(rows: layout.classes, columns: 3)
        for index in centers.storage.indices { centers.storage[index] = Double(index % 3) - 0.7 }
        func evaluate(_ parameters: [Double]) -> (objective: Double, gradient: [Double]) {
            var model = Model<Double>(layout: layout, capacity: labels.count)
            let report = model.lossAndGradient(parameters: parameters, rows: labels.count, labels: labels,
                                               loss: test.loss, centerLoss: test.centerLoss, centers: centers,
                                               incay: test.incay) { block in
                for index in inputs.indices { block[index] = inputs[index] }
            }
            #expect(report.features.columns == 3)
            return (report.objective, model.gradient)
        }
        let (_, gradient) = evaluate(parameters)
        let h = 1e-6
        for index in parameters.indices {
            var up = parameters, down = parameters
            up[index] += h
            down[index] -= h
            let numeric = (evaluate(up).objective - evaluate(down).objective) / (2 * h)
            #expect(abs(gradient[index] - numeric) <= 1e-7 + 1e-5 * abs(numeric),
                    "parameter \(index): backprop \(gradient[index]), finite difference \(numeric)")
        }
        // The third feature column and the third column of W carry gradient.
        let last = layout.layerCount - 1
        let thirdColumn = stride(from: layout.weightOffsets[last] + 2, to: layout.biasOffsets[last], by: 3)
        #expect(thirdColumn.contains { abs(gradient[$0]) > 1e-6 }, "the third feature has no gradient")
        let thirdWeights = stride(from: layout.classWeightOffset + 2, to: layout.parameterCount, by: 3)
        #expect(thirdWeights.contains { abs(gradient[$0]) > 1e-6 }, "W's third column has no gradient")
    }
}
