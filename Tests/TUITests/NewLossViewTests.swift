import Foundation
import Geometry
import Testing
@testable import TUI

/// Issue 10's losses in the views: the loss key reaches them, MagFace's and AdaFace's rays follow the selected
/// sample's length (`}` pushes it out), and the panel says which length the rays are drawn for.
@Suite struct NewLossViewTests {
    /// `t` steps from combined through every new loss and back to softmax.
    @Test func theLossKeyCyclesThroughTheNewLosses() {
        var state = AppState(width: 100, height: 30)
        state.lossKind = .combined
        var seen: [LossKind] = []
        for _ in 0..<LossKind.ruleKinds.count + 1 {
            update(&state, .key(.character("t")))
            seen.append(state.lossKind)
        }
        #expect(seen == LossKind.ruleKinds + [.softmax])
    }

    /// MagFace (easy margin) at the selected sample's length a has its class-1 ray at ArcFace's (θ12 − m(a))/2;
    /// pushing the sample out lengthens a, raises m(a) = 0.45 + 0.0035 (a − 10) and turns the ray towards W1.
    @Test func magFaceRaysFollowTheSelectedSamplesLength() throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("view=plane loss=magface angle=90", to: &state)
        state.samples[0] = Sample(direction: Angle(degrees: 10), radius: 0.25, label: 1)  // ‖x‖ = 0.25 · 120 = 30
        state.selectedSample = 0
        let before = state.geometry(of: .magface)
        #expect(abs(before.length - 30) < 1e-12)
        let m = 0.45 + 0.0035 * 20
        expectRay(before, (90 - Angle(radians: m).degrees) / 2)
        update(&state, .key(.character("}")))
        let after = state.geometry(of: .magface)
        #expect(after.length > before.length)
        let pushed = 0.45 + 0.0035 * (after.length - 10)
        expectRay(after, (90 - Angle(radians: pushed).degrees) / 2)
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("rays for ‖x‖ " + NumberText.significant(after.length, digits: 3)))
    }

    func expectRay(_ geometry: TwoClassGeometry, _ degrees: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let ray = geometry.regions.inner.class1?.degrees ?? .nan
        #expect(abs(ray - degrees) < 1e-6, "class-1 ray \(ray)° vs \(degrees)°", sourceLocation: sourceLocation)
    }

    /// Every new loss draws in every two-class view and the training view at 80 x 24 without a fault, and its
    /// name is on the frame.
    @Test(arguments: LossKind.ruleKinds)
    func everyViewDrawsTheNewLoss(kind: LossKind) throws {
        for view in ["plane", "psi", "angles", "compare"] {
            var state = AppState(width: 80, height: 24)
            try StateString.apply("view=\(view) loss=\(kind.rawValue) compare=\(kind.rawValue),arcface", to: &state)
            let text = frame(state).lines.joined(separator: "\n")
            #expect(text.contains(kind.displayName), "\(view) \(kind)")
        }
    }
}

/// The state string writes and reads the newer losses' keys: MagFace's easy margin off as easy_margin=0, ElasticFace's
/// seed as margin_seed= (training keeps seed=), AdaFace's given norm_mean.
@Suite struct NewLossStateStringTests {
    @Test func newLossKeysRoundTrip() throws {
        var state = AppState(width: 100, height: 30)
        try StateString.apply("loss=magface easy_margin=0 l_a=20 adaface.norm_mean=30 elastic_arcface.seed=7", to: &state)
        #expect(!state.loss.easyMargin && state.loss[.lowerLength] == 20)
        #expect(state.losses[.adaface][.normMean] == 30 && !state.losses[.adaface].isLeftToRule(.normMean))
        #expect(state.losses[.elasticArcface][.seed] == 7)
        let text = StateString.format(state)
        var reopened = AppState(width: 100, height: 30)
        try StateString.apply(text, to: &reopened)
        #expect(reopened.losses[.magface] == state.losses[.magface], "\(text)")
        #expect(reopened.losses[.adaface] == state.losses[.adaface], "\(text)")
        #expect(reopened.losses[.elasticArcface] == state.losses[.elasticArcface], "\(text)")
        var elastic = AppState(width: 100, height: 30)
        try StateString.apply("loss=elastic_cosface margin_seed=9 seed=3", to: &elastic)
        #expect(elastic.loss[.seed] == 9)
    }
}
