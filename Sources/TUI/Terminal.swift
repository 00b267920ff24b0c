import CNcursesw
import Foundation
import Geometry

/// The one file that talks to ncurses: it opens the screen, copies each rendered buffer out, turns curses key
/// codes into `Message`s, and restores the terminal on every way out (q, ^C, SIGINT/SIGTERM/SIGHUP, a crash).
public enum Terminal {
    /// Runs the explorer until the user quits. Throws when standard input or output is not a terminal.
    /// `colors` false forces monochrome (as `NO_COLOR` does). Returns the state the user left.
    public static func run(_ initial: AppState, colors: Bool) throws(InputError) -> AppState {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw InputError("the explorer needs a terminal on standard input and output; "
                + "for a frame as text use `margin-explorer render`")
        }
        setlocale(LC_ALL, "")
        tcgetattr(STDIN_FILENO, &savedTermios)
        guard let screen = newterm(nil, fdopen(STDOUT_FILENO, "w"), fdopen(STDIN_FILENO, "r")) else {
            throw InputError("cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        defer { delscreen(screen) }
        let window = me_standard_screen()!
        prepareResetSequence()
        installSignalHandlers()
        raw(); noecho(); nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        mouseinterval(0)
        mousemask(me_button1_pressed() | me_button3_pressed(), nil)
        var state = initial
        state.theme = .monochrome
        if colors && has_colors() {
            start_color()
            use_default_colors()
            state.theme = me_colors() >= 256 ? .rich : .basic
        }
        var pairs = ColorPairs()
        var buffer = Buffer(width: 0, height: 0)
        while !state.quits {
            let (width, height) = (Int(getmaxx(window)), Int(getmaxy(window)))
            if width != state.width || height != state.height { update(&state, .resize(width: width, height: height)) }
            if buffer.width != width || buffer.height != height { buffer = Buffer(width: width, height: height) }
            render(state, into: &buffer)
            draw(buffer, on: window, pairs: &pairs)
            wtimeout(window, state.wantsTicks ? 33 : -1)
            update(&state, readMessage(window))
        }
        endwin()
        return state
    }

    /// Copies the buffer into the window; ncurses sends only what changed.
    private static func draw(_ buffer: Buffer, on window: UnsafeMutablePointer<WINDOW>, pairs: inout ColorPairs) {
        var character = cchar_t()
        var text: [wchar_t] = [0, 0]
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                var attributes = me_attr_normal()
                if cell.style.bold { attributes |= me_attr_bold() }
                if cell.style.reverse { attributes |= me_attr_reverse() }
                text[0] = wchar_t(bitPattern: cell.scalar.value)
                let pair = pairs.pair(cell.style.foreground, cell.style.background)
                setcchar(&character, &text, attributes, pair, nil)
                mvwadd_wch(window, Int32(y), Int32(x), &character)
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits for a key, a click, a resize or (when ticking) the frame timeout.
    private static func readMessage(_ window: UnsafeMutablePointer<WINDOW>) -> Message {
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE: return .resize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_SLEFT: return .key(.shiftLeft)
            case KEY_SRIGHT: return .key(.shiftRight)
            case KEY_SR: return .key(.shiftUp)
            case KEY_SF: return .key(.shiftDown)
            case KEY_BTAB: return .key(.backTab)
            case KEY_DC: return .key(.delete)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return .tick }
                let button = event.bstate & me_button3_pressed() != 0 ? 3 : 1
                return .click(x: Int(event.x), y: Int(event.y), button: button)
            default: return .tick
            }
        }
        guard result == OK, let scalar = Unicode.Scalar(UInt32(code)) else { return .tick }
        switch scalar.value {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        default: return .key(.character(scalar))
        }
    }
}

/// Colour pairs made on first use: ncurses colours a cell by pair number, not by (foreground, background).
private struct ColorPairs {
    private var numbers: [Int32: Int16] = [:]
    private var next: Int16 = 1

    mutating func pair(_ foreground: Color, _ background: Color) -> Int16 {
        if foreground.isDefault && background.isDefault { return 0 }
        let key = Int32(foreground.index) << 16 | Int32(UInt16(bitPattern: background.index))
        if let number = numbers[key] { return number }
        guard Int32(next) < me_color_pairs() else { return 0 }
        init_pair(next, foreground.index, background.index)
        numbers[key] = next
        next += 1
        return next - 1
    }
}

// What the signal handler needs, prepared before it can run: async-signal-safe code may only read these.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var resetSequence: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var resetLength = 0

/// The bytes that undo what the screen set up: mouse reporting off, attributes off, cursor shown, the normal
/// screen back (the terminal's own rmcup, or xterm's where terminfo has none).
private func prepareResetSequence() {
    func capability(_ name: String, _ fallback: String) -> String {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return fallback }
        return String(cString: value)
    }
    let text = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l" + capability("sgr0", "\u{1B}[0m")
        + capability("cnorm", "\u{1B}[?25h") + capability("rmcup", "\u{1B}[?1049l") + capability("rmkx", "")
    let bytes = Array(text.utf8)
    resetSequence = .allocate(capacity: bytes.count)
    resetSequence!.initialize(from: bytes, count: bytes.count)
    resetLength = bytes.count
}

/// On a fatal or terminating signal: restore the terminal with async-signal-safe calls, then die of the signal.
private func installSignalHandlers() {
    for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
        signal(signalNumber) { received in
            if let resetSequence { _ = write(STDOUT_FILENO, resetSequence, resetLength) }
            tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios)
            signal(received, SIG_DFL)
            raise(received)
        }
    }
}
