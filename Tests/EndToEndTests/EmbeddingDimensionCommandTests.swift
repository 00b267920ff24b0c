import Foundation
import Testing

/// `train --embedding-dim`: the range is checked like every flag; a 3-D run logs, saves as .json and .npz, and
/// both files read back (`eval` of the .json gives the logged loss; `render --load` opens them on the sphere).
@Suite struct EmbeddingDimensionCommandTests {
    @Test(arguments: ["1", "4", "0"])
    func aDimensionOutOfRangeExitsWithTwoAndTheRange(value: String) throws {
        let result = try Binary.run(["train", "--dataset", "blobs", "--epochs", "1", "--embedding-dim", value])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("--embedding-dim \(value) is out of range: it must be a whole number from 2 to 3"),
                "\(result.stderr)")
    }

    @Test func aWordIsNotADimension() throws {
        let result = try Binary.run(["train", "--dataset", "blobs", "--epochs", "1", "--embedding-dim", "three"])
        #expect(result.status == 2 && result.stderr.contains("--embedding-dim"), "\(result.stderr)")
    }

    @Test func aThreeDimensionalRunSavesLogsAndLoads() throws {
        let (json, npz, log) = (TrainCommandTests.temporaryPath("run3.json"), TrainCommandTests.temporaryPath("run3.npz"),
                                TrainCommandTests.temporaryPath("log3.csv"))
        defer { for path in [json, npz, log] { try? FileManager.default.removeItem(atPath: path) } }
        let trained = try Binary.run(["train", "--loss", "cosface", "--m", "0.2", "--s", "16", "--dataset", "blobs",
                                      "--epochs", "10", "--seed", "3", "--embedding-dim", "3", "--log", log])
        #expect(trained.status == 0, "\(trained.stderr)")
        let lines = trained.stdout.split(separator: "\n")
        #expect(lines.first?.contains("network 2-128-128-3") == true, "\(lines.first ?? "")")
        // Four blobs: chance is 25%.
        let last = try #require(lines.last)
        let test = try #require(last.split(separator: " ").firstIndex(of: "test").map { last.split(separator: " ")[$0 + 1] })
        #expect(Double(test.dropLast()).map { $0 > 90 } == true, "\(last)")
        for path in [json, npz] {
            let saved = try Binary.run(["train", "--loss", "cosface", "--m", "0.2", "--s", "16", "--dataset", "blobs",
                                        "--epochs", "10", "--seed", "3", "--embedding-dim", "3", "--save", path])
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(saved.stdout == trained.stdout, "the same flags train the same run")
        }
        // The eval request holds 3 numbers a row, and its loss is the logged loss of the last epoch.
        let request = try String(contentsOfFile: json, encoding: .utf8)
        let rows = request.split(separator: "\n").drop { !$0.contains("\"weights\"") }.dropFirst()
        #expect(rows.first.map { $0.split(separator: ",").count } == 3, "\(rows.first ?? "")")
        let loggedLoss = try #require(Double(try String(contentsOfFile: log, encoding: .utf8)
            .split(separator: "\n").last!.split(separator: ",")[1]))
        let evaluated = try Binary.run(["eval"], input: request)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        guard case .object(let object) = try evaluated.json(), case .number(let loss)? = object["loss"] else {
            Issue.record("no loss in \(evaluated.stdout.prefix(200))"); return
        }
        #expect(abs(loss - loggedLoss) <= 1e-6 * max(1, abs(loss)))
        // analyze reads the .npz's 3-D arrays by name.
        let analyzed = try Binary.run(["analyze", "--embeddings", npz, "--labels", npz, "--weights", npz])
        #expect(analyzed.status == 0, "\(analyzed.stderr)")
        // --load opens the .npz paused where it was saved, on the sphere (view 7); --view training shows it in
        // view 5, which says it is 3-D; the .json opens on the sphere too, as a picture.
        let drawn = try Binary.run(["render", "--load", npz, "--width", "120", "--height", "40", "--color", "never"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(drawn.stdout.contains("view=sphere") && drawn.stdout.contains("yaw 30.0°"), "\(drawn.stdout)")
        #expect(drawn.stdout.contains("epoch 10") && drawn.stdout.contains("between caps"), "\(drawn.stdout)")
        let trainingView = try Binary.run(["render", "--load", npz, "--view", "training", "--width", "120", "--height",
                                           "40", "--color", "never"])
        #expect(trainingView.status == 0 && trainingView.stdout.contains("3-D x, y shown"), "\(trainingView.stdout)")
        let picture = try Binary.run(["render", "--load", json, "--width", "120", "--height", "40", "--color", "never"])
        #expect(picture.status == 0 && picture.stdout.contains("loaded run") && picture.stdout.contains("yaw"),
                "\(picture.stdout)")
        // The state string of the sphere reopens it: the same frame from --state alone.
        let again = try Binary.run(["render", "--state", "view=sphere yaw=30 pitch=20 load=\(npz)", "--width", "120",
                                    "--height", "40", "--color", "never"])
        #expect(again.stdout == drawn.stdout)
    }
}
