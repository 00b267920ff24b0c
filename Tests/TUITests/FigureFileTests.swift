import Foundation
import Testing
@testable import TUI

/// The save key (^S): update only asks, the front end writes the view as SVG beside the working directory under
/// the next free name, and an existing file is never touched.
@Suite struct FigureFileTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("figure-file-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theKeyAsksAndTheFileTakesTheNextFreeName() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=psi loss=cosface", to: &state)
        update(&state, .key(.controlS))
        #expect(state.saveRequested)
        // A file already there under the first name keeps its bytes.
        try "mine".write(toFile: directory + "/psi-cosface.svg", atomically: false, encoding: .utf8)
        let first = FigureFile.save(state, in: directory)
        #expect(first == "saved '\(directory)/psi-cosface-2.svg'")
        #expect(try String(contentsOfFile: directory + "/psi-cosface.svg", encoding: .utf8) == "mine")
        let second = FigureFile.save(state, in: directory)
        #expect(second.hasSuffix("psi-cosface-3.svg'"))
        let text = try String(contentsOfFile: directory + "/psi-cosface-3.svg", encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n") && text.contains(StateString.format(state)))
        // Nothing else is left behind (the temporary file is gone).
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == ["psi-cosface-2.svg", "psi-cosface-3.svg", "psi-cosface.svg"])
    }

    @Test func whereThereIsNoFigureNothingIsWritten() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = AppState(width: 100, height: 30)
        state.view = .training  // no runs made yet: nothing to draw
        #expect(FigureFile.save(state, in: directory) == "the training view has no figure to save")
        state.view = .model  // no model open: nothing to draw either
        #expect(FigureFile.save(state, in: directory) == "the model view has no figure to save")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(FigureFile.save(AppState(), in: directory + "/missing").hasPrefix("cannot save in "))
    }

    /// View 7 saves its figure too, named from the view and the loss, drawn from the caps (their rims) at the
    /// state's rotation.
    @Test func theSphereSavesItsFigure() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=sphere loss=arcface m=0.5 s=64 yaw=10 pitch=5", to: &state)
        update(&state, .key(.controlS))
        #expect(state.saveRequested)
        #expect(FigureFile.save(state, in: directory) == "saved '\(directory)/sphere-arcface.svg'")
        let text = try String(contentsOfFile: directory + "/sphere-arcface.svg", encoding: .utf8)
        #expect(text.contains("class=\"rim front\"") && text.contains("yaw=10 pitch=5</mx:state>"))
    }

    /// View 5 saves its figure too once its runs are made (issue 11: the key was left out while its help was full).
    @Test func theTrainingViewSavesItsFigure() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = AppState(width: 80, height: 24)
        try StateString.apply("view=training preset=single data=blobs loss=cosface", to: &state)
        state.prepareTraining()
        update(&state, .key(.controlS))
        #expect(state.saveRequested)
        #expect(FigureFile.save(state, in: directory) == "saved '\(directory)/training-cosface.svg'")
        let text = try String(contentsOfFile: directory + "/training-cosface.svg", encoding: .utf8)
        #expect(text.contains("class=\"run feature train\"") && text.contains(StateString.format(state)))
    }

    /// The key table lists the key in the help and on the status line of every view with a figure.
    @Test func theKeyIsInTheHelpAndTheStatusLine() throws {
        var state = AppState(width: 100, height: 30)
        for view in [ViewKind.plane, .psi, .angles, .compare, .sphere] {  // the views with a figure and room for its key
            state.view = view
            let lines = frame(state).lines
            #expect(lines.last?.contains("^S svg") == true, "\(view): \(lines.last ?? "")")
        }
        state.view = .plane
        state.showsHelp = true
        #expect(frame(state).lines.joined().contains("save the view as SVG"))
    }
}
