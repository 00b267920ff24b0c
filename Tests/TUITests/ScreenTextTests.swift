import Geometry
import Testing
import Training
@testable import TUI

/// Issue 8, items 6 to 8 on every screen: text is never cut inside a token, parameters without effect say so by one
/// rule, every symbol is defined, and `--ascii` writes degrees as `deg`.
@Suite struct ScreenTextTests {
    /// The states every check renders: every view under every loss (the combined margin with easy margin, which
    /// has the longest panel lines), with the help shown on top once.
    static func states(width: Int, height: Int) throws -> [(String, AppState)] {
        var list: [(String, AppState)] = []
        for view in ViewKind.allCases where view != .training {
            for kind in LossKind.allCases {
                var state = AppState(width: width, height: height)
                try StateString.apply("view=\(view.rawValue) loss=\(kind.rawValue) angle=150 ratio=2.5", to: &state)
                if kind == .combined { state.loss.easyMargin = true }
                if kind == .lsoftmax { state.loss.lambda = 5 }
                list.append(("\(view) \(kind)", state))
            }
        }
        for subject in ["preset=single data=blobs", "preset=lsoftmax-figure"] {
            var state = AppState(width: width, height: height)
            try StateString.apply("view=training " + subject, to: &state)
            state.prepareTraining()
            list.append(("training \(subject)", state))
        }
        var help = AppState(width: width, height: height)
        help.showsHelp = true
        list.append(("help", help))
        return list
    }

    /// A write is cut inside a token when what it shows is shorter than what it was given and the given text goes
    /// on, right after the shown part, with a character that is not a space: the shown text would end inside a word
    /// or a number. (Trailing spaces and a comma the writer removed before the cut do not count: the cut is at the
    /// space after them.)
    static func cutsInsideAToken(given: String, shown: String) -> Bool {
        guard shown != given else { return false }
        let (g, s) = (Array(given.unicodeScalars), Array(shown.unicodeScalars))
        guard s.count < g.count, Array(g.prefix(s.count)) == s else { return true }  // not even a prefix
        var next = s.count
        while next < g.count && (g[next] == "," || g[next] == ";") { next += 1 }
        return s.count > 0 && next < g.count && g[next] != " " && g[s.count - 1] != " "
    }

    @Test func theTokenRuleItself() {
        #expect(!Self.cutsInsideAToken(given: "m2=0.5 s=64", shown: "m2=0.5"))
        #expect(Self.cutsInsideAToken(given: "m2=0.5 s=64", shown: "m2=0."))
        #expect(Self.cutsInsideAToken(given: "keeps it falling", shown: "keeps it fa"))
        #expect(!Self.cutsInsideAToken(given: "70.9°, 250.9°", shown: "70.9°"))
        #expect(!Self.cutsInsideAToken(given: "abc", shown: ""))
        #expect(TokenClip.fit("keeps it falling", in: 11) == "keeps it")
        #expect(TokenClip.fit("70.9°, 250.9°", in: 8) == "70.9°")
    }

    /// Item 6: at 60, 80, 120 and 200 columns, no write of any view, loss, panel, legend, header, status line or
    /// help ends inside a token of the text it was given.
    @Test(arguments: [(60, 18), (80, 24), (120, 40), (200, 60)])
    func noTextIsCutInsideAToken(width: Int, height: Int) throws {
        for (name, state) in try Self.states(width: width, height: height) {
            var buffer = Buffer(width: width, height: height)
            buffer.recordsWrites = true
            render(state, into: &buffer)
            #expect(!buffer.writes.isEmpty)
            for write in buffer.writes where Self.cutsInsideAToken(given: write.given, shown: write.shown) {
                Issue.record("\(name) at \(width)x\(height): \"\(write.shown)\" cut from \"\(write.given)\"")
            }
        }
    }

    /// True for the side panel's row of `control` (the selected one starts with ▸).
    static func isRow(_ line: String, of control: Control) -> Bool {
        let name = control.name.padding(toLength: 7, withPad: " ", startingAt: 0)
        return line.contains(" " + name) || line.contains("▸" + name)
    }

    /// What `state` draws that turning `control` might change, with what merely shows the control's value masked:
    /// the title bar, the two status rows, the control's row of the side panel and any row that prints `name=`
    /// (legends and headers that spell out the loss). In the compare view, only the focused panel (the one whose
    /// loss the panel's controls belong to).
    static func picture(_ state: AppState, masking control: Control) -> [String] {
        var lines = frame(state).lines
        let masked = { (line: String) in isRow(line, of: control) || line.contains(control.name + "=") }
        for index in lines.indices where masked(lines[index]) || index == 0 || index >= lines.count - 2 {
            lines[index] = ""
        }
        guard state.view == .compare else { return lines }
        let panel = CompareLayout(state: state).panels[state.focusedPanel]
        return (panel.y + 2 ..< panel.y + panel.height).map { y in
            String(Array(lines[y].unicodeScalars).dropFirst(panel.x).prefix(panel.width).map(Character.init))
        }
    }

    /// Item 7: a control marked "no effect" changes nothing on screen when turned, and a control not so marked
    /// changes something, for every two-class view, every loss and every control: one rule
    /// (`Control.hasEffect(in:on:)`), checked against the frames.
    /// (The sphere view draws the two-class figure too, but has no side panel of controls to mark.)
    @Test(arguments: ViewKind.allCases.filter { $0.isTwoClass && $0 != .sphere })
    func noEffectIsMarkedExactlyWhereTurningChangesNothing(view: ViewKind) throws {
        for kind in LossKind.allCases {
            var state = AppState(width: 120, height: 40)
            try StateString.apply("view=\(view.rawValue) loss=\(kind.rawValue) angle=100 ratio=2 compare=\(kind.rawValue),softmax",
                                  to: &state)
            for (index, control) in state.controls.enumerated() {
                state.selectedControl = index
                var turned = state
                guard let range = turned.range(of: control) else { continue }
                var value = control.nudge(state.value(of: control), direction: 1, in: range)
                if value == state.value(of: control) { value = control.nudge(value, direction: -1, in: range) }
                turned.set(control, to: value)
                let marked = frame(state).lines.contains { Self.isRow($0, of: control) && $0.contains("no effect") }
                let changes = Self.picture(state, masking: control) != Self.picture(turned, masking: control)
                if view != .compare {  // the compare view has no side panel: its headers show the loss itself
                    #expect(marked == !control.hasEffect(in: view, on: state.activeLoss), "\(view) \(kind) \(control.name)")
                }
                // Issue 10's losses: a control marked "no effect" changes nothing; one not marked may move the
                // picture by less than a dot (AdaFace's σ = 100 barely moves ẑ), so only the first half is exact.
                if LossKind.paperKinds.contains(kind) || !control.hasEffect(in: view, on: state.activeLoss) {
                    #expect(changes == control.hasEffect(in: view, on: state.activeLoss),
                            "\(view) \(kind) \(control.name): changes \(changes)")
                }
            }
        }
    }

    /// Every symbol a view draws is defined on the screen or in the help of that view.
    @Test(arguments: ViewKind.allCases)
    func everySymbolIsDefined(view: ViewKind) throws {
        let symbols: [Unicode.Scalar] = ["ψ", "θ", "λ", "●", "○", "⊗", "■", "□", "⊠", "▲", "△", "◆", "◇", "★", "☆", "▸",
                                         "▶", "❚", "‖"]
        var state = AppState(width: 160, height: 48)
        try StateString.apply("view=\(view.rawValue) loss=lsoftmax lambda=2" + (view == .training ? " preset=angular-margins" : ""),
                              to: &state)
        state.prepareTraining()
        if view == .training { update(&state, .key(.character("."))) }
        let screen = frame(state).lines.joined()
        var help = state
        help.showsHelp = true
        let glossary = HelpOverlay.pages(help).flatMap { $0 }.map { $0.label + " " + $0.text }.joined(separator: " ")
        for symbol in symbols where screen.unicodeScalars.contains(symbol) {
            #expect(glossary.unicodeScalars.contains(symbol), "\(view): \(symbol) is drawn but not in the help")
        }
        #expect(glossary.contains("ψ(θ)") && glossary.contains("λ") && glossary.contains("θ"))
    }

    /// Item 8: `--ascii` writes degrees as `deg`, never as the arc-minute `'`, and stays pure ASCII.
    @Test(arguments: ViewKind.allCases)
    func asciiWritesDegreesAsDeg(view: ViewKind) throws {
        // The Model view with the fixture model open, so that it has angles to write.
        let files = view == .model ? " " + FrameSnapshotTests.modelFiles : ""
        var state = try ModelViewTests.state("view=\(view.rawValue) loss=arcface" + files, width: 120, height: 40)
        state.ascii = true
        state.prepareTraining()
        let lines = frame(state).lines
        for line in lines { #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(view): \(line)") }
        // The side panel's numbers: the canvas may draw ' as a dot pattern, the panel never as a unit.
        let panel = PlaneLayout(state: state).panel
        let panelText = lines.map { String($0.dropFirst(panel.x)) }.joined(separator: "\n")
        if view != .compare {
            #expect(!panelText.contains("0'") && !panelText.contains("5'") && panelText.contains("deg"), "\(view)")
        }
        if view == .plane || view == .angles { #expect(panelText.contains("90deg"), "\(view)") }
    }

    /// The help says "quit" once, with its keys, and lists ^Z from the key table.
    @Test func theHelpSaysQuitOnceAndListsSuspend() {
        var state = AppState(width: 160, height: 60)
        state.showsHelp = true
        let rows = frame(state).lines
        #expect(rows.filter { $0.contains("quit") && $0.contains("q/Esc") }.count == 1)
        #expect(!rows.joined().contains("quit (also"))
        #expect(rows.contains { $0.contains("q/Esc/^C") && $0.contains("quit") && !$0.contains("also") })
        #expect(rows.contains { $0.contains("^Z") && $0.contains("suspend") })
        var suspend = AppState()
        update(&suspend, .key(.controlZ))
        #expect(suspend.suspendRequested && !suspend.quits)
    }
}
