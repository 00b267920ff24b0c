/// A key press, decoded by the backend from curses codes.
public enum Key: Sendable, Hashable {
    /// A printable character or control code.
    case character(Unicode.Scalar)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case tab, backTab, escape, enter, backspace, delete

    /// Ctrl-C (arrives as a key because the terminal is in raw mode).
    public static let controlC = Key.character("\u{03}")

    /// How the help screen writes the key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let scalar) where scalar.value < 0x20:  // ^A ... ^Z: one cell each, never a raw control
            "^" + String(Unicode.Scalar(scalar.value + 0x40)!)
        case .character("\u{7F}"): "^?"
        case .character(let scalar): String(scalar)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .shiftUp: "S-↑"
        case .shiftDown: "S-↓"
        case .shiftLeft: "S-←"
        case .shiftRight: "S-→"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .escape: "Esc"
        case .enter: "Enter"
        case .backspace: "BkSp"
        case .delete: "Del"
        }
    }
}

/// What happens to the state: the only way it changes is `update(&state, message)`.
public enum Message: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// The terminal has a new size (columns, rows).
    case resize(width: Int, height: Int)
    /// A mouse click at cell (x, y); button 1 is the left button, 3 the right.
    case click(x: Int, y: Int, button: Int)
    /// Time passed (about one frame); training advances on ticks.
    case tick
}
