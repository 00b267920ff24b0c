import Foundation
import Testing
@testable import Geometry

/// The small batch of the reference, checked by hand there.
@Suite struct BatchEvaluationTests {
    static let features: [[Double]] = [[3, 1], [1, 2], [-2, 0.3], [0.2, -1.5]]

    static func batch(_ loss: MarginLoss, weights: [[Double]] = [[1, 0], [0, 1]]) throws -> Batch {
        try Batch(weights: weights, features: features, labels: [0, 1, 0, 0], for: loss)
    }

    static func loss(_ kind: LossKind, m: Double? = nil, s: Double? = nil, lambda: Double = 0) -> MarginLoss {
        var loss = MarginLoss(kind)
        if let m { loss.m = m }
        if let s { loss.s = s }
        loss.lambda = lambda
        return loss
    }

    @Test func cosFacePerSampleLosses() throws {
        let loss = Self.loss(.cosface, m: 0.35, s: 4)
        let result = loss.evaluate(try Self.batch(loss))
        let expected = [0.2799704543, 0.5175030605, 5.9517119958, 0.0443421545]
        for (value, want) in zip(result.losses, expected) { #expect(abs(value - want) < 1e-9) }
        #expect(abs(result.meanLoss - 1.6983819163) < 1e-9)
    }

    @Test func arcFacePerSampleLossesWithFallback() throws {
        let loss = Self.loss(.arcface, m: 0.5, s: 4)
        let result = loss.evaluate(try Self.batch(loss))
        let expected = [0.2090474773, 0.4766277205, 5.5120044803, 0.0767951850]
        for (value, want) in zip(result.losses, expected) { #expect(abs(value - want) < 1e-9) }
        #expect(abs(result.meanLoss - 1.5686187158) < 1e-9)
    }

    @Test(arguments: [(2.0, 1.9216070298), (3, 3.2230542425), (4, 4.8888627128)])
    func sphereFaceMeanLoss(m: Double, expected: Double) throws {
        let loss = Self.loss(.sphereface, m: m)
        #expect(abs(loss.evaluate(try Self.batch(loss)).meanLoss - expected) < 1e-9)
    }

    @Test(arguments: [(0.0, 9.5394871228), (5, 2.4257543083)])
    func lSoftmaxMeanLossWithUnequalNorms(lambda: Double, expected: Double) throws {
        let loss = Self.loss(.lsoftmax, m: 4, lambda: lambda)
        let result = loss.evaluate(try Self.batch(loss, weights: [[2, 0], [0, 1]]))
        #expect(abs(result.meanLoss - expected) < 1e-9)
    }

    @Test func probabilitiesSumToOneAndPredictionsIgnoreTheMargin() throws {
        let loss = Self.loss(.cosface, m: 0.35, s: 4)
        let result = loss.evaluate(try Self.batch(loss))
        for i in 0..<4 {
            #expect(abs(result.probabilities.row(i).reduce(0, +) - 1) < 1e-12)
        }
        // x0 = (3,1) leans to W1, x1 = (1,2) to W2, x2 = (-2,0.3) to W2 (cos 0.148 vs -0.989), x3 to W1.
        #expect(result.predictions == [0, 1, 1, 0])
    }

    @Test func softmaxLogitsAreDotProducts() throws {
        let loss = MarginLoss(.softmax)
        let result = loss.evaluate(try Self.batch(loss, weights: [[2, 0], [0, 1]]))
        #expect(result.logits.row(0) == [6, 1])
        #expect(result.logits.row(2) == [-4, 0.3])
    }

    /// Cosines come from unit vectors: vectors near the limits of Double keep their directions.
    @Test func extremeMagnitudesKeepTheirCosines() throws {
        let loss = MarginLoss(.cosface)
        for scale in [1e200, 1e-300] {
            let batch = try Batch(weights: [[scale, 0], [0, scale]], features: [[scale, scale]], labels: [0], for: loss)
            let result = loss.evaluate(batch)
            #expect(abs(result.cosines[0, 0] - 0.5.squareRoot()) < 1e-12, "scale \(scale)")
            #expect(result.meanLoss.isFinite)
        }
    }

    @Test func largeScaleAndNormsStayFinite() throws {
        for kind in LossKind.allCases {
            var loss = Self.loss(kind, s: 64)
            if kind == .subcenterArcface { loss[.subCenters] = 1 }  // two weight rows: one sub-centre per class
            let batch = try Batch(weights: [[1e4, 0], [0, 1e4]], features: [[1e4, 3], [-1e4, 2e3], [5, -1e4]],
                                  labels: [1, 0, 0], for: loss)
            let result = loss.evaluate(batch)
            #expect(result.meanLoss.isFinite, "\(kind)")
            #expect(result.losses.allSatisfy { $0.isFinite && $0 >= 0 })
            #expect(result.featureGradient.storage.allSatisfy { $0.isFinite })
            #expect(result.weightGradient.storage.allSatisfy { $0.isFinite })
            #expect(result.probabilities.storage.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
    }
}

/// Analytic gradients of the mean loss against central finite differences, for every loss at random points.
@Suite struct GradientTests {
    static var variants: [MarginLoss] {
        var list = LossKind.paperKinds.map { MarginLoss($0) }
        list = list.map { loss in
            var loss = loss
            if loss.s == 64 { loss.s = 3 }  // a moderate scale keeps the finite differences well conditioned
            if loss.kind == .lsoftmax { loss.m = 3; loss.lambda = 1.5 }
            return loss
        }
        var normalised = MarginLoss(.sphereface); normalised.normalizesFeatures = true; normalised.s = 4
        var combined = MarginLoss(.combined); (combined.m1, combined.m2, combined.m3, combined.s) = (0.9, 0.4, 0.15, 3)
        var easy = MarginLoss(.arcface); easy.easyMargin = true; easy.s = 3
        return list + [normalised, combined, easy]
    }

    @Test(arguments: variants, [2, 3])
    func matchesFiniteDifferences(loss: MarginLoss, dimension d: Int) throws {
        var generator = SeededGenerator(seed: UInt64(d * 1000 + LossKind.allCases.firstIndex(of: loss.kind)!))
        let (n, k) = (5, 3)
        let weights = (0..<k).map { _ in (0..<d).map { _ in generator.nextGaussian() } }
        let features = (0..<n).map { _ in (0..<d).map { _ in 1.5 * generator.nextGaussian() } }
        let labels = (0..<n).map { _ in Int(generator.next() % UInt64(k)) }
        let result = loss.evaluate(try Batch(weights: weights, features: features, labels: labels, for: loss))

        func meanLoss(_ w: [[Double]], _ x: [[Double]]) -> Double {
            loss.evaluate(Batch(checkedWeights: Matrix(w), features: Matrix(x), labels: labels)).meanLoss
        }
        let h = 1e-6
        for i in 0..<n {
            for a in 0..<d {
                var plus = features, minus = features
                plus[i][a] += h; minus[i][a] -= h
                let numeric = (meanLoss(weights, plus) - meanLoss(weights, minus)) / (2 * h)
                #expect(abs(numeric - result.featureGradient[i, a]) < 1e-6,
                        "\(loss.summary) dL/dx[\(i)][\(a)]")
            }
        }
        for j in 0..<k {
            for a in 0..<d {
                var plus = weights, minus = weights
                plus[j][a] += h; minus[j][a] -= h
                let numeric = (meanLoss(plus, features) - meanLoss(minus, features)) / (2 * h)
                #expect(abs(numeric - result.weightGradient[j, a]) < 1e-6,
                        "\(loss.summary) dL/dW[\(j)][\(a)]")
            }
        }
    }
}

@Suite struct BatchValidationTests {
    static let loss = MarginLoss(.arcface)

    static func message(weights: [[Double]] = [[1, 0], [0, 1]], features: [[Double]] = [[1, 1]],
                        labels: [Int] = [0], loss: MarginLoss = loss) -> String? {
        do {
            _ = try Batch(weights: weights, features: features, labels: labels, for: loss)
            return nil
        } catch { return error.message }
    }

    @Test func namesTheKeyAndRowAtFault() {
        #expect(Self.message(weights: []) == "weights is empty: give one row per class, at least 2")
        #expect(Self.message(features: []) == "features is empty: give at least one row")
        #expect(Self.message(features: [[1, 1], [1, 2, 3]], labels: [0, 0])
                == "features[1] has 3 numbers, expected 2 like weights[0]")
        #expect(Self.message(weights: [[1, 0], [0]]) == "weights[1] has 1 number, expected 2 like weights[0]")
        #expect(Self.message(labels: [2]) == "labels[0] = 2 is not a class: labels run from 0 to 1")
        #expect(Self.message(labels: [-1]) == "labels[0] = -1 is not a class: labels run from 0 to 1")
        #expect(Self.message(labels: [0, 1]) == "labels has 2 entries but features has 1 row")
        #expect(Self.message(features: [[.nan, 1]]) == "features[0][0] is not a finite number")
        #expect(Self.message(weights: [[1, 0], [0, .infinity]]) == "weights[1][1] is not a finite number")
        #expect(Self.message(features: [[0, 0]]) == "features[0] is the zero vector: this loss needs its direction")
        #expect(Self.message(weights: [[1], [2]]) == "weights[0] has 1 number: rows need dimension d >= 2")
    }

    @Test func softmaxAcceptsTheZeroVector() {
        #expect(Self.message(features: [[0, 0]], loss: MarginLoss(.softmax)) == nil)
    }

    @Test func parametersOutsideTheirRangeNameTheRange() {
        var loss = MarginLoss(.lsoftmax)
        loss.m = 2.5
        // The error is about the field, as data; each front end words it (`--m 2.5`, `state: m=2.5`, `loss.m`).
        #expect(throws: InputError(.lossField("m"), .outOfRange(value: 2.5, range: loss.range(of: .m)!, loss: .lsoftmax))) {
            try loss.validate()
        }
        var arc = MarginLoss(.arcface)
        arc.m = 2
        #expect(throws: InputError(.lossField("m"), .outOfRange(value: 2, range: arc.range(of: .m)!, loss: .arcface))) {
            try arc.validate()
        }
        do { try arc.validate() } catch {
            #expect(error.message == "loss.m: 2 is out of range for arcface: it must be 0 to 1.5 (radians)")
        }
        var cos = MarginLoss(.cosface)
        cos.easyMargin = true
        #expect(throws: InputError(.lossField("easy_margin"), .notTaken(kind: .cosface, takes: ["m", "s"], onlyWith: nil))) {
            try cos.validate()
        }
    }
}

@Suite struct ParameterRangeTests {
    @Test func describesSmallAndLargeBoundsExactly() {
        #expect(ParameterRange(lower: 1e-6, upper: 0.35, isInteger: false, unit: "rate", step: 1).description
                == "1e-06 to 0.35 (rate)")
        #expect(ParameterRange(lower: 1, upper: 10, isInteger: true, unit: "", step: 1).description
                == "a whole number from 1 to 10")
        #expect(!ParameterRange(lower: 0, upper: 1, isInteger: false, unit: "", step: 1).contains(.nan))
        #expect(ParameterRange(lower: 1, upper: 10, isInteger: true, unit: "", step: 1).clamped(12.7) == 10)
    }
}

/// A zero feature has no direction. Training divides by PyTorch's floor; eval's default divides a zero vector by 1.
/// Either way its cosines are 0 and nothing is NaN.
@Suite struct ZeroFeatureTests {
    @Test(arguments: [0, MarginLoss.normFloor])
    func aZeroFeatureHasCosineZeroAndAFiniteGradient(floor: Double) {
        for kind in LossKind.allCases {
            var loss = MarginLoss(kind)
            if kind == .subcenterArcface { loss[.subCenters] = 1 }  // two weight rows: one sub-centre per class
            let batch = Batch(checkedWeights: Matrix([[1, 0], [0.6, 0.8]]), features: Matrix([[0, 0], [0.3, -0.2]]),
                              labels: [0, 1])
            let result = loss.evaluate(batch, normFloor: floor)
            #expect(result.cosines.row(0) == [0, 0], "\(kind)")
            #expect(result.losses.allSatisfy { $0.isFinite }, "\(kind)")
            #expect(result.featureGradient.storage.allSatisfy { $0.isFinite }, "\(kind)")
            #expect(result.weightGradient.storage.allSatisfy { $0.isFinite }, "\(kind)")
        }
    }

    /// Above the floor nothing changes: the floor only bounds lengths below 1e-12.
    @Test func theFloorLeavesOrdinaryFeaturesAlone() {
        let loss = MarginLoss(.arcface)
        let batch = Batch(checkedWeights: Matrix([[1, 0], [0.6, 0.8]]), features: Matrix([[3, 1], [1e-6, 2e-6]]),
                          labels: [0, 1])
        #expect(loss.evaluate(batch, normFloor: MarginLoss.normFloor) == loss.evaluate(batch))
    }
}
