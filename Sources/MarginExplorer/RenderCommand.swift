import Analysis
import ArgumentParser
import Figures
import Foundation
import Geometry
import Training
import TUI

/// `margin-explorer render`: one frame of the explorer as text, the same cells the screen would show, or the view as
/// a vector figure (SVG) or the numbers behind it (CSV).
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one frame of the explorer as text, exactly as the screen would show it, or the view as SVG or CSV.",
        discussion: """
            The text frame is the explorer's own render function run into a text buffer. --format svg draws the \
            view from its geometry (rays, arcs, regions, curves, samples, labels) with the state string in its \
            metadata; --format csv writes the numbers behind it, one row per point (columns: \
            \(CSVWriter.fixedColumns.joined(separator: ",")), then data-KEY columns). SVG and CSV exist for the \
            \(ViewFigure.views.map(\.rawValue).joined(separator: ", ")) views and ignore --width, --height, --color, \
            --ascii and --monochrome. Loss flags override the loss of --state. Example: margin-explorer render \
            --view plane --width 80 --height 24 --loss cosface
            """)

    @Option(help: ArgumentHelp("What to write: text (the frame, the default), svg or csv.", valueName: "format"))
    var format = "text"

    @Flag(help: "With --format svg: a small file (coordinates to 0.01 px, shared attributes once per run of elements, samples on the same pixel drawn once) instead of exact numbers.")
    var compact = false

    @Option(help: ArgumentHelp("Write to this file (whole, or not at all) instead of standard output.", valueName: "file"))
    var output: String?

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

    @OptionGroup var modelFlags: OptionalModelFlags

    func run() throws {
        guard (1...1000).contains(width) else { throw UsageError("--width \(width) is out of range: 1 to 1000") }
        guard (1...500).contains(height) else { throw UsageError("--height \(height) is out of range: 1 to 500") }
        guard ["never", "always", "auto"].contains(color) else {
            throw UsageError("--color \(quoted(color)) is not a choice: never, always or auto")
        }
        guard ["text", "svg", "csv"].contains(format) else {
            throw UsageError("--format \(quoted(format)) is not a choice: text, svg or csv")
        }
        guard !compact || format == "svg" else { throw UsageError("--compact applies to --format svg only") }
        if format != "text" {  // a view without a figure is refused before a training state trains
            var probe = AppState()
            try? StateString.apply(state ?? "", to: &probe)
            if let view, let kind = ViewKind(rawValue: view.lowercased()) { probe.view = kind }
            if load != nil { probe.view = .training }
            guard ViewFigure.views.contains(probe.view) else { throw noFigure(probe.view) }
        }
        // The output is checked before the work (a training state trains first), and written whole at the end.
        let file = try output.map { path throws(UsageError) in
            try OutputFiles.prepare([(flag: "--output", path: path)], inputs: load.map { [(flag: "--load", path: $0)] } ?? [])[0]
        }
        defer { file?.discard() }
        var appState = try initialState(state: state, view: view, lossOptions: lossOptions, width: width, height: height,
                                        load: load, model: try modelFlags.files())
        appState.ascii = ascii
        appState.theme = monochrome ? .monochrome : .rich
        let text: String
        if format == "text" {
            let colored = color == "always"
                || (color == "auto" && file == nil && isatty(STDOUT_FILENO) == 1 && !noColorRequested)
            let buffer = frame(appState)
            text = (colored ? buffer.ansiLines : buffer.lines).joined(separator: "\n") + "\n"
        } else {
            guard let scene = ViewFigure.scene(appState) else { throw noFigure(appState.view) }
            text = format == "svg" ? SVGWriter.svg(scene, options: SVGOptions(compact: compact)) : CSVWriter.csv(scene)
        }
        if let file { try OutputFile.commit([(file, Array(text.utf8))]) } else { try StandardStream.output.write(text) }
    }

    func noFigure(_ shown: ViewKind) -> UsageError {
        if shown == .model {
            return UsageError("--format \(format): the model view draws a figure of a model: open one with "
                + "--embeddings E --labels L --weights W (or --format text)")
        }
        return UsageError("--format \(format): the \(shown.rawValue) view has no figure; use one of "
            + ViewFigure.views.map(\.rawValue).joined(separator: ", ") + " (or --format text)")
    }
}

/// True when the NO_COLOR convention asks for no colour: the variable is set and not empty (no-color.org).
var noColorRequested: Bool { !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty }

/// The explorer's starting state from a state string, a view name, loss flags (flags win), a saved run to open
/// (`--load`, or the state string's `load=`) and a model (the model flags, which open the Model view unless a view
/// is named, or the state string's files), all checked; the training runs made and trained to the state's step, the
/// model read and analysed once (bad files are refused here, as analyze refuses them, before any screen opens).
func initialState(state: String?, view: String?, lossOptions: LossOptions?, width: Int, height: Int,
                  load: String? = nil, model: ModelFiles? = nil) throws -> AppState {
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
    if let files = model ?? appState.pendingModel {
        let shown = appState.view
        let input = try ModelFlags.read(files)
        if isatty(STDERR_FILENO) == 1 && Double(input.samples) * Double(input.classes) * Double(input.dimension) > 1e9 {
            try? StandardStream.error.write("analysing \(input.samples) samples against \(input.classes) classes…\n")
        }
        appState.open(ModelSession(files: files, analysis: ModelAnalysis(input, loss: appState.loss, everyLoss: true)))
        if model == nil || view != nil { appState.view = shown }
    }
    appState.prepareTraining()
    return appState
}
