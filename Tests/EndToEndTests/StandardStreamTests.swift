import Foundation
import Testing

/// Issue 7, item 8: an I/O error on standard input, output or error ends every command with one line and a status
/// below 128 (74, EX_IOERR), never a trap; when standard error itself fails, the status alone. With SIGPIPE at its
/// default, a closed pipe ends the program quietly by that signal.
@Suite struct StandardStreamTests {
    static let request = #"{"loss": {"type": "cosface"}, "weights": [[1, 0], [0, 1]], "features": [[3, 1]], "labels": [0]}"#

    /// Every subcommand that writes standard output, as a shell command line (`$REQ` is a request file).
    static let commands = [
        "eval < \"$REQ\"",
        "boundaries --loss cosface",
        "psi --loss arcface --points 5",
        "render --width 40 --height 12 --color never",
        "train --dataset blobs --epochs 1 --hidden 8",
        "--help",
        "eval --help",
        "bench --repeats 3 --width 60 --height 18",
        "advise --classes 10",
        "analyze --embeddings '\(model)' --labels '\(model)' --weights '\(model)'",
    ]

    /// The NumPy-made model of the analysis tests.
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AnalysisTests/Fixtures/model.npz").path

    /// Runs `script` with `$REQ` holding a valid request.
    static func run(_ script: String) throws -> RunResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("request-\(UUID().uuidString).json")
        try Data(request.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Binary.shell("REQ='\(file.path)'; " + script)
    }

    /// One line `margin-explorer: cannot write standard output: REASON`, status 74.
    static func expectOneLine(_ run: RunResult, _ reason: String, _ command: String) {
        #expect(run.status == 74, "\(command): \(run.status) \(run.stderr)")
        #expect(run.stderr == "margin-explorer: cannot write standard output: \(reason)\n", "\(command): \(run.stderr)")
    }

    @Test(arguments: commands)
    func aFullDiskIsOneLineAndStatus74(command: String) throws {
        Self.expectOneLine(try Self.run("\"$BIN\" \(command) > /dev/full"), "No space left on device", command)
    }

    @Test(arguments: commands.filter { !$0.hasPrefix("bench") })
    func aClosedStandardOutputIsOneLineAndStatus74(command: String) throws {
        Self.expectOneLine(try Self.run("\"$BIN\" \(command) >&-"), "Bad file descriptor", command)
    }

    @Test(arguments: commands.filter { !$0.hasPrefix("bench") })
    func aPipeClosedWithSIGPIPEIgnoredIsOneLineAndStatus74(command: String) throws {
        // The reader takes nothing and is gone before the binary writes (it waits for the reader's end first).
        let script = "trap '' PIPE; mkfifo \"$REQ.fifo\"; (exec 3<\"$REQ.fifo\"; exec 3<&-) & "
            + "exec 4>\"$REQ.fifo\"; wait; \"$BIN\" \(command) >&4; status=$?; rm -f \"$REQ.fifo\"; exit $status"
        Self.expectOneLine(try Self.run(script), "Broken pipe", command)
    }

    @Test func aPipelineReaderThatLeavesEarlyWithSIGPIPEIgnoredIsOneLine() throws {
        let run = try Self.run("trap '' PIPE; \"$BIN\" psi --points 100000 2>\"$REQ.err\" | head -c 1 >/dev/null; "
            + "cat \"$REQ.err\" >&2; rm -f \"$REQ.err\"")
        #expect(run.stderr == "margin-explorer: cannot write standard output: Broken pipe\n")
    }

    @Test func withSIGPIPEAtItsDefaultAClosedPipeEndsTheProgramQuietly() throws {
        // psi writes 100,000 rows, far more than a pipe holds; head takes one byte and leaves.
        let run = try Self.run("\"$BIN\" psi --points 100000 2>\"$REQ.err\" | head -c 1 >/dev/null; "
            + "cat \"$REQ.err\"; rm -f \"$REQ.err\"")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty && run.stdout.isEmpty, "\(run.stdout) \(run.stderr)")
        // The binary's own status in the pipeline: killed by SIGPIPE (13), as the shell reports it.
        let killed = try Self.run("{ \"$BIN\" psi --points 100000; echo $? >\"$REQ.status\"; } | head -c 1 >/dev/null; "
            + "cat \"$REQ.status\"; rm -f \"$REQ.status\"")
        #expect(killed.stdout == "141\n", "\(killed.stdout)")
    }

    @Test func whenStandardErrorFailsTooOnlyTheStatusRemains() throws {
        // An output that fails is an I/O error (74); bad input stays bad input (2) whatever happens to its message.
        for (script, status) in [("\"$BIN\" eval < \"$REQ\" > /dev/full 2> /dev/full", Int32(74)),
                                 ("\"$BIN\" eval < \"$REQ\" >&- 2>&-", 74),
                                 ("\"$BIN\" boundaries --angle 500 2> /dev/full", 2), ("\"$BIN\" boundaries --bogus 2>&-", 2),
                                 ("\"$BIN\" eval < / 2>&-", 74)] {
            let run = try Self.run(script)
            #expect(run.status == status, "\(script): \(run.status)")
            #expect(run.stdout.isEmpty && run.stderr.isEmpty, "\(script): \(run.stderr)")
        }
    }

    @Test func standardInputThatCannotBeReadIsOneLine() throws {
        let directory = try Self.run("\"$BIN\" eval < /")
        #expect(directory.status == 74)
        #expect(directory.stderr == "margin-explorer: cannot read standard input: Is a directory\n")
        let closed = try Self.run("\"$BIN\" eval <&-")
        #expect(closed.status == 74)
        #expect(closed.stderr == "margin-explorer: cannot read standard input: Bad file descriptor\n")
        // Endless input stops at the limit with a message instead of filling the memory.
        let endless = try Self.run("\"$BIN\" eval < /dev/zero")
        #expect(endless.status == 2)
        #expect(endless.stderr == "margin-explorer: standard input holds more than 64 MiB, the most one request may hold\n")
    }

    @Test func aClosedStandardOutputIsNeverHandedToAnOutputFile() throws {
        // With descriptor 1 closed, the first file opened would get it: the epoch lines would land in --save's file.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("closed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let save = directory.appendingPathComponent("run.json").path
        let run = try Self.run("\"$BIN\" train --dataset blobs --epochs 1 --hidden 8 --save '\(save)' >&-")
        #expect(run.status == 74)
        #expect(run.stderr == "margin-explorer: cannot write standard output: Bad file descriptor\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func writeErrorsOfOutputFilesAreOneLineAndStatus74() throws {
        // Through a link in a temporary directory: a binary that renamed over its target would replace the link,
        // never the machine's /dev/full.
        let run = try Self.run("ln -s /dev/full \"$REQ.full\"; \"$BIN\" train --dataset blobs --epochs 1 --hidden 8 "
            + "--log \"$REQ.full\"; status=$?; test -L \"$REQ.full\" && echo link; rm -f \"$REQ.full\"; exit $status")
        #expect(run.status == 74)
        #expect(run.stderr.hasPrefix("margin-explorer: cannot write --log '/") && run.stderr.hasSuffix(
            ".json.full': No space left on device\n"), "\(run.stderr)")
        #expect(run.stdout.hasSuffix("link\n"))
    }
}
