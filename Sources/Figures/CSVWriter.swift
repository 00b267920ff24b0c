import Foundation
import Geometry

/// Writes the numbers behind a scene as one long CSV table, one row per point of each element (world
/// coordinates, exact: `exactText`), so a spreadsheet or pandas can filter by `kind`, `role` or `class`.
///
/// Columns: `element,kind,role,class,part,run,point,x,y,angle_deg,radius,text`, then one `data-KEY` column per
/// data key any element has, sorted (`data-loss`, `data-status`). A cell that does not apply is empty.
/// - `element`: the element's index in `Scene.elements` (0, 1, ...); all rows of an element share it.
/// - `kind`: `ray`, `polyline`, `arc`, `sector`, `polygon`, `marker`, `label`, `axes`; `role`: `Role.name`;
///   `class`: the class words joined by spaces.
/// - ray: part `origin` then `end`, both with `angle_deg` (its direction in [0, 360)) and `radius` (its length).
/// - polyline: part `point` per point, `run` (0, 1, ... at each break) and `point` (index within the run).
/// - arc and sector: part `centre` (with `radius`), `start` and `end` (the points on the circle, with
///   `angle_deg` = the start in [0, 360) and the start plus the width).
/// - polygon: part `vertex` per corner, with `point`.
/// - marker: part `position`, `text` = the glyph (`round-filled`); label: part `position`, `text` = the text.
/// - axes: part `x-tick` (`x` = the value) or `y-tick` (`y` = the value) per tick with its text, then `x-name`
///   and `y-name`.
/// Fields holding a comma, a quote, a line break or leading or trailing space are quoted (RFC 4180, quotes
/// doubled); lines end in LF. Nothing is clipped: a point far off the figure is written as it is.
public enum CSVWriter {
    /// The fixed columns, before the data columns.
    public static let fixedColumns = ["element", "kind", "role", "class", "part", "run", "point", "x", "y", "angle_deg",
                                      "radius", "text"]

    /// The table of `scene`, ending in a newline.
    public static func csv(_ scene: Scene) -> String {
        let elements = scene.elements
        let keys = Set(elements.flatMap { $0.tags.data.keys }).sorted()
        var lines = [(fixedColumns + keys.map { "data-" + $0 }).map(field).joined(separator: ",")]
        for (index, element) in elements.enumerated() {
            let shared = [String(index), element.kind, element.role.name, element.tags.classes.joined(separator: " ")]
            let data = keys.map { element.tags.data[$0] ?? "" }
            for row in rows(of: element) {
                let cells = shared + [row.part, row.run.map(String.init) ?? "", row.point.map(String.init) ?? "",
                                      number(row.x), number(row.y), number(row.angle), number(row.radius), row.text]
                lines.append((cells + data).map(field).joined(separator: ","))
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    struct Row {
        var part: String
        var run: Int? = nil
        var point: Int? = nil
        var x: Double? = nil
        var y: Double? = nil
        var angle: Double? = nil
        var radius: Double? = nil
        var text = ""
    }

    static func rows(of element: Element) -> [Row] {
        switch element.shape {
        case .ray(let ray):
            let (angle, end) = (normalisedDegrees(ray.direction), ray.end)
            return [Row(part: "origin", x: ray.origin.x, y: ray.origin.y, angle: angle, radius: ray.length),
                    Row(part: "end", x: end.x, y: end.y, angle: angle, radius: ray.length)]
        case .polyline(let polyline):
            return polyline.runs.enumerated().flatMap { run, points in
                points.enumerated().map { Row(part: "point", run: run, point: $0, x: $1.x, y: $1.y) }
            }
        case .arc(let arc):
            return circular(centre: arc.centre, radius: arc.radius, from: arc.from, width: arc.width)
        case .sector(let sector):
            return circular(centre: sector.centre, radius: sector.radius, from: sector.from, width: sector.width)
        case .polygon(let polygon):
            return polygon.vertices.enumerated().map { Row(part: "vertex", point: $0, x: $1.x, y: $1.y) }
        case .marker(let marker):
            return [Row(part: "position", x: marker.position.x, y: marker.position.y, text: marker.glyphName)]
        case .label(let label):
            return [Row(part: "position", x: label.position.x, y: label.position.y, text: label.text)]
        case .axes(let axes):
            return axes.xTicks.map { Row(part: "x-tick", x: $0.value, text: $0.label) }
                + axes.yTicks.map { Row(part: "y-tick", y: $0.value, text: $0.label) }
                + [Row(part: "x-name", text: axes.xName), Row(part: "y-name", text: axes.yName)]
        }
    }

    static func circular(centre: WorldPoint, radius: Double, from: Angle, width: Angle) -> [Row] {
        let start = normalisedDegrees(from)
        let (a, b) = (centre.moved(radius, towards: from), centre.moved(radius, towards: Angle(radians: from.radians + width.radians)))
        return [Row(part: "centre", x: centre.x, y: centre.y, radius: radius),
                Row(part: "start", x: a.x, y: a.y, angle: start, radius: radius),
                Row(part: "end", x: b.x, y: b.y, angle: start + width.degrees, radius: radius)]
    }

    static func number(_ value: Double?) -> String { value.map(exactText) ?? "" }

    /// `text` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote, CR or LF, or starts
    /// or ends with a space.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.first == " " || text.last == " "
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
