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
        let trained = try Binary.run(["train", "--loss", "cosface", "--m", "0.1", "--s", "16", "--dataset", "blobs",
                                      "--epochs", "3", "--seed", "5", "--save", save, "--log", log])
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
        try Data(#"{"loss": {"type": "arcface"}, "weights": [[1, 0, 0], [0, 1, 0]], "features": [[1, 1, 1]], "labels": [0]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try Binary.run(["render", "--load", path])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("2-D features only"))
    }
}
