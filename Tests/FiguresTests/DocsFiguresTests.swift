import Foundation
import Testing
@testable import Figures
@testable import TUI

/// docs/*.svg, the README's pictures, are the tool's own output: every figure preset has its file, each file is
/// well-formed and keeps the preset's state string, and the presets that do not train are byte for byte what
/// `render --format svg --compact --state 'preset=ID'` writes now. After a change, `docs/make-figures.sh`
/// regenerates them.
@Suite struct DocsFiguresTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    @Test(arguments: FigurePreset.all.map(\.id))
    func thePresetsPictureIsCurrent(id: String) throws {
        let preset = try #require(FigurePreset.all.first { $0.id == id })
        let text = try String(contentsOf: Self.docs.appendingPathComponent(id + ".svg"), encoding: .utf8)
        let (root, error) = parseXML(text)
        let parsed = try #require(root, "\(id).svg: \(error ?? "")")
        let stored = try #require(parsed.all.first { $0.name == "mx:state" }?.text)
        var state = AppState(width: 120, height: 40)
        try StateString.apply(preset.state, to: &state)
        if state.view == .training {
            // Trained to the preset's stop epoch: the same state string, at the last step (40 epochs of 12).
            #expect(stored.contains("view=training") && stored.contains("preset=lsoftmax-figure data=digits"), "\(stored)")
            #expect(stored.contains("step=480"))
            return
        }
        #expect(stored == StateString.format(state))
        let fresh = SVGWriter.svg(try #require(ViewFigure.scene(state)), options: SVGOptions(compact: true))
        #expect(fresh == text, "docs/\(id).svg is out of date: run docs/make-figures.sh")
    }

    /// The script exports every preset: its list of ids is the presets'.
    @Test func theScriptNamesEveryPreset() throws {
        let script = try String(contentsOf: Self.docs.appendingPathComponent("make-figures.sh"), encoding: .utf8)
        for preset in FigurePreset.all { #expect(script.contains(preset.id), "\(preset.id)") }
    }
}
