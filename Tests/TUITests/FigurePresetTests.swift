import Geometry
import Testing
import Training
@testable import TUI

/// The figure presets (issue 11): each is a state string that `--state` opens (whole, or as `preset=ID`), the `i`
/// key steps through them in order and opens the same state, and each shows what its paper's figure shows, checked
/// against the reference's known answers. Their whole frames are in FrameSnapshotTests (`preset-ID-120x40`).
@Suite struct FigurePresetTests {
    static func opened(_ text: String) throws -> AppState {
        var state = AppState(width: 120, height: 40)
        try StateString.apply(text, to: &state)
        return state
    }

    static func screen(_ id: String) throws -> String {
        var state = try opened("preset=\(id)")
        state.prepareTraining()
        return frame(state).lines.joined(separator: "\n")
    }

    @Test func everyPresetOpensFromItsStateStringAndByItsName() throws {
        #expect(Set(FigurePreset.all.map(\.id)).count == FigurePreset.all.count)
        for preset in FigurePreset.all {
            var whole = try Self.opened(preset.state)
            whole.prepareTraining()
            let named = try Self.opened("preset=\(preset.id)")
            #expect(StateString.format(whole) == StateString.format(named), "\(preset.id)")
            // What the screen shows reopens as it was.
            try StateRoundTripTests.expectSameScreen(whole)
        }
        // Tokens after the name change it: the preset is a starting point.
        #expect(try Self.opened("preset=arcface-fig4b theta=30,90").psiTheta == 30...90)
    }

    @Test func theKeyStepsThroughThePresetsAndWraps() throws {
        var state = AppState(width: 120, height: 40)
        for (index, preset) in FigurePreset.all.enumerated() {
            update(&state, .key(.character("i")))
            #expect(state.figurePreset == index)
            #expect(state.notice?.contains(preset.name) == true)
            #expect(StateString.format(state) == StateString.format(try Self.opened(preset.state)), "\(preset.id)")
        }
        #expect(state.view == .training)
        update(&state, .key(.character("i")))  // the training view goes on through the presets too, and wraps
        #expect(state.figurePreset == 0 && state.view == .plane)
        update(&state, .key(.character("I")))
        #expect(state.figurePreset == FigurePreset.all.count - 1)
        #expect(state.view == .training)  // the last is the training view's own L-Softmax preset
        #expect(state.training?.subject == .preset(TrainingPreset.lsoftmaxFigure()))
    }

    /// L-Softmax m = 2 with equal norms at 90°: the class-1 boundary at θ12/(m+1) = 30°, the margin
    /// (m−1)/(m+1) θ12 = 30°; with ‖W1‖ = 2‖W2‖ the reference gives 36.375192° from W1 and 21.470701° from W2, so
    /// the margin is 90° − 36.38° − 21.47° = 32.15°.
    @Test func theLSoftmaxGeometryPresetsShowTheReferenceAnswers() throws {
        let equal = try Self.screen("lsoftmax-geometry")
        #expect(equal.contains("margin 30.0°"), "\(equal)")
        let unequal = try Self.screen("lsoftmax-geometry-unequal")
        #expect(unequal.contains("margin 32.2°"), "\(unequal)")
        #expect(try Self.opened("preset=lsoftmax-geometry-unequal").normRatio == 2)
    }

    @Test func thePsiPresetsHoldThePapersCurves() throws {
        let am = try Self.opened("preset=amsoftmax-psi")
        #expect(am.loss.kind == .cosface && am.loss.m == 0.35)
        #expect(am.pins.map { [$0.m, $0.lambda] } == [[2, 0], [4, 0], [4, 5]] && am.pins.allSatisfy { $0.kind == .sphereface })
        #expect(PsiView.curves(am).map(\.name) == ["AM-Softmax m=0.35 s=30", "cos θ (softmax)", "A-Softmax m=2 lambda=0",
                                                  "A-Softmax m=4 lambda=0", "A-Softmax m=4 lambda=5"])
        let arc = try Self.opened("preset=arcface-fig4b")
        #expect(arc.psiTheta == 20...100)
        let triples = ([arc.loss] + arc.pins).map { [$0.m1, $0.m2, $0.m3] }
        // (1, 0, 0) is the cos θ curve the view draws for every margin loss.
        #expect(Set(triples + [[1, 0, 0]]) == [[1, 0, 0], [1.35, 0, 0], [1, 0.5, 0], [1, 0, 0.35], [1, 0.3, 0.2],
                                             [0.9, 0.4, 0.15]])
        let text = try Self.screen("arcface-fig4b")
        let ticks = try #require(text.split(separator: "\n").first { $0.contains("target logit") }.flatMap { _ in
            text.split(separator: "\n").dropLast(3).last })
        #expect(ticks.hasPrefix("      20") && ticks.contains("100"), "\(ticks)")
    }

    @Test func theMarginPresetsSetTheFourLossesSideBySide() throws {
        for (id, cosine) in [("margins-theta", false), ("margins-cosine", true)] {
            let state = try Self.opened("preset=\(id)")
            #expect(state.view == .compare && state.compareShowsMargins && state.cosineSpace == cosine)
            #expect(state.compareKinds == [.softmax, .sphereface, .cosface, .arcface])
            let text = try Self.screen(id)
            for note in ["one line: no margin", "a wedge θ2 = m·θ1", "cos θ1 − cos θ2 = ± m", "parallel lines θ2 = θ1 ± m"] {
                #expect(text.contains(note), "\(id): \(note)")
            }
            #expect(text.contains(cosine ? "cos θ1" : "θ1 in °"))
        }
        // c in the compare view: plane, then the (θ1, θ2) margins, then cosine space, then the plane again.
        var state = try Self.opened("view=compare")
        var seen: [String] = []
        for _ in 0..<3 {
            update(&state, .key(.character("c")))
            seen.append("\(state.compareShowsMargins) \(state.cosineSpace)")
        }
        #expect(seen == ["true false", "true true", "false false"])
    }
}
