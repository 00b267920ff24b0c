import Foundation
import Testing

/// `analyze` and `advise` as a user runs them: the NumPy-made model of Tests/AnalysisTests/Fixtures, the per-sample
/// CSV, the JSON keys, and every bad input one line naming the flag, the file or the member, with status 2.
@Suite struct AnalyzeCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AnalysisTests/Fixtures")
    static let model = fixtures.appendingPathComponent("model.npz").path
    static let modelFlags = ["--embeddings", model, "--labels", model, "--weights", model]

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("analyze-\(getpid())-\(UUID().uuidString)-\(name)").path
    }

    @Test func perSampleCSVHasExactlyTheColumnsAndMatchesNumPy() throws {
        let path = Self.temporaryPath("samples.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Binary.run(["analyze"] + Self.modelFlags + ["--per-sample", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted")
        #expect(lines.count == 301)
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("expected_samples.csv"), encoding: .utf8)
            .split(separator: "\n")
        for (line, numpy) in zip(lines.dropFirst(), expected.dropFirst()) {
            let (a, b) = (line.split(separator: ","), numpy.split(separator: ","))
            #expect(a[0] == b[0] && a[1] == b[1] && a[4] == b[4] && a[6] == b[6] && a[7] == b[7], "\(line) vs \(numpy)")
            for column in [2, 3, 5] { #expect(abs(Double(a[column])! - Double(b[column])!) < 1e-9, "\(line)") }
            #expect(a[6] == "0" || a[6] == "1")
        }
    }

    @Test func jsonHasTheIssuesKeys() throws {
        let result = try Binary.run(["analyze"] + Self.modelFlags + ["--json", "--loss", "cosface", "--sweep", "m=0:0.5:3"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["samples", "classes", "dimension", "loss_function", "theta_target_deg", "theta_nearest_deg", "norm",
                    "fraction_meeting_margin", "fraction_misclassified", "min_weight_gap_deg", "min_center_gap_deg",
                    "histogram_theta_target_deg", "histogram_theta_nearest_deg", "closest_weight_pairs",
                    "classes_most_inside_margin", "advice", "sweeps"] {
            #expect(object[key] != nil, "\(key)")
        }
        let theta = try #require(object["theta_target_deg"] as? [String: Double])
        #expect(Set(theta.keys) == ["mean", "median", "p05", "p95", "min", "max"])
        let sweep = try #require((object["sweeps"] as? [[String: Any]])?.first)
        #expect(sweep["values"] as? [Double] == [0, 0.25, 0.5])
        let fractions = try #require(sweep["fraction_meeting_margin"] as? [Double])
        #expect(fractions.count == 3 && fractions[0] >= fractions[1] && fractions[1] >= fractions[2])
        let advice = try #require(object["advice"] as? [String: Any])
        #expect(advice["s_min"] != nil && advice["adacos_s"] != nil && advice["expected_initial_loss"] != nil)
        #expect(advice["max_cosface_m_2d"] == nil)  // d = 16
    }

    /// The same model with its weights stored d x K, named by the layout flag.
    @Test func transposedWeightsReadWithTheLayoutFlag() throws {
        let dxk = Self.fixtures.appendingPathComponent("weights_dxk.npy").path
        let plain = try Binary.run(["analyze"] + Self.modelFlags + ["--json"])
        let flags = ["--embeddings", Self.model, "--labels", Self.model, "--weights", dxk]
        let transposed = try Binary.run(["analyze"] + flags + ["--weights-layout", "dims-by-classes", "--json"])
        #expect(transposed.status == 0, "\(transposed.stderr)")
        #expect(plain.stdout.replacingOccurrences(of: "classes-by-dims", with: "dims-by-classes") == transposed.stdout)
    }

    @Test(arguments: [
        (["--embeddings", "missing.npy", "--labels", model, "--weights", model], "--embeddings 'missing.npy'"),
        (["--weights-layout", "sideways"], "--weights-layout 'sideways' is not a layout"),
        (["--sweep", "m=0:2:5"], "--sweep m=0:2:5: m = 2 is out of range for arcface: it must be 0 to 1.5 (radians)"),
        (["--sweep", "m=0:1:1"], "--sweep m=0:1:1: 1 values is out of range"),
        (["--loss", "softmax", "--sweep", "s=1:2:2"], "softmax does not take s"),
        (["--probability", "1"], "--probability 1 is out of range"),
        (["--m", "2"], "--m 2 is out of range for arcface"),
    ])
    func badInputIsOneLineAndStatusTwo(flags: [String], message: String) throws {
        let named = flags.contains("--embeddings") ? flags : Self.modelFlags + flags
        let result = try Binary.run(["analyze"] + named)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMemberThatIsNotThereIsNamed() throws {
        let result = try Binary.run(["analyze", "--embeddings", Self.model + ":features", "--labels", Self.model,
                                     "--weights", Self.model])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--embeddings '") && result.stderr.contains("'features'"), "\(result.stderr)")
    }

    /// --per-sample may not name an input file: it is refused before anything is read or written.
    @Test func perSampleCannotReplaceAnInput() throws {
        let result = try Binary.run(["analyze"] + Self.modelFlags + ["--per-sample", Self.model])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is the file --embeddings"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: Self.model))
    }

    @Test func adviseGivesTheReferenceFigures() throws {
        let result = try Binary.run(["advise", "--classes", "10575", "--loss", "cosface", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(abs((object["s_min"] as! Double) - 13.860) < 0.0005)
        #expect(abs((object["adacos_s"] as! Double) - 13.104) < 0.0005)
        #expect(object["max_cosface_m_2d"] == nil && object["dimension"] is NSNull)
        let twoD = try Binary.run(["advise", "--classes", "10", "--dimension", "2", "--loss", "cosface", "--m", "0.4"])
        #expect(twoD.stdout.contains("max_cosface_m_2d 0.190983") && twoD.stdout.contains("warning: the margin (m=0.4)"))
        #expect(twoD.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let lsoftmax = try Binary.run(["advise", "--classes", "10", "--loss", "lsoftmax", "--json"])
        #expect(lsoftmax.stdout.contains("\"expected_initial_loss\": null"))
    }

    @Test(arguments: [(["--classes", "1"], "--classes 1 is out of range"), (["--classes", "2.5"], "--classes 2.5"),
                      (["--classes", "10", "--dimension", "1"], "--dimension 1 is out of range")])
    func adviseRefusesBadNumbers(flags: [String], message: String) throws {
        let result = try Binary.run(["advise"] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The text summary fits 80 columns.
    @Test func textFitsEightyColumns() throws {
        let result = try Binary.run(["analyze"] + Self.modelFlags + ["--sweep", "m=0:1.5:4"])
        #expect(result.status == 0)
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(result.stdout.contains("meeting the margin      52.6667% (158 of 300)"))
    }
}
