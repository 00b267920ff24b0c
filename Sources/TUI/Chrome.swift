import Geometry

/// The top row: the program's name and one tab per view (clickable), the current one highlighted.
enum TitleBar {
    /// The program's name, left out below 66 columns so that every tab fits.
    static func name(for state: AppState) -> String { state.width >= 66 ? " margin-explorer " : "" }

    /// The tabs with their first column.
    static func tabs(for state: AppState) -> [(view: ViewKind, text: String, column: Int)] {
        var column = name(for: state).count + 1
        return ViewKind.allCases.enumerated().map { index, view in
            let text = " \(index + 1) \(view.title) "
            defer { column += text.count }
            return (view, text, column)
        }
    }

    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: 0, width: buffer.width, height: 1), with: Cell(" ", style: Style(reverse: true)))
        buffer.write(name(for: state), x: 0, y: 0, style: Style(bold: true, reverse: true))
        for tab in tabs(for: state) {
            let current = tab.view == state.view
            buffer.write(tab.text, x: tab.column, y: 0,
                         style: current ? Style(theme.accent.foreground, bold: true) : Style(reverse: true))
        }
        let lossName = state.activeLossKind.displayName + " "
        let column = buffer.width - lossName.count
        if column > (tabs(for: state).last.map { $0.column + $0.text.count } ?? 0) {
            buffer.write(lossName, x: column, y: 0, style: Style(bold: true, reverse: true))
        }
    }

    /// The view whose tab covers column `x`, if any.
    static func view(atColumn x: Int, state: AppState) -> ViewKind? {
        tabs(for: state).first { x >= $0.column && x < $0.column + $0.text.count }?.view
    }
}

/// The two bottom rows: the state string (or a notice), and key hints drawn from the key table.
enum StatusLine {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let (width, height) = (buffer.width, buffer.height)
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: height - 2, width: width, height: 2))
        if let notice = state.notice {
            buffer.write(" ! " + notice, x: 0, y: height - 2, style: theme.warning)
        } else {
            // Too long for the line: cut with an ellipsis (quitting prints it whole).
            var text = " " + StateString.format(state)
            if text.count > width { text = String(text.prefix(width - 1)) + (state.ascii ? "~" : "…") }
            buffer.write(text, x: 0, y: height - 2, style: theme.dim)
        }
        var column = 1
        // This view's own keys first, then the ones every view shares.
        let hinted = keyTable.filter { $0.hint != nil && $0.applies(in: state.view) }
        for binding in hinted.filter({ !$0.views.isEmpty }) + hinted.filter({ $0.views.isEmpty }) {
            let keys = hintKeys(binding)
            let entry = "\(keys) \(binding.hint!)"
            guard column + entry.count < width else { break }
            buffer.write(keys, x: column, y: height - 1, style: Style(theme.accent.foreground, bold: true))
            buffer.write(" " + binding.hint!, x: column + keys.count, y: height - 1, style: .plain)
            column += entry.count + 2
        }
    }

    /// The short key form for hints: `1-4` for the view keys, the first two keys otherwise.
    static func hintKeys(_ binding: KeyBinding) -> String {
        if case .show = binding.command { return "1-\(ViewKind.allCases.count)" }
        return binding.keys.prefix(binding.command == .quit ? 1 : 2).map(\.key.label).joined(separator: "/")
    }
}

/// A column of text lines inside a rectangle, clipped at its bottom.
struct PanelWriter {
    let rect: Rect
    private(set) var row = 0

    init(_ rect: Rect) { self.rect = rect }

    /// True while there is room for another line.
    var hasRoom: Bool { row < rect.height }

    /// Writes one line of segments (text, style), clipped to the width, and moves down.
    mutating func line(_ segments: [(String, Style)], into buffer: inout Buffer, highlight: Style? = nil) {
        guard hasRoom else { return }
        if let highlight { buffer.fill(Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1),
                                       with: Cell(" ", style: highlight)) }
        var column = rect.x + 1
        for (text, style) in segments {
            var style = style
            if let highlight { style.reverse = highlight.reverse; style.background = highlight.background }
            column = buffer.write(text, x: column, y: rect.y + row, style: style,
                                  maxWidth: max(rect.x + rect.width - column, 0))
        }
        row += 1
    }

    /// One line of plain text.
    mutating func line(_ text: String, _ style: Style = .plain, into buffer: inout Buffer) {
        line([(text, style)], into: &buffer)
    }

    /// A horizontal rule.
    mutating func rule(into buffer: inout Buffer, ascii: Bool, style: Style) {
        line(String(repeating: ascii ? "-" : "─", count: max(rect.width - 2, 0)), style, into: &buffer)
    }
}

extension MarginLoss {
    /// The target logit as a formula, for panels and legends.
    var formula: String {
        switch kind {
        case .softmax: "W·x"
        case .normface: "s·cos θ"
        case .lsoftmax: lambda > 0 ? "(λW·x+‖W‖‖x‖ψ(θ))/(1+λ)" : "‖W‖‖x‖·ψ(θ)"
        case .sphereface: (normalizesFeatures ? "s" : "‖x‖") + (lambda > 0 ? "·(λcos θ+ψ(θ))/(1+λ)" : "·ψ(θ)")
        case .cosface: "s·(cos θ − m)"
        case .arcface: "s·cos(θ + m)"
        case .combined: "s·(cos(m1·θ+m2) − m3)"
        }
    }

    /// A parameter's value with its unit, for the screen: `0.5 rad`, `0.35 cos`, `4`.
    func displayValue(_ parameter: LossParameter) -> String {
        let value = format(self[parameter])
        return switch (kind, parameter) {
        case (.arcface, .m), (.combined, .m2): value + " rad"
        case (.cosface, .m), (.combined, .m3): value + " cos"
        default: value
        }
    }

    /// Name and parameters in one short line: `ArcFace m=0.5 s=64`.
    var shortDescription: String {
        ([kind.displayName] + parameters.map { "\($0.rawValue)=\(format(self[$0]))" }).joined(separator: " ")
    }
}

/// Degrees with one decimal and the degree sign.
func degrees(_ angle: Angle) -> String { format1(angle.degrees) + "°" }

/// One decimal (NaN, infinities and values past 1e15 print as `%g` does, never trap).
func format1(_ value: Double) -> String {
    guard abs(value) < 1e15 else { return String(format: "%g", value) }  // false for NaN too
    let scaled = (value * 10).rounded()
    let text = String(Int(abs(scaled)) / 10) + "." + String(Int(abs(scaled)) % 10)
    return (scaled < 0 ? "-" : "") + text
}
