import Geometry

/// A key press, decoded by the backend from curses codes and escape sequences.
public enum Key: Sendable, Hashable {
    /// A printable character or control code.
    case character(Unicode.Scalar)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case tab, backTab, escape, enter, backspace, delete
    case home, end, pageUp, pageDown, insert
    /// A function key, F1 ... F63.
    case function(Int)
    /// A key pressed with Alt (Meta): the terminal sends ESC before the key.
    indirect case alt(Key)
    /// A key the explorer has no name for, as the status line shows it: an escape sequence as it arrived
    /// (`"\u{1B}[99~"`, shown `\e[99~`), a key with modifiers (`Ctrl+↑`) or a curses key name.
    case unnamed(String)

    /// Ctrl-C (arrives as a key because the terminal is in raw mode).
    public static let controlC = Key.character("\u{03}")
    /// Ctrl-Z: in raw mode the terminal does not stop the program, the backend does.
    public static let controlZ = Key.character("\u{1A}")
    /// ^S (with `raw()` it arrives as a key, not as XOFF).
    public static let controlS = Key.character("\u{13}")

    /// The key a character code stands for: Tab, Enter, Backspace by their codes, else the character itself.
    public init(code scalar: Unicode.Scalar) {
        switch scalar.value {
        case 27: self = .escape
        case 9: self = .tab
        case 10, 13: self = .enter
        case 8, 127: self = .backspace
        default: self = .character(scalar)
        }
    }

    /// How the help screen and the status line write the key: never a raw control character.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let scalar) where scalar.value < 0x20:  // ^A ... ^Z: one cell each, never a raw control
            "^" + String(Unicode.Scalar(scalar.value + 0x40)!)
        case .character("\u{7F}"): "^?"
        case .character(let scalar) where scalar.value >= 0x80: escaped(String(scalar))  // C1 controls, bidi marks
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
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .insert: "Ins"
        case .function(let number): "F\(number)"
        case .alt(let key): "Alt+" + key.label
        case .unnamed(let text): escaped(text, limit: 32)
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
    /// The left button let go at cell (x, y): the end of a drag (the sphere view turns by it).
    case release(x: Int, y: Int)
    /// Time passed (about one frame); training advances on ticks.
    case tick
    /// A line for the status line from the terminal backend, about something it did itself (^Z where the shell
    /// has no job control to stop the explorer).
    case notice(String)
}
