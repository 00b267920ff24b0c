import Foundation
import Geometry
import Testing
@testable import Figures

/// Rotations, projection and circles on the sphere, read back against rotations whose effect is known by hand.
@Suite struct SphereTests {
    static func close(_ a: Vector3, _ b: Vector3, _ tolerance: Double = 1e-12) -> Bool {
        abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance && abs(a.z - b.z) <= tolerance
    }

    static let quarter = Angle(degrees: 90)

    /// Right-hand rule quarter turns: about z, x -> y and y -> -x; about x, y -> z and z -> -y; about y,
    /// z -> x and x -> -z.
    @Test(arguments: [
        (Vector3.zAxis, Vector3.xAxis, Vector3.yAxis), (.zAxis, .yAxis, Vector3(x: -1, y: 0, z: 0)),
        (.xAxis, .yAxis, .zAxis), (.xAxis, .zAxis, Vector3(x: 0, y: -1, z: 0)),
        (.yAxis, .zAxis, .xAxis), (.yAxis, .xAxis, Vector3(x: 0, y: 0, z: -1)),
    ])
    func quarterTurnsSendAxesWhereTheRightHandRuleSays(axis: Vector3, from: Vector3, to: Vector3) {
        let rotation = Rotation(about: axis, by: Self.quarter)
        #expect(Self.close(rotation.apply(from), to))
        #expect(Self.close(rotation.apply(axis), axis))  // the axis stays
        // The matrix says the same.
        let m = rotation.matrix
        let product = Vector3(x: m[0][0] * from.x + m[0][1] * from.y + m[0][2] * from.z,
                              y: m[1][0] * from.x + m[1][1] * from.y + m[1][2] * from.z,
                              z: m[2][0] * from.x + m[2][1] * from.y + m[2][2] * from.z)
        #expect(Self.close(product, to))
    }

    @Test func projectionOfKnownRotationsLandsWhereExpected() {
        // Identity: the viewer looks down -z, so +z is the front pole at the centre, x to the right, y up.
        let view = SphereView()
        #expect(view.project(.zAxis) == ProjectedPoint(point: .origin, depth: 1))
        #expect(view.project(.xAxis).point == WorldPoint(x: 1, y: 0))
        #expect(!view.project(Vector3(x: 0, y: 0, z: -1)).isFront)
        // Yaw 90° (the right arrow) brings the front pole to the right edge and -x to the front.
        let yawed = view.turned(yaw: Self.quarter, pitch: .zero)
        let pole = yawed.project(.zAxis)
        #expect(abs(pole.point.x - 1) < 1e-12 && abs(pole.point.y) < 1e-12 && abs(pole.depth) < 1e-12)
        #expect(abs(yawed.project(Vector3(x: -1, y: 0, z: 0)).depth - 1) < 1e-12)
        // Pitch 90° (the up arrow) brings the front pole to the top and -y to the front.
        let pitched = view.turned(yaw: .zero, pitch: Self.quarter)
        let top = pitched.project(.zAxis)
        #expect(abs(top.point.x) < 1e-12 && abs(top.point.y - 1) < 1e-12)
        #expect(abs(pitched.project(Vector3(x: 0, y: -1, z: 0)).depth - 1) < 1e-12)
        // A 45° yaw: the front pole lands at (sin 45°, 0) with depth cos 45°.
        let half = view.turned(yaw: Angle(degrees: 45), pitch: .zero).project(.zAxis)
        #expect(abs(half.point.x - 0.5.squareRoot()) < 1e-12 && abs(half.depth - 0.5.squareRoot()) < 1e-12)
    }

    @Test func composingWithTheInverseIsTheIdentity() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let axis = Vector3(x: .random(in: -1...1, using: &generator), y: .random(in: -1...1, using: &generator),
                               z: .random(in: -1...1, using: &generator))
            let rotation = Rotation(about: axis, by: Angle(radians: .random(in: -10...10, using: &generator)))
            let v = Vector3(x: .random(in: -2...2, using: &generator), y: .random(in: -2...2, using: &generator),
                            z: .random(in: -2...2, using: &generator))
            #expect(Self.close((rotation * rotation.inverse).apply(v), v))
            #expect(Self.close((rotation.inverse * rotation).apply(v), v))
            #expect(Self.close(rotation.inverse.apply(rotation.apply(v)), v))
            // Lengths and angles are kept.
            #expect(abs(rotation.apply(v).length - v.length) < 1e-12)
        }
    }

    @Test func manySmallTurnsDoNotDrift() {
        // 40,000 key presses: 20,000 steps one way (a 3° yaw every third, 2° pitches between), then the same back
        // in reverse order. Each step renormalises, so the quaternion stays unit and the way back is the identity.
        var rotation = Rotation.identity
        let steps = (0..<20_000).map { index in index % 3 == 0 ? (Angle(degrees: 3), Angle.zero) : (Angle.zero, Angle(degrees: 2)) }
        for (yaw, pitch) in steps { rotation = rotation.turned(yaw: yaw, pitch: pitch) }
        #expect(abs(rotation.w * rotation.w + rotation.x * rotation.x + rotation.y * rotation.y + rotation.z * rotation.z - 1) < 1e-14)
        for (yaw, pitch) in steps.reversed() {
            rotation = rotation.turned(yaw: Angle(radians: -yaw.radians), pitch: Angle(radians: -pitch.radians))
        }
        #expect(Self.close(rotation.apply(.xAxis), .xAxis, 1e-9) && Self.close(rotation.apply(.yAxis), .yAxis, 1e-9))
        // Pitching through the pole does not lock: 90° up then a yaw still turns the picture about the screen's
        // vertical, moving the (now top) pole not at all and the front point to the right.
        let over = Rotation.identity.turned(yaw: .zero, pitch: Self.quarter).turned(yaw: Self.quarter, pitch: .zero)
        #expect(Self.close(over.apply(.zAxis), .yAxis))
        #expect(Self.close(over.apply(Vector3(x: 0, y: -1, z: 0)), .xAxis))
        // q and -q are one rotation, stored alike.
        #expect(Rotation(w: -0.5, x: -0.5, y: -0.5, z: -0.5) == Rotation(w: 0.5, x: 0.5, y: 0.5, z: 0.5))
        #expect(Rotation(w: 0, x: 0, y: 0, z: 0) == .identity && Rotation(w: .nan, x: 1, y: 0, z: 0) == .identity)
    }

    /// A point back from the canvas: (x, y) and the hemisphere it was on, z = ±√(1 - x² - y²). x² + y² carries a
    /// rounding error of a few ulps (ε ≈ 4.4e-16), so z² is off by ε: z by ε / 2z where z is not small (below
    /// 2.2e-13 for |z| > 1e-3: 1e-9° holds), by at most √ε ≈ 2.1e-8 rad ≈ 1.2e-6° on the outline itself.
    static func back(_ point: ProjectedPoint, in view: SphereView) -> Vector3? {
        view.sphere(at: point.point, front: point.isFront)
    }

    @Test(arguments: [5.0, 30, 60, 90, 120, 175])
    func smallCircleStaysAtItsAngleThroughProjection(alphaDegrees: Double) throws {
        let views = [SphereView(), SphereView().turned(yaw: Angle(degrees: 33), pitch: Angle(degrees: -71)),
                     SphereView(rotation: Rotation(about: Vector3(x: 1, y: 2, z: 3), by: Angle(degrees: 200)))]
        let centres = [Vector3(x: 0.3, y: -0.5, z: 0.8), .xAxis, Vector3(x: -1, y: -1, z: -0.2)]
        for view in views {
            for centre in centres {
                let circle = try #require(SphereCircle(centre: centre, radius: Angle(degrees: alphaDegrees)))
                let curve = circle.projected(in: view, steps: 90)
                #expect(!(curve.front + curve.back).isEmpty)
                for point in (curve.front + curve.back).joined() {
                    let restored = try #require(Self.back(point, in: view))
                    let tolerance = abs(point.depth) > 1e-3 ? 1e-9 : 2e-6
                    #expect(abs(restored.angle(to: centre).degrees - alphaDegrees) < tolerance, "depth \(point.depth)")
                    // Every projected point lies on or inside the outline.
                    #expect(point.point.x * point.point.x + point.point.y * point.point.y <= 1 + 1e-12)
                }
            }
        }
    }

    @Test func frontAndBackSplitWhereDepthChangesSign() throws {
        // The great circle through x and z (normal y), seen head on: the front run is the half with z >= 0, from
        // (1, 0, 0) over the front pole to (-1, 0, 0); the back run is the rest. Both end exactly on the outline.
        let circle = try #require(SphereCircle.great(normal: .yAxis))
        let view = SphereView()
        let curve = circle.projected(in: view, steps: 72)
        #expect(curve.front.count == 1 && curve.back.count == 1)
        let front = curve.front[0], back = curve.back[0]
        #expect(front.allSatisfy { $0.depth >= -1e-15 } && back.allSatisfy { $0.depth <= 1e-15 })
        #expect(front.contains { abs($0.depth - 1) < 1e-12 })  // passes the front pole
        for end in [front.first!, front.last!, back.first!, back.last!] {
            #expect(abs(end.depth) < 1e-15)
            #expect(abs(abs(end.point.x) - 1) < 1e-12)  // on the outline, at x = ±1
        }
        // The runs join: the front's last point is the back's first, and the back's last the front's first.
        #expect(abs(front.last!.point.x - back.first!.point.x) < 1e-15)
        #expect(abs(back.last!.point.x - front.first!.point.x) < 1e-15)
        // Turned half a circle about the vertical, what was in front is behind.
        let turned = circle.projected(in: view.turned(yaw: Angle(degrees: 180), pitch: .zero), steps: 72)
        let pole = try #require(turned.back.first?.min { abs($0.depth + 1) < abs($1.depth + 1) })
        #expect(abs(pole.depth + 1) < 1e-12)
        // A cap wholly on the front is one closed front run; the same cap seen from behind one closed back run.
        let cap = try #require(SphereCircle(centre: .zAxis, radius: Angle(degrees: 30)))
        let seen = cap.projected(in: view)
        #expect(seen.back.isEmpty && seen.front.count == 1 && seen.front[0].first == seen.front[0].last)
        let behind = cap.projected(in: view.turned(yaw: Angle(degrees: 180), pitch: .zero))
        #expect(behind.front.isEmpty && behind.back.count == 1)
        // The polyline forms carry exactly those points, the back one dashed.
        #expect(curve.frontPolyline.runs[0].count == front.count && curve.backPolyline().dash == Dash(dots: 1))
    }

    @Test func featuresProjectByDirectionAndCellsFindTheirPoint() throws {
        let view = SphereView().turned(yaw: Angle(degrees: 20), pitch: Angle(degrees: 10))
        let feature = Vector3(x: 3, y: 4, z: 12)  // length 13
        let projected = try #require(view.projectDirection(feature))
        #expect(Self.close(try #require(view.sphere(at: projected.point, front: projected.isFront)),
                           Vector3(x: 3.0 / 13, y: 4.0 / 13, z: 12.0 / 13)))
        #expect(view.projectDirection(.zero) == nil)
        #expect(view.projectDirection(Vector3(x: .nan, y: 0, z: 1)) == nil)
        #expect(Vector3(x: 1e300, y: 1e300, z: 0).normalised != nil)  // no overflow on the way
        #expect(view.sphere(at: WorldPoint(x: 0.8, y: 0.8)) == nil)  // outside the outline
        #expect(abs(Vector3.xAxis.angle(to: Vector3(x: 1, y: 1e-9, z: 0)).radians - 1e-9) < 1e-20)  // exact near 0
    }
}
