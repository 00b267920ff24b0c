import Testing
@testable import TUI

@Suite struct BrailleCanvasTests {
    /// Unicode's Braille layout: dots 1-2-3-7 down the left column, 4-5-6-8 down the right.
    @Test func dotsMapToTheUnicodeBits() {
        let expected: [(dx: Int, dy: Int, bit: UInt32)] = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
                                                           (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80)]
        for dot in expected {
            var canvas = BrailleCanvas(width: 1, height: 1)
            canvas.set(dotX: dot.dx, dotY: dot.dy, style: .plain)
            var buffer = Buffer(width: 1, height: 1)
            canvas.draw(into: &buffer, x: 0, y: 0)
            #expect(buffer[0, 0].scalar.value == 0x2800 + dot.bit, "dot (\(dot.dx), \(dot.dy))")
        }
    }

    @Test func horizontalLineFillsTheTopRowOfEachCell() {
        var canvas = BrailleCanvas(width: 4, height: 1)
        canvas.line(from: (0, 0), to: (7, 0), style: .plain)
        var buffer = Buffer(width: 4, height: 1)
        canvas.draw(into: &buffer, x: 0, y: 0)
        #expect(buffer.line(0) == "⠉⠉⠉⠉")
    }

    @Test func diagonalLineSetsExactlyTheDiagonalDots() {
        var canvas = BrailleCanvas(width: 4, height: 2)
        canvas.line(from: (0, 0), to: (7, 7), style: .plain)
        for x in 0..<8 {
            for y in 0..<8 { #expect(canvas.isSet(dotX: x, dotY: y) == (x == y), "dot (\(x), \(y))") }
        }
    }

    @Test func dashedLinesSkipEveryOtherRun() {
        var canvas = BrailleCanvas(width: 6, height: 1)
        canvas.line(from: (0, 0), to: (11, 0), style: .plain, dash: 2)
        let on = (0..<12).map { canvas.isSet(dotX: $0, dotY: 0) }
        #expect(on == [true, true, false, false, true, true, false, false, true, true, false, false])
    }

    @Test func dotsOutsideAreIgnoredAndLabelsHideDots() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.set(dotX: -1, dotY: 0, style: .plain)
        canvas.set(dotX: 4, dotY: 0, style: .plain)
        canvas.set(dotX: 0, dotY: 4, style: .plain)
        canvas.set(dotX: 2, dotY: 0, style: .plain)
        canvas.label("A", column: 0, row: 0, style: .plain)
        var buffer = Buffer(width: 2, height: 1)
        canvas.draw(into: &buffer, x: 0, y: 0)
        #expect(buffer.line(0) == "A⠁")
    }

    @Test func asciiFallbackKeepsLinesVisible() {
        var canvas = BrailleCanvas(width: 3, height: 1)
        canvas.set(dotX: 0, dotY: 0, style: .plain)            // top only
        canvas.set(dotX: 2, dotY: 3, style: .plain)            // bottom only
        canvas.line(from: (4, 0), to: (4, 3), style: .plain)   // a vertical stroke
        var buffer = Buffer(width: 3, height: 1)
        buffer.ascii = true  // the buffer folds what the canvas draws
        canvas.draw(into: &buffer, x: 0, y: 0)
        #expect(buffer.line(0) == "'.|")
    }

    /// Nothing a caller computes from data can trap the canvas: huge, infinite and NaN dots are simply not drawn.
    @Test(arguments: [1e19, -1e19, 1e300, -1e300, .infinity, -.infinity, .nan, 9.3e18, -9.3e18])
    func dotsThatAreNotOnTheCanvasAreIgnoredWhateverTheirValue(value: Double) {
        var canvas = BrailleCanvas(width: 3, height: 2)
        canvas.set((value, 1), style: .plain)
        canvas.set((1, value), style: .plain)
        canvas.set((value, value), style: .plain)
        #expect(canvas.masks.allSatisfy { $0 == 0 })
        canvas.line(from: (value, value), to: (value, -value), style: .plain)  // far off both ways: misses
        #expect(canvas.masks.allSatisfy { $0 == 0 })
        let cell = BrailleCanvas.cell(containing: (value, value))
        canvas.label("far", column: cell.column, row: cell.row, style: .plain)
        var buffer = Buffer(width: 3, height: 2)
        canvas.draw(into: &buffer, x: 0, y: 0)
        #expect(buffer.line(0) == "   " && buffer.line(1) == "   ")
    }

    /// A dot rounds to the nearest one; -0.5 and dotWidth - 0.5 are the edges.
    @Test func fractionalDotsRoundToTheNearest() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.set((0.4, 0.6), style: .plain)
        canvas.set((3.49, 3.4), style: .plain)
        canvas.set((3.5, 0), style: .plain)    // rounds to 4: off the canvas
        canvas.set((-0.5, 0), style: .plain)   // rounds to -1 (away from zero): off
        #expect(canvas.isSet(dotX: 0, dotY: 1) && canvas.isSet(dotX: 3, dotY: 3))
        #expect(canvas.masks.map(\.nonzeroBitCount).reduce(0, +) == 2)
    }

    /// A line from 1e19 dots away still draws what crosses the canvas: every dot of the row, and a 45° line from
    /// a far corner still lands on the diagonal (found from the near end, so the far one costs no precision).
    @Test func linesFromFarAwayDrawTheirPartOnTheCanvas() {
        var canvas = BrailleCanvas(width: 10, height: 3)
        canvas.line(from: (-1e19, 5), to: (1e19, 5), style: .plain)
        #expect((0..<20).allSatisfy { canvas.isSet(dotX: $0, dotY: 5) })
        #expect(canvas.masks.map(\.nonzeroBitCount).reduce(0, +) == 20)
        var diagonal = BrailleCanvas(width: 10, height: 3)
        diagonal.line(from: (0, 0), to: (1e300, 1e300), style: .plain)
        for x in 0..<20 {
            for y in 0..<12 { #expect(diagonal.isSet(dotX: x, dotY: y) == (x == y), "dot (\(x), \(y))") }
        }
        var steep = BrailleCanvas(width: 10, height: 3)
        steep.line(from: (3, -1e300), to: (3, 1e300), style: .plain)  // the difference is 2e300: still finite
        #expect((0..<12).allSatisfy { steep.isSet(dotX: 3, dotY: $0) })
        var overflow = BrailleCanvas(width: 10, height: 3)
        overflow.line(from: (2, -1.7e308), to: (2, 1.7e308), style: .plain)  // the difference overflows to inf
        #expect((0..<12).allSatisfy { overflow.isSet(dotX: 2, dotY: $0) })
        var nan = BrailleCanvas(width: 10, height: 3)
        nan.line(from: (0, 0), to: (.nan, 4), style: .plain)
        #expect(nan.masks.allSatisfy { $0 == 0 })
    }

    /// A clipped dashed line keeps its dashes where the whole line would put them: dot x is on when step
    /// x - start of the line falls in an "on" run ((step / dash) even), for a short line (stepped whole) and a
    /// long one (clipped first).
    @Test(arguments: [-60.0, -6001.0, -1e9])
    func clippedDashesKeepTheirPhase(start: Double) {
        var canvas = BrailleCanvas(width: 6, height: 1)
        canvas.line(from: (start, 0), to: (11, 0), style: .plain, dash: 2)
        let on = (0..<12).map { canvas.isSet(dotX: $0, dotY: 0) }
        let expected = (0..<12).map { x in (Int(Double(x) - start) / 2) % 2 == 0 }
        #expect(on == expected)
    }

    /// One scale for both axes: a world-space 45° line climbs one dot per dot, so it looks like 45° on screen.
    @Test func viewportKeepsTheAspectRatio() {
        let viewport = Viewport(canvasDots: 100, 40, minX: -1, maxX: 1, minY: -1, maxY: 1, keepAspect: true)
        let origin = viewport.dot(0, 0), corner = viewport.dot(0.5, 0.5)
        #expect(abs((corner.x - origin.x) - (origin.y - corner.y)) < 1e-12)
        #expect(abs(origin.x - 49.5) < 1e-12 && abs(origin.y - 19.5) < 1e-12)
        let back = viewport.world(dotX: corner.x, dotY: corner.y)
        #expect(abs(back.x - 0.5) < 1e-12 && abs(back.y - 0.5) < 1e-12)
    }
}
