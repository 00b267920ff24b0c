import Geometry
import Testing
@testable import Training

@Suite struct TrainerTests {
    static func configuration(_ loss: MarginLoss, hidden: [Int] = [32, 32], seed: UInt64 = 3) -> TrainingConfiguration {
        TrainingConfiguration(loss: loss, hiddenSizes: hidden, batchSize: 64, seed: seed)
    }

    @Test func sameSeedSameRunBitForBit() throws {
        let data = try Dataset.rings(samplesPerClass: 60, seed: 2)
        var cosface = MarginLoss(.cosface)
        cosface.s = 8
        var configuration = Self.configuration(cosface)
        configuration.centerLoss = CenterLoss(weight: 0.1)
        var first = try Trainer(configuration: configuration, dataset: data)
        var second = try Trainer(configuration: configuration, dataset: data)
        for _ in 0..<3 { first.runEpoch(); second.runEpoch() }
        #expect(first.lossHistory == second.lossHistory)
        #expect(first.trainFeatures == second.trainFeatures)
        #expect(first.testFeatures == second.testFeatures)
        #expect(first.classWeights == second.classWeights)
        #expect(first.centers == second.centers)
        #expect(first.metrics == second.metrics)

        configuration.seed = 4
        var other = try Trainer(configuration: configuration, dataset: data)
        for _ in 0..<3 { other.runEpoch() }
        #expect(other.lossHistory != first.lossHistory, "another seed should give another run")
    }

    @Test func comparisonRunsShareInitialWeightsAndBatches() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 1)
        var softmax = try Trainer(configuration: Self.configuration(MarginLoss(.softmax)), dataset: data)
        var arcface = try Trainer(configuration: Self.configuration(MarginLoss(.arcface)), dataset: data)
        #expect(softmax.parameters == arcface.parameters)
        for _ in 0..<2 {
            #expect(softmax.order == arcface.order)
            softmax.runEpoch()
            arcface.runEpoch()
        }
        #expect(softmax.order == arcface.order)
        #expect(softmax.parameters != arcface.parameters, "different losses should train differently")
        let reseeded = try Trainer(configuration: Self.configuration(MarginLoss(.softmax), seed: 9), dataset: data)
        // Another seed gives another start and another order of batches (both: the seed decides each).
        let fresh = try Trainer(configuration: Self.configuration(MarginLoss(.softmax)), dataset: data)
        #expect(reseeded.parameters != fresh.parameters)
        #expect(reseeded.order != fresh.order)
    }

    @Test func blobsAreLearnedToOver95PercentOnTheTestSet() throws {
        let data = try Dataset.blobs(classes: 4, dimension: 2, seed: 1)
        var trainer = try Trainer(configuration: Self.configuration(MarginLoss(.softmax)), dataset: data)
        #expect(trainer.metrics.testAccuracy < 0.9, "the untrained network should not already be right")
        for _ in 0..<12 { trainer.runEpoch() }
        #expect(trainer.metrics.testAccuracy > 0.95)
        #expect(trainer.metrics.trainAccuracy > 0.95)
        #expect(trainer.epoch == 12 && trainer.iteration == 12 * trainer.stepsPerEpoch)
    }

    @Test func lSoftmaxDrawsThinnerSpokesThanSoftmaxOnTheDigits() throws {
        // The digits 0 to 3 with a small network, so that both runs converge within a few epochs in a debug build;
        // the margin then shows as a smaller spread of each class's features around its centre.
        let data = try Dataset.digits(seed: 1).keepingClasses(4)
        var lsoftmax = MarginLoss(.lsoftmax)
        lsoftmax.m = 4
        var angles: [LossKind: Double] = [:]
        for loss in [MarginLoss(.softmax), lsoftmax] {
            var configuration = TrainingConfiguration(loss: loss, hiddenSizes: [32], batchSize: 32, seed: 1)
            if loss.kind == .lsoftmax { configuration.lambdaSchedule = .digits }
            var trainer = try Trainer(configuration: configuration, dataset: data)
            for _ in 0..<6 { trainer.runEpoch() }
            #expect(trainer.metrics.trainAccuracy > 0.95, "\(loss.summary) should have learned the four digits")
            angles[loss.kind] = trainer.metrics.meanIntraClassAngle.degrees
        }
        #expect(angles[.lsoftmax]! < angles[.softmax]! - 1, "\(angles)")
    }

    @Test func divergenceIsCaughtAndTheLastGoodStateKept() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 1)
        var configuration = Self.configuration(MarginLoss(.softmax))
        configuration.optimizer = .sgd
        configuration.learningRate = 10
        configuration.weightDecay = 0
        var trainer = try Trainer(configuration: configuration, dataset: data)
        var steps = 0
        while trainer.divergence == nil && steps < 200 {
            trainer.step()
            steps += 1
        }
        let message = try #require(trainer.divergence)
        #expect(message.contains("lower the learning rate (now 10.0)"))
        #expect(trainer.iteration < steps, "the failed step must not count")
        #expect(trainer.lossHistory.count == trainer.iteration)
        let kept = trainer.lossHistory + trainer.parameters.map(Double.init) + trainer.trainFeatures.storage
            + trainer.classWeights.storage + [trainer.metrics.loss]
        #expect(!kept.contains { !$0.isFinite }, "the kept state must be finite throughout")

        let paused = trainer.iteration
        trainer.step()
        #expect(trainer.iteration == paused, "a diverged trainer is paused")
        try trainer.resume(learningRate: 0.01)
        #expect(trainer.divergence == nil)
        trainer.step()
        #expect(trainer.iteration == paused + 1)
        #expect(throws: InputError.self) { try trainer.resume(learningRate: 50) }
    }

    @Test func lambdaFollowsItsScheduleStepByStep() throws {
        let data = try Dataset.blobs(samplesPerClass: 20, seed: 1)
        var configuration = Self.configuration(MarginLoss(.sphereface))
        configuration.lambdaSchedule = .sphereface
        var trainer = try Trainer(configuration: configuration, dataset: data)
        #expect(trainer.currentLoss.lambda == LambdaSchedule.sphereface.lambda(atIteration: 1))
        trainer.runEpoch()
        #expect(trainer.metrics.lambda == LambdaSchedule.sphereface.lambda(atIteration: trainer.iteration))
        #expect(trainer.metrics.lambda! < 1000)

        configuration.loss = MarginLoss(.cosface)
        #expect(throws: InputError.self) { try Trainer(configuration: configuration, dataset: data) }
    }

    @Test func settingsOutOfRangeAreRefusedWithTheRange() throws {
        let data = try Dataset.blobs(samplesPerClass: 20, seed: 1)
        var configuration = Self.configuration(MarginLoss(.softmax))
        configuration.batchSize = 0
        // About the setting, as data: the command line names it --batch, from the subject and not from the words.
        #expect(throws: InputError(.outOfRange(value: 0, range: TrainingConfiguration.batchSizeRange, loss: nil),
                                   subject: .setting(TrainingSetting.batchSize.rawValue))) {
            try Trainer(configuration: configuration, dataset: data)
        }
        configuration.batchSize = 8
        configuration.hiddenSizes = []
        #expect(throws: InputError.self) { try Trainer(configuration: configuration, dataset: data) }
    }

    @Test func presetsShareTheirSeedAndData() {
        for preset in TrainingPreset.all {
            #expect(preset.configurations.count >= 3)
            #expect(Set(preset.configurations.map(\.seed)).count == 1)
            #expect(preset.dataset == .digits)
            for configuration in preset.configurations { #expect(throws: Never.self) { try configuration.validate() } }
        }
        #expect(TrainingPreset.lsoftmaxFigure().configurations.map(\.loss.m) == [0, 2, 3, 4])
    }
}
