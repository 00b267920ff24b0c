import Foundation

/// The annealing of lambda in L-Softmax and A-Softmax training:
/// lambda(iter) = max(lambdaMin, base (1 + gamma iter)^(-power)), iter counting from 1.
public struct LambdaSchedule: Sendable, Hashable {
    /// lambda before any decay.
    public var base: Double
    /// Decay rate per iteration.
    public var gamma: Double
    /// Decay exponent.
    public var power: Double
    /// The floor lambda never goes below.
    public var minimum: Double

    /// A schedule with the given constants.
    public init(base: Double, gamma: Double, power: Double, minimum: Double) {
        self.base = base; self.gamma = gamma; self.power = power; self.minimum = minimum
    }

    /// lambda at iteration `iteration` (1 is the first): max(minimum, base (1 + gamma iteration)^(-power)).
    public func lambda(atIteration iteration: Int) -> Double {
        max(minimum, base * pow(1 + gamma * Double(iteration), -power))
    }

    /// The L-Softmax paper's MNIST setting: base 1000, gamma 2.5e-5, power 35, minimum 0.
    public static let lsoftmax = LambdaSchedule(base: 1000, gamma: 2.5e-5, power: 35, minimum: 0)
    /// The SphereFace setting: base 1000, gamma 0.12, power 1, minimum 5.
    public static let sphereface = LambdaSchedule(base: 1000, gamma: 0.12, power: 1, minimum: 5)
}
