import ArrayFiles
import Foundation
import Geometry
import Testing
@testable import Analysis

/// The eight newer losses in `analyze`: every sample's margin test, prediction, class cosines and the statistics
/// the rule took must be what `MarginLoss.evaluation(of:)` (eval's one path) gives for the same samples as one
/// batch, on the random models with ties, tiny and huge norms of `AgreesWithEvalTests`.
@Suite struct NewLossAgreementTests {
    /// Each newer loss, some at settings that make its special case matter: MagFace's lengths inside [l_a, u_a],
    /// AdaFace with μ, σ from the batch and given, CurricularFace with t of both signs (its hard-negative parabola
    /// then falls on part of the cosines, so the largest other logit is not always the nearest class's), ElasticFace
    /// with a wide σ, Circle at two m, AdaCos fixed, given, dynamic.
    static let losses: [MarginLoss] = {
        var list = [MarginLoss(.adacos), MarginLoss(.curricularface), MarginLoss(.magface), MarginLoss(.adaface),
                    MarginLoss(.elasticArcface), MarginLoss(.elasticCosface), MarginLoss(.circle)]
        var adaCos = MarginLoss(.adacos); adaCos.s = 5; list.append(adaCos)
        var dynamic = MarginLoss(.adacos); dynamic.dynamic = true; list.append(dynamic)
        for t in [0.6, -0.8] {
            var curricular = MarginLoss(.curricularface); curricular[.t] = t; curricular.s = 8; list.append(curricular)
        }
        var mag = MarginLoss(.magface)
        mag[.lowerLength] = 0.5; mag[.upperLength] = 6; mag[.lowerMargin] = 0.1; mag[.upperMargin] = 1.2
        mag.easyMargin = false
        list.append(mag)
        var ada = MarginLoss(.adaface); ada[.normMean] = 3; ada[.normStd] = 1; ada[.h] = 1; list.append(ada)
        var elastic = MarginLoss(.elasticArcface); elastic[.sigma] = 0.4; elastic[.seed] = 7; list.append(elastic)
        var circle = MarginLoss(.circle); circle.m = 0.4; circle[.gamma] = 32; list.append(circle)
        return list
    }()

    /// The mismatches between the analysis and eval of one batch, by sample: the margin test against eval's
    /// logits, the prediction, the target cosine's bits, the nearest other class and its cosine's bits.
    static func mismatches(_ analysis: ModelAnalysis, _ eval: LossEvaluation, labels: [Int], classes k: Int)
        -> [String] {
        var found: [String] = []
        let (e, t) = (eval.evaluation, analysis.table)
        for (i, y) in labels.enumerated() {
            let others = (0..<k).filter { $0 != y }
            let meets = others.allSatisfy { e.logits[i, y] > e.logits[i, $0] }
            let nearestCosine = others.map { e.cosines[i, $0] }.max()!
            let nearest = others.first { e.cosines[i, $0] == nearestCosine }!
            if t.meetsMargin[i] != meets { found.append("\(i) meets \(t.meetsMargin[i]) vs \(meets)") }
            if t.predicted[i] != e.predictions[i] { found.append("\(i) predicted \(t.predicted[i]) vs \(e.predictions[i])") }
            if t.targetCosine[i].bitPattern != e.cosines[i, y].bitPattern { found.append("\(i) target cosine") }
            if t.nearestCosine[i].bitPattern != nearestCosine.bitPattern || t.nearestClass[i] != nearest {
                found.append("\(i) nearest \(t.nearestClass[i]) vs \(nearest)")
            }
        }
        return found
    }

    /// The statistics must be eval's: the same bits, but dynamic AdaCos's s, whose ln B_avg adds N (K − 1)
    /// exponentials in another order (and from the product's cosines), to 1e-12 relative.
    static func statisticsAgree(_ analysis: ModelAnalysis, _ eval: LossEvaluation) -> Bool {
        var mine = analysis.statistics, theirs = eval.statistics
        if let a = mine.adaCos, let b = theirs.adaCos, a.logAverageNonTarget != nil {
            guard abs(a.scale - b.scale) <= 1e-12 * abs(b.scale), a.medianAngle == b.medianAngle,
                  a.previousScale == b.previousScale, analysis.scale == a.scale,
                  abs(a.logAverageNonTarget! - b.logAverageNonTarget!) <= 1e-12 * abs(b.logAverageNonTarget!)
            else { return false }
            (mine.adaCos, theirs.adaCos) = (nil, nil)
            return mine == theirs
        }
        return mine == theirs && analysis.scale == eval.scale
    }

    @Test(arguments: AgreesWithEvalTests.cases)
    func everySampleMatchesEvalsRule(_ test: AgreesWithEvalTests.Case) {
        let (input, batch) = AgreesWithEvalTests.model(seed: test.seed, n: test.n, k: test.k, d: test.d,
                                                       scale: test.scale, float: test.float)
        var outcomes = Set<Bool>()
        for loss in Self.losses {
            let analysis = ModelAnalysis(input, loss: loss, threads: 2)
            let eval = loss.evaluation(of: batch)
            let found = Self.mismatches(analysis, eval, labels: batch.labels, classes: test.k)
            #expect(found.isEmpty, "\(loss.summary): \(found.prefix(5))")
            #expect(Self.statisticsAgree(analysis, eval), "\(loss.summary): \(analysis.statistics) vs \(eval.statistics)")
            outcomes.formUnion(analysis.table.meetsMargin)
        }
        #expect(outcomes == [true, false])
    }

    /// CurricularFace's hard negatives make the largest other logit come from a class other than the nearest for
    /// some samples of these models (so the agreement above tests the threshold neighbours, not only the nearest
    /// class): counted from eval's own logits.
    @Test func curricularFaceLargestOtherLogitIsNotAlwaysTheNearestClass() {
        var count = 0
        for test in AgreesWithEvalTests.cases {
            let (_, batch) = AgreesWithEvalTests.model(seed: test.seed, n: test.n, k: test.k, d: test.d,
                                                       scale: test.scale, float: test.float)
            for loss in Self.losses where loss.kind == .curricularface && loss[.t] != 0 {
                let e = loss.evaluation(of: batch).evaluation
                for (i, y) in batch.labels.enumerated() {
                    let others = (0..<test.k).filter { $0 != y }
                    let nearest = others.max { e.cosines[i, $0] < e.cosines[i, $1] }!
                    if others.contains(where: { e.logits[i, $0] > e.logits[i, nearest] }) { count += 1 }
                }
            }
        }
        #expect(count > 0)
    }

    /// A model with k sub-centre rows per class: K·k rows, labels below K, one sub-centre of class 0 repeated in
    /// class K − 1 (a tie between classes), two equal sub-centres in class 1 (a tie inside a class: the first row
    /// wins), and samples placed on sub-centres.
    static func subCenterModel(seed: UInt64, n: Int, classes: Int, k: Int, d: Int, float: Bool)
        -> (input: ModelInput, batch: Batch) {
        var generator = SeededGenerator(seed: seed)
        func value() -> Double { let v = generator.nextGaussian(); return float ? Double(Float(v)) : v }
        var weights = (0..<classes * k).map { _ in (0..<d).map { _ in value() } }
        weights[(classes - 1) * k + k - 1] = weights[1 % k]
        if k > 1 { weights[k + 1] = weights[k] }
        let labels = (0..<n).map { _ in Int(generator.next() % UInt64(classes)) }
        var features = (0..<n).map { _ in (0..<d).map { _ in value() } }
        for i in stride(from: 0, to: n, by: 5) { features[i] = weights[labels[i] * k + i % k] }
        let embeddings = features.flatMap { $0 }, rows = weights.flatMap { $0 }
        let input = try! ModelInput(
            embeddings: float ? NumericArray(float32: embeddings.map { Float($0) }, shape: [n, d])
                : NumericArray(float64: embeddings, shape: [n, d]),
            labels: NumericArray(int64: labels.map { Int64($0) }, shape: [n]),
            weights: [float ? NumericArray(float32: rows.map { Float($0) }, shape: [classes * k, d])
                : NumericArray(float64: rows, shape: [classes * k, d])],
            layout: .classesByDims)
        return (input, Batch(checkedWeights: Matrix(weights), features: Matrix(features), labels: labels))
    }

    @Test(arguments: [(UInt64(1), 200, 7, 3, 4, true), (2, 150, 30, 2, 16, true), (3, 120, 5, 4, 3, false),
                      (4, 90, 2, 1, 5, true)])
    func subCentersMatchEval(seed: UInt64, n: Int, classes: Int, k: Int, d: Int, float: Bool) {
        let (input, batch) = Self.subCenterModel(seed: seed, n: n, classes: classes, k: k, d: d, float: float)
        var loss = MarginLoss(.subcenterArcface)
        loss[.subCenters] = Double(k)
        loss.s = 16
        #expect(ModelAnalysis.problem(with: input, loss: loss) == nil)
        let analysis = ModelAnalysis(input, loss: loss, threads: 2)
        let eval = loss.evaluation(of: batch)
        #expect(analysis.classes == classes && analysis.weightRows == classes * k)
        let found = Self.mismatches(analysis, eval, labels: batch.labels, classes: classes)
        #expect(found.isEmpty, "k = \(k): \(found.prefix(5))")
        // The winning sub-centre of the own class is eval's winner.
        let winners = batch.labels.enumerated().map { i, y in eval.winners[i][y] - y * k }
        #expect(analysis.table.targetSubCenter == winners)
        let share = analysis.subCenterShare
        #expect(k == 1 ? share == nil : share?.reduce(0, +) ?? 0 > 0.999_999)
        // θ_target is the angle to the winning row: cos θ = eval's class cosine.
        for (i, y) in batch.labels.enumerated() {
            #expect(abs(cos(analysis.table.thetaTargetDegrees[i] * .pi / 180) - eval.evaluation.cosines[i, y]) < 1e-9)
        }
    }

    /// Sub-centre weight gaps are between rows of different classes: the two equal rows of class 1 are not a gap
    /// of 0, while the row repeated in another class is.
    @Test func subCentreGapsSkipTheOwnClass() {
        let (input, _) = Self.subCenterModel(seed: 5, n: 60, classes: 6, k: 3, d: 4, float: false)
        var loss = MarginLoss(.subcenterArcface)
        loss[.subCenters] = 3
        let analysis = ModelAnalysis(input, loss: loss, threads: 2)
        #expect(analysis.weightGaps.gapDegrees[3] > 0 && analysis.weightGaps.gapDegrees[4] > 0)
        #expect(analysis.weightGaps.nearest[3] / 3 != 1 && analysis.weightGaps.nearest[4] / 3 != 1)
        #expect(analysis.closestWeightPairs(limit: 1).first.map { [Double($0.first), Double($0.second), $0.degrees] } == [0, 5, 0])
        for r in 0..<18 { #expect(analysis.weightGaps.nearest[r] / 3 != r / 3) }
    }

    @Test func aRowCountThatIsNotAMultipleOfKIsNamed() throws {
        let (input, _) = Self.subCenterModel(seed: 6, n: 10, classes: 7, k: 1, d: 3, float: true)
        var loss = MarginLoss(.subcenterArcface)
        loss[.subCenters] = 3
        let problem = try #require(ModelAnalysis.problem(with: input, loss: loss))
        #expect(problem.contains("weights has 7 rows: with sub_centers = 3 it needs a multiple of 3"))
        loss[.subCenters] = 7
        #expect(ModelAnalysis.problem(with: input, loss: loss)?.contains("a softmax needs at least 2") == true)
    }

    /// Sweeps re-test the stored numbers; where a parameter changes what the pass keeps, the re-test is refused.
    @Test func sweepsEqualFreshAnalysesWhereTheyAreAllowed() {
        let (input, _) = AgreesWithEvalTests.model(seed: 9, n: 300, k: 20, d: 6, scale: 3, float: true)
        let sweeps: [(MarginLoss, LossParameter, [Double])] = [
            (MarginLoss(.magface), .upperMargin, [0.5, 0.9, 1.4]), (MarginLoss(.adaface), .h, [0, 0.5, 2]),
            (MarginLoss(.elasticCosface), .seed, [1, 2, 3]), (MarginLoss(.circle), .m, [0.1, 0.3, 0.45]),
            (MarginLoss(.curricularface), .t, [-0.9, 0, 0.9]), (MarginLoss(.adacos), .s, [1, 10, 100]),
        ]
        for (base, parameter, values) in sweeps {
            let analysis = ModelAnalysis(input, loss: base, threads: 2)
            for value in values {
                var loss = base
                loss[parameter] = value
                #expect(analysis.canRetest(under: loss))
                #expect(analysis.fractionMeetingMargin(under: loss)
                        == ModelAnalysis(input, loss: loss, threads: 2).fractionMeetingMargin, "\(loss.summary)")
            }
        }
        var curricular = MarginLoss(.curricularface)
        let scanned = ModelAnalysis(input, loss: curricular, threads: 2)
        curricular.m = 0.3
        #expect(scanned.retestProblem(under: curricular)?.contains("hard-negative threshold") == true)
        var dynamic = MarginLoss(.adacos)
        dynamic.dynamic = true
        var other = dynamic
        other.s = 3
        #expect(ModelAnalysis.retestProblem(scannedFor: dynamic, under: other) != nil)
        #expect(ModelAnalysis.retestProblem(scannedFor: dynamic, under: dynamic) == nil)
        var sub = MarginLoss(.subcenterArcface), two = sub
        two[.subCenters] = 2
        #expect(ModelAnalysis.retestProblem(scannedFor: sub, under: two)?.contains("sub_centers") == true)
        sub.m = 0.2
        #expect(ModelAnalysis.retestProblem(scannedFor: two, under: sub) != nil)
    }

    /// The Model view's table (scanned once for every loss under a paper loss) re-tests the newer losses too:
    /// exactly as eval for those that need nothing the every-loss scan lacks.
    @Test func anEveryLossTableRetestsTheNewerLosses() {
        let test = AgreesWithEvalTests.cases[0]
        let (input, batch) = AgreesWithEvalTests.model(seed: test.seed, n: test.n, k: test.k, d: test.d,
                                                       scale: test.scale, float: test.float)
        let every = ModelAnalysis(input, loss: MarginLoss(.arcface), threads: 2, everyLoss: true)
        for loss in Self.losses where !(loss.kind == .adacos && loss.dynamic) && loss.kind != .curricularface {
            #expect(every.canRetest(under: loss), "\(loss.summary)")
            let found = Self.mismatches(every.under(loss), loss.evaluation(of: batch), labels: batch.labels,
                                        classes: test.k)
            #expect(found.isEmpty, "\(loss.summary): \(found.prefix(5))")
        }
        #expect(!every.canRetest(under: MarginLoss(.curricularface)))
        _ = every.under(MarginLoss(.curricularface))  // the nearest reading, no trap
        var sub = MarginLoss(.subcenterArcface)
        #expect(!every.canRetest(under: sub))
        _ = every.under(sub)
        sub[.subCenters] = 1
        #expect(every.canRetest(under: sub))
    }
}
