import Foundation
import Geometry
import Testing
import TextFormats
@testable import Training

@Suite struct RunFilesTests {
    static func trainedRun(_ loss: MarginLoss) throws -> Trainer {
        var configuration = TrainingConfiguration(loss: loss, hiddenSizes: [16], batchSize: 32, seed: 2)
        if loss.range(of: .lambda) != nil { configuration.lambdaSchedule = .digits }
        var trainer = try Trainer(configuration: configuration, dataset: try Dataset.blobs(samplesPerClass: 30, seed: 1))
        trainer.runEpoch()
        trainer.runEpoch()
        return trainer
    }

    @Test func metricsLogRoundTripsWithTheExactHeader() throws {
        var trainer = try Self.trainedRun(MarginLoss(.softmax))
        var rows = [MetricsLog.Row(trainer.metrics)]
        trainer.runEpoch()
        rows.append(MetricsLog.Row(trainer.metrics))
        let text = MetricsLog.csv(rows)
        #expect(text.hasPrefix("epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg\n"))
        #expect(text.split(separator: "\n").count == 3)
        #expect(try MetricsLog.parse(text) == rows)
        #expect(rows[1].epoch == 3 && rows[1].meanIntraAngleDegrees == trainer.metrics.meanIntraClassAngle.degrees)
        #expect(throws: InputError.self) { try MetricsLog.parse("epoch,loss\n1,2\n") }
    }

    @Test(arguments: [MarginLoss(.softmax), MarginLoss(.lsoftmax), {
        var arcface = MarginLoss(.arcface)
        arcface.s = 8
        arcface.easyMargin = true
        return arcface
    }()])
    func savedRunRoundTripsAsAnEvalRequest(loss: MarginLoss) throws {
        let trainer = try Self.trainedRun(loss)
        let run = SavedRun(trainer)
        let text = try run.evalRequest()
        // Read back by the program's own JSON reader, which rounds every number correctly (Foundation's does not).
        let document = try JSONReader.read(Array(text.utf8))
        let members = try document.root.members(at: JSONPath(), keys: ["loss", "weights", "features", "labels"], owner: "a run")
        #expect(Set(members.keys) == ["loss", "weights", "features", "labels"])
        func matrix(_ key: String) throws -> Matrix {
            let node = try #require(members[key])
            return Matrix(try node.elements(at: JSONPath()).map { try $0.elements(at: JSONPath()).map { try $0.number(at: JSONPath()) } })
        }
        let labels = try #require(members["labels"]).elements(at: JSONPath()).map { Int(try $0.number(at: JSONPath())) }
        let read = SavedRun(loss: try LossObject.loss(from: try #require(members["loss"]), at: JSONPath(), in: document),
                            weights: try matrix("weights"), features: try matrix("features"), labels: labels)
        #expect(read.loss.kind == loss.kind)
        #expect(read == run)
        #expect(read.features == trainer.trainFeatures && read.weights == trainer.classWeights)
        #expect(read.loss.lambda == trainer.configuration.loss(atIteration: trainer.iteration).lambda)
        // The eval request's loss: the mean cross-entropy of the saved batch is the logged training loss.
        let batch = Batch(checkedWeights: read.weights, features: read.features, labels: read.labels)
        #expect(read.loss.evaluate(batch).meanLoss == trainer.metrics.loss)
    }
}
