import Geometry
import Testing
@testable import Training

/// Backpropagation through the whole network (every weight matrix, bias and the class weights W) against central
/// finite differences, in Double.
@Suite struct GradientTests {
    /// A small network: 5 inputs, hidden 7 and 6, the 2-D feature, 4 classes.
    static let layout = NetworkLayout(inputDimension: 5, hiddenSizes: [7, 6], classes: 4)
    static let labels = [0, 1, 2, 3, 1, 2]

    /// Inputs in [0, 1] with a few exact zeros (the kernels skip zeros; the gradient must not notice).
    static let inputs: [Double] = {
        var generator = SeededGenerator(seed: 11)
        return (0 ..< labels.count * 5).map { index in index % 4 == 1 ? 0 : generator.nextUnit() }
    }()

    /// Parameters with non-zero biases too, so that every kind of parameter has a gradient to check.
    static let parameters: [Double] = {
        var parameters = layout.initialParameters(seed: 5)
        var generator = SeededGenerator(seed: 7)
        for l in 0..<layout.layerCount {
            for index in layout.biasOffsets[l] ..< layout.biasOffsets[l] + layout.sizes[l + 1] {
                parameters[index] = 0.3 * generator.nextGaussian()
            }
        }
        return parameters
    }()

    static func loss(_ kind: LossKind, _ settings: [LossParameter: Double] = [:]) -> MarginLoss {
        var loss = MarginLoss(kind)
        for (parameter, value) in settings { loss[parameter] = value }
        return loss
    }

    struct Case: Sendable, CustomStringConvertible {
        var loss: MarginLoss
        var centerLoss: CenterLoss?
        var incay: FeatureIncay?
        var description: String {
            loss.summary + (centerLoss == nil ? "" : " +center") + (incay == nil ? "" : " +incay")
        }
    }

    static let cases: [Case] = [
        Case(loss: loss(.softmax)),
        Case(loss: loss(.softmax), centerLoss: CenterLoss(weight: 0.5), incay: FeatureIncay(weight: 0.3)),
        Case(loss: loss(.normface, [.s: 4])),
        Case(loss: loss(.lsoftmax, [.m: 2])),
        Case(loss: loss(.lsoftmax, [.m: 4, .lambda: 1.5])),
        Case(loss: loss(.sphereface, [.m: 3])),
        Case(loss: loss(.cosface, [.m: 0.35, .s: 4])),
        Case(loss: loss(.arcface, [.m: 0.5, .s: 4])),
        Case(loss: loss(.combined, [.m1: 1.2, .m2: 0.3, .m3: 0.1, .s: 4])),
    ]

    /// The objective at `parameters`, and the gradient the network computes for it.
    static func evaluate(_ test: Case, at parameters: [Double]) -> (objective: Double, gradient: [Double]) {
        var model = Model<Double>(layout: layout, capacity: labels.count)
        var centers = Matrix(rows: layout.classes, columns: 2)
        for index in centers.storage.indices { centers.storage[index] = Double(index % 3) - 0.7 }
        let report = model.lossAndGradient(parameters: parameters, rows: labels.count, labels: labels,
                                           loss: test.loss, centerLoss: test.centerLoss, centers: centers,
                                           incay: test.incay) { block in
            for index in inputs.indices { block[index] = inputs[index] }
        }
        return (report.objective, model.gradient)
    }

    @Test(arguments: cases)
    func everyParameterMatchesFiniteDifferences(_ test: Case) {
        let (_, gradient) = Self.evaluate(test, at: Self.parameters)
        let h = 1e-6
        for index in Self.parameters.indices {
            var up = Self.parameters, down = Self.parameters
            up[index] += h
            down[index] -= h
            let numeric = (Self.evaluate(test, at: up).objective - Self.evaluate(test, at: down).objective) / (2 * h)
            #expect(abs(gradient[index] - numeric) <= 1e-7 + 1e-5 * abs(numeric),
                    "parameter \(index): backprop \(gradient[index]), finite difference \(numeric)")
        }
        // Every layer and W must actually carry gradient, or the comparison above proves little.
        let layout = Self.layout
        for l in 0..<layout.layerCount {
            #expect(gradient[layout.weightOffsets[l] ..< layout.biasOffsets[l]].contains { abs($0) > 1e-6 },
                    "layer \(l) weights have no gradient")
        }
        #expect(gradient[layout.classWeightOffset...].contains { abs($0) > 1e-6 }, "W has no gradient")
    }

    @Test func floatNetworkAgreesWithTheDoubleOne() {
        // The trainer runs in Float: same code, same layout; the gradients agree to Float precision.
        let test = Self.cases[4]
        let (_, exact) = Self.evaluate(test, at: Self.parameters)
        var model = Model<Float>(layout: Self.layout, capacity: Self.labels.count)
        _ = model.lossAndGradient(parameters: Self.parameters.map { Float($0) }, rows: Self.labels.count,
                                  labels: Self.labels, loss: test.loss, centerLoss: nil,
                                  centers: Matrix(rows: 4, columns: 2), incay: nil) { block in
            for index in Self.inputs.indices { block[index] = Float(Self.inputs[index]) }
        }
        let scale = exact.map(abs).max()!
        for index in exact.indices {
            #expect(abs(Double(model.gradient[index]) - exact[index]) <= 1e-4 * scale, "parameter \(index)")
        }
    }
}
