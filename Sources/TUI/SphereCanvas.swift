import Figures
import Foundation
import Geometry

/// Draws a `SphereScene` through a camera onto a Braille canvas: the unit sphere's outline; on the front hemisphere
/// each cell shaded by the cap it lies in (the class that wins there and meets its margin) or as the band between
/// caps, and the caps' rims dotted at dot resolution; sample directions as dots, bright on the front hemisphere and
/// dim grey on the back; each class weight as an axis from the centre, solid to a tip in front, dotted to one behind,
/// with its name at the tip.
enum SphereCanvas {
    /// Where the sphere lands in a canvas of `rect`'s size: its centre in dots and its radius in dots (room left
    /// round it for the names at the tips). Dots are square, so the outline is a true circle.
    struct Placement {
        let centreX, centreY, radius: Double

        init(_ rect: Rect) {
            let (width, height) = (Double(rect.width * 2), Double(rect.height * 4))
            centreX = (width - 1) / 2
            centreY = (height - 1) / 2
            radius = max(min(width - 16, height - 6) / 2, 2)
        }

        /// The dot of a canvas point (x right, y up; the outline is the unit circle).
        func dot(_ point: WorldPoint) -> (x: Double, y: Double) {
            (centreX + point.x * radius, centreY - point.y * radius)
        }

        /// The canvas point at dot (x, y).
        func point(dotX x: Double, dotY y: Double) -> WorldPoint {
            WorldPoint(x: (x - centreX) / radius, y: (centreY - y) / radius)
        }
    }

    /// Dark backgrounds for the caps of a trained run's classes, the training view's ten hues darkened (256 colours).
    static let capShades = [17, 94, 22, 52, 54, 58, 89, 238, 100, 23]

    /// The background of class `j`'s cap.
    static func capShade(_ j: Int, scene: SphereScene, theme: Theme) -> Color {
        guard theme.shadesRegions else { return .default }
        if !scene.isRun { return j == 0 ? theme.class1Region : theme.class2Region }
        return Color(capShades[j % capShades.count])
    }

    /// The style of class `j`'s axis, name and front samples.
    static func classStyle(_ j: Int, scene: SphereScene, theme: Theme, test: Bool = false) -> Style {
        scene.isRun ? theme.markStyle(j, test: test) : theme.classStyle(j + 1)
    }

    static func draw(_ scene: SphereScene, camera: SphereCamera, theme: Theme, in rect: Rect,
                     into buffer: inout Buffer) {
        var canvas = BrailleCanvas(width: rect.width, height: rect.height)
        let placement = Placement(rect)
        let view = camera.view
        // The region under every dot of the front hemisphere, nil off the sphere.
        let (dotWidth, dotHeight) = (canvas.dotWidth, canvas.dotHeight)
        var regions = [SphereRegion?](repeating: nil, count: dotWidth * dotHeight)
        for y in 0..<dotHeight {
            for x in 0..<dotWidth {
                let point = placement.point(dotX: Double(x), dotY: Double(y))
                guard let u = view.sphere(at: point) else { continue }
                regions[y * dotWidth + x] = scene.caps.region(at: u)
            }
        }
        // Cells: shaded by the region under their centre (the band stippled where there is no shading).
        for row in 0..<canvas.height {
            for column in 0..<canvas.width {
                let point = placement.point(dotX: Double(column * 2) + 0.5, dotY: Double(row * 4) + 1.5)
                guard let u = view.sphere(at: point) else { continue }
                let region = scene.caps.region(at: u)
                if theme.shadesRegions {
                    canvas.shade(column: column, row: row,
                                 region.meetsMargin ? capShade(region.winner, scene: scene, theme: theme) : theme.marginRegion)
                } else if !region.meetsMargin && row % 2 == 0 && column % 2 == 0 {
                    canvas.set(dotX: column * 2, dotY: row * 4 + 1, style: theme.dim)
                }
            }
        }
        // Rims: a dot where a cap ends to its right or below (into the band, or into another cap where two touch).
        func rim(_ a: SphereRegion, _ b: SphereRegion?) -> Bool {
            guard let b else { return false }
            return a.meetsMargin != b.meetsMargin || (a.meetsMargin && a.winner != b.winner)
        }
        for y in 0..<dotHeight {
            for x in 0..<dotWidth {
                guard let here = regions[y * dotWidth + x] else { continue }
                if rim(here, x + 1 < dotWidth ? regions[y * dotWidth + x + 1] : nil)
                    || rim(here, y + 1 < dotHeight ? regions[(y + 1) * dotWidth + x] : nil) {
                    canvas.set(dotX: x, dotY: y, style: theme.reference)
                }
            }
        }
        // The outline.
        let steps = Int(placement.radius * 8)
        for step in 0..<steps {
            let t = 2 * Double.pi * Double(step) / Double(steps)
            canvas.set(placement.dot(WorldPoint(x: cos(t), y: sin(t))), style: theme.reference)
        }
        let projectedSamples = scene.samples.compactMap { sample in
            view.projectDirection(sample.direction).map { (point: $0, label: sample.label, test: sample.test) }
        }
        let tips = scene.caps.weights.map { view.projectDirection($0) }
        // Behind first: the samples and axes of the back hemisphere, dim.
        for sample in projectedSamples where !sample.point.isFront {
            canvas.set(placement.dot(sample.point.point), style: theme.dim)
        }
        let centre = placement.dot(.origin)
        for tip in tips.compactMap({ $0 }) where !tip.isFront {
            canvas.line(from: centre, to: placement.dot(tip.point), style: theme.dim, dash: 1)
        }
        // Then the front: samples bright in their class's colour, the axes solid.
        for sample in projectedSamples where sample.point.isFront {
            canvas.set(placement.dot(sample.point.point),
                       style: classStyle(sample.label, scene: scene, theme: theme, test: sample.test))
        }
        for (j, tip) in tips.enumerated() {
            guard let tip, tip.isFront else { continue }
            canvas.line(from: centre, to: placement.dot(tip.point), style: classStyle(j, scene: scene, theme: theme))
        }
        // Names just beyond each tip, away from the centre.
        for (j, tip) in tips.enumerated() {
            guard let tip, j < scene.names.count else { continue }
            let length = (tip.point.x * tip.point.x + tip.point.y * tip.point.y).squareRoot()
            // A tip at the centre (pointing at the viewer or away) is named above it in front, below it behind.
            let out = length > 1e-9 ? WorldPoint(x: tip.point.x / length, y: tip.point.y / length)
                : WorldPoint(x: 0, y: tip.isFront ? 1 : -1)
            let label = placement.dot(WorldPoint(x: tip.point.x + out.x * 0.12, y: tip.point.y + out.y * 0.12))
            let cell = BrailleCanvas.cell(containing: label)
            canvas.label(scene.names[j], centredAt: cell.column, row: cell.row,
                         style: tip.isFront ? classStyle(j, scene: scene, theme: theme) : theme.dim)
        }
        canvas.draw(into: &buffer, x: rect.x, y: rect.y)
    }
}
