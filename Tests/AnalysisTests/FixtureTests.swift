import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import Analysis

/// The NumPy-made model of Fixtures/make_fixtures.py (300 x 16 float32, 10 classes), read from its .npz as
/// `analyze` reads it, against the numbers NumPy computed in float64 independently (expected_samples.csv,
/// expected_summary.json): per-sample angles, nearest classes, norms, ArcFace's margin test and predictions.
@Suite struct FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func analysis(weights: String = "model.npz", layout: WeightsLayout = .auto) throws -> ModelAnalysis {
        let model = ArrayLocation(path("model.npz"))
        let input = try ModelInput.read(embeddings: model, labels: model, weights: [ArrayLocation(path(weights))],
                                        layout: layout)
        return ModelAnalysis(input, loss: MarginLoss(.arcface))
    }

    @Test func perSampleNumbersMatchNumPy() throws {
        let analysis = try Self.analysis()
        let lines = try String(contentsOfFile: Self.path("expected_samples.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(lines.count == 300)
        let t = analysis.table
        for line in lines {
            let cells = line.split(separator: ",").map(String.init)
            let i = Int(cells[0])!
            #expect(t.labels[i] == Int(cells[1])!)
            // NumPy's arccos of a float64 cosine: good to about 1e-13 rad at these angles.
            #expect(abs(t.thetaTargetDegrees[i] - Double(cells[2])!) < 1e-9, "sample \(i)")
            #expect(abs(t.thetaNearestDegrees[i] - Double(cells[3])!) < 1e-9, "sample \(i)")
            #expect(t.nearestClass[i] == Int(cells[4])!, "sample \(i)")
            #expect(abs(t.norm[i] - Double(cells[5])!) <= 1e-13 * t.norm[i], "sample \(i)")
            #expect(t.meetsMargin[i] == (cells[6] == "1"), "sample \(i)")
            #expect(t.predicted[i] == Int(cells[7])!, "sample \(i)")
        }
    }

    @Test func summaryMatchesNumPy() throws {
        let analysis = try Self.analysis()
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("expected_summary.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(analysis.samples == 300 && analysis.classes == 10 && analysis.dimension == 16)
        for (key, distribution) in [("theta_target_deg", analysis.thetaTarget), ("theta_nearest_deg", analysis.thetaNearest),
                                    ("norm", analysis.norm)] {
            let numbers = try #require(expected[key] as? [String: Double])
            for (name, value) in distribution.named {
                #expect(abs(value - numbers[name]!) <= 1e-10 * max(1, abs(value)), "\(key).\(name)")
            }
        }
        #expect(analysis.fractionMeetingMargin == expected["fraction_meeting_margin"] as? Double)
        #expect(analysis.fractionMisclassified == expected["fraction_misclassified"] as? Double)
        #expect(abs(analysis.minimumWeightGapDegrees - (expected["min_weight_gap_deg"] as! Double)) < 1e-9)
        #expect(abs(analysis.minimumCenterGapDegrees! - (expected["min_center_gap_deg"] as! Double)) < 1e-9)
        #expect(analysis.histograms().target.counts == expected["histogram_theta_target"] as? [Int])
        // Classes 3 and 7 were made close (make_fixtures.py): they are the closest pair of weights.
        #expect(analysis.closestWeightPairs(limit: 1).first.map { [$0.first, $0.second] } == [3, 7])
    }

    /// pytorch-metric-learning's d x K layout gives the same analysis.
    @Test func transposedWeightsGiveTheSameNumbers() throws {
        let plain = try Self.analysis()
        let transposed = try Self.analysis(weights: "weights_dxk.npy", layout: .dimsByClasses)
        #expect(plain.table == transposed.table)
        #expect(plain.weightGaps == transposed.weightGaps)
    }
}
