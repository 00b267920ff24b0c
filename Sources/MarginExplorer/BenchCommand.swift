import ArgumentParser
import Foundation
import Geometry
import Training
import TUI

/// `margin-explorer bench`: how long the work behind each frame takes, measured with a monotonic clock. The
/// figures are the table `BenchFigure.all`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure rendering, key handling, loss evaluation, training and analysis speed (on a release build).",
        discussion: "Each figure is a median, in milliseconds. The figures:\n" + BenchFigure.helpText
            + "\n--dry-run prints the keys of the chosen figures with null values and measures nothing.")

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("The figures to measure, comma-separated keys (default: every figure but the slow "
        + "analyze one).", valueName: "keys"))
    var only: String?

    @Flag(help: "Measure nothing: print the chosen figures' keys (JSON: with null values).")
    var dryRun = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Runs per measurement, 3 to 10000 (default 50).",
                                                        valueName: "count"))
    var repeats: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame width for the render figures, 60 to 1000 (default 200).",
                                                        valueName: "columns"))
    var width: TypedNumber?

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame height for the render figures, 18 to 500 (default 60).",
                                                        valueName: "rows"))
    var height: TypedNumber?

    @Option(help: ArgumentHelp("Folder of the analyze figure's model (written there when missing, 225 MB).",
                               valueName: "dir"))
    var data: String = "/tmp/margin-explorer-bench"

    /// A measured figure: one number, or numbers by name (render_ms).
    enum Value {
        case number(Double)
        case named([(String, Double)])
        case none
    }

    func run() throws {
        let repeats = try AdviseCommand.whole(self.repeats ?? TypedNumber(argument: "50")!, flag: "--repeats",
                                              in: 3...10_000)
        let width = try AdviseCommand.whole(self.width ?? TypedNumber(argument: "200")!, flag: "--width", in: 60...1000)
        let height = try AdviseCommand.whole(self.height ?? TypedNumber(argument: "60")!, flag: "--height", in: 18...500)
        let figures = try BenchFigure.selected(only)
        let measure = Measure(repeats: repeats, width: width, height: height, data: data)
        var results: [(BenchFigure, Value)] = []
        for figure in figures { results.append((figure, dryRun ? .none : try measure.value(of: figure.key))) }
        let showsFrame = figures.contains { $0.key == "render_ms" }
        var text = ""
        if json {
            var object = JSONObjectWriter()
            for (figure, value) in results {
                switch value {
                case .number(let number): try object.add(figure.key, number)
                case .named(let pairs):
                    var inner = JSONObjectWriter()
                    for (name, number) in pairs { try inner.add(name, number) }
                    object.add(figure.key, json: inner.result.trimmingCharacters(in: .newlines)
                        .replacingOccurrences(of: "\n", with: "\n  "))
                case .none: object.add(figure.key, json: "null")
                }
                if figure.key == "render_ms" { object.add("frame_size", json: JSON.string("\(width)x\(height)")) }
            }
            text = object.result
        } else {
            func line(_ name: String, _ value: String) -> String {
                name.padding(toLength: max(38, name.count + 2), withPad: " ", startingAt: 0) + value + "\n"
            }
            text = "median milliseconds, \(repeats) runs" + (showsFrame ? ", frame \(width)x\(height)" : "") + "\n"
            for (figure, value) in results {
                switch value {
                case .number(let number): text += line(figure.key, NumberText.fixed(number, decimals: 3))
                case .named(let pairs):
                    for (name, number) in pairs { text += line("\(figure.key).\(name)", NumberText.fixed(number, decimals: 3)) }
                case .none: text += line(figure.key, "-")
                }
            }
        }
        try StandardStream.output.write(text)
    }

    /// The measurements behind the keys.
    struct Measure {
        var repeats: Int, width: Int, height: Int, data: String

        func value(of key: String) throws -> Value {
            switch key {
            case "render_ms": return .named(renderMilliseconds())
            case "key_to_frame_ms": return .number(keyToFrameMilliseconds())
            case "eval_10000x10_ms": return .number(median(max(repeats / 10, 3)) { _ = Bench.evaluateLargeBatch() })
            case "train_epoch_ms": return .number(try TrainingBenchmark.epochMilliseconds(epochs: max(repeats / 5, 5)).median)
            case "train_refresh_ms": return .number(try TrainingBenchmark.refreshMilliseconds(repeats: max(repeats / 5, 5)))
            case "train_tick_4_runs_ms": return .number(tickMilliseconds())
            case "analyze_samples_100000x512_10000_ms":
                return .number(try BenchModel.analyzeMilliseconds(folder: data, samplesOnly: true))
            case "analyze_100000x512_10000_ms":
                return .number(try BenchModel.analyzeMilliseconds(folder: data, samplesOnly: false))
            default: return .none
            }
        }

        func renderMilliseconds() -> [(String, Double)] {
            ViewKind.allCases.map { view in
                var state = AppState(width: width, height: height)
                state.view = view
                if view == .training {  // a trained picture: 10 epochs of digits under ArcFace
                    state.prepareTraining()
                    for _ in 0..<3 { update(&state, .key(.character("d"))) }
                    for _ in 0..<10 { update(&state, .key(.character("e"))) }
                }
                var buffer = Buffer(width: width, height: height)
                return (view.rawValue, median(repeats) { render(state, into: &buffer) })
            }
        }

        /// A key press: update the state, then render the new frame (what happens before curses flushes).
        func keyToFrameMilliseconds() -> Double {
            var state = AppState(width: width, height: height)
            var buffer = Buffer(width: width, height: height)
            let keys: [Key] = [.character("M"), .character("m"), .character("a"), .character("A"), .tab, .character("t")]
            var next = 0
            return median(repeats) {
                update(&state, .key(keys[next % keys.count]))
                next += 1
                render(state, into: &buffer)
            }
        }

        /// One frame of the L-Softmax figure playing: four runs, each two steps and a refresh.
        func tickMilliseconds() -> Double {
            var playing = AppState(width: width, height: height)
            playing.view = .training
            playing.prepareTraining()
            update(&playing, .key(.character("p")))  // the compare view's losses,
            update(&playing, .key(.character("p")))  // then the L-Softmax figure
            update(&playing, .key(.character(" ")))
            return median(max(repeats / 5, 5)) { update(&playing, .tick) }
        }
    }

    /// ArcFace on 10,000 two-dimensional samples and 10 classes, the size the eval speed target names.
    static func evaluateLargeBatch() -> Double {
        var generator = SeededGenerator(seed: 7)
        let weights = Matrix((0..<10).map { _ in [generator.nextGaussian(), generator.nextGaussian()] })
        let features = Matrix((0..<10_000).map { _ in [generator.nextGaussian(), generator.nextGaussian()] })
        let labels = (0..<10_000).map { $0 % 10 }
        return MarginLoss(.arcface).evaluate(Batch(checkedWeights: weights, features: features, labels: labels)).meanLoss
    }
}

/// The median wall time of `body` over `count` runs, in milliseconds (after one warm-up run).
func median(_ count: Int, _ body: () -> Void) -> Double {
    body()
    var times: [Double] = []
    for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[count / 2]
}
