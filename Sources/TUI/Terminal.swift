import CNcursesw
import Foundation
import Geometry
import Synchronization

/// The one file that talks to ncurses: it opens the screen, copies each rendered buffer out, turns curses key
/// codes and escape sequences into `Message`s, stops and resumes on ^Z, and restores the terminal on every way
/// out (q, Esc, ^C, every signal whose default action ends the process, a crash).
public enum Terminal {
    /// Runs the explorer until the user quits. Throws when standard input or output is not a terminal, or the
    /// terminal cannot run a full-screen program (TERM unset, unknown to terminfo, or without cursor addressing).
    /// `colors` false forces monochrome (as `NO_COLOR` does). Returns the state the user left.
    public static func run(_ initial: AppState, colors: Bool) throws(InputError) -> AppState {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw InputError("the explorer needs a terminal on standard input and output; "
                + "for a frame as text use `margin-explorer render`")
        }
        setlocale(LC_ALL, "")
        try checkTerminalType()
        tcgetattr(STDIN_FILENO, &savedTermios)
        guard let screen = newterm(nil, fdopen(STDOUT_FILENO, "w"), fdopen(STDIN_FILENO, "r")) else {
            throw InputError("cannot open the terminal (TERM=\(quoted(terminalName ?? "")))")
        }
        defer { delscreen(screen) }
        let window = me_standard_screen()!
        prepareResetSequence()
        installSignalHandlers()
        raw(); noecho(); nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(escapeDelay)
        mouseinterval(0)
        mousemask(me_button1_pressed() | me_button3_pressed() | me_button1_released(), nil)
        var state = initial
        state.theme = .monochrome
        if colors && has_colors() {
            start_color()
            use_default_colors()
            state.theme = me_colors() >= 256 ? .rich : .basic
        }
        loop(&state, window)
        endwin()
        restoreDefaultHandlers()
        return state
    }

    /// Draws, reads and updates until the user quits or the terminal goes away; stops and resumes on the way.
    private static func loop(_ state: inout AppState, _ window: UnsafeMutablePointer<WINDOW>) {
        var pairs = ColorPairs()
        var buffer = Buffer(width: 0, height: 0)
        var drawn = false  // the screen shows the state: a quiet wake-up draws nothing
        while !state.quits {
            if suspendRequested.exchange(false, ordering: .relaxed) { suspend(window, &state, wholeJob: false); drawn = false }
            if resumeRequested.exchange(false, ordering: .relaxed) { resume(window); drawn = false }
            let (width, height) = (Int(getmaxx(window)), Int(getmaxy(window)))
            if width != state.width || height != state.height {
                update(&state, .resize(width: width, height: height))
                drawn = false
            }
            if buffer.width != width || buffer.height != height { buffer = Buffer(width: width, height: height) }
            if !drawn {
                render(state, into: &buffer)
                draw(buffer, on: window, pairs: &pairs)
                drawn = true
            }
            let blocking = !state.wantsTicks
            wtimeout(window, blocking ? watchdogDelay : 33)
            let reading = readMessage(window, blocking: blocking)
            if case .idle = reading {} else { drawn = false }
            switch reading {
            case .idle: continue  // nothing happened: look at the flags again
            case .message(let message):
                update(&state, message)
                if state.suspendRequested {  // ^Z, through the key table: the backend carries it out
                    state.suspendRequested = false
                    suspend(window, &state, wholeJob: true)
                }
                if state.saveRequested {  // ^S: the file is written here, never in update
                    state.saveRequested = false
                    update(&state, .notice(FigureFile.save(state)))
                }
            case .interrupted: continue  // a signal: the flags say what to do
            case .closed: return  // the terminal is gone (its input ended without a hangup signal)
            }
        }
    }

    /// How long a read waits, in milliseconds, before the loop looks at its flags again while nothing ticks. A
    /// SIGCONT (after `fg`) can land on another thread of the process, or between the look and the read, and then
    /// interrupts no read: this bounds how long the screen can wait to be redrawn.
    static let watchdogDelay: Int32 = 200

    /// How long ncurses and the escape decoder wait for the rest of a sequence after ESC, in milliseconds.
    static let escapeDelay: Int32 = 25

    /// TERM as the environment has it.
    private static var terminalName: String? { ProcessInfo.processInfo.environment["TERM"] }

    /// Refuses, before anything is written, a terminal that cannot run a full-screen program.
    private static func checkTerminalType() throws(InputError) {
        let example = "set TERM to your terminal's type (e.g. xterm-256color)"
        guard let name = terminalName, !name.isEmpty else { throw InputError("TERM is not set: " + example) }
        switch me_check_terminal(STDOUT_FILENO) {
        case 1: return
        case 0:
            throw InputError("TERM=\(quoted(name)) cannot move the cursor: the explorer needs a full-screen terminal "
                + "(`margin-explorer render` prints a frame as text)")
        case -2: throw InputError("no terminfo database to look up TERM=\(quoted(name)) in (install ncurses-base)")
        default: throw InputError("terminfo has no usable entry for TERM=\(quoted(name)): " + example)
        }
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

    /// What one read of the terminal gave.
    private enum Reading {
        case message(Message)
        /// A signal arrived while waiting (or, ticking, the frame's time ran out with nothing to read).
        case interrupted
        /// End of input: the terminal is gone.
        case closed
        /// A wait ran out with nothing to read and no signal.
        case idle
    }

    /// Waits for a key, a click, a resize or (when ticking) the frame timeout.
    private static func readMessage(_ window: UnsafeMutablePointer<WINDOW>, blocking: Bool) -> Reading {
        var code: wint_t = 0
        errno = 0
        let result = wget_wch(window, &code)
        if result == KEY_CODE_YES { return cursesKey(Int32(code), window: window).map(Reading.message) ?? .interrupted }
        guard result == OK, let scalar = Unicode.Scalar(UInt32(code)) else {
            if !blocking { return .message(.tick) }
            if errno == EINTR { return .interrupted }
            return inputHungUp ? .closed : .idle
        }
        guard scalar.value == 27 else { return .message(.key(Key(code: scalar))) }
        return .message(.key(escapeSequence(window)))
    }

    /// True when standard input has hung up or failed (a blocking read that returns nothing, not for a signal).
    private static var inputHungUp: Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 1 && descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// The message for a key curses decoded (nil for a mouse report it cannot read).
    private static func cursesKey(_ code: Int32, window: UnsafeMutablePointer<WINDOW>) -> Message? {
        switch code {
        case KEY_RESIZE: return .resize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if event.bstate & me_button1_released() != 0 && event.bstate & me_button1_pressed() == 0 {
                return .release(x: Int(event.x), y: Int(event.y))
            }
            let button = event.bstate & me_button3_pressed() != 0 ? 3 : 1
            return .click(x: Int(event.x), y: Int(event.y), button: button)
        default: return .key(key(cursesCode: code))
        }
    }

    /// The key for a curses key code. Keypad keys in application mode that terminfo names (ka1 ... kc3) are
    /// the digits they carry; codes without a name here keep their curses name.
    private static func key(cursesCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_BTAB: return .backTab
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_A1: return .character("7")
        case KEY_A3: return .character("9")
        case KEY_B2: return .character("5")
        case KEY_C1: return .character("1")
        case KEY_C3: return .character("3")
        case KEY_F0 + 1 ... KEY_F0 + 63: return .function(Int(code - KEY_F0))
        default:
            let name = keyname(code).map { String(cString: $0) } ?? "key \(code)"
            return EscapeSequence.key(cursesName: name) ?? .unnamed(name)
        }
    }

    /// Reads what follows an ESC (waiting at most `escapeDelay` for each part) and decodes it; a part that
    /// belongs to the next key is pushed back for the next read.
    private static func escapeSequence(_ window: UnsafeMutablePointer<WINDOW>) -> Key {
        wtimeout(window, escapeDelay)
        var last: (result: Int32, code: wint_t) = (ERR, 0)
        let (decoded, unreadLast) = EscapeSequence.decode {
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            last = (result, code)
            if result == KEY_CODE_YES {
                switch Int32(code) {
                case KEY_RESIZE, KEY_MOUSE: return .event
                default: return .key(key(cursesCode: Int32(code)))
                }
            }
            guard result == OK, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(scalar)
        }
        if unreadLast {
            if last.result == KEY_CODE_YES { ungetch(Int32(last.code)) } else { unget_wch(wchar_t(bitPattern: last.code)) }
        }
        return decoded
    }

    /// ^Z (the whole job stops, as the terminal itself would stop it outside raw mode) or SIGTSTP from outside
    /// (this process stops): the shell gets the terminal back as it was, and `fg` brings the explorer back as it
    /// was left. Where the shell has no job control the stop signal is discarded: the status line says so.
    private static func suspend(_ window: UnsafeMutablePointer<WINDOW>, _ state: inout AppState, wholeJob: Bool) {
        guard installedSignals.contains(SIGTSTP) else {  // started with SIGTSTP ignored: stopping is turned off
            update(&state, .notice("^Z: stopping is turned off here (SIGTSTP is ignored); q quits"))
            return
        }
        endwin()  // the shell's modes, the normal screen, the cursor
        continued.store(false, ordering: .relaxed)
        signal(SIGTSTP, SIG_DFL)
        kill(wholeJob ? 0 : getpid(), SIGTSTP)  // stops here; SIGCONT's handler runs before kill returns
        me_catch_signal(SIGTSTP, requestSuspend)
        resumeRequested.store(false, ordering: .relaxed)
        resume(window)
        if !continued.load(ordering: .relaxed) {
            update(&state, .notice("^Z: this shell cannot suspend the explorer (no job control); q quits"))
        }
    }

    /// Takes the terminal back after a stop: program mode (raw, no echo), the alternate screen and mouse
    /// reporting (ncurses restores these after `endwin`), the keypad mode (which it does not), no cursor, and a
    /// full redraw on the next frame, since the shell may have written over the screen.
    private static func resume(_ window: UnsafeMutablePointer<WINDOW>) {
        if !isendwin() { reset_prog_mode() }  // stopped by SIGSTOP: the shell may have changed the modes
        keypad(window, false)
        keypad(window, true)
        curs_set(0)
        clearok(window, true)
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

// What the signal handlers need, prepared before they can run: async-signal-safe code may only read these.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var resetSequence: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var resetLength = 0
nonisolated(unsafe) private var installedSignals: [Int32] = []

// What the stop and continue handlers note for the loop (lock-free atomics are async-signal-safe).
private let suspendRequested = Atomic<Bool>(false)
private let resumeRequested = Atomic<Bool>(false)
private let continued = Atomic<Bool>(false)

/// The bytes that undo what the screen set up: mouse reporting off, attributes off, cursor shown, the normal
/// screen back (the terminal's own rmcup, or xterm's where terminfo has none), the keypad in normal mode.
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

/// Every signal whose default action ends the process (signal(7): Term and Core), the real-time ones included.
/// SIGKILL cannot be caught; glibc keeps the two real-time signals below SIGRTMIN for itself.
private var terminatingSignals: [Int32] {
    [SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM,
     SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS]
        + Array(me_signal_realtime_min()...me_signal_realtime_max())
}

/// A terminating signal: restore the terminal with async-signal-safe calls only, then die of the signal. A
/// stop (SIGTSTP) or a continue (SIGCONT) only notes it for the loop, which a blocking read leaves at once.
/// Signals the explorer was started with ignored (nohup's SIGHUP) stay ignored.
private func installSignalHandlers() {
    for number in terminatingSignals + [SIGTSTP, SIGCONT] where me_signal_is_ignored(number) == 0 {
        let handler: @convention(c) (Int32) -> Void = switch number {
        case SIGTSTP: requestSuspend
        case SIGCONT: { _ in
            continued.store(true, ordering: .relaxed)
            resumeRequested.store(true, ordering: .relaxed)
        }
        default: { received in
            if let resetSequence { _ = write(STDOUT_FILENO, resetSequence, resetLength) }
            tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios)
            signal(received, SIG_DFL)
            raise(received)  // blocked until the handler returns, then the default action: the process ends
        }
        }
        if me_catch_signal(number, handler) == 0 { installedSignals.append(number) }
    }
}

/// SIGTSTP from outside (`kill -TSTP`): the loop stops the explorer the way ^Z does, with the terminal restored.
private func requestSuspend(_: Int32) { suspendRequested.store(true, ordering: .relaxed) }

/// After the screen is closed, signals act as they would without the explorer.
private func restoreDefaultHandlers() {
    for number in installedSignals { signal(number, SIG_DFL) }
    installedSignals = []
}
