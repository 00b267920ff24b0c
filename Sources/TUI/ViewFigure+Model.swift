import Analysis
import Figures
import Foundation
import Geometry

extension ViewFigure {
    /// The grid the model figure thins its samples on: this many cells along each axis of the plot.
    static let modelGrid = 360

    /// View 6 as a vector figure: the (θ_target, θ_nearest) plane from 0° to the plot's top (`ModelView.axisTop`),
    /// one scale for both axes, as the screen's density plot draws it:
    /// - the zones, each of 90 rows cut into runs of equal cells (`polygon`, classes `zone` and `meets`, `inside` or
    ///   `wrong`): where a sample meets its margin against its nearest other class (role class1), where its own
    ///   class still wins without the margin (marginZone), where it loses (class2), classified by `MarginCurves`
    ///   at each cell's centre;
    /// - the no-margin line θ_nearest = θ_target, dashed (role reference, classes `curve no-margin`), and the
    ///   loss's margin curve (role accent, classes `curve margin`, `data-loss`): the angle view's class-1 curve;
    /// - the samples as dots at their exact (θ_target, θ_nearest), thinned to one dot per cell of a 360 x 360 grid
    ///   and status (`meets`, `inside`: right without the margin only, `wrong`), the dot at the cell's first such
    ///   sample and `data-count` the samples it stands for; role title, reference or dim by that count against the
    ///   fullest cell's (over a quarter, over a sixteenth, less), as the screen shades its density;
    /// - the axes, and the fraction meeting the margin written at the bottom right, where samples are wrong (class
///   `summary`).
    /// Nil without a model.
    static func model(_ state: AppState, stateText: String) -> Scene? {
        guard let model = state.model else { return nil }
        let analysis = model.current
        let top = ModelView.axisTop(analysis)
        let loss = analysis.loss
        let curves = MarginCurves(loss: loss)
        let share = NumberText.percent(analysis.fractionMeetingMargin)
        var scene = Scene(bounds: WorldBounds(minX: 0, maxX: top, minY: 0, maxY: top), sharesScale: true,
                          title: "Model: " + loss.shortDescription + ", \(analysis.samples) samples, \(analysis.classes) "
                              + "classes, " + share + " meet the margin", state: stateText)
        let rows = 90
        let size = top / Double(rows)
        func zone(_ u: Double, _ v: Double) -> (String, Role) {
            let point = curves.classify(theta1: Angle(degrees: u), theta2: Angle(degrees: v))
            return point.meetsClass1Margin ? ("meets", .class1) : point.argmaxClass == 1 ? ("inside", .marginZone)
                : ("wrong", .class2)
        }
        for row in 0..<rows {
            // Each row reaches a quarter cell into the next, which is drawn over it: no seam shows between rows.
            let (bottom, upper) = (size * Double(row), row == rows - 1 ? top : size * (Double(row) + 1.25))
            var start = 0
            var kind = zone(size / 2, bottom + size / 2)
            for column in 1...rows {
                let next = column < rows ? zone(size * (Double(column) + 0.5), bottom + size / 2) : nil
                guard next?.0 != kind.0 else { continue }
                let (left, right) = (size * Double(start), column == rows ? top : size * Double(column))
                scene.add(.polygon(Polygon(vertices: [WorldPoint(x: left, y: bottom), WorldPoint(x: right, y: bottom),
                                                      WorldPoint(x: right, y: upper), WorldPoint(x: left, y: upper)])),
                          role: kind.1, tags: Tags(classes: ["zone", kind.0]))
                if let next { (start, kind) = (column, next) }
            }
        }
        scene.add(.polyline(.segment(from: .origin, to: WorldPoint(x: top, y: top), dash: Dash(dots: 2))),
                  role: .reference, tags: Tags(classes: ["curve", "no-margin"]))
        let steps = 360
        scene.add(.polyline(Polyline(points: (0...steps).map { step -> WorldPoint? in
            let own = top * Double(step) / Double(steps)
            return curves.boundary(of: .class1, angle: Angle(degrees: own)).map { WorldPoint(x: own, y: $0.degrees) }
        })), role: .accent, tags: Tags(classes: ["curve", "margin"], data: ["loss": loss.summary]))
        // The samples, one dot per grid cell and status.
        let table = analysis.table
        var cells: [Int: (index: Int, count: Int)] = [:]
        var order: [Int] = []
        for i in 0..<analysis.samples {
            let (u, v) = (table.thetaTargetDegrees[i], table.thetaNearestDegrees[i])
            guard u.isFinite, v.isFinite else { continue }
            let status = table.meetsMargin[i] ? 0 : table.predicted[i] == table.labels[i] ? 1 : 2
            func cell(_ value: Double) -> Int { min(max(Int((value / top * Double(modelGrid)).rounded(.down)), 0), modelGrid - 1) }
            let key = (cell(v) * modelGrid + cell(u)) * 3 + status
            if let entry = cells[key] { cells[key] = (entry.index, entry.count + 1) } else {
                cells[key] = (i, 1)
                order.append(key)
            }
        }
        let fullest = max(cells.values.map(\.count).max() ?? 1, 1)
        for key in order {
            let (i, count) = cells[key]!
            let part = Double(count) / Double(fullest)
            let role: Role = part > 0.25 ? .title : part > 1.0 / 16 ? .reference : .dim
            scene.add(.marker(Marker(at: WorldPoint(x: table.thetaTargetDegrees[i], y: table.thetaNearestDegrees[i]), shape: .dot)),
                      role: role, tags: Tags(classes: ["sample", ["meets", "inside", "wrong"][key % 3]],
                                             data: ["count": String(count)]))
        }
        scene.add(.label(Label(loss.shortDescription + ": " + share + " meet the margin",
                               at: WorldPoint(x: top * 0.98, y: top * 0.02), anchor: .init(.end, .bottom))),
                  role: .title, tags: Tags(classes: ["summary"]))
        let ticks = ModelView.ticks(top: top).map { Axes.Tick($0.0, $0.1) }
        scene.add(.axes(Axes(xTicks: ticks, yTicks: ticks, xName: "θ_target in °", yName: "↑ θ_nearest")), role: .dim)
        return scene
    }
}
