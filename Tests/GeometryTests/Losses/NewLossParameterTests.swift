import Foundation
import Testing
@testable import Geometry

/// The parameter tables: the defaults the types start with are the tables' defaults and lie in the ranges, the
/// ranges refuse what they should, the cross-parameter rules hold, and the names are the issue's `type` column.
@Suite struct NewLossParameterTests {
    static let defaults: [any LogitRule] = [
        AdaCos(), SubCenterArcFace(), CurricularFace(), MagFace(), AdaFace(), ElasticFace(.arc), ElasticFace(.cos),
        CircleLoss(),
    ]

    /// The issue's table: adacos, subcenter_arcface, curricularface, magface, adaface, elastic_arcface,
    /// elastic_cosface, circle.
    @Test func namesAreTheIssuesTypes() {
        #expect(Self.defaults.map(\.name) == ["adacos", "subcenter_arcface", "curricularface", "magface", "adaface",
                                               "elastic_arcface", "elastic_cosface", "circle"])
    }

    /// The issue's defaults: m 0.5 / s 64 / 3 sub-centres; m 0.5, s 64, t 0; MagFace s 64, l_a 10, u_a 110, l_m 0.45,
    /// u_m 0.8, λ_g 35; AdaFace m 0.4, h 0.333, s 64; Elastic m 0.5 / 0.35, s 64, σ 0.05; Circle m 0.25, γ 256.
    /// A table default of `.value(x)` is what the type starts with; a rule or a batch statistic leaves it out.
    @Test func tableDefaultsAreTheTypesDefaults() {
        let expected: [String: [String: Double]] = [
            "subcenter_arcface": ["m": 0.5, "s": 64, "sub_centers": 3],
            "curricularface": ["m": 0.5, "s": 64, "t": 0],
            "magface": ["s": 64, "l_a": 10, "u_a": 110, "l_m": 0.45, "u_m": 0.8, "lambda_g": 35],
            "adaface": ["m": 0.4, "h": 0.333, "s": 64],
            "elastic_arcface": ["m": 0.5, "s": 64, "sigma": 0.05],
            "elastic_cosface": ["m": 0.35, "s": 64, "sigma": 0.05],
            "circle": ["m": 0.25, "gamma": 256],
            "adacos": [:],
        ]
        for rule in Self.defaults {
            let want = expected[rule.name] ?? [:]
            for spec in rule.parameterSpecs {
                switch spec.defaultValue {
                case .value(let value):
                    #expect(rule.value(of: spec.key) == value, "\(rule.name).\(spec.key)")
                    #expect(want[spec.key] == value, "\(rule.name).\(spec.key) against the issue")
                    #expect(spec.range.contains(value), "\(rule.name).\(spec.key) default inside its range")
                case .classCountRule, .batchStatistic:
                    #expect(rule.value(of: spec.key) == nil, "\(rule.name).\(spec.key) left out")
                }
            }
            #expect(Set(rule.parameterSpecs.map(\.key)).isSuperset(of: want.keys), "\(rule.name) takes every key")
            #expect(rule.parameterProblem() == nil, "\(rule.name) defaults are usable")
        }
        #expect(AdaCos().parameterSpecs.first?.defaultValue == .classCountRule)
        #expect(AdaFace().parameterSpecs.filter { $0.defaultValue == .batchStatistic }.map(\.key)
                == ["norm_mean", "norm_std"])
    }

    /// Switches: MagFace's easy margin on (MagLinear's default), AdaCos's dynamic off, AdaFace's through_norm off
    /// (the official code detaches the norm).
    @Test func flagDefaults() {
        #expect(MagFace().flagSpecs == [LossFlagSpec("easy_margin", default: true, meaning: MagFace().flagSpecs[0].meaning)])
        #expect(MagFace().easyMargin)
        #expect(AdaCos().flagSpecs.map(\.defaultValue) == [false] && !AdaCos().dynamic)
        #expect(AdaFace().flagSpecs.map(\.key) == ["through_norm"] && !AdaFace().throughNorm)
    }

    /// Out of range, not whole, not finite, and the cross-parameter rules, as data with the key at fault.
    @Test func problems() {
        #expect(SubCenterArcFace(m: 2).parameterProblem()?.key == "m")
        #expect(SubCenterArcFace(subCenters: 11).parameterProblem()?.key == "sub_centers")
        #expect(CurricularFace(t: 1.5).parameterProblem()?.key == "t")
        #expect(AdaCos(s: .nan).parameterProblem()?.key == "s")
        #expect(AdaCos(s: 300).parameterProblem()?.key == "s")
        #expect(AdaCos(s: 0).parameterProblem() == nil)
        #expect(AdaFace(normStd: -1).parameterProblem()?.key == "norm_std")
        #expect(AdaFace(normMean: 0).parameterProblem()?.key == "norm_mean")
        #expect(ElasticFace(.cos, m: 1.2).parameterProblem()?.key == "m")
        #expect(ElasticFace(.arc, m: 1.2).parameterProblem() == nil)
        #expect(CircleLoss(m: 0.6).parameterProblem()?.key == "m")
        let inverted = MagFace(lowerLength: 200)
        #expect(inverted.parameterProblem() == LossParameterProblem(key: "l_a",
                                                                   problem: .mustBeBelow(other: "u_a", orEqual: false)))
        #expect(inverted.parameterProblem()?.message(values: inverted.value(of:)) == "l_a = 200 must be below u_a = 110")
        #expect(MagFace(lowerLength: 110).parameterProblem()?.key == "l_a")
        #expect(MagFace(lowerMargin: 0.9).parameterProblem()?.key == "l_m")
        #expect(MagFace(lowerMargin: 0.8).parameterProblem() == nil)
        let message = SubCenterArcFace(m: 2).parameterProblem()?.message(values: { _ in nil })
        #expect(message == "m = 2 is out of range: it must be 0 to 1.5 (radians)")
    }

    /// Steps: lengths step by ×1.25 and stay inside their range; margins by +0.05.
    @Test func steps() throws {
        let specs = MagFace().parameterSpecs
        let lower = try #require(specs.first { $0.key == "l_a" })
        #expect(lower.stepped(10, presses: 1) == 12.5)
        #expect(lower.stepped(10, presses: -1) == 8)
        #expect(lower.stepped(900, presses: 3) == 1000)
        #expect(lower.range.step == 0)
        let margin = try #require(specs.first { $0.key == "l_m" })
        expectClose(margin.stepped(0.45, presses: 2), 0.55, 1e-15)
        #expect(margin.stepped(0.02, presses: -1) == 0)
    }

    /// Circle's upper end m = 1/2 is where the boundary circle, radius √2 m about (1, 0), first reaches the
    /// bisector c_p = c_n (at (½, ½)): there a point meets both classes' margins at θ12 = 120°.
    @Test func circleRangeEndsWhereTheMarginVanishes() {
        let context = SampleContext(length: 1, targetCosine: 0.5)
        let atEnd = CircleLoss(m: 0.5)
        expectClose(atEnd.twoClassMargin(cosine1: 0.5, cosine2: 0.5, context: context), 0, 1e-15)
        let past = CircleLoss(m: 0.55)
        #expect(past.twoClassMargin(cosine1: 0.5, cosine2: 0.5, context: context) > 0)
        let inside = CircleLoss(m: 0.45)
        #expect(inside.twoClassMargin(cosine1: 0.5, cosine2: 0.5, context: context) < 0)
    }

    /// The running statistics as CSV columns, in the order adacos_s, curricular_t, adaface_mean, adaface_std.
    @Test func statisticsColumns() throws {
        let batch = try Reference.batch()
        #expect(try AdaCos(s: 4, dynamic: true).evaluate(batch).statistics.columns.map(\.name) == ["adacos_s"])
        #expect(try CurricularFace().evaluate(batch).statistics.columns.map(\.name) == ["curricular_t"])
        let adaFace = try AdaFace().evaluate(batch).statistics
        let norms = try #require(adaFace.adaFace)
        #expect(adaFace.columns.map(\.name) == ["adaface_mean", "adaface_std"])
        #expect(adaFace.columns.map(\.value) == [norms.mean, norms.standardDeviation])
        #expect(try ElasticFace(.arc).evaluate(batch).statistics.columns.isEmpty)
        #expect(try MagFace().evaluate(batch).statistics == .none)
    }
}
