import Foundation
import Testing

/// User text in messages (issue 7, item 10) and the input checks of item 13, through the binary.
@Suite struct UserInputTests {
    /// True when `text` holds a C0 or C1 control character other than a line break.
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    static let osc = "\u{1B}]0;pwned\u{07}"
    static let weights = #""weights": [[1, 0], [0, 1]]"#

    /// (arguments, standard input, the escaped text the message must show).
    static let injections: [([String], String, String)] = [
        (["render", "--load", "run\(osc).json"], "", "--load 'run\\e]0;pwned\\x07.json': No such file or directory"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--log", "/nowhere\u{1B}[2J/x.csv"], "",
         "--log '/nowhere\\e[2J/x.csv': the directory '/nowhere\\e[2J' does not exist"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--save", "/tmp/\u{202E}lmth.json/"], "", "\\u{202E}"),
        (["eval"], #"{"\u001b]0;pwned\u0007": 1}"#, "'\\e]0;pwned\\x07': unknown key"),
        (["eval"], #"{"loss": {"type": "cosface", "\u001b[2J": 1}}"#, "loss.'\\e[2J': unknown key"),
        (["eval"], #"{"loss": {"type": "\u001b]0;x\u0007cosface"}, \#(weights), "features": [[1, 2]], "labels": [0]}"#,
         "loss.type: '\\e]0;x\\x07cosface' is not a loss"),
        (["render", "--state", "view=\(osc)"], "", "--state: view=\\e]0;pwned\\x07 is not a view"),
        (["render", "--state", "loss=arcface m=\u{1B}[31m"], "", "--state: m=\\e[31m is not a number"),
        (["boundaries", "--loss", "\u{1B}[31mred"], "", "--loss '\\e[31mred' is not a loss"),
        (["psi", "--loss", "\u{C2}\u{9B}2J"], "", "\\x9B2J"),
        (["render", "--view", "\u{1B}[2J"], "", "--view '\\e[2J' is not a view"),
        (["render", "--color", "\u{1B}c"], "", "--color '\\ec' is not a choice"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--optimizer", osc], "", "--optimizer '\\e]0;pwned\\x07'"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--hidden", "8,\u{1B}[2J"], "", "--hidden '8,\\e[2J'"),
        (["boundaries", "--bogus\(osc)"], "", "Unknown option '--bogus\\e]0;pwned\\x07'"),
        (["boundaries", "--angle", "\u{1B}[2J"], "", "The value '\\e[2J' is invalid for '--angle <degrees>'"),
        (["boundaries", "--m=\u{1B}[2J"], "", "'\\e[2J'"),
    ]

    @Test(arguments: injections)
    func controlCharactersInUserTextAreEscaped(arguments: [String], input: String, shown: String) throws {
        let run = try Binary.run(arguments, input: input)
        #expect(run.status == 2)
        #expect(!Self.hasControl(run.stderr), "raw control characters: \(run.stderr.debugDescription)")
        #expect(run.stderr.contains(shown), "\(run.stderr)")
    }

    @Test func longUserTextIsCut() throws {
        let long = String(repeating: "x", count: 5000)
        for arguments in [["psi", "--loss", long], ["render", "--load", long + ".json"], ["render", "--state", "view=" + long],
                          ["boundaries", "--" + long]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 2)
            let firstLine = run.stderr.split(separator: "\n").first ?? ""
            #expect(firstLine.count < 600 && firstLine.contains("more characters"), "\(firstLine.count): \(firstLine.prefix(100))")
        }
        let key = try Binary.run(["eval"], input: "{\"\(long)\": 1}")
        #expect(key.stderr.count < 600 && key.stderr.contains("more characters"), "\(key.stderr.count)")
    }

    @Test func aCSVFileNameIsEscapedInTheSummaryLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("d\u{1B}]0;x\u{07}.csv").path
        let rows = (0..<40).map { "\(Double($0) / 10),\(Double($0 % 5)),\($0 % 2)" }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let run = try Binary.run(["train", "--dataset", path, "--epochs", "1", "--hidden", "8"])
        #expect(!Self.hasControl(run.stdout) && !Self.hasControl(run.stderr), "\(run.stdout.prefix(200).debugDescription)")
        #expect(run.stdout.hasPrefix("d\\e]0;x\\x07.csv:") || run.stderr.contains("d\\e]0;x\\x07.csv"),
                "\(run.stdout.prefix(200)) \(run.stderr)")
    }

    /// Negative numbers after a space are values, and get the range message (item 13).
    static let negatives: [([String], String)] = [
        (["boundaries", "--angle", "-90"], "--angle -90 is out of range: it must be 1 to 180 (degrees)"),
        (["boundaries", "--norm-ratio", "-2"], "--norm-ratio -2 is out of range"),
        (["boundaries", "--loss", "arcface", "--m", "-0.5"], "--m -0.5 is out of range for arcface: it must be 0 to 1.5 (radians)"),
        (["psi", "--loss", "cosface", "--s", "-1"], "--s -1 is out of range for cosface"),
        (["psi", "--loss", "lsoftmax", "--lambda", "-1"], "--lambda -1 is out of range for lsoftmax"),
        (["psi", "--loss", "combined", "--m1", "-1"], "--m1 -1 is out of range for combined"),
        (["psi", "--loss", "combined", "--m2", "-1e-9"], "--m2 -1e-9 is out of range for combined"),
        (["psi", "--loss", "combined", "--m3", "-.5"], "--m3 -.5 is out of range for combined"),
        (["psi", "--points", "-5"], "--points -5 is out of range"),
        (["render", "--width", "-80"], "--width -80 is out of range"),
        (["render", "--height", "-1"], "--height -1 is out of range"),
        (["bench", "--repeats", "-1"], "--repeats -1 is out of range"),
        (["bench", "--width", "-1"], "--width -1 is out of range"),
        (["bench", "--height", "-1"], "--height -1 is out of range"),
        (["train", "--dataset", "blobs", "--epochs", "-3"], "--epochs -3 is out of range"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--lr", "-0.1"], "--lr"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--optimizer", "sgd", "--momentum", "-0.5"], "--momentum"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--batch", "-1"], "--batch"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--weight-decay", "-1"], "--weight-decay"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--center-loss", "-1"], "--center-loss"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--center-loss", "1", "--center-alpha", "-1"], "--center-alpha"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--incay", "-1"], "--incay"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--classes", "-1"], "--classes"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--dimension", "-1"], "--dimension"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--test-fraction", "-0.2"], "--test-fraction"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--hidden", "-8"], "--hidden -8 is out of range: it must be a whole number from 1 to 1024"),
        (["train", "--dataset", "blobs", "--epochs", "1", "--seed", "-1"], "0 to 2^64-1"),
    ]

    @Test(arguments: negatives)
    func negativeValuesAreReadAndGetTheRangeMessage(arguments: [String], fragment: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(fragment), "\(run.stderr)")
        #expect(!run.stderr.contains("Missing value") && !run.stderr.contains("Unknown option"), "\(run.stderr)")
        if !fragment.contains("2^64") { #expect(run.stderr.contains(arguments.last!), "\(run.stderr)") }
    }

    @Test func rangeMessagesShowTheValueAsTyped() throws {
        for (flags, shown) in [(["--loss", "arcface", "--s", "256.00000000001"], "--s 256.00000000001 is out of range"),
                               (["--loss", "cosface", "--m", "1.0000000001"], "--m 1.0000000001 is out of range"),
                               (["--loss", "lsoftmax", "--m", "4.0000000001"], "--m 4.0000000001 is out of range"),
                               (["--loss", "arcface", "--m", "1e400"], "--m 1e400 is out of range")] {
            let run = try Binary.run(["boundaries"] + flags)
            #expect(run.status == 2)
            #expect(run.stderr.contains(shown), "\(run.stderr)")
        }
        let json = try Binary.run(["eval"], input: #"{"loss": {"type": "arcface", "s": 256.00000000001}, "weights": [[1, 0], [0, 1]], "features": [[1, 2]], "labels": [0]}"#)
        #expect(json.stderr.contains("loss.s: 256.00000000001 is out of range for arcface"), "\(json.stderr)")
    }

    @Test func duplicateJSONKeysAreRefusedNamingTheKey() throws {
        let cases = [
            (#"{"loss": {"type": "cosface", "m": 0.1, "m": 0.9}, \#(Self.weights), "features": [[1, 2]], "labels": [0]}"#, "loss.m: the key appears twice"),
            (#"{"loss": {"type": "cosface"}, \#(Self.weights), "features": [[1, 2]], "labels": [0], "labels": [1]}"#, "labels: the key appears twice"),
            (#"{"loss": {"type": "cosface", "type": "arcface"}, \#(Self.weights), "features": [[1, 2]], "labels": [0]}"#, "loss.type: the key appears twice"),
        ]
        for (request, fragment) in cases {
            let run = try Binary.run(["eval"], input: request)
            #expect(run.status == 2 && run.stdout.isEmpty)
            #expect(run.stderr.contains(fragment) && run.stderr.contains("(line 1, column "), "\(run.stderr)")
        }
        // --load reads the same way.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).json")
        try Data(cases[0].0.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let load = try Binary.run(["render", "--load", file.path])
        #expect(load.status == 2 && load.stderr.contains("--load '\(file.path)': loss.m: the key appears twice"), "\(load.stderr)")
    }

    @Test func numbersThatRoundToZeroAreReadAsZeroAndNeverBlamedOnLabels() throws {
        let label = try Binary.run(["eval"], input: #"{"loss": {"type": "cosface"}, \#(Self.weights), "features": [[1, 2]], "labels": [1e-400]}"#)
        #expect(label.status == 0, "\(label.stderr)")
        #expect(try label.json()["loss"] != nil)
        let feature = try Binary.run(["eval"], input: #"{"loss": {"type": "cosface"}, \#(Self.weights), "features": [[3, 1e-400]], "labels": [0]}"#)
        #expect(feature.status == 0, "\(feature.stderr)")
        // Features of 1e-400 are the zero vector; the message says so, not that the labels are wrong.
        let zero = try Binary.run(["eval"], input: #"{"loss": {"type": "cosface"}, \#(Self.weights), "features": [[1e-400, -1e-400]], "labels": [0]}"#)
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("features[0] is the zero vector") && !zero.stderr.contains("label"), "\(zero.stderr)")
    }

    @Test func aStateStringAcceptsExactlyWhatTheFlagsAccept() throws {
        let flags = try Binary.run(["render", "--loss", "sphereface", "--s", "30"])
        let state = try Binary.run(["render", "--state", "loss=sphereface s=30"])
        let json = try Binary.run(["eval"], input: #"{"loss": {"type": "sphereface", "s": 30}, \#(Self.weights), "features": [[1, 2]], "labels": [0]}"#)
        for run in [flags, state, json] {
            #expect(run.status == 2 && run.stdout.isEmpty)
            #expect(run.stderr.contains("normalize") && run.stderr.contains("does not"), "\(run.stderr)")
        }
        for arguments in [["render", "--loss", "sphereface", "--s", "30", "--normalize-features"],
                          ["render", "--state", "s=30 normalize_features=1 loss=sphereface"]] {
            let run = try Binary.run(arguments + ["--width", "80", "--height", "24", "--color", "never"])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
    }

    @Test func loadNamesWhatIsWrongWithTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.json")
        try Data().write(to: empty)
        let cases = [(directory.path, "it is a directory, not a file"), (empty.path, "the file is empty"), ("", "the file name is empty"),
                     (directory.appendingPathComponent("none.json").path, "No such file or directory")]
        for (path, reason) in cases {
            let run = try Binary.run(["render", "--load", path])
            #expect(run.status == 2)
            #expect(run.stderr == "margin-explorer: --load '\(path)': \(reason)" + (reason == "the file is empty"
                ? "; give a file that train --save wrote\n" : "\n"), "\(run.stderr)")
        }
    }
}
