import Foundation
import Geometry
import Testing
@testable import TUI

/// The plane view's Braille dots, read back from a rendered frame: the boundary rays lie at the angles the
/// geometry core computes, measured with one scale for x and y.
@Suite struct PlaneDotTests {
    /// True when the Braille dot at canvas dot (x, y) is on in the rendered buffer.
    static func dotIsSet(_ buffer: Buffer, canvas: Rect, dotX: Int, dotY: Int) -> Bool {
        let cell = buffer[canvas.x + dotX / 2, canvas.y + dotY / 4]
        guard (0x2800...0x28FF).contains(cell.scalar.value) else { return false }
        return UInt8(cell.scalar.value - 0x2800) & BrailleCanvas.bit(dx: dotX % 2, dy: dotY % 4) != 0
    }

    @Test(arguments: [(LossKind.arcface, 90.0), (.cosface, 120), (.sphereface, 60), (.lsoftmax, 100)])
    func boundaryRaysLieAtTheComputedAngles(kind: LossKind, separation: Double) throws {
        var state = AppState(width: 160, height: 48)
        state.lossKind = kind
        state.separation = Angle(degrees: separation)
        state.samples = []
        state.selectedSample = nil
        let buffer = frame(state)
        let layout = PlaneLayout(state: state)
        let inner = state.geometry(of: kind).regions.inner
        let (class1, class2, margin, softmax) = (try #require(inner.class1), try #require(inner.class2),
                                                 try #require(inner.margin), try #require(inner.softmax))
        // A line's dots are rounded to the grid, so a dot of the ray lies within one dot of the exact point.
        func nearlySet(_ angle: Double, _ radius: Double) -> Bool {
            let dot = layout.viewport.dot(radius * cos(angle), radius * sin(angle))
            let (x, y) = (Int(dot.x.rounded()), Int(dot.y.rounded()))
            return (-1...1).contains { dx in
                (-1...1).contains { dy in Self.dotIsSet(buffer, canvas: layout.canvas, dotX: x + dx, dotY: y + dy) }
            }
        }
        for angle in [class1, class2] {
            let radii = Array(stride(from: 0.5, through: 1.1, by: 0.05))  // past the margin label, inside the canvas
            let hits = radii.filter { nearlySet(angle.radians, $0) }.count
            #expect(hits >= radii.count - 1, "\(kind): the ray at \(angle.degrees)° has \(hits) of \(radii.count) dots")
            // 4° off the ray, at radius 1 (about 5 dots away), the ray is not there.
            for offset in [-4.0, 4.0] where abs(Angle(degrees: angle.degrees + offset).radians - softmax.radians) > 0.03 {
                #expect(!nearlySet(Angle(degrees: angle.degrees + offset).radians, 1.0) || margin.degrees < 9,
                        "\(kind): dots 4° beside the ray at \(angle.degrees)°")
            }
        }
        // And nothing is drawn along the bisector of the margin zone, away from the margin arc and its label.
        let middle = (class1.radians + class2.radians) / 2
        if margin.degrees > 10 {
            for radius in stride(from: 0.75, through: 1.1, by: 0.05) {
                let dot = layout.viewport.dot(radius * cos(middle), radius * sin(middle))
                if abs(softmax.radians - middle) > 0.05 {
                    #expect(!Self.dotIsSet(buffer, canvas: layout.canvas, dotX: Int(dot.x.rounded()), dotY: Int(dot.y.rounded())))
                }
            }
        }
    }

    @Test func weightArrowLengthsFollowTheNormRatio() {
        var state = AppState(width: 160, height: 48)
        state.lossKind = .lsoftmax
        state.normRatio = 2
        state.samples = []
        state.selectedSample = nil
        let buffer = frame(state)
        let layout = PlaneLayout(state: state)
        // W1 has length 1 (the longer one), W2 length 0.5, at 90°.
        let along = { (x: Double, y: Double) -> Bool in
            let dot = layout.viewport.dot(x, y)
            return Self.dotIsSet(buffer, canvas: layout.canvas, dotX: Int(dot.x.rounded()), dotY: Int(dot.y.rounded()))
        }
        #expect(along(0, 0.4))
        #expect(!along(0, 0.75))  // W2 stops at 0.5, well before 0.75
        #expect(along(0.9, 0))
    }

    /// Softmax at 60° with ‖W1‖ = 3‖W2‖: the class boundary is the tie 3 cos phi = cos(phi - 60°), at
    /// atan(5/sqrt 3) = 70.89° and 250.89°, and nothing is drawn along W2's direction past its short arrow (a ray
    /// at 60° was the clamped boundary the plane view used to draw).
    @Test func unequalNormsDrawTheTrueBoundary() {
        var state = AppState(width: 160, height: 48)
        state.lossKind = .softmax
        state.separation = Angle(degrees: 60)
        state.normRatio = 3
        state.samples = []
        state.selectedSample = nil
        let buffer = frame(state)
        let layout = PlaneLayout(state: state)
        func set(_ angle: Double, _ radius: Double, slack: Int) -> Bool {
            let dot = layout.viewport.dot(radius * cos(angle), radius * sin(angle))
            let (x, y) = (Int(dot.x.rounded()), Int(dot.y.rounded()))
            return (-slack...slack).contains { dx in
                (-slack...slack).contains { dy in Self.dotIsSet(buffer, canvas: layout.canvas, dotX: x + dx, dotY: y + dy) }
            }
        }
        let tie = atan(5 / 3.0.squareRoot())
        let radii = Array(stride(from: 0.5, through: 1.1, by: 0.05))
        for angle in [tie, tie + .pi] {
            #expect(radii.filter { set(angle, $0, slack: 1) }.count >= radii.count - 1, "ray at \(angle * 180 / .pi)°")
        }
        let w2 = Angle(degrees: 60).radians
        #expect(radii.filter { set(w2, $0, slack: 0) }.isEmpty, "a ray along W2 at 60°")
    }
}
