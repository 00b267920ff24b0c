import Figures
import Foundation
import Geometry
import Testing
import Training
@testable import TUI

/// View 7: the camera's known rotations, points read back from the frame, front and back, the keys, the state
/// string, and live training.
@Suite(.serialized) struct SphereViewTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

    /// Derived by hand from R = R_x(-pitch) R_y(yaw), with R_y(a)(x, y, z) = (x cos a + z sin a, y, -x sin a + z cos a)
    /// and R_x(b)(x, y, z) = (x, y cos b - z sin b, y sin b + z cos b):
    /// +z at yaw 90 lands on the right of the outline (1, 0), depth 0; at pitch 90 on top (0, 1); at yaw 45
    /// at (sin 45°, 0), depth cos 45°. +x at yaw 90 goes to the back pole (0, 0), depth -1; at yaw -90 it faces the
    /// viewer. +y at pitch 90 goes to the back pole, at pitch -90 to the front one.
    @Test(arguments: [
        (Vector3.zAxis, 90.0, 0.0, (1.0, 0.0, 0.0)), (.zAxis, 0, 90, (0, 1, 0)), (.zAxis, 0, 0, (0, 0, 1)),
        (.zAxis, 45, 0, (0.5.squareRoot(), 0, 0.5.squareRoot())), (.zAxis, 90, 90, (1, 0, 0)),
        (.xAxis, 90, 0, (0, 0, -1)), (.xAxis, -90, 0, (0, 0, 1)), (.xAxis, 0, 0, (1, 0, 0)),
        (.yAxis, 0, 90, (0, 0, -1)), (.yAxis, 0, -90, (0, 0, 1)), (.yAxis, 90, 0, (0, 1, 0)),
    ])
    func theCameraTurnsKnownDirectionsWhereDerived(direction: Vector3, yaw: Double, pitch: Double,
                                                   expected: (Double, Double, Double)) {
        let expected = (x: expected.0, y: expected.1, depth: expected.2)
        let projected = SphereCamera(yaw: yaw, pitch: pitch).view.project(direction)
        #expect(Self.close(projected.point.x, expected.x) && Self.close(projected.point.y, expected.y)
                && Self.close(projected.depth, expected.depth), "\(projected)")
        #expect(projected.isFront == (expected.depth >= -1e-12 || Self.close(expected.depth, 0)))
    }

    @Test func anglesWrapIntoMinus180To180() {
        #expect(SphereCamera(yaw: 190, pitch: -185).yaw == -170 && SphereCamera(yaw: 190, pitch: -185).pitch == 175)
        #expect(SphereCamera(yaw: -180, pitch: 540).yaw == 180 && SphereCamera(yaw: 0, pitch: 540).pitch == 180)
    }

    /// The camera facing a direction puts it at the centre of the picture, on the front pole.
    @Test func facingBringsADirectionToTheFront() throws {
        for (x, y, z) in [(1.0, 2.0, 3.0), (-1, 0.5, -2), (0, 1, 0), (0, -1, 0), (0.3, -0.2, -0.9), (1, 0, 0)] {
            let d = Vector3(x: x, y: y, z: z)
            let camera = try #require(SphereCamera.facing(d))
            let projected = camera.view.project(try #require(d.normalised))
            #expect(abs(projected.point.x) < 1e-12 && abs(projected.point.y) < 1e-12 && abs(projected.depth - 1) < 1e-12,
                    "\(d): \(projected)")
        }
        #expect(SphereCamera.facing(.zero) == nil)
    }

    /// The frame itself: W1 and W2 180° apart lie on +-x; turned by yaw 90 W1 (-x) faces the viewer and its name is
    /// written at the middle of the canvas in W1's colour, W2 (+x) is behind it (dim); at yaw 0 they sit on the
    /// left and right of the outline at mid height.
    @Test func namesAreReadBackWhereTheRotationPutsTheirWeights() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere loss=cosface angle=180 yaw=90 pitch=0", to: &state)
        let layout = PlaneLayout(state: state)
        let buffer = frame(state)
        // The canvas's columns only (the side panel names W1 and W2 too).
        func canvasRows(_ lines: [String]) -> [String] {
            lines.map { String(String.UnicodeScalarView(Array($0.unicodeScalars).prefix(layout.canvas.width))) }
        }
        let rows = canvasRows(buffer.lines)
        let (middleRow, middleColumn) = (layout.canvas.y + layout.canvas.height / 2, layout.canvas.x + layout.canvas.width / 2)
        // W1 at the front pole: its name just above the centre (a tip at the centre is labelled upwards), W2 at
        // the back pole just below it.
        let w1Row = try #require(rows.indices.first { rows[$0].contains("W1") })
        #expect(abs(w1Row - middleRow) <= 2, "W1 on row \(w1Row), the middle is \(middleRow)")
        let w1Column = try #require(rows[w1Row].range(of: "W1")).lowerBound.utf16Offset(in: rows[w1Row])
        #expect(abs(Array(rows[w1Row].unicodeScalars).prefix(w1Column).count - middleColumn) <= 2)
        let w2Row = try #require(rows.indices.first { rows[$0].contains("W2") })
        #expect(abs(w2Row - middleRow) <= 2)
        // Front in W1's colour, back dim.
        let w1Cell = buffer[Array(rows[w1Row].unicodeScalars).firstIndex(of: "W")!, w1Row]
        #expect(w1Cell.style.foreground == state.theme.class1.foreground)
        let w2Scalars = Array(rows[w2Row].unicodeScalars)
        let w2Index = (0 ..< w2Scalars.count - 1).first { w2Scalars[$0] == "W" && w2Scalars[$0 + 1] == "2" }!
        #expect(buffer[w2Index, w2Row].style.foreground == state.theme.dim.foreground)

        try StateString.apply("yaw=0", to: &state)
        let flat = canvasRows(frame(state).lines)
        let left = try #require(flat.indices.first { flat[$0].contains("W1") })
        let right = try #require(flat.indices.first { flat[$0].contains("W2") })
        #expect(abs(left - middleRow) <= 1 && abs(right - middleRow) <= 1)
        let w1At = Array(flat[left].unicodeScalars).firstIndex(of: "W")!
        #expect(w1At < layout.canvas.x + layout.canvas.width / 6, "W1 at column \(w1At)")
    }

    /// A cell's shade follows the cap under its centre: at yaw 0 with W1 and W2 90° apart about +z, the cell at
    /// the picture's centre looks along +z, equally far from both: the band; cells left and right of it near the
    /// weights are the two classes' caps.
    @Test func cellsAreShadedByTheCapUnderThem() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere loss=cosface m=0.35 angle=90 yaw=0 pitch=0", to: &state)
        let layout = PlaneLayout(state: state)
        let buffer = frame(state)
        let placement = SphereCanvas.Placement(layout.canvas)
        func cell(at point: WorldPoint) -> Cell {
            let dot = placement.dot(point)
            let (column, row) = BrailleCanvas.cell(containing: dot)
            return buffer[layout.canvas.x + column, layout.canvas.y + row]
        }
        let theme = state.theme
        #expect(cell(at: WorldPoint(x: 0, y: 0.3)).style.background == theme.marginRegion)
        // W1 = (-sin 45°, 0, cos 45°) lands at (-0.707, 0), W2 at (+0.707, 0).
        #expect(cell(at: WorldPoint(x: -0.7, y: 0.3)).style.background == theme.class1Region)
        #expect(cell(at: WorldPoint(x: 0.7, y: 0.3)).style.background == theme.class2Region)
        // Off the sphere: nothing shaded.
        #expect(cell(at: WorldPoint(x: 1.2, y: 1.0)).style.background == .default)
    }

    @Test func arrowsTurnAndTiltAndTheStateStringSaysSo() {
        var state = AppState(width: 100, height: 30)
        update(&state, .key(ViewKind.sphere.digitKey))
        #expect(state.view == .sphere)
        let (yaw, pitch) = (state.sphere.yaw, state.sphere.pitch)
        update(&state, .key(.right))
        update(&state, .key(.right))
        update(&state, .key(.up))
        #expect(state.sphere.yaw == yaw + 30 && state.sphere.pitch == pitch + 15)
        update(&state, .key(.down))
        update(&state, .key(.left))
        #expect(state.sphere.yaw == yaw + 15 && state.sphere.pitch == pitch)
        #expect(state.selectedControl == 0, "the arrows turn the sphere, not the side panel's selection")
        #expect(StateString.format(state).contains("yaw=\(NumberText.tidy(yaw + 15)) pitch=\(NumberText.tidy(pitch))"))
        // a/A still turn W2 away from W1 in the two-class figure.
        update(&state, .key(.character("A")))
        #expect(state.separation.degrees > 90)
    }

    @Test func aClickTurnsThePointClickedToTheFront() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere yaw=0 pitch=0", to: &state)
        let layout = PlaneLayout(state: state)
        // A cell right of the centre, half way to the outline: the point there turns to the centre.
        let placement = SphereCanvas.Placement(layout.canvas)
        let dot = placement.dot(WorldPoint(x: 0.5, y: 0))
        let (column, row) = BrailleCanvas.cell(containing: dot)
        let clickedPoint = placement.point(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
        let direction = try #require(state.sphere.view.sphere(at: clickedPoint))
        update(&state, .click(x: layout.canvas.x + column, y: layout.canvas.y + row, button: 1))
        #expect(state.sphere == SphereCamera(yaw: 0, pitch: 0), "the press alone does not turn it")
        update(&state, .release(x: layout.canvas.x + column, y: layout.canvas.y + row))
        let projected = state.sphere.view.project(direction)
        // To the tenth of a degree the angles are kept at: 0.05° is 0.0009 of the radius.
        #expect(abs(projected.point.x) < 0.002 && abs(projected.point.y) < 0.002 && projected.depth > 0.999)
        #expect(StateString.format(state).contains("yaw=\(NumberText.tidy(state.sphere.yaw)) "))
        try StateRoundTripTests.expectSameScreen(state)
        // The right half turns right to left: yaw near -30° (asin of 0.5), pitch near 0.
        #expect(abs(state.sphere.yaw + 30) < 2 && abs(state.sphere.pitch) < 2, "\(state.sphere)")
    }

    /// A drag across the sphere turns it by the mouse: right by the sphere's width is half a turn of yaw, up by
    /// its height half a turn of pitch (in the screen's axes: up tilts the front up).
    @Test func aDragTurnsTheSphere() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere yaw=10 pitch=5", to: &state)
        let layout = PlaneLayout(state: state)
        let radius = SphereCanvas.Placement(layout.canvas).radius
        let (x, y) = (layout.canvas.x + layout.canvas.width / 2, layout.canvas.y + layout.canvas.height / 2)
        update(&state, .click(x: x, y: y, button: 1))
        update(&state, .release(x: x + 6, y: y - 2))
        #expect(abs(state.sphere.yaw - (10 + 180 * 12 / (2 * radius))) <= 0.05, "\(state.sphere)")
        #expect(abs(state.sphere.pitch - (5 + 180 * 8 / (2 * radius))) <= 0.05, "\(state.sphere)")
        try StateRoundTripTests.expectSameScreen(state)
        // A release without a press on the sphere does nothing; a press off the sphere says what the mouse does.
        let turned = state.sphere
        update(&state, .release(x: x, y: y))
        #expect(state.sphere == turned)
        update(&state, .click(x: layout.canvas.x, y: layout.canvas.y, button: 1))
        #expect(state.notice?.contains("drag") == true)
    }

    @Test func theSphereReopensFromItsStateString() throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=sphere loss=sphereface m=3 angle=100 yaw=-40 pitch=35", to: &state)
        try StateRoundTripTests.expectSameScreen(state)
        for bad in ["yaw=200", "pitch=x", "sphere=three"] {
            var copy = AppState()
            #expect(throws: InputError.self) { try StateString.apply("view=sphere " + bad, to: &copy) }
        }
    }

    /// With a 3-D session the sphere shows its run, trains live on ticks (Space plays here too), and reopens at
    /// the same step and rotation; o switches to the two-class figure and back.
    @Test func aThreeDimensionalRunPlaysLiveOnTheSphere() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training loss=cosface m=0.2 s=16 preset=single data=blobs dim=3", to: &state)
        state.prepareTraining()
        update(&state, .key(ViewKind.sphere.digitKey))
        #expect(state.sphereFollowsTraining && state.sphereRun != nil)
        let before = frame(state).lines
        update(&state, .key(.character(" ")))
        #expect(state.wantsTicks)
        for _ in 0..<3 { update(&state, .tick) }
        let run = try #require(state.sphereRun)
        #expect(run.iteration == 3 * state.training!.speed)
        #expect(frame(state).lines != before, "the picture moves as the run trains")
        update(&state, .key(.character(" ")))
        let text = StateString.format(state)
        #expect(text.contains("view=sphere") && text.contains("dim=3") && text.contains("step=\(run.iteration)"), "\(text)")
        try StateRoundTripTests.expectSameScreen(state)
        update(&state, .key(.character("o")))
        #expect(state.sphereFigure == .two && state.sphereRun == nil)
        #expect(StateString.format(state).contains("sphere=two"))
        state.notice = nil  // the notice o gave is not part of what reopens
        try StateRoundTripTests.expectSameScreen(state)
        update(&state, .key(.character("o")))
        #expect(state.sphereRun != nil)
    }

    /// A preset trained in 3-D: the sphere draws its first run, and the title bar and panel name the preset.
    @Test func aThreeDimensionalPresetIsNamedOnTheSphere() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere preset=angular-margins dim=3", to: &state)
        state.prepareTraining()
        let session = try #require(state.training)
        #expect(session.runs.count == 3 && session.runs.allSatisfy { $0.configuration.featureDimension == 3 })
        let lines = frame(state).lines
        let name = try #require(TrainingPreset.all.first { $0.id == "angular-margins" }).name
        #expect(lines[0].contains(name) && lines[1].contains(name), "\(lines[0])\n\(lines[1])")
        #expect(lines.contains { $0.contains("run 1 of 3: " + session.runs[0].configuration.name) })
    }

    /// Several runs: o steps through them on the sphere (each drawn from its own weights and features), then to the
    /// two-class figure and back to the first; the state string says which (`run=2`) and reopens it.
    @Test func oPicksWhichRunTheSphereDraws() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere preset=angular-margins dim=3", to: &state)
        state.prepareTraining()
        let runs = try #require(state.training?.runs)
        #expect(state.sphereRun?.configuration == runs[0].configuration)
        for index in 1..<runs.count {
            update(&state, .key(.character("o")))
            let shown = try #require(state.sphereRun)
            #expect(shown.configuration == runs[index].configuration && shown.classWeights == runs[index].classWeights)
            #expect(state.notice == "run \(index + 1) of \(runs.count): " + runs[index].configuration.name)
            #expect(StateString.format(state).contains("run=\(index + 1)"))
            state.notice = nil  // the notice o gave is not part of what reopens
            #expect(frame(state).lines.contains { $0.contains("run \(index + 1) of \(runs.count): ") })
            let scene = try #require(ViewFigure.scene(state))
            #expect(scene.title.contains("run \(index + 1) of \(runs.count)"))
            try StateRoundTripTests.expectSameScreen(state)
        }
        update(&state, .key(.character("o")))
        #expect(state.sphereFigure == .two && state.sphereRun == nil && !StateString.format(state).contains("run="))
        update(&state, .key(.character("o")))
        #expect(state.sphereRun?.configuration == runs[0].configuration && !StateString.format(state).contains("run="))
        var bad = AppState()
        #expect(throws: InputError.self) { try StateString.apply("view=sphere run=0", to: &bad) }
        #expect(throws: InputError.self) { try StateString.apply("view=sphere run=x", to: &bad) }
    }

    /// Without a 3-D session, o explains how to get one; the two-class figure stays.
    @Test func withoutAThreeDimensionalRunTheFigureIsTwoClass() {
        var state = AppState(width: 100, height: 30)
        update(&state, .key(ViewKind.sphere.digitKey))
        update(&state, .key(.character("o")))
        #expect(state.notice?.contains("z in view 5") == true)
        #expect(frame(state).lines.joined().contains("W1"))
    }

    /// r in view 7 turns the sphere back to its starting view and resets nothing else: a run being followed keeps
    /// its steps and goes on playing, the loss and its parameters stay; r in view 1 still resets everything.
    @Test func resetTurnsTheSphereBackAndKeepsTheRun() throws {
        var state = AppState(width: 120, height: 40)
        try StateString.apply("view=training loss=cosface m=0.2 s=16 preset=single data=blobs dim=3", to: &state)
        state.prepareTraining()
        update(&state, .key(ViewKind.sphere.digitKey))
        update(&state, .key(.character(" ")))
        for _ in 0..<2 { update(&state, .tick) }
        for key in [Key.right, .right, .up] { update(&state, .key(key)) }
        #expect(state.sphere != SphereCamera())
        let (steps, loss) = (try #require(state.sphereRun).iteration, state.loss)
        update(&state, .key(.character("r")))
        #expect(state.sphere == SphereCamera() && state.notice?.contains("turned back") == true)
        #expect(state.sphereRun?.iteration == steps && state.training?.playing == true && state.loss == loss)
        update(&state, .tick)
        #expect(try #require(state.sphereRun).iteration > steps, "the run goes on training")

        var twoClass = AppState(width: 120, height: 40)
        try StateString.apply("view=sphere loss=arcface m=0.4 angle=70 yaw=-50 pitch=10", to: &twoClass)
        update(&twoClass, .key(.character("r")))
        #expect(twoClass.sphere == SphereCamera() && twoClass.loss.m == 0.4 && twoClass.separation.degrees == 70)
        update(&twoClass, .key(.character("1")))
        update(&twoClass, .key(.character("r")))
        #expect(twoClass.loss.kind != .arcface || twoClass.loss.m != 0.4 || twoClass.separation.degrees != 70)
        #expect(StateString.format(twoClass) == StateString.format(AppState(width: 120, height: 40)))
    }

    @Test func theSphereKeysAreInTheHelpAndTheStatusLine() {
        var state = AppState(width: 120, height: 40)
        update(&state, .key(ViewKind.sphere.digitKey))
        #expect(frame(state).lines.last?.contains("turn") == true)
        let help = HelpOverlay.pages(state).flatMap { $0 }.map(\.text).joined(separator: "\n")
        #expect(help.contains("turn the sphere") && help.contains("tilt the sphere") && help.contains("cap"))
    }
}
