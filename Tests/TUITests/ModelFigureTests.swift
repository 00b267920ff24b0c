import Figures
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Geometry
import Testing
@testable import TUI

/// View 6 written as SVG (`render --view model --format svg`, ^S) and parsed back with Foundation's XMLParser: the
/// samples' dots at the committed model's angles, the NumPy script's count of samples meeting the margin, the
/// margin curve against the ArcFace paper's line, and the zones under them.
@Suite struct ModelFigureTests {
    /// The elements of an SVG document: name, attributes and text, in document order.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        var open: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append((name, attributes, ""))
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let innermost = open.last { elements[innermost].text += string }
        }
    }

    static func parsed(_ scene: Scene) throws -> (elements: [(name: String, attributes: [String: String], text: String)],
                                                  layout: SVGLayout) {
        let reader = Reader()
        let parser = XMLParser(data: Data(SVGWriter.svg(scene).utf8))
        parser.delegate = reader
        #expect(parser.parse(), "the SVG is well-formed XML")
        return (reader.elements, SVGLayout(for: scene, options: SVGOptions()))
    }

    static func classes(_ attributes: [String: String]) -> [String] {
        (attributes["class"] ?? "").split(separator: " ").map(String.init)
    }

    /// ArcFace m = 0.5, s = 64 on the committed 300-sample model: the NumPy script that made it counted 158 samples
    /// meeting the margin (expected_summary.json). Every dot lies at some sample's (θ_target, θ_nearest), the dots'
    /// counts add up to the 300 samples and those of the `meets` dots to 158; the margin curve is ArcFace's line
    /// θ_nearest = θ_target + m (m = 28.647890°) while that stays under 180°; a dot is `meets` exactly when it lies
    /// above that line, and away from it in a `meets` zone.
    @Test func theModelReadsBackAgainstItsSamples() throws {
        let state = try ModelViewTests.state("view=model loss=arcface m=0.5 s=64 "
            + ModelTokens.tokens(ModelViewTests.files).joined(separator: " "), width: 120, height: 40)
        let scene = try #require(ViewFigure.scene(state))
        let (elements, layout) = try Self.parsed(scene)
        #expect(elements.first { $0.name.hasSuffix("state") }?.text == StateString.format(state))
        let table = try #require(state.model).current.table
        let samples = Set(zip(table.thetaTargetDegrees, table.thetaNearestDegrees).map { "\($0.0) \($0.1)" })
        let dots = elements.filter { Self.classes($0.attributes).contains("sample") }
        var (total, meeting) = (0, 0)
        let m = 0.5 * 180 / Double.pi
        let zones = elements.filter { $0.name == "polygon" && Self.classes($0.attributes).contains("zone") }.map { zone in
            let corners = (zone.attributes["points"] ?? "").split(separator: " ").map { pair -> WorldPoint in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return layout.world(x: xy[0], y: xy[1])
            }
            return (Self.classes(zone.attributes).last ?? "", Polygon(vertices: corners))
        }
        for dot in dots {
            let at = layout.world(x: Double(dot.attributes["x"] ?? "") ?? .nan, y: Double(dot.attributes["y"] ?? "") ?? .nan)
            // Pixels are exact, so the world point comes back to the sample's angles within rounding.
            let match = zip(table.thetaTargetDegrees, table.thetaNearestDegrees).contains {
                abs($0.0 - at.x) < 1e-9 && abs($0.1 - at.y) < 1e-9
            }
            #expect(match, "no sample at \(at)")
            let count = Int(dot.attributes["data-count"] ?? "") ?? 0
            total += count
            // ArcFace's margin against the nearest class: cos(θ_target + m) > cos θ_nearest, θ_nearest > θ_target + m.
            let meets = Self.classes(dot.attributes).contains("meets")
            let room = at.y - (at.x + m)
            if abs(room) > 1e-9 { #expect(meets == (room > 0), "\(at)") }
            if meets { meeting += count }
            // The zones are classified at the centres of 2° cells: away from the line the dot's zone says the same.
            if abs(room) > 4 { #expect((zones.last { $0.1.contains(at) }?.0 == "meets") == meets, "\(at)") }
        }
        #expect(!samples.isEmpty && total == 300 && meeting == 158)
        let margin = try #require(elements.first { Self.classes($0.attributes).contains("margin") })
        #expect(margin.attributes["data-loss"] == "loss=arcface m=0.5 s=64")
        let numbers = (margin.attributes["d"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(numbers.count > 100)
        for index in stride(from: 0, to: numbers.count - 1, by: 2) {
            let point = layout.world(x: numbers[index], y: numbers[index + 1])
            if point.x + 28.64789 < 179 { #expect(abs(point.y - (point.x + 0.5 * 180 / .pi)) < 1e-6, "\(point)") }
        }
        let summary = try #require(elements.first { Self.classes($0.attributes).contains("summary") })
        #expect(summary.text == "ArcFace m=0.5 s=64: 52.7% meet the margin")
    }

    /// Without a model there is nothing to draw; ^S works in view 6 once one is open.
    @Test func withoutAModelThereIsNoFigure() throws {
        var state = AppState(width: 120, height: 40)
        state.view = .model
        #expect(ViewFigure.scene(state) == nil)
        let opened = try ModelViewTests.state("view=model " + ModelTokens.tokens(ModelViewTests.files).joined(separator: " "),
                                              width: 120, height: 40)
        var saving = opened
        update(&saving, .key(.controlS))
        #expect(saving.saveRequested && ViewFigure.baseName(opened) == "model-arcface")
    }
}
