import Analysis
import ArrayFiles
import Foundation
import Geometry
import MatrixKernels
import Training
import TUI

/// One figure `bench` measures: its JSON key, what it times and how. The table `BenchFigure.all` drives the JSON
/// object, the text table, `--help` and `--only`, so they cannot disagree.
struct BenchFigure: Sendable {
    /// The JSON key.
    var key: String
    /// What is timed.
    var what: String
    /// How it is measured.
    var how: String
    /// Measured without `--only` (the slow figures run only when named).
    var byDefault: Bool

    static let all: [BenchFigure] = [
        BenchFigure(key: "render_ms", what: "one full frame of each view into the cell buffer (an object keyed "
            + "by view; frame_size names the size)", how: "median of --repeats frames per view", byDefault: true),
        BenchFigure(key: "key_to_frame_ms", what: "update(&state, key) and the next frame: all work between a key "
            + "and curses' flush", how: "median of --repeats presses of M m a A Tab t", byDefault: true),
        BenchFigure(key: "eval_10000x10_ms", what: "ArcFace logits, probabilities, losses and both gradients for "
            + "10,000 samples, 10 classes, d = 2", how: "median of --repeats / 10 runs (at least 3)", byDefault: true),
        BenchFigure(key: "train_epoch_ms", what: "one epoch of the digits (1,438 samples), 64-128-128-2, Adam, "
            + "batch 128, one thread", how: "median of --repeats / 5 epochs (at least 5) after one", byDefault: true),
        BenchFigure(key: "train_refresh_ms", what: "the features of every digit and the metrics (a frame of the "
            + "training view)", how: "median of --repeats / 5 refreshes (at least 5)", byDefault: true),
        BenchFigure(key: "train_tick_4_runs_ms", what: "one frame of the L-Softmax figure playing: 4 runs, 2 steps "
            + "each, one refresh", how: "median of --repeats / 5 ticks (at least 5)", byDefault: true),
        BenchFigure(key: "analyze_samples_100000x512_10000_ms", what: "analyze's per-sample pass over 100,000 x "
            + "512 float32 embeddings against 10,000 classes, every core: normalise, cosines in chunks, target and "
            + "nearest angles, margin test, prediction (Benchmarks/numpy_analyze.py's computation and more)",
                    how: "median of 3 runs on the .npy files in --data (written there first when missing), the "
            + "files read and checked beforehand", byDefault: false),
        BenchFigure(key: "analyze_100000x512_10000_ms", what: "the whole analysis of the same model: the "
            + "per-sample pass, the gaps between class weights and between class centres, the summary",
                    how: "as analyze_samples_100000x512_10000_ms", byDefault: false),
    ]

    /// The figures `--only` names (comma-separated keys), or the default ones; an unknown key is refused with the
    /// list of keys.
    static func selected(_ only: String?) throws(UsageError) -> [BenchFigure] {
        guard let only else { return all.filter(\.byDefault) }
        let keys = only.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for key in keys where !all.contains(where: { $0.key == key }) {
            throw UsageError("--only \(quoted(key)) is not a figure: use "
                + all.map(\.key).joined(separator: ", "))
        }
        return all.filter { keys.contains($0.key) }
    }

    /// The table for `--help`.
    static var helpText: String {
        all.map { "\($0.key)\($0.byDefault ? "" : " (only with --only)"): \($0.what); \($0.how)." }
            .joined(separator: "\n")
    }
}

/// The model the analyze figure reads: 100,000 x 512 float32 embeddings, their labels and 10,000 x 512 class
/// weights, standard normal from SeededGenerator seed 1, as .npy files (Benchmarks/numpy_analyze.py reads the
/// same files).
enum BenchModel {
    static let samples = 100_000, dimension = 512, classes = 10_000
    static let names = (embeddings: "embeddings.npy", labels: "labels.npy", weights: "weights.npy")

    /// The files in `folder`, written first when any is missing.
    static func files(in folder: String) throws -> (embeddings: String, labels: String, weights: String) {
        let paths = (embeddings: folder + "/" + names.embeddings, labels: folder + "/" + names.labels,
                     weights: folder + "/" + names.weights)
        let present = [paths.embeddings, paths.labels, paths.weights].allSatisfy(FileManager.default.fileExists)
        if present { return paths }
        var status = stat()
        guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw UsageError("--data \(quoted(folder)): not a directory; create it, and bench writes the model there")
        }
        var generator = SeededGenerator(seed: 1)
        func gaussians(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextGaussian()) } }
        let weights = NumericArray(float32: gaussians(classes * dimension), shape: [classes, dimension])
        let labels = NumericArray(int64: (0..<samples).map { _ in Int64(generator.next() % UInt64(classes)) },
                                  shape: [samples])
        let embeddings = NumericArray(float32: gaussians(samples * dimension), shape: [samples, dimension])
        let outputs = try OutputFiles.prepare([(flag: "--data", path: paths.weights), (flag: "--data", path: paths.labels),
                                               (flag: "--data", path: paths.embeddings)], inputs: [])
        defer { outputs.forEach { $0.discard() } }
        try OutputFile.commit(zip(outputs, [weights, labels, embeddings]).map { ($0, [UInt8](NPYFormat.encode($1))) })
        return paths
    }

    /// Milliseconds of `ModelAnalysis` (or with `samplesOnly` its per-sample pass) on the files (read once
    /// beforehand), median of `runs`.
    static func analyzeMilliseconds(folder: String, samplesOnly: Bool, runs: Int = 3) throws -> Double {
        let paths = try files(in: folder)
        let input: ModelInput
        do {
            input = try ModelInput.read(embeddings: ArrayLocation(paths.embeddings), labels: ArrayLocation(paths.labels),
                                        weights: [ArrayLocation(paths.weights)])
        } catch { throw UsageError("--data: " + error.message) }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let count: Int
            if samplesOnly {
                count = ModelAnalysis.sampleTable(input, loss: MarginLoss(.arcface)).count
            } else {
                let analysis = ModelAnalysis(input, loss: MarginLoss(.arcface))
                let summary = [analysis.thetaTarget, analysis.thetaNearest, analysis.norm]
                _ = (analysis.histograms(), analysis.classesMostInsideMargin(), analysis.marginsThatDoNotFit())
                count = summary.isEmpty ? 0 : analysis.samples
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            precondition(count == samples)
        }
        return times.sorted()[times.count / 2]
    }
}
