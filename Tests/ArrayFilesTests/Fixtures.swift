import Foundation
import Testing
@testable import ArrayFiles

/// The fixture files (written by Fixtures/make_fixtures.py) and the formulas of their values, repeated from the
/// script: every value is exact in the types it is written in, so tests compare with ==.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of fixture `name`.
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The bytes of fixture `name`.
    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    /// The array at `name` or `name:member`, read from the fixture directory as the command line would.
    static func read(_ spec: String, preferring preferred: String? = nil) throws(ArrayFileError) -> NumericArray {
        var location = ArrayLocation(spec)
        location.path = path(location.path)
        return try ArrayFileReader.read(location, preferring: preferred)
    }

    /// The error reading `spec` gives (a test failure when it reads).
    static func error(_ spec: String, sourceLocation: SourceLocation = #_sourceLocation) -> ArrayFileError? {
        do {
            let array = try read(spec)
            Issue.record("\(spec) read as shape \(array.shape)", sourceLocation: sourceLocation)
            return nil
        } catch { return error }
    }

    /// P[i][j] = (i + 1) / (j + 3), 3 x 4, divided in Float.
    static let precision32: [Float] = (0..<3).flatMap { (i: Int) -> [Float] in
        (0..<4).map { (j: Int) -> Float in Float(i + 1) / Float(j + 3) }
    }
    /// P[i][j] = (i + 1) / (j + 3), 3 x 4, divided in Double.
    static let precision64: [Double] = (0..<3).flatMap { (i: Int) -> [Double] in
        (0..<4).map { (j: Int) -> Double in Double(i + 1) / Double(j + 3) }
    }
    /// Q[i][j] = (4 i + j) / 4 - 1, 3 x 4.
    static let quarters: [Double] = (0..<3).flatMap { (i: Int) -> [Double] in
        (0..<4).map { (j: Int) -> Double in Double(4 * i + j) / 4 - 1 }
    }
    /// L[i] = (3 i + 1) mod 5, 7 values.
    static let labels: [Int] = (0..<7).map { (3 * $0 + 1) % 5 }
    /// E[i][j] = ((3 i + 5 j) mod 7 - 3) / 4, 8 x 3.
    static let embeddings: [Double] = (0..<8).flatMap { (i: Int) -> [Double] in
        (0..<3).map { (j: Int) -> Double in Double((3 * i + 5 * j) % 7 - 3) / 4 }
    }
    /// y[i] = (3 i + 1) mod 4, 8 values.
    static let modelLabels: [Int] = (0..<8).map { (3 * $0 + 1) % 4 }
    /// W[k][j] = ((k + 2 j) mod 5) / 4 - 1/2, 4 x 3.
    static let weights: [Double] = (0..<4).flatMap { (k: Int) -> [Double] in
        (0..<3).map { (j: Int) -> Double in Double((k + 2 * j) % 5) / 4 - 0.5 }
    }
}

@Suite struct FixtureFormulaTests {
    /// The formulas' first values, worked out by hand, so a slip in a formula above cannot hide.
    @Test func formulasGiveTheHandWorkedValues() {
        #expect(Fixture.precision64[0] == 1.0 / 3 && Fixture.precision64[11] == 0.5)
        #expect(Fixture.quarters[0] == -1 && Fixture.quarters[11] == 1.75)
        #expect(Fixture.labels == [1, 4, 2, 0, 3, 1, 4])
        #expect(Array(Fixture.embeddings.prefix(6)) == [-0.75, 0.5, 0, 0, -0.5, 0.75])
        #expect(Fixture.modelLabels == [1, 0, 3, 2, 1, 0, 3, 2])
        #expect(Array(Fixture.weights.prefix(6)) == [-0.5, 0, 0.5, -0.25, 0.25, -0.5])
    }
}
