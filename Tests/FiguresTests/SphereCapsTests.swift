import Foundation
import Geometry
import Testing
@testable import Figures

/// The caps of class weights on the sphere, read back against the loss's own batch evaluation and against the
/// reference's two-class known answers.
@Suite struct SphereCapsTests {
    /// n directions spread over the whole sphere (a Fibonacci lattice): z from 1 - 1/n down to -1 + 1/n, turning
    /// by the golden angle.
    static func directions(_ n: Int) -> [Vector3] {
        let golden = Double.pi * (3 - 5.0.squareRoot())
        return (0..<n).map { i in
            let z = 1 - (2 * Double(i) + 1) / Double(n)
            let r = (1 - z * z).squareRoot()
            return Vector3(x: r * cos(golden * Double(i)), y: r * sin(golden * Double(i)), z: z)
        }
    }

    static func loss(_ kind: LossKind, _ settings: [LossParameter: Double] = [:]) -> MarginLoss {
        var loss = MarginLoss(kind)
        for (parameter, value) in settings { loss[parameter] = value }
        return loss
    }

    static let losses: [MarginLoss] = [
        loss(.softmax), loss(.normface, [.s: 16]), loss(.lsoftmax, [.m: 2]), loss(.lsoftmax, [.m: 4, .lambda: 1]),
        loss(.sphereface, [.m: 4]), loss(.cosface, [.m: 0.35, .s: 30]), loss(.arcface, [.m: 0.5, .s: 64]),
        loss(.combined, [.m1: 1, .m2: 0.3, .m3: 0.2, .s: 64]),
    ]

    /// Two weights of unequal lengths, and four in general position.
    static let weightSets: [[Vector3]] = [
        [Vector3(x: 2, y: 0, z: 0.3), Vector3(x: 0, y: 1, z: 0.2)],
        [Vector3(x: 1, y: 0.2, z: 0.1), Vector3(x: -0.4, y: 1.3, z: 0), Vector3(x: 0.1, y: -0.6, z: 0.9),
         Vector3(x: -0.7, y: -0.7, z: -0.8)],
    ]

    /// For 600 directions and every class as the label, `MarginLoss.evaluate` on unit features gives the logits:
    /// the region's winner is its prediction (argmax of the margin-free logits), and the direction is inside the
    /// winner's margin cap exactly when the winner's logit with margin beats every other logit of the batch row
    /// labelled with it.
    @Test(arguments: losses)
    func capsAgreeWithTheLossesLogits(loss: MarginLoss) throws {
        let directions = Self.directions(600)
        for weights in Self.weightSets {
            let caps = SphereCaps(loss: loss, weights: weights)
            let weightRows = weights.map { [$0.x, $0.y, $0.z] }
            let features = directions.map { [$0.x, $0.y, $0.z] }
            for label in weights.indices {
                let batch = try Batch(weights: weightRows, features: features,
                                      labels: Array(repeating: label, count: directions.count), for: loss)
                let evaluation = loss.evaluate(batch)
                var (inside, band) = (0, 0)
                for (i, u) in directions.enumerated() {
                    let region = caps.region(at: u)
                    #expect(region.winner == evaluation.predictions[i], "\(loss.summary) at \(u)")
                    let others = weights.indices.filter { $0 != label }.map { evaluation.logits[i, $0] }
                    let meets = evaluation.logits[i, label] > others.max()!
                    #expect(caps.meetsMargin(label, at: u) == meets, "\(loss.summary) class \(label) at \(u)")
                    if region.winner == label {
                        #expect(region.meetsMargin == meets)
                        if meets { inside += 1 } else { band += 1 }
                    }
                }
                // Every class holds a cap of its own; the margin losses leave a band too.
                #expect(inside > 0, "\(loss.summary): class \(label) has no cap")
                if loss.kind != .softmax && loss.kind != .normface { #expect(band > 0, "\(loss.summary): no band") }
            }
        }
    }

    /// Two unit weights theta12 = 90° apart: along the great circle between them a class-1 sample meets its margin
    /// up to the class-1 boundary the reference gives, so the band is theta12 minus both boundaries' angles.
    @Test(arguments: [
        (loss(.cosface, [.m: 0.35, .s: 30]), 30.671122), (loss(.arcface, [.m: 0.5, .s: 64]), 30.676055),
        (loss(.sphereface, [.m: 2]), 30.0), (loss(.sphereface, [.m: 4]), 18.0), (loss(.sphereface, [.m: 1]), 45.0),
    ])
    func theBandOnTheGreatCircleIsTheReferenceMargin(loss: MarginLoss, boundaryDegrees: Double) throws {
        let caps = SphereCaps(loss: loss, weights: [Vector3(x: 0.6, y: 0, z: 0.8), Vector3(x: 0, y: 1, z: 0)])
        let band = try #require(caps.band(between: 0, and: 1))
        #expect(abs(band.start.degrees - boundaryDegrees) < 1e-6, "\(band.start.degrees)")
        #expect(abs(band.end.degrees - (90 - boundaryDegrees)) < 1e-6, "\(band.end.degrees)")
        #expect(abs(band.width.degrees - (90 - 2 * boundaryDegrees)) < 1e-6)
    }

    /// L-Softmax with ‖W1‖ = 2‖W2‖ at 90°, lambda 0: the class-1 boundary lies 36.375192° from W1 and the class-2
    /// boundary 21.470701° from W2 (m = 2, the reference's table).
    @Test func unequalNormsMoveTheBandAsTheReferenceSays() throws {
        let caps = SphereCaps(loss: Self.loss(.lsoftmax, [.m: 2]),
                              weights: [Vector3(x: 0, y: 0, z: 2), Vector3(x: 1, y: 0, z: 0)])
        let band = try #require(caps.band(between: 0, and: 1))
        #expect(abs(band.start.degrees - 36.375192) < 1e-6, "\(band.start.degrees)")
        #expect(abs(band.end.degrees - (90 - 21.470701)) < 1e-6, "\(band.end.degrees)")
    }

    /// Off the great circle the caps are cones: scaling a direction changes nothing, and a direction at the same
    /// angles to both weights is in the band (equal norms, any margin > 0).
    @Test func capsAreConesAndTheMidplaneIsTheBand() {
        let caps = SphereCaps(loss: Self.loss(.cosface, [.m: 0.2, .s: 16]),
                              weights: [Vector3(x: 1, y: 0, z: 0), Vector3(x: 0, y: 1, z: 0)])
        for u in Self.directions(200) {
            #expect(caps.region(at: u) == caps.region(at: 7.5 * u))
            let mid = Vector3(x: u.x, y: u.x, z: u.z)  // equal angles to W1 and W2
            if mid.normalised != nil { #expect(!caps.region(at: mid).meetsMargin) }
        }
    }

    @Test func arcPointsWalkTheGreatCircle() throws {
        let a = Vector3(x: 0, y: 0, z: 3), b = Vector3(x: 1, y: 0, z: 1)
        let point = try #require(SphereCaps.arcPoint(from: a, towards: b, at: Angle(degrees: 45)))
        #expect(abs(point.x - 0.5.squareRoot()) < 1e-12 && abs(point.z - 0.5.squareRoot()) < 1e-12 && point.y == 0)
        #expect(SphereCaps.arcPoint(from: a, towards: Vector3(x: 0, y: 0, z: -1), at: .zero) == nil)
    }
}
