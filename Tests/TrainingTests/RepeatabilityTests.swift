import Geometry
import Testing
@testable import Training

/// Training runs its products on OpenBLAS with one thread: the same run twice gives the same parameters, bit for
/// bit, and a copied trainer trains on without disturbing the original (the model's scratch space is copy-on-write).
@Suite struct RepeatabilityTests {
    static func run(_ kind: LossKind, optimizer: OptimizerKind, steps: Int) throws -> Trainer {
        var trainer = try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(kind), optimizer: optimizer,
                                                                       seed: 4),
                                  dataset: Dataset.digits(seed: 4))
        for _ in 0..<steps { trainer.step() }
        return trainer
    }

    @Test(arguments: [(LossKind.softmax, OptimizerKind.adam), (.arcface, .sgd), (.sphereface, .adam)])
    func theSameRunTwiceGivesIdenticalParameters(kind: LossKind, optimizer: OptimizerKind) throws {
        let first = try Self.run(kind, optimizer: optimizer, steps: 30)
        let second = try Self.run(kind, optimizer: optimizer, steps: 30)
        #expect(first.parameters.map(\.bitPattern) == second.parameters.map(\.bitPattern))
        // And training moved them: equality of two untouched networks would prove nothing.
        let start = try Self.run(kind, optimizer: optimizer, steps: 0)
        #expect(first.parameters != start.parameters)
    }

    @Test func aCopiedTrainerTrainsOnItsOwn() throws {
        var original = try Self.run(.softmax, optimizer: .adam, steps: 5)
        let before = original.parameters
        var copy = original
        for _ in 0..<5 { copy.step() }
        #expect(original.parameters == before)
        for _ in 0..<5 { original.step() }
        #expect(original.parameters.map(\.bitPattern) == copy.parameters.map(\.bitPattern))
    }
}
