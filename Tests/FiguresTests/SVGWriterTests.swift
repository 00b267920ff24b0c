import Foundation
import Geometry
import Testing
@testable import Figures

/// The SVG is parsed back with Foundation's XMLParser and every position read against the scene's geometry.
@Suite struct SVGWriterTests {
    /// A scene with one element of every kind and some groups.
    static func sampleScene(title: String = "all kinds", state: String = "view=plane loss=arcface m=0.5") -> Scene {
        var scene = Scene(bounds: WorldBounds(reach: 1.2), sharesScale: true, title: title, state: state)
        scene.add(.sector(Sector(radius: 2, from: Angle(degrees: 10), to: Angle(degrees: 80))), role: .class1,
                  tags: Tags(classes: ["region", "class1"]))
        scene.add(.polygon(Polygon(vertices: [.init(x: -1, y: -1), .init(x: -0.5, y: -1), .init(x: -0.5, y: -0.4)])),
                  role: .overlapZone)
        scene.add(.ray(Ray(direction: Angle(degrees: 37), length: 1, hasArrowHead: true)), role: .class1,
                  tags: Tags(classes: ["w1"]))
        scene.add(.ray(Ray(direction: Angle(degrees: -100), length: 2.4, dash: Dash(dots: 2))), role: .reference,
                  tags: Tags(classes: ["softmax-boundary", "outer"]))
        scene.add(.polyline(Polyline(points: [.init(x: -1, y: 0.1), .init(x: -0.5, y: 0.3), nil, .init(x: 0.2, y: 0.9),
                                              .init(x: 0.7, y: 0.8)])),
                  role: .faint(2), tags: Tags(data: ["loss": "loss=cosface m=0.35 s=64"]))
        scene.add(.arc(Arc(radius: 0.3, from: Angle(degrees: 20), to: Angle(degrees: 250))), role: .accent)
        scene.add(.marker(Marker(at: .init(x: 0.4, y: -0.3), shape: .square, fill: .crossed)), role: .class2,
                  tags: Tags(classes: ["sample"]))
        scene.add(Group([.element(Element(.marker(Marker(at: .init(x: 0.1, y: 0.2), shape: .round, fill: .hollow)),
                                          role: .class1)),
                         .element(Element(.label(Label("x<y & \"z\"", at: .init(x: 0.1, y: 0.3))), role: .dim))],
                        tags: Tags(classes: ["selected"], data: ["index": "4"])))
        return scene
    }

    static func drawables(_ root: XMLElement) -> [XMLElement] {
        root.all.filter { ["line", "path", "polygon", "use", "text"].contains($0.name)
            && !$0.ancestors.contains { ["defs", "clipPath", "marker"].contains($0.name) } }
    }

    @Test func isWellFormedAndEveryElementSitsInItsRoleGroup() throws {
        let (root, _, _) = try parsedSVG(Self.sampleScene())
        #expect(root.name == "svg")
        #expect(root.attributes["version"] == "1.1")
        let drawn = Self.drawables(root)
        #expect(drawn.count == 9)
        for element in drawn {
            let roleGroups = element.ancestors.filter { $0.name == "g" && $0.classes.contains { $0.hasPrefix("role-") } }
            #expect(roleGroups.count == 1, "\(element.name) \(element.attributes)")
        }
        // Layers bottom to top as a cell backend paints: backgrounds, dots, text, then the samples' glyphs.
        #expect(root.children.filter { $0.name == "g" }.map { $0.attributes["class"] ?? "" }
            == ["tier-regions", "tier-lines", "tier-text", "tier-markers"])
        // One group per role within each layer, in the order of first appearance.
        let lines = try #require(root.children.first { $0.classes == ["tier-lines"] })
        #expect(lines.children.map { $0.attributes["class"] ?? "" } == ["role-class1", "role-reference", "role-faint-2",
                                                                         "role-accent"])
        // The stylesheet names every role group that exists, with its palette colour.
        let style = try #require(root.all.first { $0.name == "style" }).text
        #expect(style.contains(".tier-lines > .role-class1 { stroke: #5fafff }"))
        #expect(style.contains(".tier-regions > .role-class1 { fill: #00005f }"))
        #expect(style.contains(".tier-lines > .role-faint-2 { stroke: #87af87 }"))
    }

    @Test func rayEndsAtItsDataAngleAndLength() throws {
        let scene = Self.sampleScene()
        let (root, layout, _) = try parsedSVG(scene)
        let rays = root.all.filter { $0.name == "line" }
        #expect(rays.count == 2)
        for ray in rays {
            let start = layout.world(x: try ray.required("x1"), y: try ray.required("y1"))
            let end = layout.world(x: try ray.required("x2"), y: try ray.required("y2"))
            let angle = try ray.required("data-angle-deg")
            let length = try ray.required("data-length")
            #expect(abs(start.x) < 1e-12 && abs(start.y) < 1e-12)
            let expectedEnd = WorldPoint.origin.moved(length, towards: Angle(degrees: angle))
            #expect(abs(end.x - expectedEnd.x) < 1e-12 && abs(end.y - expectedEnd.y) < 1e-12)
            var read = atan2(end.y - start.y, end.x - start.x) * 180 / .pi
            if read < 0 { read += 360 }
            #expect(abs(read - angle) < 1e-9)
        }
        let w1 = try #require(rays.first { $0.classes == ["w1"] })
        #expect(abs(try w1.required("data-angle-deg") - 37) < 1e-12)
        #expect(w1.attributes["marker-end"] == "url(#mx-arrow-class1)")
        let tie = try #require(rays.first { $0.classes == ["softmax-boundary", "outer"] })
        #expect(abs(try tie.required("data-angle-deg") - 260) < 1e-12)  // -100° turned into [0, 360)
        #expect(tie.attributes["stroke-dasharray"] == "8 8")  // 2 dots of a quarter of the 16 px font
    }

    @Test func polylinePointsReadBackWithTheirBreaks() throws {
        let scene = Self.sampleScene()
        let (root, layout, _) = try parsedSVG(scene)
        let curve = try #require(root.all.first { $0.attributes["data-loss"] != nil })
        #expect(curve.attributes["data-loss"] == "loss=cosface m=0.35 s=64")
        let runs = try #require(polylineRuns(try curve.attribute("d")))
        let expected: [[(Double, Double)]] = [[(-1, 0.1), (-0.5, 0.3)], [(0.2, 0.9), (0.7, 0.8)]]
        #expect(runs.count == expected.count)
        for (run, want) in zip(runs, expected) {
            #expect(run.count == want.count)
            for (pixel, point) in zip(run, want) {
                let world = layout.world(x: pixel.0, y: pixel.1)
                #expect(abs(world.x - point.0) < 1e-9 * 2.4 && abs(world.y - point.1) < 1e-9 * 2.4)
            }
        }
    }

    @Test func markerAndLabelPositionsAndGroupTags() throws {
        let (root, layout, _) = try parsedSVG(Self.sampleScene())
        let uses = root.all.filter { $0.name == "use" && !$0.ancestors.contains { $0.name == "defs" } }
        #expect(uses.count == 2)
        let square = try #require(uses.first { $0.attributes["data-glyph"] == "square-crossed" })
        let at = layout.world(x: try square.required("x"), y: try square.required("y"))
        #expect(abs(at.x - 0.4) < 1e-12 && abs(at.y + 0.3) < 1e-12)
        #expect(square.attributes["xlink:href"] == "#mx-glyph-square-crossed")
        // The glyph it uses is defined.
        #expect(root.all.contains { $0.name == "g" && $0.attributes["id"] == "mx-glyph-square-crossed" })
        let grouped = try #require(uses.first { $0.attributes["data-glyph"] == "round-hollow" })
        #expect(grouped.classes == ["selected"])
        #expect(grouped.attributes["data-index"] == "4")
        let text = try #require(root.all.first { $0.name == "text" })
        #expect(text.text == "x<y & \"z\"")
        let position = layout.world(x: try text.required("x"), y: try text.required("y"))
        #expect(abs(position.x - 0.1) < 1e-12 && abs(position.y - 0.3) < 1e-12)
    }

    @Test func arcsAndSectorsEndOnTheirCircles() throws {
        let (root, layout, _) = try parsedSVG(Self.sampleScene())
        let arc = try #require(root.all.first { $0.name == "path" && $0.attributes["data-radius"] == "0.3" })
        let points = try #require(pathPoints(try arc.attribute("d")))
        #expect(points.count == 2)
        for (pixel, degrees) in zip(points, [20.0, 250]) {
            let world = layout.world(x: pixel.0, y: pixel.1)
            let want = WorldPoint.origin.moved(0.3, towards: Angle(degrees: degrees))
            #expect(abs(world.x - want.x) < 1e-12 && abs(world.y - want.y) < 1e-12)
        }
        // 230° is more than half a circle: the large-arc flag is set; counter-clockwise in the world is the
        // negative sweep on a y-down screen.
        let command = try arc.attribute("d").split(separator: " ")
        #expect(command[3] == "A" && command[7] == "1" && command[8] == "0")
        #expect(try arc.required("data-from-deg") == 20)
        #expect(abs(try arc.required("data-to-deg") - 250) < 1e-12)
        let sector = try #require(root.all.first { $0.classes == ["region", "class1"] })
        let corners = try #require(pathPoints(try sector.attribute("d")))
        #expect(corners.count == 3)
        let apex = layout.world(x: corners[0].0, y: corners[0].1)
        #expect(abs(apex.x) < 1e-12 && abs(apex.y) < 1e-12)
        // The sector's radius 2 is inside the box the writer keeps (the bounds grown by their extent): unchanged.
        for (pixel, degrees) in zip(corners.dropFirst(), [10.0, 80]) {
            let world = layout.world(x: pixel.0, y: pixel.1)
            let want = WorldPoint.origin.moved(2, towards: Angle(degrees: degrees))
            #expect(abs(world.x - want.x) < 1e-12 && abs(world.y - want.y) < 1e-12)
        }
    }

    @Test func fullCircleArcIsTwoHalves() throws {
        var scene = Scene(bounds: WorldBounds(reach: 1), sharesScale: true)
        scene.add(.arc(Arc(radius: 1, from: .zero, to: Angle(degrees: 360))), role: .dim)
        scene.add(.sector(Sector(radius: 0.5, from: .zero, to: Angle(degrees: 400))), role: .marginZone)
        let (root, layout, _) = try parsedSVG(scene)
        let paths = root.all.filter { $0.name == "path" && $0.attributes["data-radius"] != nil }
        #expect(paths.count == 2)
        for path in paths {
            let points = try #require(pathPoints(try path.attribute("d")))
            #expect(points.count == 3)  // start, the opposite point, back to the start
            let radius = try path.required("data-radius")
            let (first, middle, last) = (layout.world(x: points[0].0, y: points[0].1),
                                         layout.world(x: points[1].0, y: points[1].1),
                                         layout.world(x: points[2].0, y: points[2].1))
            #expect(abs(first.x - last.x) < 1e-12 && abs(first.y - last.y) < 1e-12)
            #expect(abs(first.x + middle.x) < 1e-12 && abs(first.y + middle.y) < 1e-12)
            #expect(abs(hypot(first.x, first.y) - radius) < 1e-12)
        }
    }

    @Test func textIsEscapedAndControlCharactersReplaced() throws {
        let nasty = "a\u{1B}[2Jb\u{0}c\u{7}d\u{FFFE}e\u{85}f <&>\"' ]]> θ ✓ 👍"
        var scene = Scene(bounds: WorldBounds(reach: 1), sharesScale: true, title: nasty, state: nasty)
        scene.add(.label(Label(nasty, at: .origin)), role: .warning, tags: Tags(classes: ["a b", "c\"d"], data: ["Note X": nasty]))
        let (root, _, document) = try parsedSVG(scene)
        let expected = "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f <&>\"' ]]> θ ✓ 👍"
        #expect(try #require(root.all.first { $0.name == "text" }).text == expected)
        #expect(try #require(root.all.first { $0.name == "title" }).text == expected)
        let text = try #require(root.all.first { $0.name == "text" })
        #expect(text.classes == ["a-b", "c-d"])
        #expect(text.attributes["data-note-x"] == expected)
        // No control character reaches the file at all.
        #expect(!document.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!document.contains("\u{1B}"))
    }

    @Test func stateStringRoundTripsThroughMetadata() throws {
        let states = ["view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1", "tab\tand\nnew line\r\nand CR",
                      "quotes \" ' & <tags> ]]>", "", "   spaces   "]
        for state in states {
            let (root, _, _) = try parsedSVG(Scene(bounds: WorldBounds(reach: 1), sharesScale: true, state: state))
            let metadata = try #require(root.children.first { $0.name == "metadata" })
            let stored = try #require(metadata.children.first { $0.name == "mx:state" || $0.name == "state" })
            #expect(stored.text == state)
        }
    }

    @Test func sameSceneSameBytes() {
        let scene = Self.sampleScene()
        #expect(SVGWriter.svg(scene) == SVGWriter.svg(scene))
        // Tags are written sorted, so the order data was added in does not matter.
        var a = Scene(bounds: WorldBounds(reach: 1), sharesScale: true)
        var b = a
        a.add(.marker(Marker(at: .origin, shape: .dot)), role: .palette(3), tags: Tags(data: ["a": "1", "b": "2", "c": "3"]))
        var data: [String: String] = [:]
        for (key, value) in [("c", "3"), ("a", "1"), ("b", "2")] { data[key] = value }
        b.add(.marker(Marker(at: .origin, shape: .dot)), role: .palette(3), tags: Tags(data: data))
        #expect(SVGWriter.svg(a) == SVGWriter.svg(b))
    }

    @Test func numbersAreExactToTheLastBit() throws {
        let point = WorldPoint(x: 0.1 + 0.2, y: -1.0 / 3.0)
        var scene = Scene(bounds: WorldBounds(minX: -1, maxX: 1, minY: -1, maxY: 1), sharesScale: true)
        scene.add(.marker(Marker(at: point, shape: .round)), role: .class1)
        let options = SVGOptions(width: 1000)
        let (root, layout, _) = try parsedSVG(scene, options: options)
        let use = try #require(root.all.first { $0.name == "use" && $0.attributes["x"] != nil })
        let pixel = layout.pixel(point)
        #expect(use.number("x") == pixel.x && use.number("y") == pixel.y)  // the very same Doubles
        #expect(exactText(800) == "800" && exactText(-0.0) == "0" && Double(exactText(1e-300)) == 1e-300)
    }

    @Test func farAndNonFiniteGeometryIsCutNotWritten() throws {
        var scene = Scene(bounds: WorldBounds(reach: 1), sharesScale: true)
        scene.add(.ray(Ray(direction: Angle(degrees: 30), length: 1e300)), role: .class1)
        scene.add(.polyline(Polyline(runs: [[.init(x: 0, y: 0), .init(x: 1e308, y: 1e308), .init(x: 0.5, y: 0),
                                             .init(x: .nan, y: 0), .init(x: 0, y: 0.5)]])), role: .accent)
        scene.add(.marker(Marker(at: .init(x: .infinity, y: 0), shape: .round)), role: .class1)
        scene.add(.label(Label("far", at: .init(x: 1e30, y: 0))), role: .dim)
        scene.add(.polygon(Polygon(vertices: [.init(x: -1e300, y: -1e300), .init(x: 1e300, y: -1e300), .init(x: 0, y: 1e300)])),
                  role: .marginZone)
        let (root, layout, document) = try parsedSVG(scene)
        #expect(!document.contains("nan") && !document.contains("inf"))
        let ray = try #require(root.all.first { $0.name == "line" })
        let end = layout.world(x: try ray.required("x2"), y: try ray.required("y2"))
        #expect(abs(atan2(end.y, end.x) * 180 / .pi - 30) < 1e-9)  // the same direction, ended at the box (±3)
        #expect(abs(end.x - 3) < 1e-9 && end.y < 3)
        #expect(ray.number("data-length") == 1e300)
        // The curve: 0 -> far is cut where it leaves, far -> (0.5, 0) starts a new run where it comes back, the NaN
        // point drops the segments that touch it.
        let curve = try #require(root.all.first { $0.name == "path" && $0.ancestors.contains { $0.classes == ["role-accent"] } })
        let runs = try #require(polylineRuns(try curve.attribute("d")))
        #expect(runs.count == 2)
        for run in runs {
            for pixel in run {
                let world = layout.world(x: pixel.0, y: pixel.1)
                #expect(abs(world.x) <= 3 + 1e-9 && abs(world.y) <= 3 + 1e-9)
            }
        }
        #expect(!root.all.contains { $0.name == "use" && $0.attributes["x"] != nil })
        #expect(!root.all.contains { $0.name == "text" })
        let polygon = try #require(root.all.first { $0.name == "polygon" })
        let corners = try polygon.attribute("points").split(separator: " ")
        #expect(corners.count >= 3)
        for corner in corners {
            let xy = corner.split(separator: ",").compactMap { Double($0) }
            let world = layout.world(x: xy[0], y: xy[1])
            #expect(abs(world.x) <= 3 + 1e-9 && abs(world.y) <= 3 + 1e-9)
        }
    }

    @Test func chartMapsEachAxisOnItsOwn() throws {
        var scene = Scene(bounds: WorldBounds(minX: 0, maxX: 180, minY: -1.25, maxY: 1.15), sharesScale: false,
                          title: "psi")
        let points = stride(from: 0.0, through: 180, by: 5).map { WorldPoint(x: $0, y: cos($0 * .pi / 180)) }
        scene.add(.polyline(Polyline(runs: [points])), role: .reference, tags: Tags(data: ["loss": "loss=softmax"]))
        scene.add(.axes(Axes(xTicks: [.init(0, "0°"), .init(90, "90°"), .init(200, "off")],
                             yTicks: [.init(-1, "-1"), .init(1, "1")], xName: "θ", yName: "target logit")),
                  role: .dim)
        let options = SVGOptions(width: 800, height: 500)
        let (root, layout, _) = try parsedSVG(scene, options: options)
        #expect(root.number("width") == 800 && root.number("height") == 500)
        #expect(layout.scaleX != layout.scaleY)
        #expect(layout.plotLeft + layout.plotWidth <= 800 && layout.plotTop + layout.plotHeight <= 500)
        let curve = try #require(root.all.first { $0.attributes["data-loss"] == "loss=softmax" })
        let run = try #require(polylineRuns(try curve.attribute("d"))?.first)
        #expect(run.count == points.count)
        for (pixel, point) in zip(run, points) {
            let world = layout.world(x: pixel.0, y: pixel.1)
            #expect(abs(world.x - point.x) < 1e-9 * 180 && abs(world.y - point.y) < 1e-9 * 180)
        }
        // The bounds' corners are the plot area's corners, as the root's attributes say.
        let area = try root.attribute("data-plot-area").split(separator: " ").compactMap { Double($0) }
        #expect(area == [layout.plotLeft, layout.plotTop, layout.plotWidth, layout.plotHeight])
        #expect(root.attributes["data-world-bounds"] == "0 -1.25 180 1.15")
        // Ticks inside the bounds only, each under (or beside) its value.
        let xTicks = root.all.filter { $0.classes == ["x-tick"] }
        #expect(xTicks.map(\.text) == ["0°", "90°"])
        let ninety = try #require(xTicks.last)
        #expect(abs(layout.world(x: try ninety.required("x"), y: 0).x - 90) < 1e-9)
        let yTicks = root.all.filter { $0.classes == ["y-tick"] }
        #expect(yTicks.map(\.text) == ["-1", "1"])
        #expect(abs(layout.world(x: 0, y: try #require(yTicks[0].number("y"))).y + 1) < 1e-9)
        #expect(root.all.first { $0.classes == ["y-name"] }?.text == "target logit")
    }

    @Test func planeLayoutIsWholePixels() throws {
        // 720 px wide, font 16, half a line of margin: a 704 px square plot whose sizes are written as whole
        // pixels, not as 704.0000000000001.
        let scene = PlaneFigure.scene(loss: MarginLoss(.arcface), separation: Angle(degrees: 90), normRatio: 1, samples: [])
        let (root, _, _) = try parsedSVG(scene)
        #expect(root.attributes["data-plot-area"] == "8 8 704 704")
        #expect(root.attributes["width"] == "720" && root.attributes["height"] == "720")
    }

    @Test func sharedScaleKeepsTheAspectAndFontGrowsWithTheFigure() {
        let tall = Scene(bounds: WorldBounds(minX: 0, maxX: 1, minY: 0, maxY: 2), sharesScale: true)
        let free = SVGLayout(for: tall, options: SVGOptions(width: 400))
        #expect(free.scaleX == free.scaleY)
        #expect(abs(free.plotHeight - 2 * free.plotWidth) < 1e-9)
        let boxed = SVGLayout(for: tall, options: SVGOptions(width: 400, height: 300))
        #expect(boxed.scaleX == boxed.scaleY && boxed.plotHeight <= 300 && boxed.height == 300)
        #expect(abs(boxed.plotLeft + boxed.plotWidth / 2 - 200) < 1e-9)  // centred
        let small = SVGLayout(for: tall, options: SVGOptions(width: 360)), big = SVGLayout(for: tall, options: SVGOptions(width: 1440))
        #expect(big.fontSize == 4 * small.fontSize)
        // Nonsense sizes are moved into range rather than trusted.
        let odd = SVGLayout(for: tall, options: SVGOptions(width: .nan, height: -5, fontSize: .infinity))
        #expect(odd.width == 720 && odd.height >= 16 && odd.fontSize == 16)
    }
}

/// `SVGOptions.compact`, for the committed docs figures: the same picture in fewer bytes.
@Suite struct CompactSVGTests {
    /// Six samples of one class in one group (five at distinct points, one a tenth of a pixel from the first) and
    /// a ray: compact mode writes the five distinct samples under one `<g>` that carries their shared class and
    /// data once, drops the one on an already drawn pixel, and keeps every position to within 0.005 px of the
    /// exact one; the document still parses, and the plain writer is unchanged by the option's existence.
    @Test func sharesAttributesRoundsAndThinsSamples() throws {
        var scene = Scene(bounds: WorldBounds(reach: 1), sharesScale: true, title: "compact", state: "view=plane")
        let layout = SVGLayout(for: scene, options: SVGOptions())
        let onePixel = 1 / layout.scaleX
        let points = [(0.1, 0.2), (-0.4, 0.3), (0.5, -0.6), (0.7, 0.7), (-0.8, -0.1), (0.1 + onePixel / 10, 0.2)]
        let markers = points.map { Node.element(Element(.marker(Marker(at: WorldPoint(x: $0.0, y: $0.1), shape: .dot)),
                                                        role: .palette(3), tags: Tags(classes: ["feature", "train"],
                                                                                      data: ["class": "3"]))) }
        scene.add(Group(markers, tags: Tags(classes: ["run"], data: ["run": "1"])))
        scene.add(.ray(Ray(direction: Angle(degrees: 30), length: 0.9)), role: .class1, tags: Tags(classes: ["w1"]))
        let plain = SVGWriter.svg(scene)
        let compact = SVGWriter.svg(scene, options: SVGOptions(compact: true))
        #expect(compact.utf8.count < plain.utf8.count)
        let (root, error) = parseXML(compact)
        let parsed = try #require(root, "\(error ?? "")")
        let uses = parsed.all.filter { $0.name == "use" }
        #expect(uses.count == 5)
        let shared = try #require(uses.first?.parent)
        #expect(shared.name == "g" && shared.classes == ["run", "feature", "train"])
        #expect(shared.attributes["data-class"] == "3" && shared.attributes["data-run"] == "1"
                && shared.attributes["data-glyph"] == "dot-filled")
        #expect(uses.allSatisfy { $0.parent === shared && $0.attributes["class"] == nil })
        for (use, point) in zip(uses, points.prefix(5)) {
            let exact = layout.pixel(WorldPoint(x: point.0, y: point.1))
            let (x, y) = (try use.required("x"), try use.required("y"))
            #expect(abs(x - exact.x) <= 0.005 && abs(y - exact.y) <= 0.005)
        }
        // A lone element keeps its own attributes.
        let ray = try #require(parsed.all.first { $0.name == "line" })
        #expect(ray.classes == ["w1"] && abs((ray.number("data-angle-deg") ?? 0) - 30) < 1e-9)
        #expect(!compact.contains("\n  <"), "no indentation")
        #expect(plain.contains("class=\"run feature train\""))
    }
}
