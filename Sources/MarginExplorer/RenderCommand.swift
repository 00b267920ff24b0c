import ArgumentParser
import Foundation
import Geometry
import Training
import TUI

/// `margin-explorer render`: one frame of the explorer as text, the same cells the screen would show.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one frame of the explorer as text, exactly as the screen would show it.",
        discussion: """
            The frame is the explorer's own render function run into a text buffer. Loss flags override the \
            loss of --state. Example: margin-explorer render --view plane --width 80 --height 24 --loss cosface
            """)

    @Option(help: ArgumentHelp("The view: \(ViewKind.allCases.map(\.rawValue).joined(separator: ", ")) (default plane, "
                               + "or the one in --state).", valueName: "view"))
    var view: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame width in columns, 1 to 1000.", valueName: "columns"))
    var width = 80

    @Option(parsing: .unconditional, help: ArgumentHelp("Frame height in rows, 1 to 500.", valueName: "rows"))
    var height = 24

    @Option(help: ArgumentHelp("A state string as the explorer's status line shows it, e.g. 'view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1'.",
                               valueName: "state"))
    var state: String?

    @Option(help: ArgumentHelp("Colour: never (plain text), always (ANSI 256-colour codes) or auto (when standard output is a terminal and NO_COLOR is unset or empty).",
                               valueName: "when"))
    var color = "auto"

    @Flag(help: "Draw with ASCII instead of Braille and box characters.")
    var ascii = false

    @Flag(help: "Draw as a terminal without colours does (a stippled margin zone).")
    var monochrome = false

    @Option(help: ArgumentHelp("Draw a saved run (train --save) in the training view.", valueName: "file.npz|file.json"))
    var load: String?

    @OptionGroup var lossOptions: LossOptions

    func run() throws {
        guard (1...1000).contains(width) else { throw UsageError("--width \(width) is out of range: 1 to 1000") }
        guard (1...500).contains(height) else { throw UsageError("--height \(height) is out of range: 1 to 500") }
        guard ["never", "always", "auto"].contains(color) else {
            throw UsageError("--color \(quoted(color)) is not a choice: never, always or auto")
        }
        var appState = try initialState(state: state, view: view, lossOptions: lossOptions, width: width, height: height,
                                        load: load)
        appState.ascii = ascii
        appState.theme = monochrome ? .monochrome : .rich
        let colored = color == "always"
            || (color == "auto" && isatty(STDOUT_FILENO) == 1 && !noColorRequested)
        let buffer = frame(appState)
        let lines = colored ? buffer.ansiLines : buffer.lines
        try StandardStream.output.write(lines.joined(separator: "\n") + "\n")
    }
}

/// True when the NO_COLOR convention asks for no colour: the variable is set and not empty (no-color.org).
var noColorRequested: Bool { !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty }

/// The explorer's starting state from a state string, a view name, loss flags (flags win) and a saved run to open
/// (`--load`, or the state string's `load=`), all checked; the training runs made and trained to the state's step.
func initialState(state: String?, view: String?, lossOptions: LossOptions?, width: Int, height: Int,
                  load: String? = nil) throws -> AppState {
    var appState = AppState(width: width, height: height)
    if let state {
        do { try StateString.apply(state, to: &appState) } catch { throw UsageError("--" + error.message) }
    }
    if let view {
        guard let kind = ViewKind(rawValue: view.lowercased()) else {
            throw UsageError("--view \(quoted(view)) is not a view: use one of "
                + ViewKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        appState.view = kind
    }
    if let lossOptions, !lossOptions.isEmpty {
        let loss = try lossOptions.makeLoss()
        appState.lossKind = loss.kind
        appState.loss = loss
    }
    if let path = load ?? appState.pendingLoad {
        // A run opens in its own view (5, or 7 for 3-D features) unless --view or view= names one.
        let named = view != nil || StateString.namesView(state ?? "")
        let requested = appState.view
        appState.open(try RunFile.load(path, flag: load != nil ? "--load" : "--state: load="))
        if named { appState.view = requested }
    }
    appState.prepareTraining()
    return appState
}
