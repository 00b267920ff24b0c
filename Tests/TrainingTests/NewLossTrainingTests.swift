import Foundation
import Geometry
import Testing
@testable import Training

/// Issue 10's losses train: each step continues the loss's running statistics from the step before (the
/// official rules, in `LossPhase.training`), the log carries them as extra columns, and a saved run resumes them
/// exactly.
@Suite struct NewLossTrainingTests {
    static func trainer(_ loss: MarginLoss, steps: Int, seed: UInt64 = 4) throws -> Trainer {
        var trainer = try Trainer(configuration: TrainingConfiguration(loss: loss, seed: seed),
                                  dataset: Dataset.digits(seed: seed))
        for _ in 0..<steps { trainer.step() }
        return trainer
    }

    /// Every new loss trains: the loss of the first steps is finite, the parameters move, and the sub-centre run
    /// has K·k = 30 class weight rows.
    @Test(arguments: LossKind.ruleKinds)
    func everyNewLossTrains(kind: LossKind) throws {
        let start = try Self.trainer(MarginLoss(kind), steps: 0)
        let trained = try Self.trainer(MarginLoss(kind), steps: 10)
        #expect(trained.divergence == nil, "\(kind): \(trained.divergence ?? "")")
        #expect(trained.lossHistory.count == 10 && trained.lossHistory.allSatisfy(\.isFinite))
        #expect(trained.parameters != start.parameters)
        #expect(start.classWeights.rows == (kind == .subcenterArcface ? 30 : 10))
    }

    /// CurricularFace's t follows t ← 0.01 mean(c_y) + 0.99 t from the configured t: one step from t = 0.2 is
    /// 0.01 m + 0.198 with m the first batch's mean target cosine, which lies in [−1, 1], so t lies in
    /// [0.188, 0.208]; ten steps from 0 keep |t| ≤ 1 − 0.99^10 = 0.0956.
    @Test func curricularTFollowsTheRunningMean() throws {
        var loss = MarginLoss(.curricularface)
        loss[.t] = 0.2
        let one = try #require(try Self.trainer(loss, steps: 1).lossStatistics?.curricularT)
        #expect(one >= 0.188 - 1e-12 && one <= 0.208 + 1e-12 && one != 0.2)
        let ten = try #require(try Self.trainer(MarginLoss(.curricularface), steps: 10).lossStatistics?.curricularT)
        #expect(abs(ten) <= 1 - pow(0.99, 10) + 1e-12 && ten != 0)
    }

    /// AdaFace's μ and σ start from the official buffers (20, 100) and move by t_α = 0.01: after one step
    /// μ = 0.01 μ_b + 19.8 and σ = 0.01 σ_b + 99, with μ_b ∈ [0.001, 100] and σ_b ≥ 0 (the clipped norms).
    @Test func adaFaceNormsStartFromTheBuffers() throws {
        let trainer = try Self.trainer(MarginLoss(.adaface), steps: 1)
        let norms = try #require(trainer.lossStatistics?.adaFace)
        #expect(norms.mean >= 19.8 && norms.mean <= 20.8)
        #expect(norms.standardDeviation >= 99)
        #expect(trainer.runningColumns.map(\.name) == ["adaface_mean", "adaface_std"])
    }

    /// The log's running columns: named after the usual six, one value a row, and read back.
    @Test func theLogCarriesTheRunningColumns() throws {
        var trainer = try Self.trainer(MarginLoss(.adacos), steps: 0)
        trainer.runEpoch()
        let row = MetricsLog.Row(trainer.metrics)
        #expect(row.runningNames == ["adacos_s"])
        // The fixed rule for the ten digits: √2 ln 9 = 3.107345.
        #expect(abs(row.runningValues[0] - 3.107345) < 1e-6)
        let text = MetricsLog.csv([row])
        #expect(text.hasPrefix(MetricsLog.header + ",adacos_s\n"))
        #expect(try MetricsLog.parse(text) == [row])
    }

    /// A run saved after some steps and resumed takes the same next steps as the run that never stopped, for
    /// every loss with running statistics (their state travels in the progress).
    @Test(arguments: [LossKind.curricularface, .adaface, .elasticArcface, .adacos])
    func aResumedRunContinuesItsStatistics(kind: LossKind) throws {
        var loss = MarginLoss(kind)
        if kind == .adacos { loss.dynamic = true }
        var straight = try Self.trainer(loss, steps: 6)
        let saved = straight.progress
        #expect(saved.lossStatistics != nil)
        var resumed = try Trainer(configuration: TrainingConfiguration(loss: loss, seed: 4),
                                  dataset: Dataset.digits(seed: 4), resuming: saved)
        for _ in 0..<4 { straight.step(); resumed.step() }
        #expect(straight.parameters.map(\.bitPattern) == resumed.parameters.map(\.bitPattern), "\(kind)")
        #expect(straight.lossStatistics?.columns.map(\.value) == resumed.lossStatistics?.columns.map(\.value))
        // The statistics survive the saved run's JSON: the same numbers and the same generator.
        let run = ResumableTraining(configuration: TrainingConfiguration(loss: loss, seed: 4), source: .digits,
                                    testFraction: 0.2, progress: saved)
        let read = try ResumableTraining(settings: Array(run.settingsJSON.utf8), arrays: run.arrays)
        #expect(read.progress.lossStatistics?.columns.map(\.value) == saved.lossStatistics?.columns.map(\.value))
        #expect(read.progress.lossStatistics?.elastic?.generator == saved.lossStatistics?.elastic?.generator)
    }
}
