import Geometry
import Testing
@testable import TUI

/// Compare panels with their own parameters (issue 11): the same loss twice at different settings, each panel
/// changed alone, the state string carrying each panel's parameters, and the screen reopening as it was.
@Suite struct ComparePanelTests {
    static func press(_ keys: [Key], on state: inout AppState) { for key in keys { update(&state, .key(key)) } }

    @Test func theSameLossTwiceKeepsTwoSettings() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=compare compare=cosface,cosface", to: &state)
        #expect(state.comparePanels == [MarginLoss(.cosface), MarginLoss(.cosface)])
        // Panel 1: m down to 0.3; panel 2: s up to 64 and m up to 0.4. Neither touches the other nor the shared loss.
        Self.press([.character("m")], on: &state)
        Self.press([.tab, .character("S"), .character("M")], on: &state)
        #expect(state.comparePanels.map(\.m) == [0.3, 0.4] && state.comparePanels.map(\.s) == [64, 80])
        #expect(state.losses[.cosface] == MarginLoss(.cosface))
        let text = StateString.format(state)
        #expect(text.contains("compare=cosface:m=0.3,cosface:m=0.4:s=80"), "\(text)")
        let screen = frame(state).lines.joined(separator: "\n")
        #expect(screen.contains("AM-Softmax m=0.3 s=64") && screen.contains("AM-Softmax m=0.4 s=80"))
        // The margins differ as CosFace's known answer says: θ12/2 − asin(m / (2 sin(θ12/2))) per side at 90°,
        // so the margin 90° − 2 (45° − asin(m/√2)) = 2 asin(m/√2): 24.49° for 0.3, 32.86° for 0.4.
        #expect(screen.contains("margin 24.5°") && screen.contains("margin 32.9°"))
        (state.selectedControl, state.focusedPanel) = (0, 0)  // selections are not part of the state string
        try StateRoundTripTests.expectSameScreen(state)
    }

    @Test func panelWordsAreReadAgainstTheLossesOwnParameters() throws {
        var state = AppState()
        try StateString.apply("view=compare cosface.m=0.25 compare=cosface,cosface:m=0.1,arcface:m=0.3:easy_margin=1", to: &state)
        #expect(state.comparePanels.map(\.m) == [0.25, 0.1, 0.3] && state.comparePanels[2].easyMargin)
        var bad = AppState()
        #expect(throws: InputError.self) { try StateString.apply("compare=cosface:m=2,softmax", to: &bad) }
        do { try StateString.apply("compare=cosface:m=2,softmax", to: &bad) } catch {
            #expect(error.message.contains("compare=cosface:m=2: m is out of range: it must be"))
        }
        do { try StateString.apply("compare=cosface,nosuch", to: &bad) } catch {
            #expect(error.message.contains("compare has 'nosuch', which is not a loss"))
        }
    }
}
