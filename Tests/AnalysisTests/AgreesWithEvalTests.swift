import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import Analysis

/// `analyze` screens 10,000 classes with a BLAS product in Float, then recomputes the candidates in Double with the
/// functions `MarginLoss.evaluate` is built from: its cosines, margin test and predictions must agree with
/// `evaluate`'s to the last bit, whatever the precision, the loss, the norms and the ties.
@Suite struct AgreesWithEvalTests {
    static let losses: [MarginLoss] = {
        var list = [MarginLoss(.softmax), MarginLoss(.normface), MarginLoss(.cosface), MarginLoss(.arcface),
                    MarginLoss(.combined)]
        var lsoftmax = MarginLoss(.lsoftmax); lsoftmax.m = 2; list.append(lsoftmax)
        var sphere = MarginLoss(.sphereface); sphere.m = 3; list.append(sphere)
        var arc = MarginLoss(.arcface); arc.s = 4; arc.m = 1.2; list.append(arc)
        return list
    }()

    /// A model of `n` samples, `k` classes, dimension d, values of size `scale`; a few weight rows repeated and a
    /// few samples placed on a weight, so that exact ties and near ties occur.
    static func model(seed: UInt64, n: Int, k: Int, d: Int, scale: Double, float: Bool)
        -> (input: ModelInput, batch: Batch) {
        var generator = SeededGenerator(seed: seed)
        func value() -> Double {
            let v = generator.nextGaussian() * scale
            return float ? Double(Float(v)) : v
        }
        var weights = (0..<k).map { _ in (0..<d).map { _ in value() } }
        weights[k - 1] = weights[0]                                   // an exact tie between classes 0 and k-1
        weights[1] = weights[2].map { float ? Double(Float($0 * 3)) : $0 * 3 }  // same direction, 3 times longer
        let labels = (0..<n).map { _ in Int(generator.next() % UInt64(k)) }
        var features = (0..<n).map { _ in (0..<d).map { _ in value() } }
        for i in stride(from: 0, to: n, by: 7) { features[i] = weights[labels[i]] }  // on its own weight: 0°
        for i in stride(from: 3, to: n, by: 11) { features[i] = weights[0].map { -$0 } }  // opposite class 0
        let input: ModelInput
        if float {
            input = try! ModelInput(embeddings: NumericArray(float32: features.flatMap { $0 }.map { Float($0) }, shape: [n, d]),
                                    labels: NumericArray(int64: labels.map { Int64($0) }, shape: [n]),
                                    weights: [NumericArray(float32: weights.flatMap { $0 }.map { Float($0) }, shape: [k, d])],
                                    layout: .classesByDims)
        } else {
            input = try! ModelInput(embeddings: NumericArray(float64: features.flatMap { $0 }, shape: [n, d]),
                                    labels: NumericArray(int64: labels.map { Int64($0) }, shape: [n]),
                                    weights: [NumericArray(float64: weights.flatMap { $0 }, shape: [k, d])],
                                    layout: .classesByDims)
        }
        return (input, Batch(checkedWeights: Matrix(weights), features: Matrix(features), labels: labels))
    }

    struct Case: Sendable, CustomStringConvertible {
        var seed: UInt64, n: Int, k: Int, d: Int, scale: Double, float: Bool
        var description: String { "seed \(seed) \(n)x\(d) K=\(k) scale \(scale) \(float ? "float32" : "float64")" }
    }

    static let cases: [Case] = [
        Case(seed: 1, n: 300, k: 37, d: 2, scale: 1, float: true),
        Case(seed: 2, n: 200, k: 50, d: 16, scale: 1, float: true),
        Case(seed: 3, n: 150, k: 64, d: 33, scale: 1e-20, float: false),
        Case(seed: 4, n: 150, k: 20, d: 8, scale: 1e30, float: true),
        Case(seed: 5, n: 120, k: 300, d: 5, scale: 10, float: false),
        Case(seed: 6, n: 90, k: 3, d: 3, scale: 1e-3, float: true),
    ]

    @Test(arguments: cases)
    func everySampleMatchesEvaluateBitForBit(_ test: Case) {
        let (input, batch) = Self.model(seed: test.seed, n: test.n, k: test.k, d: test.d, scale: test.scale,
                                        float: test.float)
        var outcomes = Set<Bool>()
        for loss in Self.losses {
            let analysis = ModelAnalysis(input, loss: loss, threads: 2)
            let eval = loss.evaluate(batch)
            var mismatches: [String] = []
            for i in 0..<test.n {
                let y = batch.labels[i]
                let others = (0..<test.k).filter { $0 != y }
                let meets = others.allSatisfy { eval.logits[i, y] > eval.logits[i, $0] }
                let nearestCosine = others.map { eval.cosines[i, $0] }.max()!
                let nearest = others.first { eval.cosines[i, $0] == nearestCosine }!
                let t = analysis.table
                if t.meetsMargin[i] != meets { mismatches.append("\(i) meets \(t.meetsMargin[i]) vs \(meets)") }
                if t.predicted[i] != eval.predictions[i] {
                    mismatches.append("\(i) predicted \(t.predicted[i]) vs \(eval.predictions[i])")
                }
                if t.targetCosine[i].bitPattern != eval.cosines[i, y].bitPattern { mismatches.append("\(i) target cosine") }
                if t.nearestCosine[i].bitPattern != nearestCosine.bitPattern || t.nearestClass[i] != nearest {
                    mismatches.append("\(i) nearest \(t.nearestClass[i]) vs \(nearest)")
                }
            }
            #expect(mismatches.isEmpty, "\(loss.summary): \(mismatches.prefix(5))")
            outcomes.formUnion(analysis.table.meetsMargin)
        }
        // Each case tests both outcomes of the margin test.
        #expect(outcomes == [true, false])
    }

    /// A sweep re-tests the stored numbers; it must give what a fresh analysis under each value gives.
    @Test func aSweepEqualsFreshAnalyses() {
        let (input, _) = Self.model(seed: 9, n: 400, k: 30, d: 6, scale: 1, float: true)
        let base = ModelAnalysis(input, loss: MarginLoss(.cosface), threads: 2)
        for m in [0, 0.1, 0.35, 0.8] {
            var loss = MarginLoss(.cosface)
            loss.m = m
            loss.s = 30
            #expect(base.fractionMeetingMargin(under: loss) == ModelAnalysis(input, loss: loss).fractionMeetingMargin)
        }
    }

    /// The Model view analyses once for every loss and re-tests per key: under each loss, an every-loss analysis
    /// begun under another kind must give each sample the margin test and the prediction of `evaluate` itself,
    /// whichever kind it began with (the cases with ties, a repeated weight and a longer weight included).
    @Test(arguments: [cases[0], cases[3], cases[4]])
    func anEveryLossAnalysisRetestsAnyLossAsEvaluateDoes(_ test: Case) {
        let (input, batch) = Self.model(seed: test.seed, n: test.n, k: test.k, d: test.d, scale: test.scale,
                                        float: test.float)
        for start in [MarginLoss(.arcface), MarginLoss(.softmax), MarginLoss(.lsoftmax)] {
            let every = ModelAnalysis(input, loss: start, threads: 2, everyLoss: true)
            for loss in Self.losses {
                let retested = every.under(loss), eval = loss.evaluate(batch)
                var mismatches: [Int] = []
                for i in 0..<test.n {
                    let y = batch.labels[i]
                    let meets = (0..<test.k).allSatisfy { $0 == y || eval.logits[i, y] > eval.logits[i, $0] }
                    if retested.table.meetsMargin[i] != meets || retested.table.predicted[i] != eval.predictions[i] {
                        mismatches.append(i)
                    }
                }
                #expect(mismatches.isEmpty, "from \(start.kind) under \(loss.summary): samples \(mismatches.prefix(5))")
                #expect(retested.fractionMeetingMargin == every.fractionMeetingMargin(under: loss))
            }
        }
    }

    /// Threads take chunks as they come free, so which thread scans which chunk varies from run to run: the table,
    /// the class-centre gaps and the weight gaps must be the same bits for 1, 2 and 3 threads (several chunks:
    /// 9,000 rows of at most 4,096 each).
    @Test func resultsAreTheSameBitsForAnyNumberOfThreads() {
        let (input, _) = Self.model(seed: 11, n: 9000, k: 50, d: 8, scale: 1, float: true)
        let one = ModelAnalysis(input, loss: MarginLoss(.arcface), threads: 1, everyLoss: true)
        for threads in [2, 3] {
            let many = ModelAnalysis(input, loss: MarginLoss(.arcface), threads: threads, everyLoss: true)
            #expect(many.table == one.table, "\(threads) threads")
            #expect(many.centerGaps?.gapDegrees.map(\.bitPattern) == one.centerGaps?.gapDegrees.map(\.bitPattern))
            #expect(many.weightGaps.gapDegrees.map(\.bitPattern) == one.weightGaps.gapDegrees.map(\.bitPattern))
        }
    }
}
