import Foundation
import Geometry
import Testing
@testable import Figures
@testable import TUI

/// The plane's SVG (`render --view plane --format svg`) for the losses whose picture holds for more than the loss:
/// Sub-center ArcFace's sub-centres and the regions they win, ElasticFace's band, MagFace's and AdaFace's rays at
/// the selected sample's length. Each figure is written, parsed, and its rays' directions read back from their
/// pixel ends, against answers worked out here from the definitions and the reference's ArcFace rays.
@Suite struct NewLossPlaneFigureTests {
    static func state(_ text: String) throws -> AppState {
        var state = AppState(width: 120, height: 40)
        try StateString.apply(text, to: &state)
        return state
    }

    /// The direction of each `<line>` of class `name` (in [0, 360) degrees), read from its pixel ends through the
    /// layout, sorted.
    static func rays(_ name: String, in root: XMLElement, _ layout: SVGLayout) throws -> [Double] {
        try root.all.filter { $0.name == "line" && $0.classes.contains(name) }.map { line in
            let start = layout.world(x: try line.required("x1"), y: try line.required("y1"))
            let end = layout.world(x: try line.required("x2"), y: try line.required("y2"))
            var degrees = atan2(end.y - start.y, end.x - start.x) * 180 / .pi
            if degrees < 0 { degrees += 360 }
            return degrees
        }.sorted()
    }

    static func close(_ a: [Double], _ b: [Double], within tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && zip(a, b.sorted()).allSatisfy { abs($0 - $1) < tolerance }
    }

    /// k = 3 at θ12 = 90°: the sub-centres at W + (r − 1) · 15°, the dividers half-way between neighbours inside
    /// each region (7.5°, 352.5°; 82.5°, 97.5°), the inner class rays ArcFace's between 15° and 75° (the
    /// reference's θ12 = 60°: 15.676055° from each), the outer ones 225° ± m/2 (where θ̃1 + m = θ̃2 from the tie
    /// at 225°, 120° from both 345° and 105°); no lone W1 or W2 arrow, and each sub-centre's won width.
    @Test func subCentresAndTheirRegionsReadBack() throws {
        let scene = try #require(ViewFigure.scene(try Self.state("view=plane loss=subcenter_arcface angle=90")))
        let (root, layout, _) = try parsedSVG(scene)
        #expect(Self.close(try Self.rays("w1-subcenter", in: root, layout), [0, 15, 345]))
        #expect(Self.close(try Self.rays("w2-subcenter", in: root, layout), [75, 90, 105]))
        #expect(try Self.rays("w1", in: root, layout).isEmpty && Self.rays("w2", in: root, layout).isEmpty)
        #expect(Self.close(try Self.rays("class1-subcenter-divider", in: root, layout), [7.5, 352.5]))
        #expect(Self.close(try Self.rays("class2-subcenter-divider", in: root, layout), [82.5, 97.5]))
        let halfMargin = 0.25 * 180 / Double.pi
        #expect(Self.close(try Self.rays("class1-boundary", in: root, layout), [15 + 15.676055, 225 + halfMargin]))
        #expect(Self.close(try Self.rays("class2-boundary", in: root, layout), [75 - 15.676055, 225 - halfMargin]))
        // The middle sub-centre wins exactly its ±7.5°; the +15° one from 7.5° to the inner ray.
        let won = root.all.filter { $0.classes.contains("w1-subcenter") }
            .reduce(into: [String: Double]()) { $0[$1.attributes["data-index"] ?? ""] = $1.number("data-won-deg") }
        #expect(abs((won["2"] ?? 0) - 15) < 1e-9)
        #expect(abs((won["3"] ?? 0) - (15 + 15.676055 - 7.5)) < 1e-6)
        let title = root.all.first { $0.name == "title" }?.text ?? ""
        #expect(title.contains("sub_centers=3") && title.contains("3 sub-centres per class 15° apart"), "\(title)")
        // One sub-centre: ArcFace's picture, W1 and W2 themselves.
        let single = try #require(ViewFigure.scene(try Self.state("view=plane loss=subcenter_arcface sub_centers=1 angle=90")))
        let (one, oneLayout, _) = try parsedSVG(single)
        #expect(Self.close(try Self.rays("w1", in: one, oneLayout), [0]))
        #expect(try Self.rays("w1-subcenter", in: one, oneLayout).isEmpty)
    }

    /// The compare panels draw as the plane does: the sub-centre panel holds its six sub-centres and the elastic
    /// panel its band, each cut to its own square (a ray read back ends within reach of its panel's centre).
    @Test func comparePanelsHoldSubCentresAndBands() throws {
        let scene = try #require(ViewFigure.scene(try Self.state(
            "view=compare angle=90 ratio=1 compare=subcenter_arcface,elastic_arcface elastic_arcface.sigma=0.1")))
        let (root, layout, _) = try parsedSVG(scene)
        let lines = root.all.filter { $0.name == "line" }
        let inPanel = { (panel: String, name: String) in
            lines.filter { $0.attributes["data-panel"] == panel && $0.classes.contains(name) }
        }
        #expect(inPanel("1", "w1-subcenter").count == 3 && inPanel("1", "w2-subcenter").count == 3)
        #expect(inPanel("2", "band").count == 8 && inPanel("1", "band").isEmpty)  // 2 ends × 2 classes × 2 sectors
        #expect(inPanel("2", "w1-subcenter").isEmpty && inPanel("2", "w1").count == 1)
        for line in lines where line.attributes["data-panel"] != nil {
            let start = layout.world(x: try line.required("x1"), y: try line.required("y1"))
            let end = layout.world(x: try line.required("x2"), y: try line.required("y2"))
            #expect(abs(end.x - start.x) <= PlaneFigure.reach + 1e-9 && abs(end.y - start.y) <= PlaneFigure.reach + 1e-9)
        }
    }

    /// ElasticFace's band with equal norms at θ12 = 90°: the class-1 rays at ArcFace's (θ12 − m')/2 and CosFace's
    /// θ12/2 − asin(m'/(2 sin(θ12/2))) for m' = m ∓ 2σ, the class-2 rays mirrored about 45°, dotted, beside the
    /// solid rays at m.
    @Test func elasticBandRaysReadBack() throws {
        for (loss, m, sigma) in [("elastic_arcface", 0.5, 0.1), ("elastic_cosface", 0.35, 0.05)] {
            let scene = try #require(ViewFigure.scene(try Self.state("view=plane loss=\(loss) sigma=\(sigma) angle=90")))
            let (root, layout, _) = try parsedSVG(scene)
            let ray = { (margin: Double) -> Double in
                loss == "elastic_arcface" ? (90 - margin * 180 / .pi) / 2
                    : 45 - asin(margin / (2 * sin(Double.pi / 4))) * 180 / .pi
            }
            let band = root.all.filter { $0.name == "line" && $0.classes.contains("band") }
            #expect(band.allSatisfy { $0.attributes["stroke-dasharray"] != nil }, "\(loss)")
            let inner1 = try Self.rays("band", in: root, layout).filter { $0 < 45 }
            #expect(Self.close(inner1, [ray(m - 2 * sigma), ray(m + 2 * sigma)]), "\(loss): \(inner1)")
            let inner2 = try Self.rays("band", in: root, layout).filter { $0 > 45 && $0 < 90 }
            #expect(Self.close(inner2, [90 - ray(m - 2 * sigma), 90 - ray(m + 2 * sigma)]), "\(loss): \(inner2)")
            let mean = try Self.rays("class1-boundary", in: root, layout).filter { $0 < 45 }
            #expect(mean.count == 3 && mean.contains { abs($0 - ray(m)) < 1e-6 }, "\(loss): \(mean)")  // 2 band + 1
            let margins = Set(band.compactMap { $0.number("data-m") })
            #expect(margins.count == 2 && margins.contains { abs($0 - (m - 2 * sigma)) < 1e-12 })
        }
    }

    /// MagFace draws its rays for the selected sample's length a = radius · 2 · (l_a + u_a)/2 (the explorer's unit),
    /// m(a) = l_m + (u_m − l_m)(a − l_a)/(u_a − l_a) clipped to [l_m, u_m] (the paper's linear margin), so the
    /// class-1 ray is ArcFace's (θ12 − m(a))/2; moving the sample moves the ray, and the title names the length.
    @Test func magFaceRaysFollowTheSelectedSample() throws {
        var state = try Self.state("view=plane loss=magface angle=90")
        var seen: Set<Int> = []
        for index in state.samples.indices where state.samples[index].label == 1 {
            state.selectedSample = index
            let a = state.samples[index].radius * 2 * 60
            let m = min(max(0.45 + 0.35 * (a - 10) / 100, 0.45), 0.8)
            let (root, layout, _) = try parsedSVG(try #require(ViewFigure.scene(state)))
            let inner = try Self.rays("class1-boundary", in: root, layout).filter { $0 < 45 }
            #expect(Self.close(inner, [(90 - m * 180 / .pi) / 2]), "sample \(index): a \(a): \(inner)")
            let title = root.all.first { $0.name == "title" }?.text ?? ""
            #expect(title.contains("rays for ‖x‖ = " + NumberText.significant(a, digits: 4)), "\(title)")
            seen.insert(Int((m * 1e6).rounded()))
        }
        #expect(seen.count > 1)  // the samples lie at different lengths, so the ray moved
    }

    /// AdaFace (m 0.4, h 0.333) with μ = 20, σ = 5: the selected sample's length a = radius · 2μ gives
    /// ẑ = clip(h (a − μ)/(σ + ε), −1, 1) with ε = 0.001 (the reference's z = 0.665867 at a = 30), and the inner
    /// class-1 ray is where cos θ_m − m − m ẑ = cos θ2 = sin θ1 at θ12 = 90°, θ_m = clip(θ1 − m ẑ, ε, π − ε) (the
    /// official head.py's clip: near W1 a sample with ẑ > 0 has θ1 < m ẑ), found here by bisection on [0°, 45°].
    @Test func adaFaceRaysFollowTheSelectedSample() throws {
        var state = try Self.state("view=plane loss=adaface norm_mean=20 norm_std=5 angle=90")
        var rays: Set<Int> = []
        for index in state.samples.indices where state.samples[index].label == 1 {
            state.selectedSample = index
            let a = state.samples[index].radius * 2 * 20
            let z = min(max(0.333 * (a - 20) / 5.001, -1), 1)
            let f = { (phi: Double) in cos(min(max(phi - 0.4 * z, 0.001), .pi - 0.001)) - 0.4 - 0.4 * z - sin(phi) }
            var (low, high) = (0.0, Double.pi / 4)
            for _ in 0..<100 { let middle = (low + high) / 2; if f(middle) > 0 { low = middle } else { high = middle } }
            let expected = low * 180 / .pi
            let (root, layout, _) = try parsedSVG(try #require(ViewFigure.scene(state)))
            let inner = try Self.rays("class1-boundary", in: root, layout).filter { $0 < 45 }
            #expect(Self.close(inner, [expected]), "sample \(index): a \(a), ẑ \(z): \(inner) against \(expected)")
            let title = root.all.first { $0.name == "title" }?.text ?? ""
            #expect(title.contains("rays for ‖x‖ = " + NumberText.significant(a, digits: 4)), "\(title)")
            rays.insert(Int((expected * 1e4).rounded()))
        }
        #expect(rays.count > 1)
    }
}
