import Foundation
import Geometry

extension PlaneFigure {
    /// The content of a plane scene cut to its square [-reach, reach]², for a figure that sets several planes side
    /// by side (the compare view), where rays and regions that run past the corners would cross into the next
    /// panel: each ray ends where it leaves the square (same direction, shorter), and each region's sector becomes
    /// the polygon of its part inside the square (classes and tags kept, with `data-from-deg`/`data-to-deg`).
    public static func panelContent(_ scene: Scene) -> [Node] {
        let box = WorldBounds(reach: reach)
        return scene.elements.compactMap { element -> Node? in
            var copy = element
            switch element.shape {
            case .ray(var ray) where ray.origin == .origin:
                let (c, s) = (abs(cos(ray.direction.radians)), abs(sin(ray.direction.radians)))
                ray.length = min(ray.length, reach / max(c, s))
                copy.shape = .ray(ray)
            case .sector(let sector) where sector.centre == .origin:
                let width = sector.width.radians
                var vertices: [WorldPoint]
                if width >= 2 * .pi {
                    vertices = [WorldPoint(x: -reach, y: -reach), WorldPoint(x: reach, y: -reach),
                                WorldPoint(x: reach, y: reach), WorldPoint(x: -reach, y: reach)]
                } else {
                    // The wedge's arc lies outside the square (radius > reach √2), so after the cut the polygon's
                    // edges are the two rays and the square's sides, exactly.
                    let radius = max(sector.radius, reach * 2)
                    let steps = max(Int((width / (.pi / 90)).rounded(.up)), 1)
                    vertices = [.origin] + (0...steps).map {
                        WorldPoint.origin.moved(radius, towards: Angle(radians: sector.from.radians
                            + width * Double($0) / Double(steps)))
                    }
                    guard let cut = Clipping.polygon(vertices, in: box) else { return nil }
                    vertices = cut
                }
                copy.shape = .polygon(Polygon(vertices: vertices))
                copy.tags.data["from-deg"] = exactText(normalisedDegrees(sector.from))
                copy.tags.data["to-deg"] = exactText(normalisedDegrees(sector.from) + sector.width.degrees)
            default: break
            }
            return .element(copy)
        }
    }
}
