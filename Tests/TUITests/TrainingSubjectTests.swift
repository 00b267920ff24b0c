import Geometry
import Testing
import Training
@testable import TUI

/// Issue 8, items 3 to 5 in the training view: a preset owns its losses, a loaded run continues exactly, the
/// figure tells classes and test samples apart, stops at its epoch, and says which accuracy it shows.
@Suite struct TrainingSubjectTests {
    static func press(_ keys: String, on state: inout AppState) {
        for key in keys.unicodeScalars { update(&state, .key(.character(key))) }
    }

    /// Item 4: in a multi-run preset the loss keys change nothing hidden; they say that the preset owns its losses.
    @Test(arguments: ["t", "T", "m", "M", "s", "S", "l", "L"])
    func aPresetOwnsItsLosses(key: String) throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training preset=lsoftmax-figure", to: &state)
        state.prepareTraining()
        let (losses, kind, runs) = (state.losses, state.lossKind, state.training?.runs.map(\.configuration))
        Self.press(key, on: &state)
        #expect(state.notice == "this preset trains its own losses: p changes the preset")
        #expect(state.losses == losses && state.lossKind == kind && state.training?.runs.map(\.configuration) == runs)
        #expect(!frame(state).lines[0].contains("ArcFace"), "the title names the preset, not a hidden loss")
    }

    @Test func theCompareSubjectSendsLossKeysToViewFour() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training preset=compare", to: &state)
        state.prepareTraining()
        Self.press("m", on: &state)
        #expect(state.notice?.hasPrefix("the compare view's losses train here") == true)
        #expect(state.losses == LossSet())
    }

    /// Item 3: a run saved with its training state continues exactly where it stopped: two epochs, saved, loaded
    /// and trained two more give the parameters of four epochs straight, bit for bit.
    @Test func aLoadedRunContinuesAsIfItHadNeverStopped() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 3)
        var configuration = TrainingConfiguration(loss: MarginLoss(.lsoftmax), hiddenSizes: [16], batchSize: 32, seed: 3)
        configuration.lambdaSchedule = .digits
        var straight = try Trainer(configuration: configuration, dataset: data)
        for _ in 0..<4 { straight.runEpoch() }
        var half = try Trainer(configuration: configuration, dataset: data)
        for _ in 0..<2 { half.runEpoch() }
        let saved = LoadedRun(path: "run.npz", run: SavedRun(half, source: .blobs(classes: 4, dimension: 2)), dataset: data)
        var state = AppState()
        state.open(saved)
        state.prepareTraining()
        #expect(state.training?.runs.first?.epoch == 2)
        Self.press("ee", on: &state)
        let resumed = try #require(state.training?.runs.first)
        #expect(resumed.epoch == 4 && resumed.iteration == straight.iteration)
        #expect(resumed.progress == straight.progress)
        #expect(resumed.trainFeatures == straight.trainFeatures && resumed.lossHistory == straight.lossHistory)
    }

    /// A run saved as JSON holds features only: Space says so and how to get back, and r trains afresh.
    @Test func aJSONRunSaysWhyItCannotContinue() throws {
        let data = try Dataset.blobs(samplesPerClass: 40, seed: 3)
        var trainer = try Trainer(configuration: TrainingConfiguration(loss: MarginLoss(.cosface), hiddenSizes: [16], seed: 3),
                                  dataset: data)
        trainer.runEpoch()
        var state = AppState()
        state.open(LoadedRun(path: "run.json", run: SavedRun(trainer), dataset: nil))
        state.prepareTraining()
        Self.press(" ", on: &state)
        #expect(state.notice?.hasPrefix("saved as JSON: features only") == true && state.training?.playing == false)
        #expect(frame(state).lines.joined(separator: " ").contains("save as .npz"))
        Self.press("r", on: &state)
        #expect(state.training?.subject == .single(.blobs) && state.loss.kind == .cosface)
        #expect(state.training?.runs.first?.iteration == 0)
    }

    /// Item 5: up to 50 classes differ in shape or colour; test marks are the hollow shapes of training marks.
    @Test func classMarksDifferForFiftyClasses() {
        let theme = Theme.rich
        let marks = (0..<50).map { "\(ClassMarks.glyph($0, test: false)) \(theme.markStyle($0).foreground.index)" }
        #expect(Set(marks).count == 50)
        for index in 0..<50 { #expect(ClassMarks.glyph(index, test: true) != ClassMarks.glyph(index, test: false)) }
        let hues = Set((0..<10).map { theme.markStyle($0).foreground.index })
        #expect(hues.count == 10)
    }

    /// The digits draw as shapes by default, training samples filled and test samples hollow, with a legend; the
    /// panel headers say which accuracy they show.
    @Test func theFigureOfTheDigitsShowsShapesALegendAndBothAccuracies() throws {
        var state = AppState(width: 160, height: 48)
        try StateString.apply("view=training preset=angular-margins", to: &state)
        state.prepareTraining()
        Self.press(".", on: &state)
        let text = frame(state).lines.joined(separator: "\n")
        #expect(state.training?.figure.style(classes: 10) == .glyphs)
        for mark in ["●0", "■1", "▲2", "◆3", "★4", "filled: train, hollow: test"] { #expect(text.contains(mark), "\(mark)") }
        #expect(text.contains("○") || text.contains("□") || text.contains("△"), "some cell holds only test samples")
        let run = try #require(state.training?.runs.first)
        let header = "train " + String(format: "%.1f%%", 100 * run.metrics.trainAccuracy) + "  test "
            + String(format: "%.1f%%", 100 * run.metrics.testAccuracy)
        #expect(text.contains(header), "\(header)")
        #expect(!text.contains("acc "))
    }

    /// A preset stops at its epoch by itself and says so; `until=` chooses another stop.
    @Test func aPresetStopsAtItsEpochAndSaysSo() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training preset=lsoftmax-figure until=1", to: &state)
        state.prepareTraining()
        #expect(state.training?.stopEpoch == 1)
        Self.press(" ", on: &state)
        var ticks = 0
        while state.training?.playing == true && ticks < 100 { update(&state, .tick); ticks += 1 }
        #expect(state.training?.runs.allSatisfy { $0.epoch == 1 && $0.iteration == $0.stepsPerEpoch } == true)
        #expect(state.notice?.hasPrefix("finished at epoch 1") == true)
        #expect(frame(state).lines.joined().contains("epoch 1/1"))
        Self.press(" ", on: &state)
        #expect(state.training?.playing == false && state.notice?.hasPrefix("finished at epoch 1") == true)
        Self.press("}", on: &state)
        #expect(state.training?.stopEpoch == 10)
        var preset = AppState()
        try StateString.apply("view=training preset=lsoftmax-figure", to: &preset)
        #expect(preset.training?.stopEpoch == 40)
    }
}
