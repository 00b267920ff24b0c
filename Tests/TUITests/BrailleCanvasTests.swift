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
        canvas.draw(into: &buffer, x: 0, y: 0, ascii: true)
        #expect(buffer.line(0) == "'.|")
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
