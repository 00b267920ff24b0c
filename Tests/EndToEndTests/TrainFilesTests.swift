import Foundation
import Testing

/// `train --log/--save` through the binary (issue 7, items 11 and 12): paths checked before training, the longest
/// names written, inputs never overwritten, temporary files never left for good, and SIGINT, SIGQUIT, SIGTERM and
/// SIGHUP all stopping a run cleanly.
@Suite struct TrainFilesTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("train-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    static let quick = ["train", "--dataset", "blobs", "--epochs", "1", "--hidden", "8"]

    @Test func badPathsAreRefusedBeforeTrainingAndLeaveNothing() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("log.csv").path
        let long = directory.appendingPathComponent(String(repeating: "n", count: 256)).path
        let cases: [([String], String)] = [
            (["--log", good, "--save", directory.path + "/missing/run.json"], "--save '\(directory.path)/missing/run.json': the directory"),
            (["--log", ""], "--log '': the file name is empty"),
            (["--save", long], "this file system allows at most 255"),
            (["--log", directory.path], "it is a directory"),
            (["--log", good, "--save", good], "are the same file"),
        ]
        for (flags, fragment) in cases {
            // digits for 100,000 epochs: only a check before training can answer at once.
            let run = try SpawnedProcess.start(Binary.url.path, ["train", "--dataset", "digits", "--epochs", "100000"] + flags)
            defer { run.removeDirectory() }
            #expect(run.wait(seconds: 30) == .exited(2), "\(flags)")
            #expect(run.stdout.isEmpty, "training started: \(run.stdout.prefix(200))")
            #expect(run.stderr.contains(fragment), "\(run.stderr)")
            let left = try Self.contents(directory)
            #expect(left.isEmpty, "\(left)")
        }
    }

    @Test func theLongestLegalNamesAreWritten() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent(String(repeating: "l", count: 251) + ".csv").path
        let save = directory.appendingPathComponent(String(repeating: "s", count: 243) + ".json").path
        let run = try Binary.run(Self.quick + ["--log", log, "--save", save])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("epoch,loss,"))
        #expect(try String(contentsOfFile: save, encoding: .utf8).hasPrefix("{"))
        #expect(try Self.contents(directory).count == 2)
    }

    @Test func theDataSetIsNeverAnOutput() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.csv").path
        let rows = (0..<40).map { "\(Double($0 % 2) + Double($0) / 100),\(Double($0 % 3)),\($0 % 2)" }
        let text = rows.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: data))
        symlink("data.csv", directory.appendingPathComponent("alias.csv").path)
        for flags in [["--log", data], ["--save", directory.appendingPathComponent("alias.csv").path]] {
            let run = try Binary.run(["train", "--dataset", data, "--epochs", "1", "--hidden", "8"] + flags)
            #expect(run.status == 2 && run.stdout.isEmpty, "\(flags)")
            #expect(run.stderr.contains("is the file --dataset '\(data)' reads"), "\(run.stderr)")
        }
        #expect(try String(contentsOfFile: data, encoding: .utf8) == text)
        #expect(try Self.contents(directory) == ["alias.csv", "data.csv"])
    }

    @Test func standardOutputAsTheLogFollowsTheEpochLines() throws {
        // /dev/stdout through a link of our own, so that a binary renaming over its target could only replace that.
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdout = directory.appendingPathComponent("stdout").path
        symlink("/dev/stdout", stdout)
        let run = try Binary.run(Self.quick + ["--log", stdout])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(run.stdout)")  // the data line, epoch 1, then the log: header and one row
        #expect(lines.count == 4 && lines[1].hasPrefix("epoch 1/1") && lines[2].hasPrefix("epoch,loss,"))
    }

    /// A run of the digits long enough to be stopped, with its files in `directory`; returns once it has printed
    /// its first epoch.
    static func longRun(in directory: URL) throws -> SpawnedProcess {
        let process = try SpawnedProcess.start(Binary.url.path, [
            "train", "--dataset", "digits", "--epochs", "100000", "--hidden", "16",
            "--log", directory.appendingPathComponent("log.csv").path,
            "--save", directory.appendingPathComponent("run.json").path])
        #expect(process.waitForOutput("1/100000  loss"), "no epoch line: \(process.stderr)")
        return process
    }

    @Test(arguments: [(SIGINT, "SIGINT (^C)"), (SIGQUIT, "SIGQUIT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")])
    func aStopSignalEndsTheRunCleanly(signal: Int32, name: String) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("old log\n".utf8).write(to: directory.appendingPathComponent("log.csv"))
        let process = try Self.longRun(in: directory)
        defer { process.removeDirectory() }
        kill(process.pid, signal)
        #expect(process.wait(seconds: 30) == .exited(128 + signal))
        let message = process.stderr
        #expect(message.hasPrefix("margin-explorer: interrupted by \(name) in epoch "), "\(message)")
        #expect(message.hasSuffix("; nothing written\n") && message.filter { $0 == "\n" }.count == 1, "\(message)")
        #expect(!message.contains("crashed"))
        // Nothing written, nothing left: the old log is untouched, no temporary file remains.
        #expect(try Self.contents(directory) == ["log.csv"])
        #expect(try String(contentsOf: directory.appendingPathComponent("log.csv"), encoding: .utf8) == "old log\n")
    }

    @Test func aKilledRunsTemporaryFilesAreRemovedByTheNextRun() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = try Self.longRun(in: directory)
        defer { process.removeDirectory() }
        kill(process.pid, SIGKILL)
        #expect(process.wait(seconds: 30) == .signalled(SIGKILL))
        let left = try Self.contents(directory)
        #expect(left.count == 2 && left.allSatisfy { $0.hasPrefix(".margin-explorer-\(process.pid)-") }, "\(left)")
        let next = try Binary.run(Self.quick + ["--log", directory.appendingPathComponent("log.csv").path])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try Self.contents(directory) == ["log.csv"])
    }
}
