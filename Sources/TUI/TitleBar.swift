import Geometry

/// The top row: the program's name and one tab per view (clickable), the current one highlighted, and at the right
/// what the view is about: the active loss, or in the training view what trains.
enum TitleBar {
    /// The program's name, left out where it, every tab and the subject at the right would not fit on the row,
    /// so that the tabs and what the view is about always do (the name is the least informative of the three).
    static func name(for state: AppState) -> String {
        let name = " margin-explorer "
        let tabs = ViewKind.allCases.indices.reduce(0) { $0 + tabText($1, state: state).count }
        let subject = subject(for: state).count + 2
        return state.width >= name.count + tabs + subject + 1 ? name : ""
    }

    /// The text of the tab of the view at `index` in `ViewKind.allCases`: ` 3 Angles `.
    private static func tabText(_ index: Int, state: AppState) -> String {
        " \(index + 1) \(ASCIIFold.shown(ViewKind.allCases[index].title, ascii: state.ascii)) "
    }

    /// The tabs with their first column.
    static func tabs(for state: AppState) -> [(view: ViewKind, text: String, column: Int)] {
        var column = name(for: state).count + 1
        return ViewKind.allCases.enumerated().map { index, view in
            let text = tabText(index, state: state)
            defer { column += text.count }
            return (view, text, column)
        }
    }

    /// The right-hand title: the active loss, or in the training view (and the sphere following it) the subject
    /// (a preset's name).
    static func subject(for state: AppState) -> String {
        guard state.showsTraining, let session = state.training else { return state.activeLossKind.displayName }
        if case .single = session.subject { return state.loss.kind.displayName }
        return session.subject.title
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
        let end = tabs(for: state).last.map { $0.column + $0.text.count } ?? 0
        let title = subject(for: state) + " "
        let width = buffer.width(of: title)
        if buffer.width - width > end + 1 {
            buffer.write(title, x: buffer.width - width, y: 0, style: Style(bold: true, reverse: true))
        }
    }

    /// The view whose tab covers column `x`, if any.
    static func view(atColumn x: Int, state: AppState) -> ViewKind? {
        tabs(for: state).first { x >= $0.column && x < $0.column + $0.text.count }?.view
    }
}
