import Foundation
import Testing
@testable import Geometry

/// Issue 10's losses inside `MarginLoss`: the one fields rule takes their keys only where they apply, evaluation
/// goes through their rule (one path for eval, training and the views), and the gradients eval prints follow the
/// length where the margin depends on it.
@Suite struct MarginLossRuleTests {
    typealias Fields = [(key: String, value: MarginLoss.Field)]

    static func error(_ fields: Fields) -> InputError? {
        do {
            _ = try MarginLoss(fields: fields)
            return nil
        } catch {
            return error
        }
    }

    /// The issue's `type` names read back as the kinds, and every kind's defaults are its rule's table defaults.
    @Test func typeNamesAndDefaults() throws {
        let names = ["adacos", "subcenter_arcface", "curricularface", "magface", "adaface", "elastic_arcface",
                     "elastic_cosface", "circle"]
        #expect(LossKind.ruleKinds.map(\.rawValue) == names)
        for name in names {
            let loss = try MarginLoss(fields: [("type", .text(name))])
            #expect(loss.kind.rawValue == name && loss.rule?.name == name)
            #expect(loss == MarginLoss(loss.kind))
        }
        let magFace = MarginLoss(.magface)
        #expect(magFace.easyMargin && magFace[.lowerLength] == 10 && magFace[.upperLength] == 110
                && magFace[.lowerMargin] == 0.45 && magFace[.upperMargin] == 0.8 && magFace[.lambdaG] == 35)
        #expect(MarginLoss(.adacos).isLeftToRule(.s) && MarginLoss(.adaface).isLeftToRule(.normMean))
        #expect(MarginLoss(.elasticCosface).m == 0.35 && MarginLoss(.elasticArcface)[.seed] == 1)
        #expect(MarginLoss(.circle)[.gamma] == 256 && MarginLoss(.subcenterArcface).subCenters == 3)
    }

    /// A key is refused on a loss that does not take it, naming the key and the loss and what it does take.
    @Test func keysOnlyWhereTheyApply() {
        #expect(Self.error([("type", .text("cosface")), ("t", .number(0.5))])
                == InputError(.lossField("t"), .notTaken(kind: .cosface, takes: ["m", "s"], onlyWith: nil)))
        #expect(Self.error([("type", .text("arcface")), ("sub_centers", .number(2))])?.lossField == "sub_centers")
        #expect(Self.error([("type", .text("magface")), ("m", .number(0.5))])
                == InputError(.lossField("m"), .notTaken(kind: .magface,
                                                         takes: ["s", "l_a", "u_a", "l_m", "u_m", "lambda_g",
                                                                 "easy_margin"], onlyWith: nil)))
        #expect(Self.error([("type", .text("arcface")), ("dynamic", .flag(true))])?.lossField == "dynamic")
        #expect(Self.error([("type", .text("adacos")), ("through_norm", .flag(true))])?.lossField == "through_norm")
        #expect(Self.error([("type", .text("circle")), ("s", .number(4))])?.lossField == "s")
        #expect(Self.error([("type", .text("elastic_arcface")), ("gamma", .number(4))])?.lossField == "gamma")
        // Taken where they apply, inside their ranges.
        #expect(Self.error([("type", .text("magface")), ("easy_margin", .flag(false)), ("l_a", .number(20))]) == nil)
        #expect(Self.error([("type", .text("adaface")), ("norm_mean", .number(30)), ("through_norm", .flag(true))]) == nil)
        #expect(Self.error([("type", .text("adacos")), ("dynamic", .flag(true)), ("s", .number(0))]) == nil)
        #expect(Self.error([("type", .text("subcenter_arcface")), ("sub_centers", .number(2.5))])?.lossField
                == "sub_centers")
        #expect(Self.error([("type", .text("circle")), ("m", .number(0.6))])?.lossField == "m")
        #expect(Self.error([("type", .text("elastic_cosface")), ("seed", .number(-1))])?.lossField == "seed")
    }

    /// MagFace's l_a < u_a and l_m ≤ u_m, each inside its range, are checked after every key is applied, in any
    /// order.
    @Test func crossParameterRulesNameTheKey() {
        let error = Self.error([("type", .text("magface")), ("l_a", .number(200))])
        #expect(error?.lossField == "l_a")
        #expect(error?.reason == "l_a = 200 must be below u_a = 110")
        #expect(Self.error([("u_a", .number(300)), ("type", .text("magface")), ("l_a", .number(200))]) == nil)
        #expect(Self.error([("type", .text("magface")), ("l_m", .number(0.9))])?.reason
                == "l_m = 0.9 must be at most u_m = 0.8")
    }

    /// A parameter left to the rule is left out of the loss object, and given, it is written: both read back.
    @Test func leftOutParametersRoundTrip() throws {
        let automatic = MarginLoss(.adacos)
        #expect(automatic.fields.map(\.key) == ["type", "dynamic"])
        #expect(try MarginLoss(fields: automatic.fields) == automatic)
        let given = try MarginLoss(fields: [("type", .text("adaface")), ("norm_std", .number(7))])
        #expect(given.fields.map(\.key) == ["type", "m", "s", "h", "norm_std", "through_norm"])
        #expect(given.isLeftToRule(.normMean) && !given.isLeftToRule(.normStd))
        #expect(try MarginLoss(fields: given.fields) == given)
    }

    /// `evaluate` and `evaluation(of:)` are the rule's own evaluation, bit for bit (one path), for every new loss.
    @Test(arguments: LossKind.ruleKinds)
    func evaluationIsTheRules(kind: LossKind) throws {
        var loss = MarginLoss(kind)
        if kind == .subcenterArcface { loss[.subCenters] = 1 }
        let batch = try Reference.batch()
        let rule = try #require(loss.rule)
        let direct = try rule.evaluate(batch)
        #expect(loss.evaluation(of: batch) == direct)
        #expect(loss.evaluate(batch) == direct.evaluation)
    }

    /// Known answers of the reference (margin-losses.md, "Newer losses") through `MarginLoss`: AdaCos's fixed s
    /// for C = 10 is √2 ln 9 = 3.1073; Circle's scaled target at c = 0.5 is γ (1 + m − c)(c − 1 + m) =
    /// 256 · 0.75 · (−0.25) = −48; CurricularFace's hard negative c_j = 0.3 at t = 0.5 is 0.3 · 0.8 = 0.24.
    @Test func referenceAnswersThroughTheLoss() throws {
        let tenClasses = (0..<10).map { j in [cos(Double(j)), sin(Double(j))] }
        let adaCos = MarginLoss(.adacos)
        let found = adaCos.evaluation(of: try Batch(weights: tenClasses, features: [[1, 0.5]], labels: [3], for: adaCos))
        expectClose(try #require(found.statistics.adaCos).scale, 3.1073, 5e-5, "AdaCos s")
        let circle = MarginLoss(.circle)
        let sixty = Double.pi / 3
        let result = circle.evaluate(try Batch(weights: [[1, 0], [0, 1]], features: [[cos(sixty), sin(sixty)]],
                                               labels: [0], for: circle))
        expectClose(result.logits[0, 0], -48, 1e-9, "Circle target")
        var curricular = MarginLoss(.curricularface)
        curricular[.t] = 0.5
        // Hard where c_j > T(c_y) = cos(θ_y + m): at c_y = 0.5, T = 0.0236; at c_y = 0.9, T = 0.5808 and 0.3 is easy.
        expectClose(curricular.nonTargetLogit(cosine: 0.3, targetCosine: 0.5, length: 1), 0.24, 1e-12, "hard")
        expectClose(curricular.nonTargetLogit(cosine: 0.3, targetCosine: 0.9, length: 1), 0.3, 1e-12, "easy")
        // MagFace at θ = 60° and a = 60: m = 0.625, target cos(60° + 0.625) = −0.101228.
        expectClose(MarginLoss(.magface).targetLogit(cosine: 0.5, length: 60).value, -0.101228, 1e-6, "MagFace")
    }

    /// A weight matrix that does not fit the sub-centres is refused by the batch, naming weights or the label.
    @Test func subCenterLayoutIsChecked() {
        let loss = MarginLoss(.subcenterArcface)
        #expect(throws: InputError.self) {
            try Batch(weights: [[1, 0], [0, 1], [1, 1], [-1, 0]], features: [[1, 2]], labels: [0], for: loss)
        }
        do {
            _ = try Batch(weights: (0..<6).map { [cos(Double($0)), sin(Double($0))] }, features: [[1, 2]],
                          labels: [2], for: loss)
            Issue.record("label 2 of 2 classes accepted")
        } catch {
            #expect(error.message == "labels[0] = 2 is not a class: with these sub-centres labels run from 0 to 1")
        }
        do {
            _ = try Batch(weights: [[1, 0], [0, 1], [1, 1], [-1, 0]], features: [[1, 2]], labels: [0], for: loss)
        } catch {
            #expect(error.message.hasPrefix("weights has 4 rows: with sub_centers = 3 it needs a multiple of 3"))
        }
    }

    /// The mean loss of `loss` on `features` against central differences of its feature and weight gradients:
    /// the statistics these losses take do not depend on the batch here, so plain differences are the check.
    static func checkGradients(_ loss: MarginLoss, features: [[Double]], weights: [[Double]], labels: [Int],
                               tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = loss.evaluate(try Batch(weights: weights, features: features, labels: labels, for: loss))
        func meanLoss(_ w: [[Double]], _ x: [[Double]]) -> Double {
            loss.evaluate(Batch(checkedWeights: Matrix(w), features: Matrix(x), labels: labels)).meanLoss
        }
        let h = 1e-6
        for i in features.indices {
            for a in features[i].indices {
                var plus = features, minus = features
                plus[i][a] += h; minus[i][a] -= h
                let numeric = (meanLoss(weights, plus) - meanLoss(weights, minus)) / (2 * h)
                #expect(abs(numeric - result.featureGradient[i, a]) < tolerance * max(1, abs(numeric)),
                        "\(loss.summary) dL/dx[\(i)][\(a)]: \(numeric) vs \(result.featureGradient[i, a])",
                        sourceLocation: sourceLocation)
            }
        }
        for j in weights.indices {
            for a in weights[j].indices {
                var plus = weights, minus = weights
                plus[j][a] += h; minus[j][a] -= h
                let numeric = (meanLoss(plus, features) - meanLoss(minus, features)) / (2 * h)
                #expect(abs(numeric - result.weightGradient[j, a]) < tolerance * max(1, abs(numeric)),
                        "\(loss.summary) dL/dW[\(j)][\(a)]", sourceLocation: sourceLocation)
            }
        }
    }

    /// MagFace with lengths inside [l_a, u_a]: the margin m(a) and the regulariser λ_g g(a) move with ‖x‖, and the
    /// gradient eval prints follows them (a gradient without the length path would miss the radial part).
    @Test func magFaceGradientFollowsTheLength() throws {
        var loss = MarginLoss(.magface)
        loss.s = 4
        loss.easyMargin = false
        let features = Reference.scaled(Reference.features3, by: 12)  // lengths 40 to 45
        try Self.checkGradients(loss, features: features, weights: Reference.rawWeights3, labels: Reference.labels3,
                                tolerance: 1e-6)
        // The radial part is there: moving x along itself changes the loss.
        let batch = try Batch(weights: Reference.rawWeights3, features: features, labels: Reference.labels3, for: loss)
        let gradient = loss.evaluate(batch).featureGradient
        let radial = (0..<3).reduce(0.0) { $0 + gradient[0, $1] * features[0][$1] }
        #expect(abs(radial) > 1e-6)
    }

    /// AdaFace with μ and σ given and through_norm: ẑ(‖x‖) is live, and the gradient follows it; ElasticFace's
    /// draws are fixed by the seed, Sub-center ArcFace's winners by the rows, CurricularFace's t in eval: all
    /// plain differences.
    @Test func newLossGradientsMatchFiniteDifferences() throws {
        var adaFace = MarginLoss(.adaface)
        adaFace.s = 4
        adaFace[.normMean] = 3
        adaFace[.normStd] = 1
        adaFace.throughNorm = true
        try Self.checkGradients(adaFace, features: Reference.features3, weights: Reference.rawWeights3,
                                labels: Reference.labels3, tolerance: 1e-6)
        var elastic = MarginLoss(.elasticArcface)
        elastic.s = 4
        try Self.checkGradients(elastic, features: Reference.features3, weights: Reference.rawWeights3,
                                labels: Reference.labels3, tolerance: 1e-6)
        var subCenter = MarginLoss(.subcenterArcface)
        (subCenter.s, subCenter[.subCenters]) = (4, 2)
        let rows = Reference.rawWeights3 + [[0.5, 0.5, -0.2], [-1, 0.1, 0.3], [0.2, 1, 0.4]]
        try Self.checkGradients(subCenter, features: Reference.features3, weights: rows, labels: Reference.labels3,
                                tolerance: 1e-6)
        var curricular = MarginLoss(.curricularface)
        (curricular.s, curricular[.t]) = (4, 0.3)
        try Self.checkGradients(curricular, features: Reference.features3, weights: Reference.rawWeights3,
                                labels: Reference.labels3, tolerance: 1e-6)
    }
}

/// The two-class curves of issue 10's losses through `MarginCurves`, against the reference.
@Suite struct RuleCurveTests {
    /// Circle in cosine space: the point (c_p = 0.9, c_n = 0.339116) lies on its boundary circle
    /// c_n² + (c_p − 1)² = 2m², m = 0.25 (the reference's known answer), so the class-1 curve at c_p = 0.9 is
    /// c_n = √(2 · 0.0625 − 0.01) = 0.339116.
    @Test func circleBoundaryIsItsCircle() throws {
        let curves = MarginCurves(loss: MarginLoss(.circle))
        expectClose(try #require(curves.boundary(of: .class1, cosine: 0.9)), 0.339116, 1e-6, "c_n at c_p = 0.9")
        for cp in [0.7, 0.8, 0.95] {
            let cn = try #require(curves.boundary(of: .class1, cosine: cp))
            expectClose(cn * cn + (cp - 1) * (cp - 1), 2 * 0.0625, 1e-9, "on the circle at c_p = \(cp)")
        }
    }

    /// MagFace's curve at a length is ArcFace's at m(a): cos θ2 = cos(θ1 + m(a)) for c1 > 0 (easy margin).
    @Test func magFaceCurveAtALength() throws {
        let curves = MarginCurves(loss: MarginLoss(.magface), featureLength: 60)
        let c1 = cos(0.3)
        expectClose(try #require(curves.boundary(of: .class1, cosine: c1)), cos(0.3 + 0.625), 1e-12, "m(60) = 0.625")
    }
}
