import Foundation
import Testing

/// View 6 as a user opens it: `margin-explorer --embeddings E --labels L --weights W` (and `render --view model`)
/// on the NumPy-made model of Tests/AnalysisTests/Fixtures; the live fraction against `analyze`'s, bad files
/// refused as `analyze` refuses them before any screen opens, and the screen in tmux at 80x24 and 160x48.
@Suite(.serialized) struct ModelViewCommandTests {
    static let model = AnalyzeCommandTests.model
    static let flags = AnalyzeCommandTests.modelFlags

    /// `meets margin 52.7%  158/300`: the count of samples meeting the margin that a frame shows.
    static func meetingCount(_ frame: String) -> Int? {
        guard let range = frame.range(of: #"meets margin [0-9.]+%  [0-9]+/300"#, options: .regularExpression) else {
            return nil
        }
        return Int(frame[range].split(separator: " ").last!.split(separator: "/")[0])
    }

    /// For two margins, the frame's count is analyze's fraction_meeting_margin times N exactly.
    @Test(arguments: [0.3, 0.7])
    func theFractionIsAnalyzes(m: Double) throws {
        let analyze = try Binary.run(["analyze"] + Self.flags + ["--json", "--loss", "arcface", "--m", "\(m)"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
        let fraction = try #require(object["fraction_meeting_margin"] as? Double)
        let render = try Binary.run(["render", "--color", "never", "--loss", "arcface", "--m", "\(m)"] + Self.flags)
        #expect(render.status == 0, "\(render.stderr)")
        let count = try #require(Self.meetingCount(render.stdout), "\(render.stdout)")
        // The JSON writes 16 significant digits: the same count of 300, to the digit it writes.
        #expect(Double(count) == (fraction * 300).rounded() && abs(Double(count) / 300 - fraction) < 1e-15)
        #expect(render.stdout.contains("m      \(m) rad"))
    }

    /// The state string the frame was drawn from reopens it: the same frame from `--state` as from the flags.
    @Test func renderFromTheStateStringIsTheSameFrame() throws {
        let state = "view=model loss=cosface m=0.35 s=30 angle=90 ratio=1 embeddings=\"\(Self.model)\" "
            + "labels=\"\(Self.model)\" weights=\"\(Self.model)\""
        let fromState = try Binary.run(["render", "--color", "never", "--width", "160", "--height", "48", "--state", state])
        let fromFlags = try Binary.run(["render", "--color", "never", "--width", "160", "--height", "48", "--loss",
                                        "cosface", "--m", "0.35", "--s", "30"] + Self.flags)
        #expect(fromState.status == 0 && fromFlags.status == 0, "\(fromState.stderr) \(fromFlags.stderr)")
        #expect(fromState.stdout == fromFlags.stdout)
        #expect(fromState.stdout.contains("closest class weights"))
    }

    /// A bad file: the explorer and render say what analyze says, status 2, and nothing else (no screen).
    @Test(arguments: [["--embeddings", "/nonexistent/e.npy"], ["--labels", "/nonexistent/l.npy"],
                      ["--weights-layout", "sideways"]])
    func badFilesGetAnalyzesMessage(change: [String]) throws {
        var flags = Self.flags
        if let index = flags.firstIndex(of: change[0]) { flags[index + 1] = change[1] } else { flags += change }
        let analyze = try Binary.run(["analyze"] + flags)
        #expect(analyze.status == 2 && !analyze.stderr.isEmpty)
        for command in [[], ["render"]] {
            let run = try Binary.run(command + flags)
            #expect(run.status == 2 && run.stdout.isEmpty, "\(command): \(run.stdout)")
            #expect(run.stderr == analyze.stderr, "\(command)")
        }
        let partial = try Binary.run(["render", "--embeddings", Self.model])
        #expect(partial.status == 2 && partial.stderr.contains("--labels is missing"))
    }

    /// In a terminal at both sizes: the view opens on the fraction, M widens the margin and lowers it live, the
    /// state string printed on quit names the files and reopens the same frame.
    @Test(arguments: [(80, 24), (160, 48)])
    func theViewInATerminal(size: (Int, Int)) throws {
        let (width, height) = size
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: width, height: height, arguments: "--no-color " + Self.flags.map { "'\($0)'" }
            .joined(separator: " "))
        let first = try session.waitFor("158/300")
        #expect(first.contains("6 Model") && first.contains("θ_target"))
        try session.press("M")
        let wider = try session.waitUntilGone("158/300")
        let count = try #require(Self.meetingCount(wider), "\(wider)")
        #expect(count < 158)
        try session.press("q")
        try session.waitFor("EXITED:0")
        let joined = try session.tmux(["capture-pane", "-p", "-J", "-t", session.name])
        let line = try #require(joined.split(separator: "\n").first { $0.hasPrefix("margin-explorer --state '") })
        let state = String(line.dropFirst("margin-explorer --state '".count).dropLast())
        #expect(state.hasPrefix("view=model loss=arcface m=0.55 s=64") && state.contains("embeddings=\(Self.model)"))
        let again = try Binary.run(["render", "--color", "never", "--width", "\(width)", "--height", "\(height)",
                                    "--state", state])
        #expect(Self.meetingCount(again.stdout) == count)
    }
}
