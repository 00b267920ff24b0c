import Geometry
import Testing
import Training
@testable import TUI

@Suite(.serialized) struct TrainingViewTests {
    static func openTraining() -> AppState {
        var state = AppState(width: 120, height: 40)
        update(&state, .key(.character("5")))
        return state
    }

    @Test func openingTheViewStartsASingleRunOfTheCurrentLoss() throws {
        let state = Self.openTraining()
        let session = try #require(state.training)
        #expect(session.runs.count == 1)
        #expect(session.runs[0].configuration.loss == state.loss)
        #expect(session.runs[0].iteration == 0 && !session.playing)
        #expect(!state.wantsTicks)
    }

    @Test func playStepEpochAndRestart() {
        var state = Self.openTraining()
        update(&state, .key(.character(".")))
        #expect(state.training!.runs[0].iteration == 1)
        update(&state, .key(.character(" ")))
        #expect(state.wantsTicks)
        update(&state, .tick)
        #expect(state.training!.runs[0].iteration == 1 + state.training!.speed)
        update(&state, .key(.character(" ")))
        update(&state, .tick)  // paused: ticks do nothing
        #expect(state.training!.runs[0].iteration == 1 + state.training!.speed)
        update(&state, .key(.character("e")))
        #expect(state.training!.runs[0].epoch == 1)
        update(&state, .key(.character("r")))
        #expect(state.training!.runs[0].iteration == 0 && state.training!.runs[0].epoch == 0)
    }

    @Test func changingTheLossRestartsFromTheSameNetwork() {
        var state = Self.openTraining()
        let start = state.training!.runs[0].trainFeatures
        update(&state, .key(.character("e")))
        update(&state, .key(.character("t")))  // next loss: combined
        #expect(state.training!.runs[0].configuration.loss.kind == .combined)
        #expect(state.training!.runs[0].iteration == 0)
        #expect(state.training!.runs[0].trainFeatures == start)
    }

    @Test func presetsTrainSideBySideFromOneStart() throws {
        var state = Self.openTraining()
        update(&state, .key(.character("p")))  // the compare view's losses, on the chosen data
        #expect(state.training!.runs.map(\.configuration.loss) == state.compareKinds.map { state.losses[$0]! })
        update(&state, .key(.character("p")))  // the L-Softmax figure
        let runs = state.training!.runs
        #expect(runs.map(\.configuration.name) == ["Softmax", "L-Softmax m=2", "L-Softmax m=3", "L-Softmax m=4"])
        for run in runs.dropFirst() { #expect(run.trainFeatures == runs[0].trainFeatures) }
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("L-Softmax figure · digits · epoch 0 step 0 · paused"))
        update(&state, .key(.character("d")))
        #expect(state.notice == "this preset brings its own data: p changes the preset")
    }

    @Test func theSidePanelShowsTheRunsNumbers() {
        var state = Self.openTraining()
        update(&state, .key(.character("e")))
        let run = state.training!.runs[0]
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("epoch 1  step \(run.iteration)"))
        #expect(text.contains("train " + TrainingView.percent(run.metrics.trainAccuracy) + "  test "
                              + TrainingView.percent(run.metrics.testAccuracy)))
        #expect(text.contains("spread " + degrees(run.metrics.meanIntraClassAngle)))
        #expect(text.contains("data " + run.dataset.name))
    }

    /// The panel reads the collapse from the run's metrics, as `train` does: none at step 0; after one step on the
    /// rings the network still points two classes the same way, and the panel names the pair.
    @Test func theSidePanelSaysWhenClassesShareADirection() throws {
        var state = Self.openTraining()
        update(&state, .key(.character("d")))  // rings
        #expect(!frame(state).lines.joined().contains("collapsed"))
        update(&state, .key(.character(".")))
        let run = state.training!.runs[0]
        let collapse = try #require(run.metrics.collapse)
        #expect(frame(state).lines.joined(separator: "\n").contains(collapse.summary(classNames: run.dataset.classNames)))
    }
}
