import Foundation
import Testing

/// `train` end to end: flags, the saved run read back by `eval` and drawn by `render --load`.
@Suite struct TrainCommandTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("margin-explorer-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: [
        (["--dataset", "blobs", "--epochs", "0"], "--epochs"),
        (["--dataset", "blobs", "--epochs", "2", "--lr", "50"], "--lr"),
        (["--dataset", "nowhere", "--epochs", "2"], "nowhere"),
        (["--dataset", "blobs", "--epochs", "2", "--loss", "lsoftmax", "--m", "2.5"], "whole number"),
    ])
    func badFlagsExitWithStatusTwoAndNameTheProblem(arguments: [String], mention: String) throws {
        let result = try Binary.run(["train"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(mention), "\(result.stderr)")
    }

    @Test func theSavedRunIsAnEvalRequestWhoseLossIsTheLoggedLoss() throws {
        let (save, log) = (Self.temporaryPath("run.json"), Self.temporaryPath("log.csv"))
        defer { try? FileManager.default.removeItem(atPath: save); try? FileManager.default.removeItem(atPath: log) }
        // Seed 7 ends its third epoch with the four classes apart (seed 5, the old choice, ends with two collapsed).
        let trained = try Binary.run(["train", "--loss", "cosface", "--m", "0.1", "--s", "16", "--dataset", "blobs",
                                      "--epochs", "3", "--seed", "7", "--save", save, "--log", log])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.count == 3)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg")
        let loggedLoss = try #require(Double(lines.last!.split(separator: ",")[1]))
        let evaluated = try Binary.run(["eval"], input: try String(contentsOfFile: save, encoding: .utf8))
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        guard case .object(let object) = try evaluated.json(), case .number(let loss)? = object["loss"] else {
            Issue.record("no loss in \(evaluated.stdout.prefix(200))"); return
        }
        #expect(abs(loss - loggedLoss) <= 1e-6 * max(1, abs(loss)))

        let drawn = try Binary.run(["render", "--load", save, "--width", "80", "--height", "24", "--color", "never"])
        #expect(drawn.status == 0)
        #expect(drawn.stdout.contains("loaded run") && drawn.stdout.contains("AM-Softmax m=0.1 s=16"))
    }

    @Test func loadingABadFileSaysWhatIsWrong() throws {
        let path = Self.temporaryPath("bad.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"loss": {"type": "arcface"}, "weights": [[1, 0, 0, 0], [0, 1, 0, 0]], "features": [[1, 1, 1, 1]], "labels": [0]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try Binary.run(["render", "--load", path])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("2-D and 3-D features only"))
    }

    /// The issue's command: by default `train` anneals lambda for A-Softmax as the explorer does, and reaches 99%.
    @Test func sphereFaceAnnealsByDefaultAsInTheExplorer() throws {
        let result = try Binary.run(["train", "--loss", "sphereface", "--m", "4", "--dataset", "blobs", "--epochs", "20",
                                     "--seed", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("loss=sphereface m=4, lambda annealed (digits schedule, the default)") == true)
        #expect(lines.last?.hasPrefix("epoch 20/20  loss 0.0683  train  99.38%  test  99.38%") == true, "\(lines.last ?? "")")
        #expect(lines.last?.hasSuffix("lambda 2.778") == true)
    }

    /// Without annealing the same run collapses: it says so on standard error, writes the files, exits with 1.
    /// `--lambda 0` fixes lambda just as `--lambda-schedule none` does.
    @Test(arguments: [["--lambda-schedule", "none"], ["--lambda", "0"]])
    func aCollapsedRunSaysSoAndExitsWithOne(flags: [String]) throws {
        let (save, log) = (Self.temporaryPath("run.json"), Self.temporaryPath("log.csv"))
        defer { try? FileManager.default.removeItem(atPath: save); try? FileManager.default.removeItem(atPath: log) }
        let result = try Binary.run(["train", "--loss", "sphereface", "--m", "4", "--dataset", "blobs", "--epochs", "20",
                                     "--seed", "3", "--save", save, "--log", log] + flags)
        #expect(result.status == 1)
        // The angles depend on the machine's BLAS kernel (a run repeats bit for bit per machine only).
        let head = "margin-explorer: training ended collapsed: classes '2' and '3' share one direction: their centres "
            + "are "
        #expect(result.stderr.hasPrefix(head), "\(result.stderr)")
        let angle = Double(result.stderr.dropFirst(head.count).prefix { $0 != "°" })
        #expect(angle.map { $0 < 1 } == true, "\(result.stderr)")
        #expect(result.stderr.contains("apart, closer than either class's features lie from its own centre ("))
        #expect(result.stderr.contains("anneal lambda") && result.stderr.hasSuffix("The files hold that state.\n"))
        #expect(result.stdout.contains("epoch 20/20") && result.stdout.contains("lambda 0\n"))
        #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count == 21)
        #expect(FileManager.default.fileExists(atPath: save))
    }

    @Test func lambdaAndAScheduleTogetherAreRefused() throws {
        let result = try Binary.run(["train", "--loss", "lsoftmax", "--lambda", "5", "--lambda-schedule", "digits",
                                     "--dataset", "blobs", "--epochs", "1"])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("--lambda fixes lambda for the whole run and --lambda-schedule anneals it"))
        let help = try Binary.run(["train", "--help"])
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Default: digits, as in the explorer, unless --lambda fixes lambda for the whole run."))
    }

    /// A path that is not a file is named for what it is, at once (reading /dev/zero would never end).
    @Test(arguments: [("/dev/zero", "it is a character device"), ("/tmp", "it is a directory"),
                      ("/nonexistent/data.csv", "No such file or directory")])
    func aDatasetThatIsNotAFileIsNamed(path: String, cause: String) throws {
        let result = try Binary.run(["train", "--dataset", path, "--epochs", "1"])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("margin-explorer: --dataset: cannot read '\(path)': \(cause)"), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line")
    }

    /// A spreadsheet's export (CRLF, a byte order mark, a quoted header) trains; a crafted cell cannot retitle
    /// the window or clear the screen.
    @Test func spreadsheetCSVTrainsAndCraftedCellsAreEscaped() throws {
        let directory = Self.temporaryPath("data")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sheet.csv"
        let rows = (0..<120).map { i in "\(Double(i % 3) + Double(i % 7) / 10),\(i % 5),\(i % 3)\r\n" }.joined()
        try Data(("\u{FEFF}\"x\",\"y\",\"label\"\r\n" + rows + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        let trained = try Binary.run(["train", "--loss", "softmax", "--dataset", path, "--epochs", "1"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.hasPrefix("sheet.csv: 96 training and 24 test samples, 3 classes, 2 inputs"), "\(trained.stdout)")

        try Data("1,2,0\n3,\u{1B}]0;pwned\u{07}\u{1B}[2J,1\n".utf8).write(to: URL(fileURLWithPath: path))
        let refused = try Binary.run(["train", "--dataset", path, "--epochs", "1"])
        #expect(refused.status == 2)
        #expect(refused.stderr == "margin-explorer: --dataset: 'sheet.csv', line 2, column 2: '\\e]0;pwned\\x07\\e[2J' is not a number\n")
        #expect(!refused.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
    }
}
