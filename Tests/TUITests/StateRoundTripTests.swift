import Geometry
import Testing
import Training
@testable import TUI

/// Issue 8, item 2: the state string describes what is on screen, and reopening it gives the same screen: format,
/// apply to a fresh state, render, and the frames agree cell for cell, for every view, every training subject and
/// a loaded run.
@Suite struct StateRoundTripTests {
    /// `state` reopened from its own state string (a loaded run is read again by `open`, as the front end does).
    static func reopened(_ state: AppState, loading run: LoadedRun? = nil) throws -> AppState {
        var copy = AppState(width: state.width, height: state.height)
        try StateString.apply(StateString.format(state), to: &copy)
        if let path = copy.pendingLoad, let run {
            #expect(path == run.path)
            copy.open(run)
        }
        copy.prepareTraining()
        return copy
    }

    static func expectSameScreen(_ state: AppState, loading run: LoadedRun? = nil,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let again = try reopened(state, loading: run)
        let (before, after) = (frame(state), frame(again))
        let report = StateString.format(state) + "\n" + Snapshot.differences(
            expected: before.lines.joined(separator: "\n"), actual: after.lines.joined(separator: "\n"))
        #expect(before.lines == after.lines, Comment(rawValue: report), sourceLocation: sourceLocation)
        #expect(before.cells == after.cells, "styles differ", sourceLocation: sourceLocation)
    }

    @Test(arguments: ViewKind.allCases)
    func everyViewReopensAsItWas(view: ViewKind) throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=\(view.rawValue) loss=cosface m=0.3 s=20 angle=75 ratio=1.5 compare=softmax,arcface,"
                              + "combined,normface sphereface.m=3 space=cosine", to: &state)
        state.prepareTraining()
        try Self.expectSameScreen(state)
    }

    /// A preset names its own data, and its runs reopen at the step they had reached.
    @Test func aPresetSaysItsDataAndReopensAtItsStep() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training preset=lsoftmax-figure", to: &state)
        state.prepareTraining()
        for _ in 0..<3 { update(&state, .key(.character("."))) }
        let text = StateString.format(state)
        #expect(text.contains("preset=lsoftmax-figure data=digits") && text.contains("step=3"), "\(text)")
        #expect(!text.contains("data=blobs"))
        try Self.expectSameScreen(state)
    }

    @Test func aSingleRunReopensWithItsDataSeedRateStopAndPicture() throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=training loss=cosface preset=single data=rings seed=4", to: &state)
        state.prepareTraining()
        for key in ["]", "}", ".", ".", "v", "g", "u", ">"] { update(&state, .key(.character(Unicode.Scalar(key)!))) }
        let text = StateString.format(state)
        for token in ["data=rings", "seed=4", "lr=0.02", "until=10", "step=2", "samples=train", "figure=glyphs",
                      "circle=1", "speed=5"] {
            #expect(text.contains(token), "\(token) in \(text)")
        }
        try Self.expectSameScreen(state)
    }

    @Test func theCompareViewsLossesReopen() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training preset=compare data=spirals compare=softmax,cosface", to: &state)
        state.prepareTraining()
        update(&state, .key(.character("e")))
        #expect(state.training?.runs.count == 2)
        try Self.expectSameScreen(state)
    }

    /// A loaded run says so (`load=PATH`, quoted where the path has spaces), and the state string reopens it.
    @Test func aLoadedRunIsNamedAndReopens() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 1)
        let configuration = TrainingConfiguration(loss: MarginLoss(.cosface), hiddenSizes: [16], batchSize: 32, seed: 1)
        var trainer = try Trainer(configuration: configuration, dataset: data)
        trainer.runEpoch()
        let saved = LoadedRun(path: "my runs/\"a\".npz", run: SavedRun(trainer, source: .blobs(classes: 4, dimension: 2)),
                              dataset: data)
        var state = AppState(width: 100, height: 30)
        state.open(saved)
        state.prepareTraining()
        let text = StateString.format(state)
        #expect(text.contains(#"load="my runs/\"a\".npz""#), "\(text)")
        #expect(!text.contains("preset=") && !text.contains("data=blobs"))
        try Self.expectSameScreen(state, loading: saved)
        update(&state, .key(.character(".")))  // trained on: the step is part of the string
        #expect(StateString.format(state).contains("step=\(trainer.iteration + 1)"))
        try Self.expectSameScreen(state, loading: saved)
        let picture = LoadedRun(path: "run.json", run: SavedRun(trainer), dataset: nil)
        var frozen = AppState(width: 100, height: 30)
        frozen.open(picture)
        frozen.prepareTraining()
        try Self.expectSameScreen(frozen, loading: picture)
    }

    /// Reopening trains the runs again, so the step asked for is bounded.
    @Test func aStepBeyondTheLimitIsRefused() {
        var state = AppState()
        do {
            try StateString.apply("view=training step=100001", to: &state)
            Issue.record("accepted")
        } catch {
            #expect(error.message.hasPrefix("state: step=100001 is out of range: it must be a whole number from 0 to 100000"))
        }
    }

    @Test func quotedValuesReadBack() throws {
        let pairs = try StateString.pairs(of: #"view=training load="a b\\c\"d.npz" seed=2"#)
        #expect(pairs.map(\.key) == ["view", "load", "seed"])
        #expect(pairs[1].value == #"a b\c"d.npz"#)
        #expect(StateString.quotedValue(#"a b\c"d.npz"#) == #""a b\\c\"d.npz""#)
        #expect(StateString.quotedValue("plain.npz") == "plain.npz")
        #expect(throws: InputError.self) { try StateString.pairs(of: #"load="unclosed"#) }
    }

    /// The line printed on quitting reopens the view from a POSIX shell, whatever quotes the path has.
    @Test func theQuitLineIsQuotedForTheShell() {
        var state = AppState()
        var session = TrainingSession()
        let run = SavedRun(loss: MarginLoss(.softmax), weights: Matrix([[1, 0], [0, 1]]), features: Matrix([[1, 1]]),
                           labels: [0])
        session.subject = .loaded(LoadedRun(path: "it's here.json", run: run, dataset: nil))
        state.training = session
        state.view = .training
        let line = StateString.shellCommand(state)
        #expect(line.hasPrefix("margin-explorer --state '") && line.contains(#"load="it'\''s here.json""#), "\(line)")
    }

    /// A preset brings its own data: another one in the state string is refused, naming the preset's.
    @Test func aPresetsDataCannotBeReplaced() {
        var state = AppState()
        do {
            try StateString.apply("view=training preset=angular-margins data=rings", to: &state)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "state: data=rings: the preset angular-margins trains on its own data, digits")
        }
    }
}
