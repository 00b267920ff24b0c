import Foundation
import Testing

/// Issue 8 as a newcomer meets it in the terminal: the real binary in tmux, keys in, screen out.
@Suite(.serialized) struct NewcomerTerminalTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("margin-explorer-\(UUID().uuidString)-\(name)").path
    }

    /// Item 8: the key that closes the help acts, so `?` then `q` quits at once (it used to take a second q).
    @Test func questionMarkThenQQuitsAtOnce() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 100, height: 30)
        try session.waitFor("margin 28.6°")
        try session.press("?")
        let help = try session.waitFor("Keys (1/2)")
        #expect(help.contains("q/Esc/^C") && help.contains("^Z") && !help.contains("quit (also"))
        try session.press("q")
        let after = try session.waitFor("EXITED:0", seconds: 5)
        #expect(after.contains("margin-explorer --state 'view=plane"))
    }

    /// Item 2: the line printed on quitting names a preset's own data, and reopens it.
    @Test func thePresetsStateStringNamesItsData() throws {
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 120, height: 40, arguments: "--state \"view=training preset=angular-margins\"")
        try session.waitFor("Softmax, CosFace, ArcFace · digits", seconds: 30)
        try session.press("t")
        try session.waitFor("this preset trains its own losses: p changes the preset")
        try session.press("q")
        let final = try session.waitFor("EXITED:0").replacingOccurrences(of: "\n", with: "")  // long lines wrap
        #expect(final.contains("preset=angular-margins data=digits seed=1"), "\(final)")
        #expect(!final.contains("data=blobs"))
    }

    /// Item 3: a run saved as .npz opens paused where it was saved, and training continues from there (epoch 3
    /// after 2), on its own data; a run saved as JSON says why it cannot continue.
    @Test func aLoadedRunContinuesOnItsOwnData() throws {
        let npz = Self.temporaryPath("run.npz"), json = Self.temporaryPath("run.json")
        defer { try? FileManager.default.removeItem(atPath: npz); try? FileManager.default.removeItem(atPath: json) }
        for path in [npz, json] {
            // The run may end with classes still collapsed (status 1): the file is written either way.
            let trained = try Binary.run(["train", "--loss", "softmax", "--dataset", "rings", "--seed", "1",
                                          "--epochs", "2", "--hidden", "32,32", "--save", path])
            try #require(FileManager.default.fileExists(atPath: path), "\(trained.stderr)")
        }
        let session = TmuxSession()
        defer { session.kill() }
        try session.start(width: 120, height: 40, arguments: "--load \"\(npz)\"")
        let opened = try session.waitFor("epoch 2")
        #expect(opened.contains("rings (3 classes)") && opened.contains("paused"))
        try session.press("e")
        try session.waitFor("epoch 3  step")
        try session.press("q")
        let final = try session.waitFor("EXITED:0").replacingOccurrences(of: "\n", with: "")  // long lines wrap
        #expect(final.contains("load=\(npz)") && final.contains("step="), "\(final)")

        let frozen = TmuxSession()
        defer { frozen.kill() }
        try frozen.start(width: 120, height: 40, arguments: "--load \"\(json)\"")
        try frozen.waitFor("loaded run")
        try frozen.press("Space")
        let refused = try frozen.waitFor("saved as JSON")
        #expect(refused.contains(".npz"), "\(refused)")
        try frozen.press("q")
        try frozen.waitFor("EXITED:0")
    }
}

/// Issue 8 without a terminal: the same promises through `render`, `train` and the help.
@Suite struct NewcomerCommandTests {
    @Test func versionIsPrinted() throws {
        let run = try Binary.run(["--version"])
        #expect(run.status == 0 && run.stdout == "0.8.0\n", "\(run.stdout)\(run.stderr)")
        let readme = try String(contentsOf: ReadmeExamplesTests.readme, encoding: .utf8)
        #expect(readme.contains("margin-explorer --version") && readme.contains("0.8.0"))
    }

    @Test func renderHelpListsEveryView() throws {
        let run = try Binary.run(["render", "--help"])
        let words = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("plane, psi, angles, compare, training, model"), "\(run.stdout)")
    }

    /// `--ascii` writes degrees as `deg`: `90'` would read as ninety arc-minutes.
    @Test func asciiWritesDeg() throws {
        let run = try Binary.run(["render", "--ascii", "--color", "never", "--width", "80", "--height", "24",
                                  "--state", "view=plane loss=arcface"])
        #expect(run.stdout.contains("angle  90deg") && run.stdout.contains("margin 28.6deg"), "\(run.stdout)")
        #expect(!run.stdout.contains("90'") && !run.stdout.contains("28.6'"))
    }

    /// Item 6's examples: at 80 and 120 columns the legends and notes end with whole words and numbers.
    @Test(arguments: [80, 120])
    func legendsAndNotesEndWithWholeTokens(width: Int) throws {
        for state in ["view=psi loss=arcface", "view=psi loss=combined", "view=compare loss=arcface compare=combined,arcface"] {
            let run = try Binary.run(["render", "--color", "never", "--width", "\(width)", "--height", "24", "--state", state])
            #expect(run.status == 0)
            #expect(!run.stdout.contains("keeps it fa ") && !run.stdout.contains("keeps it fa\n"), "\(state)")
            for line in run.stdout.split(separator: "\n") {
                let trimmed = line.reversed().drop { $0 == " " }.reversed()
                #expect(!String(trimmed).hasSuffix("m2=0.") && !String(trimmed).hasSuffix("="), "\(state): \(line)")
            }
        }
    }

    /// Errors travel as data: the flag is named from what the error is about, never from its words.
    @Test(arguments: [(["--lr", "50"], "--lr 50 is out of range: it must be 0.0001 to 10 (learning rate)"),
                      (["--batch", "0"], "--batch 0 is out of range: it must be a whole number from 1 to 4096"),
                      (["--classes", "30"], "--classes 30 is out of range: it must be a whole number from 2 to 20"),
                      (["--test-fraction", "0.9"], "--test-fraction 0.9 is out of range: it must be 0.05 to 0.5 (fraction)"),
                      (["--weight-decay", "2"], "--weight-decay 2 is out of range: it must be 0 to 1 (decay)")])
    func trainingSettingsAreNamedByTheirFlag(arguments: [String], message: String) throws {
        let run = try Binary.run(["train", "--dataset", "blobs", "--epochs", "1"] + arguments)
        #expect(run.status == 2 && run.stderr == "margin-explorer: \(message)\n", "\(run.stderr)")
    }

    /// A run saved as .npz holds what continuing it needs: two epochs loaded and trained to step 24 draw the
    /// very picture of four epochs trained at once (the same numbers, as if it had never stopped).
    @Test func aResumedRunDrawsWhatTheUnbrokenRunDraws() throws {
        let (two, four) = (NewcomerTerminalTests.temporaryPath("two.npz"), NewcomerTerminalTests.temporaryPath("four.npz"))
        defer { try? FileManager.default.removeItem(atPath: two); try? FileManager.default.removeItem(atPath: four) }
        let common = ["train", "--loss", "cosface", "--dataset", "blobs", "--hidden", "32", "--batch", "64", "--seed", "3"]
        for (path, epochs) in [(two, "2"), (four, "4")] {
            // A run that ends collapsed (status 1) writes its file too; this test is about what the file holds.
            let run = try Binary.run(common + ["--epochs", epochs, "--save", path])
            try #require(FileManager.default.fileExists(atPath: path), "\(run.stderr)")
        }
        let frame = ["render", "--color", "never", "--width", "100", "--height", "30"]
        let unbroken = try Binary.run(frame + ["--load", four])
        let resumed = try Binary.run(frame + ["--state", "view=training load=\(two) step=40"])  // 640 / 64 = 10 a step
        try #require(unbroken.status == 0 && resumed.status == 0, "\(unbroken.stderr)\(resumed.stderr)")
        let picture = { (text: String) in text.split(separator: "\n").dropFirst().dropLast(3).map { $0.prefix(66) } }
        #expect(picture(unbroken.stdout) == picture(resumed.stdout), "\(unbroken.stdout)\n\(resumed.stdout)")
        #expect(unbroken.stdout.contains("epoch 4  step 40") && resumed.stdout.contains("epoch 4  step 40"))
    }

    /// Item 5: the L-Softmax figure draws each digit as a shape of its own colour, says what filled and hollow mean,
    /// heads each run with both accuracies, and a preset stops by itself at its epoch (`until=` chooses it).
    @Test func theFigureTellsItsClassesApartAndStopsAtItsEpoch() throws {
        let run = try Binary.run(["render", "--color", "always", "--width", "160", "--height", "48", "--state",
                                  "view=training preset=lsoftmax-figure until=1 step=100"])
        #expect(run.status == 0, "\(run.stderr)")
        let plain = run.stdout.replacing(/\x1B\[[0-9;]*m/, with: "")
        #expect(plain.contains("epoch 1/1 step 12 · finished"), "stops at the epoch, not at step 100")
        #expect(plain.contains("filled: train, hollow: test") && plain.contains("●0") && plain.contains("■1"))
        #expect(plain.contains("train ") && plain.contains("  test ") && !plain.contains("acc "))
        let colours = Set(run.stdout.matches(of: /38;5;(\d+)/).map { String($0.1) })
        #expect(colours.isSuperset(of: ["75", "208", "77", "203", "141", "173", "212", "250", "185", "44"]), "\(colours)")
    }

    /// Item 7: in the ψ view the angle and the ratio change nothing, and the side panel says so.
    @Test func parametersWithoutEffectSaySo() throws {
        let run = try Binary.run(["render", "--color", "never", "--width", "100", "--height", "30", "--state",
                                  "view=psi loss=lsoftmax"])
        let rows = run.stdout.split(separator: "\n")
        #expect(rows.contains { $0.contains("angle  90°") && $0.contains("no effect") }, "\(run.stdout)")
        #expect(rows.contains { $0.contains("ratio  1") && $0.contains("no effect") })
        #expect(rows.contains { $0.contains("m      4") && !$0.contains("no effect") })
    }
}
