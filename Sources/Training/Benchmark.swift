import Foundation
import Geometry

/// How long training takes, for `margin-explorer bench` and the notes in Benchmarks/.
public enum TrainingBenchmark {
    /// Milliseconds per epoch of training steps (forward, loss, backward, update for every minibatch; no refresh of
    /// the features), one median over `epochs` epochs after `warmUp` untimed ones, on the calling thread.
    /// The default is the reference: the digits, network 64-128-128-2, Adam, batch 128, softmax.
    public static func epochMilliseconds(
        configuration: TrainingConfiguration = TrainingConfiguration(loss: MarginLoss(.softmax)),
        dataset: Dataset? = nil, epochs: Int = 9, warmUp: Int = 1
    ) throws(InputError) -> (median: Double, all: [Double]) {
        var trainer = try makeTrainer(configuration, dataset)
        let clock = ContinuousClock()
        var times: [Double] = []
        for epoch in 0 ..< warmUp + max(epochs, 1) {
            let elapsed = clock.measure {
                for _ in 0 ..< trainer.stepsPerEpoch { trainer.step() }
            }
            if epoch >= warmUp {
                times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
            }
        }
        return (times.sorted()[times.count / 2], times)
    }

    /// Milliseconds for one `refresh()` (features of every sample and the metrics), median over `repeats`.
    public static func refreshMilliseconds(
        configuration: TrainingConfiguration = TrainingConfiguration(loss: MarginLoss(.softmax)),
        dataset: Dataset? = nil, repeats: Int = 9
    ) throws(InputError) -> Double {
        var trainer = try makeTrainer(configuration, dataset)
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0 ..< max(repeats, 1) {
            let elapsed = clock.measure { trainer.refresh() }
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        return times.sorted()[times.count / 2]
    }

    private static func makeTrainer(_ configuration: TrainingConfiguration, _ dataset: Dataset?) throws(InputError) -> Trainer {
        if let dataset { return try Trainer(configuration: configuration, dataset: dataset) }
        return try Trainer(configuration: configuration, dataset: Dataset.digits(seed: 1))
    }
}
