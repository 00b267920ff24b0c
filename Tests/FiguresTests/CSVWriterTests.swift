import Foundation
import Geometry
import Testing
@testable import Figures

/// The CSV read back with an RFC 4180 reader written here, row by row against the scene.
@Suite struct CSVWriterTests {
    /// Fields of a whole CSV text: quoted fields may hold commas, doubled quotes and line breaks.
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(scalar) }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case ",": record.append(field); field = ""; wasQuoted = false
            case "\n": record.append(field); records.append(record); record = []; field = ""; wasQuoted = false
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    static func table(_ scene: Scene) -> [[String: String]] {
        let rows = records(CSVWriter.csv(scene))
        let header = rows[0]
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func everyKindHasItsRowsWithExactNumbers() throws {
        let scene = SVGWriterTests.sampleScene()
        let text = CSVWriter.csv(scene)
        let rows = Self.records(text)
        #expect(rows[0] == CSVWriter.fixedColumns + ["data-index", "data-loss"])
        #expect(rows.allSatisfy { $0.count == rows[0].count })
        let table = Self.table(scene)
        let elements = scene.elements
        #expect(Set(table.compactMap { $0["element"] }) == Set(elements.indices.map(String.init)))
        // The ray: origin and end, its direction and length.
        let ray = table.filter { $0["class"] == "w1" }
        #expect(ray.map { $0["part"] } == ["origin", "end"])
        let end = WorldPoint.origin.moved(1, towards: Angle(degrees: 37))
        #expect(Double(ray[1]["x"]!) == end.x && Double(ray[1]["y"]!) == end.y)  // exact, not rounded
        #expect(Double(ray[0]["angle_deg"]!).map { abs($0 - 37) < 1e-12 } == true && ray[0]["radius"] == "1")
        let tie = try #require(table.first { $0["class"] == "softmax-boundary outer" })
        #expect(Double(tie["angle_deg"]!).map { abs($0 - 260) < 1e-12 } == true)
        // The curve: two runs, numbered points, its loss in the data column.
        let curve = table.filter { $0["kind"] == "polyline" }
        #expect(curve.map { "\($0["run"]!):\($0["point"]!)" } == ["0:0", "0:1", "1:0", "1:1"])
        #expect(curve.map { $0["x"]! } == ["-1", "-0.5", "0.2", "0.7"])
        #expect(curve.allSatisfy { $0["data-loss"] == "loss=cosface m=0.35 s=64" && $0["role"] == "faint-2" })
        // The arc: centre, start and end on the circle.
        let arc = table.filter { $0["kind"] == "arc" }
        #expect(arc.map { $0["part"]! } == ["centre", "start", "end"])
        #expect(Double(arc[2]["angle_deg"]!).map { abs($0 - 250) < 1e-12 } == true)
        let start = WorldPoint.origin.moved(0.3, towards: Angle(degrees: 20))
        #expect(Double(arc[1]["x"]!) == start.x && Double(arc[1]["y"]!) == start.y)
        // Markers name their glyph; grouped ones carry the group's tags; the label its text.
        let markers = table.filter { $0["kind"] == "marker" }
        #expect(markers.map { $0["text"]! } == ["square-crossed", "round-hollow"])
        #expect(markers[1]["class"] == "selected" && markers[1]["data-index"] == "4")
        let label = try #require(table.first { $0["kind"] == "label" })
        #expect(label["text"] == "x<y & \"z\"")
        #expect(text.contains("\"x<y & \"\"z\"\"\""))  // quoted, quotes doubled
        #expect(table.filter { $0["kind"] == "polygon" }.map { $0["part"]! } == ["vertex", "vertex", "vertex"])
        #expect(table.first { $0["kind"] == "sector" }?["role"] == "class1")
    }

    @Test func axesAndAwkwardTextRoundTrip() {
        var scene = Scene(bounds: WorldBounds(minX: 0, maxX: 180, minY: -2, maxY: 1), sharesScale: false)
        scene.add(.axes(Axes(xTicks: [.init(45, "45°")], yTicks: [.init(-1, "-1")], xName: "θ, degrees",
                             yName: " padded ")), role: .dim)
        scene.add(.label(Label("two\nlines, \"quoted\"\r\nand CR", at: WorldPoint(x: 1e-16, y: -0.0))), role: .dim)
        let table = Self.table(scene)
        #expect(table.map { $0["part"]! } == ["x-tick", "y-tick", "x-name", "y-name", "position"])
        #expect(table[0]["x"] == "45" && table[0]["y"] == "" && table[0]["text"] == "45°")
        #expect(table[1]["y"] == "-1" && table[1]["x"] == "")
        #expect(table[2]["text"] == "θ, degrees" && table[3]["text"] == " padded ")
        #expect(table[4]["text"] == "two\nlines, \"quoted\"\r\nand CR")
        #expect(table[4]["x"] == "1e-16" && table[4]["y"] == "0")  // small numbers keep their digits
        #expect(CSVWriter.csv(scene) == CSVWriter.csv(scene))
    }

    @Test func planeFigureTableHoldsEveryRayAndSample() {
        let separation = Angle(degrees: 90)
        let samples = PlaneFigureTests.samples(separation: separation)
        let scene = PlaneFigure.scene(loss: MarginLoss(.arcface), separation: separation, normRatio: 1, samples: samples)
        let table = Self.table(scene)
        let rays = table.filter { $0["kind"] == "ray" && $0["part"] == "end" }
        let regions = TwoClassGeometry(loss: MarginLoss(.arcface), separation: separation).regions
        let boundaryRays = regions.boundaries.reduce(0) { $0 + $1.classes.count }
        #expect(rays.count == 2 + 2 + boundaryRays)
        let positions = table.filter { $0["class"]?.hasPrefix("sample") == true }
            .map { (Double($0["x"]!)!, Double($0["y"]!)!) }
        #expect(positions.count == samples.count)
        for (read, sample) in zip(positions, samples) {
            #expect(read.0 == sample.position.x && read.1 == sample.position.y)
        }
        #expect(table.filter { $0["class"] == "sample class1" }.allSatisfy { $0["data-label"] == "1" })
    }
}
