import Analysis
import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import TUI

/// View 6 on the NumPy-made model of Tests/AnalysisTests/Fixtures (300 samples, 10 classes, d = 16): the fraction
/// meeting the margin follows the keys, the state string names the files and reopens the same screen, and a screen
/// without a model says how to open one.
@Suite struct ModelViewTests {
    /// The files as the state string writes them: relative to the package, so that frames do not name this machine.
    static let relativeFixture = "Tests/AnalysisTests/Fixtures/model.npz"
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let files = ModelFiles(embeddings: relativeFixture, labels: relativeFixture, weights: [relativeFixture])

    /// What the front end does: read the files (here from the package root) and analyse them once for every loss.
    static func session(_ files: ModelFiles = files, loss: MarginLoss = MarginLoss(.arcface)) throws -> ModelSession {
        func location(_ path: String) -> ArrayLocation {
            ArrayLocation(path.hasPrefix("/") ? path : packageRoot.appendingPathComponent(path).path)
        }
        let input = try ModelInput.read(embeddings: location(files.embeddings), labels: location(files.labels),
                                        weights: files.weights.map(location))
        return ModelSession(files: files, analysis: ModelAnalysis(input, loss: loss, threads: 2, everyLoss: true))
    }

    /// The state a state string opens, with the model it names read as the front end reads it.
    static func state(_ text: String, width: Int = 80, height: Int = 24) throws -> AppState {
        var state = AppState(width: width, height: height)
        try StateString.apply(text, to: &state)
        if let files = state.pendingModel {
            let view = state.view
            state.open(try session(files, loss: state.loss))
            state.view = view
        }
        return state
    }

    /// The fraction the NumPy script computed independently for ArcFace m = 0.5, s = 64 (expected_summary.json:
    /// 158 of 300), shown at the start and kept when m goes up one step and back down.
    @Test func theFractionFollowsTheKeys() throws {
        var state = try Self.state("view=model loss=arcface m=0.5 s=64 " + ModelTokens.tokens(Self.files).joined(separator: " "))
        let numpy = try Self.numpyFraction()
        #expect(state.model?.current.fractionMeetingMargin == numpy)
        #expect(state.model?.meetingMargin == 158)
        #expect(frame(state).lines.joined().contains("meets margin 52.7%  158/300"))
        update(&state, .key(.character("M")))
        #expect(state.loss.m == 0.55 && state.model?.current.loss.m == 0.55)
        let wider = try #require(state.model?.current.fractionMeetingMargin)
        #expect(wider < numpy)  // a wider margin: fewer samples meet it
        update(&state, .key(.character("m")))
        #expect(state.model?.current.fractionMeetingMargin == numpy)
        for _ in 0 ..< LossKind.allCases.count {  // every other loss: its own margin test, as a fresh analysis's
            update(&state, .key(.character("t")))
            #expect(state.model?.current.loss == state.loss)
            let fresh = try Self.session(loss: state.loss)
            #expect(state.model?.current.fractionMeetingMargin == fresh.current.fractionMeetingMargin, "\(state.loss.kind)")
            #expect(state.model?.current.fractionMisclassified == fresh.current.fractionMisclassified, "\(state.loss.kind)")
        }
    }

    /// The angles are computed once: keys re-test the margins of the same table, never a new pass.
    @Test func keysKeepTheAnglesAndRetestOnlyTheMargins() throws {
        var state = try Self.state("view=model " + ModelTokens.tokens(Self.files).joined(separator: " "))
        let angles = try #require(state.model?.analysis.table.thetaTargetDegrees)
        for key: Unicode.Scalar in ["M", "M", "t", "s", "T"] { update(&state, .key(.character(key))) }
        #expect(state.model?.current.table.thetaTargetDegrees == angles)
        #expect(state.model?.current.loss == state.loss)
    }

    static func numpyFraction() throws -> Double {
        let url = packageRoot.appendingPathComponent("Tests/AnalysisTests/Fixtures/expected_summary.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(object?["fraction_meeting_margin"] as? Double)
    }

    /// The state string names the files (a path with a space quoted), reopening it reads the same files, and the
    /// screen comes back cell for cell, in the Model view and in another view with the model open.
    @Test(arguments: ["model", "plane"])
    func theStateStringReopensTheSameScreen(view: String) throws {
        let spaced = ModelFiles(embeddings: "my model/e.npz", labels: Self.relativeFixture, weights: ["a.npz", "b c.npz"],
                                layout: "classes-by-dims")
        #expect(ModelTokens.tokens(spaced) == ["embeddings=\"my model/e.npz\"", "labels=" + Self.relativeFixture,
                                               "weights=a.npz", "weights=\"b c.npz\"", "weights_layout=classes-by-dims"])
        var pending = AppState()
        try StateString.apply("view=model " + ModelTokens.tokens(spaced).joined(separator: " "), to: &pending)
        #expect(pending.pendingModel == spaced)

        let state = try Self.state("view=\(view) loss=cosface m=0.3 s=30 " + ModelTokens.tokens(Self.files)
            .joined(separator: " "), width: 160, height: 48)
        let text = StateString.format(state)
        #expect(text.contains("embeddings=\(Self.relativeFixture) labels=\(Self.relativeFixture) weights=\(Self.relativeFixture)"))
        let again = try Self.state(text, width: 160, height: 48)
        #expect(frame(state).lines == frame(again).lines)
        #expect(frame(state).cells == frame(again).cells, "styles differ")
    }

    /// A state string with some of the files only is refused, naming what is missing.
    @Test func aModelNeedsAllThreeFiles() {
        var state = AppState()
        #expect(throws: InputError.self) { try StateString.apply("view=model embeddings=e.npy weights=w.npy", to: &state) }
        do { try StateString.apply("embeddings=e.npy", to: &state) } catch {
            #expect(error.message.contains("labels= and weights= are missing"))
        }
    }

    /// Without a model the view says how to open one, and the loss keys still work; softmax (no parameters) in the
    /// Model view leaves ←/→ and ↑/↓ with a notice, not a crash.
    @Test func withoutAModelTheViewSaysHowToOpenOne() {
        var state = AppState()
        update(&state, .key(.character("6")))
        #expect(state.view == .model)
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("No model open.") && text.contains("--embeddings E --labels L --weights W"))
        while state.lossKind != .softmax { update(&state, .key(.character("t"))) }
        update(&state, .key(.right))
        #expect(state.notice?.contains("no parameters") == true)
        update(&state, .key(.down))
        #expect(state.notice?.contains("no parameters") == true)
    }

    /// The panel's figures: the data's size, the smallest weight gap of the NumPy script (13.479°), and the two
    /// close classes 3 and 7 (made 0.15 apart in the script) as the worst.
    @Test func thePanelShowsTheSummaryAndTheWorstClasses() throws {
        let state = try Self.state("view=model loss=arcface m=0.5 " + ModelTokens.tokens(Self.files).joined(separator: " "))
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("N 300  K 10  d 16"))
        #expect(text.contains("gap W 13.5°"))
        #expect(text.contains("worst 3 27/27 · 7 26/26"))
    }
}
