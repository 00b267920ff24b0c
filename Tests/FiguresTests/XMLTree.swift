import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Figures

/// An element of a parsed XML document: what the tests read an SVG back with (Foundation's XMLParser, so the
/// document is checked by a real, independent parser: a malformed one fails to parse).
final class XMLElement {
    let name: String
    let attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""
    weak var parent: XMLElement?

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// This element and everything below it, depth first.
    var all: [XMLElement] { [self] + children.flatMap(\.all) }

    /// The class words.
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// The enclosing elements, nearest first.
    var ancestors: [XMLElement] {
        var result: [XMLElement] = []
        var node = parent
        while let current = node { result.append(current); node = current.parent }
        return result
    }

    /// The number in attribute `name`.
    func number(_ name: String) -> Double? { attributes[name].flatMap(Double.init) }
}

/// Parses `text`; nil with the parser's error when it is not well-formed XML.
func parseXML(_ text: String) -> (root: XMLElement?, error: String?) {
    final class Delegate: NSObject, XMLParserDelegate {
        var stack: [XMLElement] = []
        var root: XMLElement?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = XMLElement(name: name, attributes: attributes)
            element.parent = stack.last
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let delegate = Delegate()
    parser.delegate = delegate
    guard parser.parse() else { return (nil, parser.parserError.map { "\($0)" } ?? "parse failed") }
    return (delegate.root, nil)
}

/// The numbers of a path's `d` made only of `M x y` and `L x y` (what the writer emits for polylines), as runs.
func polylineRuns(_ d: String) -> [[(Double, Double)]]? {
    let tokens = d.split(separator: " ")
    var runs: [[(Double, Double)]] = []
    var index = 0
    while index < tokens.count {
        guard index + 2 < tokens.count, let x = Double(tokens[index + 1]), let y = Double(tokens[index + 2]) else { return nil }
        switch tokens[index] {
        case "M": runs.append([(x, y)])
        case "L" where !runs.isEmpty: runs[runs.count - 1].append((x, y))
        default: return nil
        }
        index += 3
    }
    return runs
}

/// Every point a path's `d` moves, lines or arcs to (the end points of `M`, `L` and `A` commands), in order.
func pathPoints(_ d: String) -> [(Double, Double)]? {
    let tokens = d.split(separator: " ")
    var points: [(Double, Double)] = []
    var index = 0
    while index < tokens.count {
        let count = switch tokens[index] {
        case "M", "L": 2
        case "A": 7
        case "Z": 0
        default: -1
        }
        guard count >= 0, index + count < tokens.count else { return nil }
        if count > 0 {
            guard let x = Double(tokens[index + count - 1]), let y = Double(tokens[index + count]) else { return nil }
            points.append((x, y))
        }
        index += count + 1
    }
    return points
}

/// The SVG of `scene`, parsed; the test fails when it is not well-formed.
func parsedSVG(_ scene: Scene, options: SVGOptions = SVGOptions()) throws -> (root: XMLElement, layout: SVGLayout, text: String) {
    let text = SVGWriter.svg(scene, options: options)
    let (root, error) = parseXML(text)
    guard let root else { throw ParseFailure(message: error ?? "", document: text) }
    return (root, SVGLayout(for: scene, options: options), text)
}

struct ParseFailure: Error, CustomStringConvertible {
    var message: String
    var document: String
    var description: String { "not well-formed XML: \(message)\n\(document.prefix(2000))" }
}

struct MissingAttribute: Error, CustomStringConvertible {
    var name: String
    var element: String
    var description: String { "<\(element)> has no usable attribute \(name)" }
}

extension XMLElement {
    /// Attribute `name`, or a thrown failure.
    func attribute(_ name: String) throws -> String {
        guard let value = attributes[name] else { throw MissingAttribute(name: name, element: self.name) }
        return value
    }

    /// The number in attribute `name`, or a thrown failure.
    func required(_ name: String) throws -> Double {
        guard let value = number(name) else { throw MissingAttribute(name: name, element: self.name) }
        return value
    }
}
