import ArgumentParser
import Foundation
import TUI

/// `margin-explorer [explore]`: the interactive explorer, the default subcommand.
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the interactive explorer in this terminal (the default when no subcommand is given).",
        discussion: "Press ? inside for every key. On quit it prints the state string that reopens the view.")

    @Option(help: ArgumentHelp("Open this state, as the status line writes it: 'view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1'.",
                               valueName: "state"))
    var state: String?

    @Option(help: ArgumentHelp("""
        Open a saved run (train --save) in the training view: FILE.npz paused where it was saved (Space trains on), \
        FILE.json as a picture.
        """, valueName: "file.npz|file.json"))
    var load: String?

    @OptionGroup var modelFlags: OptionalModelFlags

    @Flag(help: "Draw with ASCII instead of Braille and box characters.")
    var ascii = false

    @Flag(help: "No colours (as when NO_COLOR is set).")
    var noColor = false

    func run() throws {
        var appState = try initialState(state: state, view: nil, lossOptions: nil, width: 80, height: 24, load: load,
                                        model: try modelFlags.files())
        appState.ascii = ascii
        let colors = !noColor && !noColorRequested
        let final: AppState
        do { final = try Terminal.run(appState, colors: colors) } catch { throw UsageError(error.message) }
        // The screen is gone; leave the way back to it.
        try StandardStream.output.write(StateString.shellCommand(final) + "\n")
    }
}
