import Foundation
import Testing

/// A private tmux server driving the real binary as a person would: keys in, screen out.
struct TmuxSession {
    let socket = "margin-explorer-test-\(UUID().uuidString.prefix(8))"
    let name = "explorer"

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // Through sh and a file, waited for with waitpid: the tmux server that new-session forks would hold a
        // pipe open for good, and Foundation's Process here can miss the client's exit.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = quoted.joined(separator: " ") + " </dev/null >'\(file.path)' 2>/dev/null"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Starts the explorer in a width x height window; the shell reports its exit status afterwards, and whether
    /// the terminal's modes (`stty -g`) are what they were before it started. No core files from the signal tests.
    func start(width: Int, height: Int, arguments: String = "", term: String = "xterm-256color") throws {
        let command = "ulimit -c 0; modes=$(stty -g); \(Binary.url.path) \(arguments); echo EXITED:$?; "
            + "[ \"$(stty -g)\" = \"$modes\" ] && echo STTY:same || echo STTY:changed; sleep 30"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name,
                  "env TERM=\(term) sh -c '\(command)'"])
    }

    /// Starts an interactive shell (with job control, so ^Z stops a job) and runs the explorer from it.
    func startInShell(width: Int, height: Int) throws {
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name,
                  "env TERM=xterm-256color PS1='$ ' sh"])
        try waitFor("$")
        try press("-l", "modes=$(stty -g); \(Binary.url.path)")
        try press("Enter")
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func press(_ keys: String...) throws { try press(keys) }

    func press(_ keys: [String]) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Polls the screen until it contains `text` (at most `seconds`); returns the last screen seen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) {
                // The text can show while curses is still writing the rows below it: read again a moment later.
                Thread.sleep(forTimeInterval: 0.15)
                let settled = try screen()
                if settled.contains(text) { return settled }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("screen never showed \"\(text)\"; last screen:\n\(last)")
        return last
    }

    /// The pane's terminal modes: in the alternate screen, cursor visible, keypad in application mode, mouse
    /// reporting on.
    func modes() throws -> (alternate: Bool, cursorVisible: Bool, keypad: Bool, mouse: Bool) {
        let text = try tmux(["display-message", "-p", "-t", name,
                             "#{alternate_on} #{cursor_flag} #{keypad_flag} #{mouse_any_flag}"])
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "1" }
        guard parts.count == 4 else { return (false, false, false, false) }
        return (parts[0], parts[1], parts[2], parts[3])
    }

    /// The explorer's process id (the child of the pane's shell).
    func explorerPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls until the screen no longer contains `text` (at most `seconds`); returns the last screen seen.
    @discardableResult
    func waitUntilGone(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if !last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("screen still shows \"\(text)\"; last screen:\n\(last)")
        return last
    }

    func kill() { _ = try? tmux(["kill-server"]) }
}

@Suite(.serialized) struct ExplorerTerminalTests {
    @Test func keysChangeTheValuesAndThePictureAndQuitRestoresTheTerminal() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30)
        let before = try session.waitFor("margin 28.6°")
        #expect(try session.modes().alternate)
        try session.press("M")
        let after = try session.waitFor("margin 31.5°")  // m = 0.55 rad = 31.51°
        #expect(after.contains("m      0.55 rad"))
        let canvasBefore = before.split(separator: "\n").map { String($0.prefix(60)) }
        let canvasAfter = after.split(separator: "\n").map { String($0.prefix(60)) }
        #expect(canvasBefore != canvasAfter, "the boundary rays moved")
        try session.press("3")
        try session.waitFor("(θ1, θ2) plane")
        try session.press("q")
        let final = try session.waitFor("EXITED:0")
        #expect(final.contains("margin-explorer --state 'view=angles loss=arcface m=0.55 s=64 angle=90 ratio=1'"))
        let modes = try session.modes()
        #expect(!modes.alternate && modes.cursorVisible)
    }

    @Test func resizingBelowTheMinimumShowsANoticeAndRecovers() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30, arguments: "--state \"view=psi loss=cosface\"")
        try session.waitFor("AM-Softmax m=0.35 s=64")
        try session.tmux(["resize-window", "-t", session.name, "-x", "50", "-y", "15"])
        try session.waitFor("Terminal too small: 50x15")
        try session.tmux(["resize-window", "-t", session.name, "-x", "90", "-y", "26"])
        let screen = try session.waitFor("AM-Softmax m=0.35 s=64")
        // The title bar spans the new width: its last word ends one column before the edge (capture trims the space).
        #expect(screen.split(separator: "\n").first.map { $0.hasSuffix("AM-Softmax") && $0.count == 89 } == true)
        try session.press("C-c")
        try session.waitFor("EXITED:0")
        #expect(try !session.modes().alternate)
    }

    /// Every signal whose default action ends the process (signal(7)), a crash among them (SIGILL is how a Swift
    /// trap ends on x86_64): the explorer dies of the signal, and the terminal is back on the normal screen with
    /// the cursor shown and the modes `stty` saw before.
    @Test(arguments: [("TERM", SIGTERM), ("HUP", SIGHUP), ("ILL", SIGILL), ("INT", SIGINT), ("QUIT", SIGQUIT),
                      ("USR1", SIGUSR1), ("USR2", SIGUSR2), ("ALRM", SIGALRM), ("PIPE", SIGPIPE), ("XCPU", SIGXCPU),
                      ("XFSZ", SIGXFSZ), ("VTALRM", SIGVTALRM), ("PROF", SIGPROF), ("IO", SIGIO), ("SYS", SIGSYS),
                      ("PWR", SIGPWR), ("STKFLT", SIGSTKFLT), ("RTMIN", __libc_current_sigrtmin()),
                      ("RTMIN+7", __libc_current_sigrtmin() + 7), ("RTMAX", __libc_current_sigrtmax())])
    func signalsRestoreTheTerminal(signal: String, number: Int32) throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 90, height: 26)
        try session.waitFor("margin 28.6°")
        let pid = try #require(try session.explorerPID())
        Foundation.kill(pid, number)
        let screen = try session.waitFor("STTY:")
        #expect(screen.contains("EXITED:\(128 + number)"), "after SIG\(signal)")
        #expect(screen.contains("STTY:same"), "after SIG\(signal)")
        let modes = try session.modes()
        #expect(!modes.alternate && modes.cursorVisible && !modes.keypad && !modes.mouse, "after SIG\(signal)")
    }

    /// Alt+x (ESC x), an unknown CSI sequence, Page Up and the keypad's 8 are not Esc: the explorer stays, and
    /// says on the status line, with the ESC written `\e`, that the key does nothing here. Keypad 3 (ESC O s
    /// under xterm's terminfo, which names it; screen's does not, so there the explorer decodes it) opens view 3.
    @Test(arguments: [(["M-x"], "Alt+x: no such key here", "xterm-256color"),
                      (["-H", "1b", "5b", "39", "39", "7e"], "\\e[99~: no such key here", "xterm-256color"),
                      (["PageUp"], "PgUp: no such key here", "xterm-256color"),
                      (["KP8"], "8: no such key here", "xterm-256color"),
                      (["KP3"], "(θ1, θ2) plane", "xterm-256color"),
                      (["KP3"], "(θ1, θ2) plane", "screen-256color"),
                      (["M-x"], "Alt+x: no such key here", "screen-256color")])
    func altKeypadAndUnknownSequencesDoNotQuit(keys: [String], shows expected: String, term: String) throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30, term: term)
        try session.waitFor("margin 28.6°")
        try session.press(keys)
        let screen = try session.waitFor(expected)
        #expect(!screen.contains("EXITED"))
        #expect(try session.modes().alternate)
        try session.press("Escape")  // Esc alone still quits
        #expect(try session.waitFor("EXITED:0").contains("margin-explorer --state"))
    }

    /// ^Z (a key in raw mode) stops the explorer with the terminal restored; `fg` brings it back with the keypad
    /// and mouse modes on, so the next arrow key is an arrow (it used to quit), and quitting leaves `stty` sane.
    /// `kill -TSTP` from outside does the same.
    @Test(arguments: [true, false])
    func suspendingAndResumingKeepsTheKeys(byKey: Bool) throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.startInShell(width: 100, height: 30)
        try session.waitFor("margin 28.6°")
        if byKey { try session.press("C-z") } else { Foundation.kill(try #require(try session.explorerPID()), SIGTSTP) }
        try session.waitFor("Stopped")
        var modes = try session.modes()
        #expect(!modes.alternate && modes.cursorVisible && !modes.keypad && !modes.mouse)
        try session.press("fg", "Enter")
        try session.waitFor("margin 28.6°")
        modes = try session.modes()
        #expect(modes.alternate && !modes.cursorVisible && modes.keypad && modes.mouse)
        try session.press("Up")     // the side panel's selection moves from s to the norm ratio
        try session.press("Right")  // and the ratio goes up a step
        try session.waitFor("ratio=1.1")
        try session.press("q")
        try session.waitFor("ratio=1.1'")
        try session.press("-l", "[ \"$(stty -g)\" = \"$modes\" ] && echo STTY:same || echo STTY:changed")
        try session.press("Enter")
        #expect(try session.waitFor("STTY:").contains("STTY:same"))
        modes = try session.modes()
        #expect(!modes.alternate && modes.cursorVisible)
    }

    /// SIGSTOP cannot be caught: the shell writes "Stopped" over the screen while the terminal is still raw. On
    /// `fg` (SIGCONT) the explorer takes the terminal back and redraws every cell.
    @Test func continuingAfterSIGSTOPRedrawsTheScreen() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.startInShell(width: 100, height: 30)
        try session.waitFor("margin 28.6°")
        Foundation.kill(try #require(try session.explorerPID()), SIGSTOP)
        try session.waitFor("Stopped")
        // Type only once the shell shows its prompt again: keys typed while it is still taking the terminal back
        // can be discarded with the pending input, which on a loaded machine left "Stopped" on screen.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline,
              try session.screen().split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) })?
                .trimmingCharacters(in: .whitespaces) != "$" {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
        try session.press("fg", "C-j")  // the terminal is still raw: a newline, not Enter's carriage return
        try session.waitUntilGone("Stopped")
        try session.press("Up", "Right")
        try session.waitFor("ratio=1.1")
        #expect(try session.modes().keypad)
        try session.press("q")
        try session.waitFor("ratio=1.1'")
    }

    /// Where the shell has no job control the stop is discarded: the explorer stays and says so.
    @Test func controlZWithoutJobControlSaysSo() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30)
        try session.waitFor("margin 28.6°")
        try session.press("C-z")
        try session.waitFor("this shell cannot suspend the explorer")
        #expect(try session.modes().alternate)
        try session.press("Right")  // the keys still work: m goes up a step
        try session.waitFor("m=0.55")
        try session.press("q")
        try session.waitFor("EXITED:0")
    }

    /// With SIGHUP ignored (as under nohup), closing the terminal ends the explorer: reading a terminal that is
    /// gone returns at once, and the explorer used to loop on it at full speed for good.
    @Test func aTerminalThatGoesAwayEndsTheExplorerEvenWithHangupIgnored() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.tmux(["-f", "/dev/null", "new-session", "-d", "-x", "90", "-y", "26", "-s", session.name,
                          "env TERM=xterm-256color sh -c 'trap \"\" HUP; exec \(Binary.url.path)'"])
        try session.waitFor("margin 28.6°")
        let pane = try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_pid}"])
        let pid = try #require(Int32(pane.trimmingCharacters(in: .whitespacesAndNewlines)))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let ignored = status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
            .flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) } ?? 0
        #expect(ignored & (1 << (UInt64(SIGHUP) - 1)) != 0, "the explorer runs with SIGHUP ignored")
        try session.tmux(["kill-pane", "-t", session.name])
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && FileManager.default.fileExists(atPath: "/proc/\(pid)/status") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let gone = !FileManager.default.fileExists(atPath: "/proc/\(pid)/status")
        if !gone { Foundation.kill(pid, SIGKILL) }
        #expect(gone, "the explorer still runs after its terminal closed")
    }

    /// A terminal without cursor addressing, or one terminfo does not know, gets one line and status 2, and the
    /// screen is left alone (no half-drawn frame, no alternate screen).
    @Test(arguments: [("dumb", "TERM='dumb' cannot move the cursor"),
                      ("no-such-terminal", "terminfo has no usable entry for TERM='no-such-terminal'")])
    func terminalsThatCannotDrawGetAMessage(term: String, message: String) throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30, term: term)
        let screen = try session.waitFor("EXITED:")
        #expect(screen.contains("EXITED:2"))
        #expect(screen.contains("margin-explorer: " + message))
        #expect(!screen.contains("ArcFace") && !screen.contains("margin-explorer --state"))
        #expect(screen.contains("STTY:same"))
        #expect(try !session.modes().alternate)
    }

    @Test func trainingPlaysAndPausesWithTheKeys() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30)
        try session.waitFor("margin 28.6°")
        try session.press("5")
        try session.waitFor("epoch 0  step 0")
        try session.press("Space")
        try session.waitFor("▶ playing")
        try session.waitFor("epoch 3", seconds: 30)  // blobs: 5 steps an epoch
        try session.press("Space")
        let paused = try session.waitFor("❚❚ paused")
        let step = paused.split(separator: "\n").first { $0.contains("epoch ") && $0.contains("step ") }
        Thread.sleep(forTimeInterval: 0.3)
        let later = try session.screen().split(separator: "\n").first { $0.contains("epoch ") && $0.contains("step ") }
        #expect(step != nil && step == later, "paused training does not step")
        try session.press("q")
        try session.waitFor("EXITED:0")
    }

    @Test func withoutATerminalItPointsToRender() throws {
        let result = try Binary.run([])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("needs a terminal") && result.stderr.contains("margin-explorer render"))
    }

    @Test func renderPrintsTheSameFrameAsTheScreen() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 80, height: 24, arguments: "--no-color --state \"view=plane loss=cosface m=0.35 s=30\"")
        let screen = try session.waitFor("margin ")
        let rendered = try Binary.run(["render", "--width", "80", "--height", "24", "--color", "never", "--monochrome",
                                       "--state", "view=plane loss=cosface m=0.35 s=30"])
        #expect(rendered.status == 0)
        let trim = { (text: String) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) } }
        #expect(Array(trim(screen).prefix(24)) == Array(trim(rendered.stdout).prefix(24)))
        try session.press("q")
        try session.waitFor("EXITED:0")
    }
}
