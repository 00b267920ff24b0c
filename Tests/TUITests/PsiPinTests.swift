import Figures
import Geometry
import Testing
@testable import TUI

/// The ψ view's pins and zoom (issue 11): `p` keeps the current curve while the parameters change, each pin is
/// labelled with its parameters and removable, the θ and logit ranges zoom and move, and all of it is part of the
/// state string, so that reopening it gives the same screen.
@Suite struct PsiPinTests {
    static func press(_ keys: String, on state: inout AppState) {
        for key in keys { update(&state, .key(.character(key.unicodeScalars.first!))) }
    }

    static func psiState(_ text: String = "view=psi loss=sphereface m=2") throws -> AppState {
        var state = AppState(width: 100, height: 30)
        try StateString.apply(text, to: &state)
        return state
    }

    /// ArcFace Fig. 4b at 80x24: the panel is too narrow for `Combined s=64 m1=1 m2=0.5 m3=0`, so each combined
    /// curve is named by the parameters that tell the curves apart (s = 64 for all of them): the preset's
    /// (m1, m2, m3) = (0.9, 0.4, 0.15) for the current curve and (1.35, 0, 0), (1, 0.5, 0), (1, 0, 0.35),
    /// (1, 0.3, 0.2) for the pins, every one whole and no two alike.
    @Test func narrowLegendsNameWhatDiffersBetweenPins() throws {
        var state = AppState(width: 80, height: 24)
        try StateString.apply("preset=arcface-fig4b", to: &state)
        let layout = PlaneLayout(state: state)
        let legend = frame(state).lines.compactMap { line -> String? in
            let panel = String(String.UnicodeScalarView(Array(line.unicodeScalars).dropFirst(layout.panel.x)))
            guard let range = panel.range(of: "── ") else { return nil }
            let name = String(panel[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name  // not the rules above and below the legend
        }
        let expected = [(0.9, 0.4, 0.15), (1.35, 0, 0), (1, 0.5, 0), (1, 0, 0.35), (1, 0.3, 0.2)].map {
            "m1=\(NumberText.tidy($0.0)) m2=\(NumberText.tidy($0.1)) m3=\(NumberText.tidy($0.2))"
        }
        for name in expected {
            #expect(legend.contains { $0 == name || $0 == "Combined " + name }, "\(name) in \(legend)")
        }
        #expect(Set(legend).count == legend.count, "\(legend)")
        // Wide enough, every curve keeps its full name.
        var wide = AppState(width: 160, height: 48)
        try StateString.apply("preset=arcface-fig4b", to: &wide)
        #expect(frame(wide).lines.joined().contains("── Combined s=64 m1=1.35 m2=0 m3=0"))
    }

    @Test func pinsKeepTheirParametersAndRoundTrip() throws {
        var state = try Self.psiState()
        Self.press("pMp", on: &state)  // pin m=2, go to m=3, pin it
        #expect(state.pins.map(\.m) == [2, 3] && state.pins.allSatisfy { $0.kind == .sphereface })
        Self.press("MLL", on: &state)  // the current loss moves on: m=4, lambda 0 -> 0.5 -> 1
        #expect(state.pins.map(\.m) == [2, 3] && state.loss.m == 4 && state.loss.lambda == 1)
        let text = StateString.format(state)
        #expect(text.contains("pin=sphereface:m=2:lambda=0 pin=sphereface:m=3:lambda=0"), "\(text)")
        // Labelled with their parameters in the legend, and the other losses' faint curves give way to them.
        let screen = frame(state).lines.joined(separator: "\n")
        #expect(screen.contains("── A-Softmax m=2 lambda=0") && screen.contains("── A-Softmax m=3 lambda=0"))
        #expect(!screen.contains("AM-Softmax"))
        state.selectedControl = 0  // the side panel's selection is not part of the state string
        try StateRoundTripTests.expectSameScreen(state)
        Self.press("p", on: &state)
        #expect(state.pins.count == 3)
        Self.press("p", on: &state)
        #expect(state.pins.count == 3 && state.notice?.contains("already pinned") == true)
        Self.press("x", on: &state)
        #expect(state.pins.map(\.m) == [2, 3])
        Self.press("xx", on: &state)
        #expect(state.pins.isEmpty)
        Self.press("x", on: &state)
        #expect(state.notice == "no pins: p pins the current curve")
        #expect(!StateString.format(state).contains("pin="))
    }

    @Test func zoomAndMoveStayInsideTheHalfTurn() throws {
        var state = try Self.psiState("view=psi loss=arcface")
        Self.press("z", on: &state)
        #expect(state.psiTheta == 45...135)
        Self.press("]]]", on: &state)  // 67.5, 90, then stopped at the right end
        #expect(state.psiTheta == 90...180)
        Self.press("zzzzzzz", on: &state)  // 45, 22.5, 11.25, 5.625, then at least 5°
        #expect(abs((state.psiTheta.upperBound - state.psiTheta.lowerBound) - AppState.minimumThetaSpan) < 1e-9)
        Self.press("ZZZZZZZZ", on: &state)
        #expect(state.psiTheta == 0...180)
        Self.press("y", on: &state)
        let auto = PsiView.logitRange(try Self.psiState("view=psi loss=arcface"))
        let zoomed = try #require(state.psiLogit)
        #expect(abs((zoomed.upperBound - zoomed.lowerBound) - (auto.upperBound - auto.lowerBound) / 2) < 1e-6)
        Self.press("z[", on: &state)
        #expect(state.psiTheta == 22.5...112.5)
        let text = StateString.format(state)
        #expect(text.contains("theta=22.5,112.5") && text.contains("logit="), "\(text)")
        try StateRoundTripTests.expectSameScreen(state)
        // The figure shows the same range: every curve runs from one end of it to the other.
        let scene = try #require(ViewFigure.scene(state))
        #expect(scene.bounds.minX == 22.5 && scene.bounds.maxX == 112.5 && scene.bounds.minY == zoomed.lowerBound)
        for element in scene.elements where element.tags.classes.contains("curve") {
            guard case .polyline(let line) = element.shape else { Issue.record("a curve that is not a polyline"); continue }
            #expect(line.runs.first?.first?.x == 22.5 && line.runs.last?.last?.x == 112.5)
        }
    }

    @Test func badPinsAndRangesAreRefusedWithTheirRange() throws {
        func failure(_ text: String) -> String {
            var state = AppState()
            do { try StateString.apply(text, to: &state) } catch { return error.message }
            return "accepted"
        }
        #expect(failure("pin=nosuch").contains("pin=nosuch: 'nosuch' is not a loss"))
        #expect(failure("pin=cosface:m=9").contains("pin=cosface:m=9: m is out of range: it must be"))
        #expect(failure("pin=cosface:lambda=1").contains("lambda does not apply to cosface"))
        #expect(failure("pin=cosface:m").contains("is not name=value"))
        #expect(failure("theta=100,20").contains("theta=100,20 must be two numbers low,high with low < high, from 0 to 180"))
        #expect(failure("theta=20,22").contains("must span at least 5°"))
        #expect(failure("logit=a,1").contains("logit=a,1 must be two numbers"))
        #expect(failure(Array(repeating: "pin=softmax", count: 9).joined(separator: " ")).contains("at most 8 pins"))
        #expect(failure("pin=arcface:m=0.4:easy_margin=1 theta=20,100 logit=-1,1") == "accepted")
    }
}
