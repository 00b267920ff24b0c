import ArrayFiles
import Foundation
import Geometry
import TextFormats
import Training
import TUI

/// A saved run on disk, in one of two forms, chosen by the file name:
/// - `.npz` (`train --save run.npz`): the arrays `embeddings` (N x d float64, d = 2 or 3), `labels` (N int64),
///   `weights` (K x d float64) and `loss` (its JSON) that `analyze` reads, and what continuing the run needs: `training` (its
///   settings, data set and counters as JSON, see `ResumableTraining`), `parameters`, `optimizer_first`,
///   `optimizer_second` (float32, the network and the optimiser's moments), `centers` (K x d float64) and
///   `loss_history` (float64). `--load run.npz` continues exactly where training stopped.
/// - anything else (`run.json`): an `eval` request, the features only; `--load` shows it and cannot continue it.
enum RunFile {
    /// True when `path` names an .npz file.
    static func isArchive(_ path: String) -> Bool { path.lowercased().hasSuffix(".npz") }

    /// The bytes of `run` in the form `path` asks for.
    static func bytes(of run: SavedRun, for path: String) throws(UsageError) -> [UInt8] {
        guard isArchive(path) else {
            do { return Array(try run.evalRequest().utf8) } catch { throw UsageError(error) }
        }
        var writer = TrainedRunArchive.writer(embeddings: run.features, labels: run.labels, weights: run.weights,
                                              loss: run.loss)
        if let training = run.training {
            let arrays = training.arrays
            writer.add("training", text: training.settingsJSON)
            writer.add("parameters", NumericArray(float32: arrays.parameters, shape: [arrays.parameters.count]))
            writer.add("optimizer_first", NumericArray(float32: arrays.optimizerFirst, shape: [arrays.optimizerFirst.count]))
            writer.add("optimizer_second", NumericArray(float32: arrays.optimizerSecond,
                                                        shape: [arrays.optimizerSecond.count]))
            writer.add("centers", NumericArray(float64: arrays.centers.storage,
                                               shape: [arrays.centers.rows, arrays.centers.columns]))
            writer.add("loss_history", NumericArray(float64: arrays.lossHistory, shape: [arrays.lossHistory.count]))
        }
        return [UInt8](writer.archive())
    }

    /// The most a saved run may hold: 64 MiB, as an eval request.
    static let sizeLimit = EvalRequest.sizeLimit

    /// The run `path` holds, with its data set loaded where it can continue; `flag` names the path in messages
    /// (`--load`).
    static func load(_ path: String, flag: String = "--load") throws(UsageError) -> LoadedRun {
        let shown = "\(flag) \(quoted(path))"
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: sizeLimit) } catch { throw UsageError("\(shown): \(error.reason)") }
        guard !bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw UsageError("\(shown): the file is empty; give a file that train --save wrote")
        }
        let run = isArchive(path) ? try archive(bytes, path: path, shown: shown) : try request(bytes, shown: shown)
        guard (2...3).contains(run.weights.columns) else {
            throw UsageError("\(shown): the rows have \(run.weights.columns) numbers; the explorer draws 2-D and 3-D "
                + "features only")
        }
        var dataset: Dataset?
        if let training = run.training {
            do {
                dataset = try training.source.load(seed: training.configuration.seed, testFraction: training.testFraction,
                                                   reading: DataFile.read)
            } catch {
                throw UsageError("\(shown): its data set: \(error.message)")
            }
        }
        return LoadedRun(path: path, run: run, dataset: dataset)
    }

    /// An eval request, read and checked exactly as `eval` reads one.
    private static func request(_ bytes: [UInt8], shown: String) throws(UsageError) -> SavedRun {
        do throws(UsageError) {
            let (loss, batch) = try EvalRequest.read(bytes, document: "the file")
            return SavedRun(loss: loss, weights: batch.weights, features: batch.features, labels: batch.labels)
        } catch {
            throw UsageError("\(shown): \(error.message)")
        }
    }

    /// A saved .npz run: the four arrays, and the training state where it holds one.
    private static func archive(_ bytes: [UInt8], path: String, shown: String) throws(UsageError) -> SavedRun {
        do throws(ArrayFileError) {
            let archive = try NPZArchive(data: Data(bytes), file: path)
            let loss = try TrainedRunArchive.loss(in: archive)
            let features = try matrix(archive, "embeddings")
            let weights = try matrix(archive, "weights")
            let labels = try archive.array(named: "labels").integers()
            var run = SavedRun(loss: loss, weights: weights, features: features, labels: labels)
            do {
                _ = try Batch(weights: weights.rowArrays, features: features.rowArrays, labels: labels, for: loss)
            } catch {
                throw ArrayFileError(error.message, file: path)
            }
            if archive.arrayNames.contains("training") {
                run.training = try training(in: archive, classes: weights.rows, dimension: weights.columns)
            }
            return run
        } catch {
            throw UsageError("\(shown): \(error.message)")
        }
    }

    private static func matrix(_ archive: NPZArchive, _ name: String) throws(ArrayFileError) -> Matrix {
        let values = try archive.array(named: name).matrix()
        return Matrix(rows: values.rows, columns: values.columns, storage: values.doubles())
    }

    /// The training state of a saved run.
    private static func training(in archive: NPZArchive, classes: Int,
                                 dimension: Int) throws(ArrayFileError) -> ResumableTraining {
        func floats(_ name: String) throws(ArrayFileError) -> [Float] {
            try archive.array(named: name).doubles().map { Float($0) }
        }
        let centers = try archive.array(named: "centers").doubles()
        guard centers.count == classes * dimension else {
            throw ArrayFileError("holds \(centers.count) numbers, not \(dimension) for each of the \(classes) classes",
                                 file: archive.file, member: "centers")
        }
        let arrays = ResumableTraining.Arrays(
            parameters: try floats("parameters"), optimizerFirst: try floats("optimizer_first"),
            optimizerSecond: try floats("optimizer_second"),
            centers: Matrix(rows: classes, columns: dimension, storage: centers),
            lossHistory: try archive.array(named: "loss_history").doubles())
        let text = Array(try archive.text(named: "training").utf8)
        let training: ResumableTraining
        do { training = try ResumableTraining(settings: text, arrays: arrays) } catch {
            throw ArrayFileError(error.message(document: "the training settings", in: text), file: archive.file,
                                 member: "training")
        }
        guard training.configuration.featureDimension == dimension else {
            throw ArrayFileError("embedding_dim is \(training.configuration.featureDimension) but the weights have "
                + "\(dimension) columns", file: archive.file, member: "training")
        }
        return training
    }
}

