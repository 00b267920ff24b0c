import Foundation
import Testing
@testable import Geometry

/// Sub-center ArcFace: known answers from the spec's §6 and §A.2, the PML row order, ties and layout problems.
@Suite struct SubCenterArcFaceTests {
    static let r3 = 3.0.squareRoot() / 2
    /// Class 0's sub-centres at 0°, 120°, 240° (rows 0–2), class 1's at 90°, 210°, 330° (rows 3–5).
    static let sixRows: [[Double]] = [[1, 0], [-0.5, r3], [-0.5, -r3], [0, 1], [-r3, -0.5], [r3, -0.5]]

    /// §6 "check: arcface m 0.5 (= subcenter k = 1)": with one row per class it is the reference's ArcFace line
    /// (margin-losses.md: 0.2090474773 0.4766277205 5.5120044803 0.0767951850, mean 1.5686187158; x2 takes the
    /// fallback).
    @Test func oneSubCenterIsArcFace() throws {
        let result = try SubCenterArcFace(m: 0.5, s: 4, subCenters: 1).evaluate(try Reference.batch())
        expectClose(result.evaluation.losses, [0.2090474773, 0.4766277205, 5.5120044803, 0.0767951850], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.5686187158, 1e-9)
        #expect(result.winners == [[0, 1], [0, 1], [0, 1], [0, 1]])
    }

    /// §6 "subcenter k = 3": best rows [[0,5],[1,3],[1,4],[2,5]] with cosines (§A.2) 0.9486832981 0.6634699532 |
    /// 0.5509898715 0.8944271910 | 0.6229347771 0.7822737778 | 0.7923466829 0.6100710894, per-sample 0.6588168814
    /// 0.6548340394 2.5259212892 1.1910745694, mean 1.2576616949.
    @Test func threeSubCenters() throws {
        let batch = try Reference.batch(weights: Self.sixRows)
        let result = try SubCenterArcFace(m: 0.5, s: 4, subCenters: 3).evaluate(batch)
        #expect(result.winners == [[0, 5], [1, 3], [1, 4], [2, 5]])
        expectClose(result.evaluation.cosines.storage, [0.9486832981, 0.6634699532, 0.5509898715, 0.8944271910,
                                                        0.6229347771, 0.7822737778, 0.7923466829, 0.6100710894], 1e-9)
        expectClose(result.evaluation.losses, [0.6588168814, 0.6548340394, 2.5259212892, 1.1910745694], 1e-9)
        expectClose(result.evaluation.meanLoss, 1.2576616949, 1e-9)
        #expect(result.rowCosines.columns == 6)
        #expect(result.evaluation.weightGradient.rows == 6)
    }

    /// The gradient goes to the winning rows only: in the k = 3 batch, rows 0, 1, 2, 3, 4, 5 all win somewhere,
    /// so take a batch where row 1 never wins (only x0, best rows 0 and 5) and check rows 1–4 get exactly 0.
    @Test func rowsThatWinNothingGetNoGradient() throws {
        let batch = try Reference.batch(weights: Self.sixRows, features: [[3, 1]], labels: [0])
        let result = try SubCenterArcFace(m: 0.5, s: 4, subCenters: 3).evaluate(batch)
        #expect(result.winners == [[0, 5]])
        for row in 1...4 { #expect(result.evaluation.weightGradient.row(row) == [0, 0]) }
        #expect(result.evaluation.weightGradient.row(0) != [0, 0])
        #expect(result.evaluation.weightGradient.row(5) != [0, 0])
    }

    /// On an exact tie the first row wins, as torch.max over a dimension returns the first maximum: duplicate
    /// rows 0 and 1 of class 0 tie exactly, so row 0 takes the gradient and row 1 none.
    @Test func tiesGoToTheFirstRow() throws {
        let weights: [[Double]] = [[1, 0], [1, 0], [0, 1], [-1, 0]]
        let batch = try Reference.batch(weights: weights, features: [[3, 1], [1, 2]], labels: [0, 1])
        let result = try SubCenterArcFace(m: 0.5, s: 4, subCenters: 2).evaluate(batch)
        #expect(result.rowCosines[0, 0] == result.rowCosines[0, 1])
        #expect(result.winners[0][0] == 0)
        #expect(result.winners[1][0] == 0)
        #expect(result.evaluation.weightGradient.row(1) == [0, 0])
        #expect(result.evaluation.weightGradient.row(0) != [0, 0])
        // A feature on the bisector of two distinct sub-centres ties too: (1, 1) against (1, 0) and (0, 1).
        let cosines = Matrix([[(0.5).squareRoot(), (0.5).squareRoot()]])
        #expect(SubCenterCosines.best(of: cosines, sample: 0, rows: 0..<2).row == 0)
    }

    /// PML's fallback tests the angle with ≤: exactly at θ = π − m the margin branch gives cos π = −1; just past it
    /// the fallback c − m sin m (for m = 0.5: −cos 0.5 − 0.5 sin 0.5 = −1.1172953, the reference's jump).
    @Test func fallbackSwitchesAtPiMinusM() {
        let m = 0.5
        let below = SubCenterArcFace.arcFaceTarget(cosine: cos(.pi - m - 1e-9), margin: m)
        let past = SubCenterArcFace.arcFaceTarget(cosine: cos(.pi - m + 1e-9), margin: m)
        expectClose(below.value, -1, 1e-9)
        expectClose(past.value, -1.1172953, 1e-7)
        #expect(past.slope == 1)
    }

    /// Reference, "Newer losses": θ = 60°, m = 0.5: cos(60° + 0.5) = 0.0235966.
    @Test func arcFaceAtSixtyDegrees() {
        expectClose(SubCenterArcFace.arcFaceTarget(cosine: 0.5, margin: 0.5).value, 0.0235966, 5e-8)
    }

    /// Rows that do not divide by k, fewer than two classes, and labels past rows / k are refused as data.
    @Test func layoutProblems() throws {
        let rule = SubCenterArcFace(subCenters: 3)
        #expect(throws: LossBatchProblem.subCenters(.rowsNotAMultiple(rows: 4, subCenters: 3))) {
            try rule.evaluate(try Reference.batch(weights: [[1, 0], [0, 1], [-1, 0], [0, -1]]))
        }
        #expect(throws: LossBatchProblem.subCenters(.tooFewClasses(classes: 1, subCenters: 3))) {
            try rule.evaluate(try Reference.batch(weights: Array(Self.sixRows.prefix(3)), labels: [0, 0, 0, 0]))
        }
        #expect(throws: LossBatchProblem.subCenters(.labelNotAClass(index: 1, label: 2, classes: 2))) {
            try rule.evaluate(try Reference.batch(weights: Self.sixRows, labels: [0, 2, 0, 0]))
        }
        #expect(SubCenterLayout.rowsNotAMultiple(rows: 7, subCenters: 3).message.contains("multiple of 3"))
    }
}
