import Foundation
import Testing

/// `render --load` (the explorer's training view on a saved run) with features no training would make: nothing
/// the user loads can trap a view.
@Suite struct LoadedRunTests {
    /// A saved run of `loss` with its first rows replaced by `features`, written to a temporary file.
    static func savedRun(loss: String, features: [[Double]]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("margin-explorer-\(UUID().uuidString)-run.json").path
        let trained = try Binary.run(["train", "--loss", loss, "--dataset", "blobs", "--epochs", "1", "--seed", "2",
                                      "--save", path])
        try #require(trained.status == 0, "train: \(trained.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var request = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rows = try #require(request["features"] as? [[Double]])
        for (index, feature) in features.enumerated() { rows[index] = feature }
        request["features"] = rows
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Cells of the picture (the left 50 columns, below the title bar, above the status rows) that hold dots.
    static func dotCells(_ frame: String) -> Int {
        frame.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast(3)
            .map { $0.unicodeScalars.prefix(50).filter { (0x2801...0x28FF).contains($0.value) }.count }
            .reduce(0, +)
    }

    /// 1e19 (the value that trapped), 1e300, -1e300 and, for softmax, a zero feature: the frame is drawn (status 0,
    /// no crash report) and the other points still fill the picture rather than one centre dot.
    @Test(arguments: [("softmax", [[1e19, 0], [1e300, 1], [-1e300, 5], [0, 0]]),
                      ("arcface", [[1e19, 0], [1e300, 1], [-1e300, 5], [-3, 1e19]])])
    func farOutFeaturesDrawAndTheRestFillThePicture(loss: String, features: [[Double]]) throws {
        let path = try Self.savedRun(loss: loss, features: features)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (width, height) in [(80, 24), (120, 40)] {
            let drawn = try Binary.run(["render", "--load", path, "--width", "\(width)", "--height", "\(height)",
                                        "--color", "never"])
            #expect(drawn.status == 0, "\(width)x\(height): \(drawn.stderr.prefix(300))")
            #expect(drawn.stderr.isEmpty)
            #expect(drawn.stdout.contains("loaded run") && drawn.stdout.contains("samples 640"))
            #expect(Self.dotCells(drawn.stdout) > 40, "\(width)x\(height):\n\(drawn.stdout)")
        }
    }
}
