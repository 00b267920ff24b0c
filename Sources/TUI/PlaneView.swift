import Foundation
import Geometry

/// Where the plane view puts its canvas and side panel, shared by drawing and by mouse clicks.
struct PlaneLayout {
    let canvas: Rect
    let panel: Rect
    let viewport: Viewport

    init(state: AppState) {
        let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 3)
        let panelWidth = min(36, max(28, body.width / 3))
        canvas = Rect(x: body.x, y: body.y, width: body.width - panelWidth, height: body.height)
        panel = Rect(x: canvas.x + canvas.width, y: body.y, width: panelWidth, height: body.height)
        viewport = PlaneCanvas.viewport(for: canvas)
    }

    /// Distance in cell widths between a sample and a dot (dots are half a cell wide, a quarter of a cell tall).
    func distanceInCells(from sample: Sample, toDot x: Double, _ y: Double) -> Double {
        let dot = viewport.dot(sample.x, sample.y)
        return (((dot.x - x) / 2) * ((dot.x - x) / 2) + ((dot.y - y) / 4) * ((dot.y - y) / 4) * 4).squareRoot()
    }
}

/// One loss's two-class picture, computed once a frame: its geometry, the regions on the whole circle, the rays
/// of both sectors, and why a class's region misses its weight vector where it does.
struct TwoClassPicture {
    let geometry: TwoClassGeometry
    let regions: TwoClassRegions
    let inner: SectorBoundaries
    let outer: SectorBoundaries
    let shortfalls: [ClassLabel: RegionShortfall]
    /// The regions the sub-centres win (one per class region where k = 1).
    let subCenterArcs: [SubCenterArc]
    /// ElasticFace's band: the regions at m − 2σ and m + 2σ; nil for every other loss.
    let band: (lower: TwoClassRegions, upper: TwoClassRegions)?

    init(_ state: AppState, kind: LossKind) { self.init(state, loss: state.losses[kind]) }

    /// The picture of `loss` (a compare panel's own) with the state's angle and ratio.
    init(_ state: AppState, loss: MarginLoss) {
        geometry = state.geometry(of: loss)
        regions = geometry.regions
        inner = regions.inner
        outer = regions.outer
        shortfalls = geometry.shortfalls(in: regions)
        subCenterArcs = geometry.subCenterArcs(in: regions)
        band = geometry.elasticBand.map { ($0.lower.regions, $0.upper.regions) }
    }

    /// The margin and overlap arcs whose middle lies between W1 and W2, where the canvas writes their width.
    var innerZones: [RegionArc] {
        regions.arcs.filter { arc in
            guard arc.kind == .margin || arc.kind == .overlap else { return false }
            let middle = DirectionArc(from: .zero, to: regions.separation)
                .lifted(Angle(radians: (arc.from.radians + arc.to.radians) / 2))
            return middle <= regions.separation.radians && arc.width.radians < .pi * 2
        }
    }
}

/// The selected sample and what the loss says about it, computed once a frame for the canvas and the panel.
struct InspectedSample {
    let index: Int
    let sample: Sample
    let inspection: SampleInspection

    /// The state's selected sample under `geometry`, or nil when none is selected.
    init?(_ state: AppState, geometry: TwoClassGeometry) {
        guard let index = state.selectedSample, state.samples.indices.contains(index) else { return nil }
        self.index = index
        sample = state.samples[index]
        let unit = state.lengthUnit(for: geometry.loss.kind)  // MagFace, AdaFace: the sample at its feature length
        var weights = state.weights(for: geometry.loss.kind)
        let k = geometry.subCenters.count
        if k > 1 {  // Sub-center ArcFace: every sub-centre a weight row, class 1's first (the loss's layout)
            weights = Matrix(ClassLabel.allCases.flatMap { label in
                geometry.subCenterDirections(of: label).map { [cos($0.radians), sin($0.radians)] }
            })
        }
        inspection = SampleInspection(loss: geometry.loss, weights: weights, feature: [sample.x * unit, sample.y * unit],
                                      label: sample.label - 1)
    }
}

/// The plane view: the canvas on the left, the parameters, margins and sample inspector on the right.
enum PlaneView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let layout = PlaneLayout(state: state)
        let picture = TwoClassPicture(state, kind: state.lossKind)
        let inspected = InspectedSample(state, geometry: picture.geometry)
        PlaneCanvas.draw(state, picture, in: layout.canvas, into: &buffer, inspected: inspected)
        var panel = PanelWriter(layout.panel)
        SidePanel.controls(state, into: &buffer, writer: &panel)
        SidePanel.margins(picture, state: state, into: &buffer, writer: &panel)
        SidePanel.inspector(inspected, picture: picture, state: state, into: &buffer, writer: &panel)
    }
}
