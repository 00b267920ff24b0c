import ArgumentParser
import Foundation
import Geometry
import Training
import TUI

/// `margin-explorer bench`: how long the work behind each frame takes, measured with a monotonic clock.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure rendering, key handling and loss evaluation speed (run it on a release build).",
        discussion: "Each figure is the median over --repeats runs, in milliseconds.")

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Runs per measurement, 3 to 10000.", valueName: "count"))
    var repeats = 50

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame width for the render figures, 60 to 1000.", valueName: "columns"))
    var width = 200

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame height for the render figures, 18 to 500.", valueName: "rows"))
    var height = 60

    func run() throws {
        guard (3...10_000).contains(repeats) else { throw UsageError("--repeats \(repeats) is out of range: 3 to 10000") }
        guard (60...1000).contains(width) else { throw UsageError("--width \(width) is out of range: 60 to 1000") }
        guard (18...500).contains(height) else { throw UsageError("--height \(height) is out of range: 18 to 500") }
        var renderMilliseconds: [(String, Double)] = []
        for view in ViewKind.allCases {
            var state = AppState(width: width, height: height)
            state.view = view
            if view == .training {  // a trained picture: 10 epochs of digits under ArcFace
                state.prepareTraining()
                for _ in 0..<3 { update(&state, .key(.character("d"))) }
                for _ in 0..<10 { update(&state, .key(.character("e"))) }
            }
            var buffer = Buffer(width: width, height: height)
            renderMilliseconds.append((view.rawValue, median(repeats) { render(state, into: &buffer) }))
        }
        // A key press: update the state, then render the new frame (what happens before curses flushes).
        var state = AppState(width: width, height: height)
        var buffer = Buffer(width: width, height: height)
        let keys: [Key] = [.character("M"), .character("m"), .character("a"), .character("A"), .tab, .character("t")]
        var next = 0
        let keyMilliseconds = median(repeats) {
            update(&state, .key(keys[next % keys.count]))
            next += 1
            render(state, into: &buffer)
        }
        let evalMilliseconds = median(max(repeats / 10, 3)) { _ = Self.evaluateLargeBatch() }
        // One epoch of the digits, network 64-128-128-2, Adam, batch 128, on this thread (one core).
        let epoch = try TrainingBenchmark.epochMilliseconds(epochs: max(repeats / 5, 5))
        let refresh = try TrainingBenchmark.refreshMilliseconds(repeats: max(repeats / 5, 5))
        // One frame of the L-Softmax figure playing: four runs, each two steps and a refresh. Keys wait for at most this.
        var playing = AppState(width: width, height: height)
        playing.view = .training
        playing.prepareTraining()
        update(&playing, .key(.character("p")))  // the compare view's losses,
        update(&playing, .key(.character("p")))  // then the L-Softmax figure
        update(&playing, .key(.character(" ")))
        let tick = median(max(repeats / 5, 5)) { update(&playing, .tick) }

        var text = ""
        if json {
            var views = JSONObjectWriter()
            for (name, value) in renderMilliseconds { try views.add(name, value) }
            var object = JSONObjectWriter()
            object.add("render_ms", json: views.result.trimmingCharacters(in: .newlines)
                .replacingOccurrences(of: "\n", with: "\n  "))
            object.add("frame_size", json: JSON.string("\(width)x\(height)"))
            try object.add("key_to_frame_ms", keyMilliseconds)
            try object.add("eval_10000x10_ms", evalMilliseconds)
            try object.add("train_epoch_ms", epoch.median)
            try object.add("train_refresh_ms", refresh)
            try object.add("train_tick_4_runs_ms", tick)
            text = object.result
        } else {
            func line(_ name: String, _ value: Double) -> String {
                name.padding(toLength: 24, withPad: " ", startingAt: 0) + format(value) + "\n"
            }
            text = "median milliseconds over \(repeats) runs, frame \(width)x\(height)\n"
            for (name, value) in renderMilliseconds { text += line("render \(name)", value) }
            text += line("key to frame", keyMilliseconds) + line("eval 10000 x 10 classes", evalMilliseconds)
                + line("train epoch (digits)", epoch.median) + line("train refresh (digits)", refresh)
                + line("train tick, 4 runs", tick)
        }
        try StandardStream.output.write(text)
    }

    /// ArcFace on 10,000 two-dimensional samples and 10 classes, the size the eval speed target names.
    static func evaluateLargeBatch() -> Double {
        var generator = SeededGenerator(seed: 7)
        let weights = Matrix((0..<10).map { _ in [generator.nextGaussian(), generator.nextGaussian()] })
        let features = Matrix((0..<10_000).map { _ in [generator.nextGaussian(), generator.nextGaussian()] })
        let labels = (0..<10_000).map { $0 % 10 }
        return MarginLoss(.arcface).evaluate(Batch(checkedWeights: weights, features: features, labels: labels)).meanLoss
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
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
