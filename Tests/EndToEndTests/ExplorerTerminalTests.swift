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

    /// Starts the explorer in a width x height window; the shell reports its exit status afterwards.
    func start(width: Int, height: Int, arguments: String = "") throws {
        let command = "\(Binary.url.path) \(arguments); echo EXITED:$?; sleep 30"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name,
                  "env TERM=xterm-256color sh -c '\(command)'"])
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

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

    /// The pane's terminal modes: (in the alternate screen, cursor visible).
    func modes() throws -> (alternate: Bool, cursorVisible: Bool) {
        let text = try tmux(["display-message", "-p", "-t", name, "#{alternate_on} #{cursor_flag}"])
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return (parts.first == "1", parts.last == "1")
    }

    /// The explorer's process id (the child of the pane's shell).
    func explorerPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
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

    /// SIGTERM, SIGHUP and a crash (SIGILL is how a Swift trap ends on x86_64) all leave the terminal restored.
    @Test(arguments: ["TERM", "HUP", "ILL"])
    func signalsRestoreTheTerminal(signal: String) throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 90, height: 26)
        try session.waitFor("margin 28.6°")
        let pid = try #require(try session.explorerPID())
        let numbers = ["TERM": SIGTERM, "HUP": SIGHUP, "ILL": SIGILL]
        Foundation.kill(pid, numbers[signal]!)
        try session.waitFor("EXITED:\(128 + numbers[signal]!)")
        let modes = try session.modes()
        #expect(!modes.alternate && modes.cursorVisible, "after SIG\(signal)")
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
