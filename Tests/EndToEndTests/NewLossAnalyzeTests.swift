import Foundation
import Geometry
import Testing

/// `analyze` and `advise` on the eight newer losses as a user runs them: the same samples through `eval` (one
/// batch, JSON) and `analyze` (CSV files) must give every sample the same margin test and prediction; sub-centre
/// weights of the wrong row count, and sweeps that need a pass each, are refused with status 2.
@Suite struct NewLossAnalyzeTests {
    /// Each loss as analyze's flags and as eval's loss object.
    static let losses: [(flags: [String], object: String)] = [
        (["--loss", "adacos"], #"{"type": "adacos"}"#),
        (["--loss", "adacos", "--dynamic"], #"{"type": "adacos", "dynamic": true}"#),
        (["--loss", "subcenter_arcface", "--sub-centers", "2", "--s", "16"],
         #"{"type": "subcenter_arcface", "sub_centers": 2, "s": 16}"#),
        (["--loss", "curricularface", "--t", "0.5", "--s", "8"], #"{"type": "curricularface", "t": 0.5, "s": 8}"#),
        (["--loss", "magface", "--l-a", "0.5", "--u-a", "4", "--u-m", "1.2"],
         #"{"type": "magface", "l_a": 0.5, "u_a": 4, "u_m": 1.2}"#),
        (["--loss", "adaface", "--h", "1"], #"{"type": "adaface", "h": 1}"#),
        (["--loss", "elastic_arcface", "--sigma", "0.3", "--margin-seed", "5"],
         #"{"type": "elastic_arcface", "sigma": 0.3, "seed": 5}"#),
        (["--loss", "elastic_cosface", "--sigma", "0.2"], #"{"type": "elastic_cosface", "sigma": 0.2}"#),
        (["--loss", "circle", "--m", "0.3", "--gamma", "64"], #"{"type": "circle", "m": 0.3, "gamma": 64}"#),
    ]

    /// 40 samples of dimension 3 around 6 weight rows (3 classes of 2 sub-centres, or 6 classes), lengths from
    /// about 0.5 to 4, written as CSV for analyze and as a JSON batch for eval.
    struct Files {
        let directory: String, embeddings: String, labels: String, weights: String, request: String
        let count: Int
    }

    static func files(subCenters: Int) throws -> Files {
        var generator = SeededGenerator(seed: 77)
        let rows = (0..<6).map { _ in (0..<3).map { _ in generator.nextGaussian() } }
        let classes = 6 / subCenters
        let labels = (0..<40).map { _ in Int(generator.next() % UInt64(classes)) }
        let features = labels.map { y in
            let length = 0.5 + 3.5 * generator.nextUnit()
            let direction = rows[y * subCenters].map { $0 + 0.9 * generator.nextGaussian() }
            let norm = direction.map { $0 * $0 }.reduce(0, +).squareRoot()
            return direction.map { $0 / norm * length }
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("newloss-analyze-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func csv(_ matrix: [[Double]]) -> String { matrix.map { $0.map { "\($0)" }.joined(separator: ",") }
            .joined(separator: "\n") + "\n" }
        let paths = ["embeddings.csv", "labels.csv", "weights.csv"].map { directory + "/" + $0 }
        try csv(features).write(toFile: paths[0], atomically: true, encoding: .utf8)
        try (labels.map(String.init).joined(separator: "\n") + "\n").write(toFile: paths[1], atomically: true,
                                                                             encoding: .utf8)
        try csv(rows).write(toFile: paths[2], atomically: true, encoding: .utf8)
        func json(_ matrix: [[Double]]) -> String { "[" + matrix.map { "[" + $0.map { "\($0)" }.joined(separator: ", ")
            + "]" }.joined(separator: ", ") + "]" }
        let request = "\"weights\": \(json(rows)), \"features\": \(json(features)), \"labels\": \(labels)"
        return Files(directory: directory, embeddings: paths[0], labels: paths[1], weights: paths[2],
                     request: request, count: 40)
    }

    @Test(arguments: losses.indices)
    func analyzeAgreesWithEvalSampleBySample(_ index: Int) throws {
        let (flags, object) = Self.losses[index]
        let files = try Self.files(subCenters: flags.contains("--sub-centers") ? 2 : 1)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let eval = try Binary.run(["eval"], input: "{\"loss\": \(object), \(files.request)}")
        #expect(eval.status == 0, "\(eval.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let logits = try #require(answer["logits"] as? [[Double]])
        let predictions = try #require(answer["predictions"] as? [Int])
        let csv = files.directory + "/samples.csv"
        let analyze = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels,
                                      "--weights", files.weights, "--per-sample", csv] + flags)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == files.count)
        var outcomes = Set<String>()
        for (i, row) in rows.enumerated() {
            let fields = row.split(separator: ",")
            let y = Int(fields[1])!
            let meets = logits[i].indices.allSatisfy { $0 == y || logits[i][y] > logits[i][$0] }
            #expect(fields[6] == (meets ? "1" : "0"), "\(flags) sample \(i)")
            #expect(Int(fields[7]) == predictions[i], "\(flags) sample \(i)")
            outcomes.insert(String(fields[6]))
        }
        // The text says what the rule used: the scale (AdaCos's rule or dynamic), t, μ and σ, the draws, the
        // lengths' margins, the sub-centre share.
        let statistics = try #require(answer["statistics"] as? [String: Any])
        let scale = try #require(statistics["scale"] as? Double)
        let said: [String: String] = ["adacos": flags.contains("--dynamic") ? "dynamic" : "fixed rule",
                                      "curricularface": "hard-negative t", "magface": "margin m(‖x‖)",
                                      "adaface": "norm mean, std", "elastic_arcface": "drawn margins",
                                      "elastic_cosface": "drawn margins", "subcenter_arcface": "own sub-centre share",
                                      "circle": "scale gamma"]
        #expect(analyze.stdout.contains(said[flags[1]]!), "\(flags): \(analyze.stdout)")
        if !flags.contains("--dynamic") {
            #expect(analyze.stdout.contains(NumberText.significant(scale, digits: 6)), "\(flags)")
        }
        #expect(analyze.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func theJSONHasTheStatisticsUsed() throws {
        let files = try Self.files(subCenters: 1)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let eval = try Binary.run(["eval"], input: "{\"loss\": {\"type\": \"adaface\"}, \(files.request)}")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let expected = try #require(answer["statistics"] as? [String: Any])
        let run = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels, "--weights",
                                  files.weights, "--loss", "adaface", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let statistics = try #require(object["statistics"] as? [String: Any])
        #expect(statistics["adaface_mean"] as? Double == expected["adaface_mean"] as? Double)
        #expect(statistics["adaface_std"] as? Double == expected["adaface_std"] as? Double)
        let z = try #require(statistics["adaface_z"] as? [String: Double])
        let zs = try #require(expected["adaface_z"] as? [Double])
        #expect(z["min"] == zs.min() && z["max"] == zs.max())
        // The paper losses have no statistics key.
        let arc = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels, "--weights",
                                  files.weights, "--json"])
        #expect(!arc.stdout.contains("\"statistics\""))
    }

    @Test func subCentreWeightsThatAreNotAMultipleOfKAreRefused() throws {
        let files = try Self.files(subCenters: 1)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let run = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels, "--weights",
                                  files.weights, "--loss", "subcenter_arcface", "--sub-centers", "4"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("weights has 6 rows: with sub_centers = 4 it needs a multiple of 4"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        // 6 rows with k = 2 are 3 classes, but the labels run to 5.
        let labels = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels,
                                     "--weights", files.weights, "--loss", "subcenter_arcface", "--sub-centers", "2"])
        #expect(labels.status == 2 && labels.stderr.contains("is not a class: with these sub-centres labels run from 0 to 2"))
    }

    @Test(arguments: [(["--loss", "subcenter_arcface", "--sweep", "sub_centers=1:3:3"], "sub_centers"),
                      (["--loss", "curricularface", "--sweep", "m=0.1:0.5:3"], "hard-negative threshold"),
                      (["--loss", "adacos", "--dynamic", "--sweep", "s=2:10:3"], "starting s")])
    func sweepsThatNeedAPassEachAreRefusedBeforeReading(flags: [String], fragment: String) throws {
        let run = try Binary.run(["analyze", "--embeddings", "/nonexistent.npy", "--labels", "/nonexistent.npy",
                                  "--weights", "/nonexistent.npy"] + flags)
        #expect(run.status == 2)
        #expect(run.stderr.contains(fragment) && run.stderr.contains("--sweep"), "\(run.stderr)")
    }

    @Test func sweepsOfTheOtherParametersWork() throws {
        let files = try Self.files(subCenters: 1)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let run = try Binary.run(["analyze", "--embeddings", files.embeddings, "--labels", files.labels, "--weights",
                                  files.weights, "--loss", "curricularface", "--sweep", "t=-1:1:3", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"parameter\": \"t\""))
    }

    /// advise: where a figure has no meaning, one line says why; JSON gives null and the line in notes.
    @Test func adviseSaysWhereAFigureDoesNotApply() throws {
        let adacos = try Binary.run(["advise", "--classes", "1000", "--loss", "adacos"])
        #expect(adacos.status == 0)
        #expect(adacos.stdout.contains("s_min      does not apply: AdaCos sets s itself"))
        #expect(adacos.stdout.contains("expected_initial_loss 6.90776"))  // ln 1000: every logit 0 at 90°
        let magface = try Binary.run(["advise", "--classes", "10", "--dimension", "2", "--loss", "magface", "--json"])
        #expect(magface.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(magface.stdout.utf8)) as? [String: Any])
        #expect(object["expected_initial_loss"] is NSNull)
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.count == 2 && notes.allSatisfy { $0.contains("does not apply") })
        let circle = try Binary.run(["advise", "--classes", "10", "--loss", "circle", "--json"])
        let circleObject = try #require(try JSONSerialization.jsonObject(with: Data(circle.stdout.utf8)) as? [String: Any])
        #expect(circleObject["s_min"] is NSNull && circleObject["expected_initial_loss"] is Double)
        for flags in [["--loss", "elastic_arcface"], ["--loss", "subcenter_arcface"], ["--loss", "curricularface"]] {
            let run = try Binary.run(["advise", "--classes", "10"] + flags)
            #expect(run.status == 0 && !run.stdout.contains("does not apply"), "\(flags)")
        }
    }
}
