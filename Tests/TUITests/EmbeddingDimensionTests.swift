import Geometry
import Testing
import Training
@testable import TUI

/// `z` in the training view: the runs restart with 3-D features (and back), the status line says so, the state
/// string records `dim=3` and reopens it.
@Suite(.serialized) struct EmbeddingDimensionTests {
    @Test func zTogglesThreeDimensionalFeaturesAndRestarts() throws {
        var state = AppState(width: 120, height: 40)
        update(&state, .key(.character("5")))
        for _ in 0..<2 { update(&state, .key(.character("."))) }
        #expect(state.training?.runs.first?.iteration == 2)
        #expect(state.training?.runs.first?.trainFeatures.columns == 2)
        update(&state, .key(.character("z")))
        let run = try #require(state.training?.runs.first)
        #expect(run.configuration.featureDimension == 3 && run.iteration == 0)
        #expect(run.trainFeatures.columns == 3 && run.classWeights.columns == 3)
        #expect(state.notice?.contains("3-D features; training restarted") == true, "\(state.notice ?? "")")
        #expect(StateString.format(state).contains("dim=3"))
        #expect(frame(state).lines.joined().contains("3-D"))
        update(&state, .key(.character("z")))
        #expect(state.training?.runs.first?.configuration.featureDimension == 2)
        #expect(!StateString.format(state).contains("dim="))
    }

    @Test func theDimensionKeyIsInTheHelp() {
        var state = AppState(width: 160, height: 40)
        update(&state, .key(.character("5")))
        let help = HelpOverlay.pages(state).flatMap { $0 }.map(\.text).joined(separator: "\n")
        #expect(help.contains("2-D or 3-D features"))
    }

    @Test func aThreeDimensionalRunReopensFromItsStateString() throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=training loss=cosface s=16 preset=single data=blobs dim=3", to: &state)
        state.prepareTraining()
        for _ in 0..<3 { update(&state, .key(.character("."))) }
        #expect(state.training?.runs.first?.configuration.featureDimension == 3)
        try StateRoundTripTests.expectSameScreen(state)
    }

    @Test(arguments: ["dim=4", "dim=1", "dim=x"])
    func aDimensionOutOfRangeIsRefused(token: String) {
        var state = AppState()
        #expect(throws: InputError.self) { try StateString.apply("view=training " + token, to: &state) }
        do { try StateString.apply("view=training " + token, to: &state) } catch {
            #expect(error.message.contains("from 2 to 3"), "\(error.message)")
        }
    }
}
