import Geometry
import Testing
@testable import TUI

@Suite struct UpdateTests {
    static func press(_ keys: [Key], on state: inout AppState) {
        for key in keys { update(&state, .key(key)) }
    }

    @Test func marginKeysStepAndStopAtTheLimitWithANotice() {
        var state = AppState()
        Self.press([.character("M")], on: &state)
        #expect(abs(state.loss.m - 0.55) < 1e-12)
        Self.press(Array(repeating: .character("M"), count: 40), on: &state)
        #expect(state.loss.m == 1.5)
        #expect(state.notice == "m is at its maximum, 1.5")
        Self.press([.character("m")], on: &state)
        #expect(abs(state.loss.m - 1.45) < 1e-12)
        #expect(state.notice == nil)
    }

    @Test func wholeNumberMarginsAndLadders() {
        var state = AppState()
        state.lossKind = .lsoftmax
        Self.press([.character("m"), .character("m"), .character("m"), .character("m")], on: &state)
        #expect(state.loss.m == 1)
        #expect(state.notice == "m is at its minimum, 1")
        state.lossKind = .cosface
        Self.press([.character("s")], on: &state)  // 64 -> 56 on the ladder
        #expect(state.loss.s == 56)
        Self.press([.character("W")], on: &state)
        #expect(state.normRatio == 1.1)
        Self.press([.character("A")], on: &state)
        #expect(state.separation.degrees == 95)
    }

    @Test func parametersAStateLossDoesNotTakeAreRefusedWithANotice() {
        var state = AppState()
        state.lossKind = .softmax
        Self.press([.character("M")], on: &state)
        #expect(state.notice == "m does not apply to Softmax (it has no parameters)")
        #expect(state.loss == MarginLoss(.softmax))
    }

    @Test func eachLossKeepsItsOwnParameters() {
        var state = AppState()
        Self.press([.character("M"), .character("t"), .character("T")], on: &state)
        #expect(state.lossKind == .arcface)
        #expect(abs(state.loss.m - 0.55) < 1e-12)
        Self.press([.character("t")], on: &state)
        #expect(state.lossKind == .combined)
    }

    @Test func arrowsSelectAndChangeTheSidePanelControls() {
        var state = AppState()  // arcface: m, s, angle, ratio
        Self.press([.down, .down, .right], on: &state)
        #expect(state.separation.degrees == 95)
        Self.press([.up, .up, .up], on: &state)  // wraps to ratio
        #expect(state.controls[state.selectedControl] == .normRatio)
    }

    @Test func quitKeys() {
        for key in [Key.character("q"), .escape, .controlC] {
            var state = AppState()
            update(&state, .key(key))
            #expect(state.quits)
        }
    }

    /// Issue 8, item 8: the key that closes the help also acts, so q quits at once; ? turns the page or closes
    /// the last one, and Esc only closes (it never quits from the help).
    @Test func helpClosesOnTheNextKeyAndThatKeyActs() {
        var state = AppState()
        Self.press([.character("?")], on: &state)
        #expect(state.showsHelp)
        Self.press([.character("M")], on: &state)
        #expect(!state.showsHelp && state.loss.m == 0.55)
        Self.press([.character("?"), .character("q")], on: &state)
        #expect(state.quits)
        var escape = AppState()
        Self.press([.character("?"), .escape], on: &escape)
        #expect(!escape.showsHelp && !escape.quits)
        var pages = AppState(width: 80, height: 24)  // keys and symbols do not fit one page here
        #expect(HelpOverlay.pages(pages).count == 2)
        Self.press([.character("?"), .character("?")], on: &pages)
        #expect(pages.helpPage == 1 && frame(pages).lines.joined().contains("Symbols (2/2)"))
        Self.press([.character("?")], on: &pages)
        #expect(!pages.showsHelp && !pages.quits)
        var wide = AppState(width: 200, height: 80)
        #expect(HelpOverlay.pages(wide).count == 1)
        Self.press([.character("?"), .character("?")], on: &wide)
        #expect(!wide.showsHelp)
    }

    @Test func samplesAreSelectedMovedAddedAndRemoved() {
        var state = AppState()
        #expect(state.samples.count == 6)
        Self.press([.tab], on: &state)
        #expect(state.selectedSample == 1)
        let before = state.samples[1]
        Self.press([.character("[")], on: &state)
        #expect(abs(state.samples[1].direction.degrees - (before.direction.degrees + 2)) < 1e-9)
        Self.press([.character("}")], on: &state)
        #expect(abs(state.samples[1].radius - (before.radius + 0.05)) < 1e-9)
        Self.press([.character("N")], on: &state)
        #expect(state.samples.count == 7 && state.samples[6].label == 2 && state.selectedSample == 6)
        Self.press([.character("x"), .character("x")], on: &state)
        #expect(state.samples.count == 5 && state.selectedSample == 4)
    }

    @Test func clickingTheCanvasAddsASampleWhereClicked() {
        var state = AppState(width: 100, height: 30)
        state.samples = []
        let layout = PlaneLayout(state: state)
        let target = layout.viewport.dot(0.5, 0.5)
        let (x, y) = (layout.canvas.x + Int(target.x / 2), layout.canvas.y + Int(target.y / 4))
        update(&state, .click(x: x, y: y, button: 3))
        #expect(state.samples.count == 1)
        #expect(state.samples[0].label == 2)
        #expect(abs(state.samples[0].x - 0.5) < 0.1 && abs(state.samples[0].y - 0.5) < 0.1)
        update(&state, .click(x: x, y: y, button: 1))  // on the sample: selects it, adds nothing
        #expect(state.samples.count == 1 && state.selectedSample == 0)
    }

    @Test func clickingATabSwitchesTheView() {
        var state = AppState()
        let tab = TitleBar.tabs(for: state).first { $0.view == .angles }!
        update(&state, .click(x: tab.column + 1, y: 0, button: 1))
        #expect(state.view == .angles)
    }

    @Test func comparePanelsStayBetweenTwoAndFour() {
        var state = AppState()
        Self.press([.character("4"), .character("+")], on: &state)
        #expect(state.compareKinds.count == 4)
        Self.press([.character("+")], on: &state)
        #expect(state.notice == "at most 4 panels")
        Self.press([.character("-"), .character("-"), .character("-")], on: &state)
        #expect(state.compareKinds.count == 2 && state.notice == "at least 2 panels")
        // The focused panel's loss changes to the next, even one another panel holds (issue 11: the same loss may
        // be compared with itself at other parameters).
        Self.press([.tab], on: &state)
        var expected = state.compareKinds
        let focused = state.focusedPanel
        expected[focused] = LossKind.allCases[(LossKind.allCases.firstIndex(of: expected[focused])! + 1) % LossKind.allCases.count]
        Self.press([.character("t")], on: &state)
        #expect(state.compareKinds == expected)
    }

    @Test func unknownKeysSaySo() {
        var state = AppState()
        Self.press([.character("Z")], on: &state)
        #expect(state.notice == "Z: no such key here; ? lists every key")
    }

    @Test func resetKeepsTheViewAndRestoresTheDefaults() {
        var state = AppState()
        Self.press([.character("2"), .character("M"), .character("t"), .character("r")], on: &state)
        #expect(state.view == .psi && state.lossKind == .arcface && state.loss.m == 0.5)
    }
}

@Suite struct KeyTableTests {
    /// No key does two things in one view.
    @Test func keysAreUniqueInEveryView() {
        for view in ViewKind.allCases {
            let keys = keyTable.filter { $0.applies(in: view) }.flatMap { $0.keys.map(\.key) }
            #expect(Set(keys).count == keys.count, "\(view)")
        }
    }

    /// The help overlay lists every binding of the table.
    @Test func helpListsEveryBinding() {
        var state = AppState(width: 160, height: 48)
        let rows = helpRows(&state)
        #expect(rows.contains { $0.contains("1-\(ViewKind.allCases.count)")
            && $0.contains("switch view: " + ViewKind.allCases.map(\.title).joined(separator: ", ")) })
        for binding in keyTable {  // the keys and what they do, on one row
            if case .show = binding.command { continue }  // the view keys share the row above
            #expect(rows.contains { $0.contains(binding.keyLabel + " ") && $0.contains(binding.summary) },
                    "\(binding.keyLabel): \(binding.summary)")
        }
    }

    /// The status line hints come from the table: view-specific bindings show up only in their view.
    @Test func statusHintsFollowTheView() {
        for view in ViewKind.allCases {
            var state = AppState(width: 200, height: 40)
            state.view = view
            let hints = frame(state).line(39)
            #expect(hints.contains("Tab/S-Tab sample") == (view == .plane), "\(view)")
            #expect(hints.contains("c cos space") == (view == .angles), "\(view)")
            #expect(hints.contains("Tab/S-Tab panel") == (view == .compare), "\(view)")
            #expect(hints.contains("q quit  ? help  1-\(ViewKind.allCases.count) views  t/T loss"), "\(view)")
            #expect(hints.contains("Space play") == (view == .training || view == .sphere), "\(view)")
        }
    }
}

@Suite struct StateStringTests {
    @Test func formatsTheCurrentView() {
        #expect(StateString.format(AppState()) == "view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1")
    }

    @Test func roundTripsEveryChange() throws {
        var state = AppState()
        UpdateTests.press([.character("4"), .character("M"), .character("t"), .character("t"), .character("m"),
                           .character("a"), .character("W"), .character("+")], on: &state)
        var copy = AppState()
        try StateString.apply(StateString.format(state), to: &copy)
        #expect(copy.view == state.view)
        #expect(copy.lossKind == state.lossKind)
        #expect(copy.losses == state.losses)
        #expect(copy.separation == state.separation && copy.normRatio == state.normRatio)
        #expect(copy.compareKinds == state.compareKinds)
        #expect(copy.comparePanels == state.comparePanels)
    }

    @Test(arguments: [
        ("loss=lsoftmax m=2.5", "state: m=2.5 is out of range: it must be a whole number from 1 to 10"),
        ("loss=nope", "state: loss=nope is not a loss: use one of softmax, normface, lsoftmax, sphereface, cosface, arcface, combined, adacos, subcenter_arcface, curricularface, magface, adaface, elastic_arcface, elastic_cosface, circle, asoftmax, amsoftmax"),
        ("angle=0", "state: angle=0 is out of range: it must be 1 to 180 (degrees)"),
        ("ratio=abc", "state: ratio=abc is not a number"),
        ("view=3d", "state: view=3d is not a view: use one of plane, psi, angles, compare, training, model, sphere"),
        ("loss=softmax s=3", "state: s does not apply to softmax"),
        ("margin", "state: 'margin' is not key=value (for example loss=arcface m=0.5)"),
        ("compare=softmax", "state: compare=softmax must name 2 to 4 losses"),
    ])
    func refusesBadStringsWithTheRange(text: String, message: String) {
        var state = AppState()
        #expect(throws: InputError(message)) { try StateString.apply(text, to: &state) }
    }
}

/// Regressions found in review.
@Suite struct ReviewRegressionTests {
    @Test func anglesThatPassThroughRadiansPrintWhole() {
        var state = AppState()
        UpdateTests.press([.character("a"), .character("a"), .character("a")], on: &state)
        #expect(StateString.format(state).contains("angle=75 "))
        #expect(frame(state).lines.joined().contains("75°"))
    }

    @Test func clickingTheTrainTabStartsTrainingAndHelpSwallowsClicks() {
        var state = AppState(width: 100, height: 30)
        let tab = TitleBar.tabs(for: state).first { $0.view == .training }!
        update(&state, .click(x: tab.column + 1, y: 0, button: 1))
        #expect(state.view == .training && state.training?.runs.count == 1)
        state.showsHelp = true
        let plane = TitleBar.tabs(for: state).first { $0.view == .plane }!
        update(&state, .click(x: plane.column + 1, y: 0, button: 1))
        #expect(state.view == .training)
    }

    @Test func selectionStaysInsideTheControlList() {
        var state = AppState()
        UpdateTests.press([.character("4"), .up], on: &state)  // softmax panel: angle, ratio; up wraps to ratio
        #expect(state.selectedControl == 1)
        UpdateTests.press([.tab], on: &state)  // L-Softmax: m, lambda, angle, ratio
        #expect(state.controls.indices.contains(state.selectedControl))
    }

    @Test func easyMarginHasNoFallbackAndControlKeysPrintAsCaret() {
        var loss = MarginLoss(.arcface)
        #expect(PsiView.fallbackAngle(loss) != nil)
        loss.easyMargin = true
        #expect(PsiView.fallbackAngle(loss) == nil)
        #expect(Key.character("\u{1A}").label == "^Z")
        #expect(Key.controlC.label == "^C")
    }

    @Test func psiOfANaNCosineDoesNotTrap() {
        #expect(psi(cosine: .nan, m: 4).value == 1)
    }
}

/// The rows of every page of the help, turned with `?` from the first.
func helpRows(_ state: inout AppState) -> [String] {
    state.helpPage = 0
    var rows: [String] = []
    for page in 0 ..< HelpOverlay.pages(state).count {
        #expect(state.helpPage == page)
        rows += frame(state).lines
        update(&state, .key(.character("?")))
    }
    #expect(!state.showsHelp, "? closes the last page")
    return rows
}

@Suite struct SmallHelpTests {
    /// At 80x24 the help lists the view's own keys in full, one per row, on as many pages as they take (the
    /// training view's take two).
    @Test func smallTerminalsListThisViewsKeysWhole() {
        for view in ViewKind.allCases {
            var state = AppState(width: 80, height: 24)
            state.view = view
            let rows = helpRows(&state)
            for binding in keyTable where binding.applies(in: view) {
                if case .show = binding.command { continue }
                #expect(rows.contains { $0.contains(binding.keyLabel + " ") && $0.contains(binding.summary) },
                        "\(view): \(binding.summary)")
            }
        }
    }
}
