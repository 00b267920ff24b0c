import Foundation
import Testing

/// `boundaries` and `psi` end to end, and `eval` at the ends of Double (issue 7, items 1 to 3). Known answers are
/// the reference's or derived next to each test.
@Suite struct BoundariesAndPsiTests {
    /// The sector keys of the JSON object, each a number or null.
    static let sectorKeys = ["softmax_boundary_deg", "class1_boundary_deg", "class2_boundary_deg", "margin_deg",
                             "margin_rad"]
    static let boundaryKeys = Set(["loss_function", "angle_deg", "norm_ratio", "softmax_boundaries_deg", "regions"]
                                  + sectorKeys + sectorKeys.map { "outer_" + $0 })

    /// The arcs of `regions` as (from, to, kind).
    static func arcs(_ json: JSONValue) throws -> [(from: Double, to: Double, kind: String)] {
        guard case .array(let list) = try #require(json["regions"]) else { throw Failure("regions is not an array") }
        return try list.map { arc in
            guard case .string(let kind) = try #require(arc["kind"]) else { throw Failure("kind is not a string") }
            #expect(arc.keys == ["from_deg", "to_deg", "kind"])
            return (try #require(arc["from_deg"]?.double), try #require(arc["to_deg"]?.double), kind)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The reference's two-class tables: (flags, class-1 boundary, class-2 boundary), degrees from W1.
    static let boundaryCases: [([String], Double, Double)] = [
        (["--loss", "arcface"], 30.676055, 90 - 30.676055),
        (["--loss", "sphereface", "--m", "4", "--angle", "120"], 24, 96),
        (["--loss", "cosface", "--angle", "60"], 9.512685, 60 - 9.512685),
        (["--loss", "lsoftmax", "--m", "2", "--norm-ratio", "2"], 36.375192, 90 - 21.470701),
    ]

    @Test(arguments: boundaryCases)
    func boundariesJSONMatchesTheReference(flags: [String], class1: Double, class2: Double) throws {
        let run = try Binary.run(["boundaries", "--json"] + flags)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json.keys == Self.boundaryKeys)
        #expect(abs(try #require(json["class1_boundary_deg"]?.double) - class1) < 1e-6)
        #expect(abs(try #require(json["class2_boundary_deg"]?.double) - class2) < 1e-6)
        #expect(abs(try #require(json["margin_deg"]?.double) - (class2 - class1)) < 1e-6)
        // Equal or moderate norms: margin, class 2, margin, class 1 round the circle, starting at the class-1 ray.
        let arcs = try Self.arcs(json)
        #expect(arcs.map(\.kind) == ["margin", "class2", "margin", "class1"])
        #expect(abs(arcs[0].from - class1) < 1e-6 && abs(arcs[0].to - class2) < 1e-6)
        #expect(abs(arcs.last!.to - (arcs[0].from + 360)) < 1e-9)  // exact in radians, rounded in degrees
        for (a, b) in zip(arcs, arcs.dropFirst()) { #expect(a.to == b.from) }
    }

    /// Softmax, 60°, ‖W1‖/‖W2‖ = 3: the tie 3 cos phi = cos(phi - 60°) lies at tan phi = (3 - cos 60°) / sin 60°
    /// = 5 / sqrt 3, phi = 70.8934°, and 180° on. Class 2 owns 70.89° to 250.89° (not W2); class 1 the rest.
    @Test func softmaxWithRatioThreeGivesClassTwoTheFarHalf() throws {
        let run = try Binary.run(["boundaries", "--json", "--loss", "softmax", "--angle", "60", "--norm-ratio", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json.keys == Self.boundaryKeys)
        let tie = atan(5 / 3.0.squareRoot()) * 180 / .pi
        let arcs = try Self.arcs(json)
        #expect(arcs.map(\.kind) == ["class2", "class1"])
        #expect(abs(arcs[0].from - tie) < 1e-9 && abs(arcs[0].to - (tie + 180)) < 1e-9)
        #expect(abs(arcs[1].to - (tie + 360)) < 1e-9)
        let ties = try #require(json["softmax_boundaries_deg"]?.numbers)
        #expect(ties.count == 2 && abs(ties[0] - tie) < 1e-9 && abs(ties[1] - (tie + 180)) < 1e-9)
        // No softmax ray, class rays or margin in the inner sector: null, not the clamped 60 of before.
        for key in Self.sectorKeys { #expect(json[key] == .null, "\(key)") }
        for key in ["softmax_boundary_deg", "class2_boundary_deg", "margin_deg", "margin_rad"] {
            #expect(json["outer_" + key] == .null, "outer_\(key)")
        }
        #expect(abs(try #require(json["outer_class1_boundary_deg"]?.double) - (tie + 180)) < 1e-9)

        let table = try Binary.run(["boundaries", "--loss", "softmax", "--angle", "60", "--norm-ratio", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Class 2 meets its margin from 70.8934° to 250.8934° (180.0000° wide), but not at "
            + "W2 (60°): the norm ratio ‖W1‖/‖W2‖ = 3 moves its region off W2"), "\(table.stdout)")
        #expect(table.stdout.contains("Class 1 meets its margin from 250.8934° round through W1 to 70.8934°"))
        #expect(table.stdout.contains("No margin zone"))
        #expect(!table.stdout.contains("no region") && !table.stdout.contains("190.8934"))
    }

    /// L-Softmax m = 4, 30°, ratio 10: class 1's ray at 21.0826° (10 cos 4 phi = cos(30° - phi)); class 2 meets
    /// its margin only far from W2, so its keys are null; two margin zones.
    @Test func lSoftmaxWithRatioTen() throws {
        let flags = ["--loss", "lsoftmax", "--m", "4", "--angle", "30", "--norm-ratio", "10"]
        let json = try Binary.run(["boundaries", "--json"] + flags).json()
        let class1 = try #require(json["class1_boundary_deg"]?.double)
        let phi = class1 * .pi / 180
        #expect(abs(10 * cos(4 * phi) - cos(Double.pi / 6 - phi)) < 1e-12)
        #expect(json["class2_boundary_deg"] == .null && json["margin_deg"] == .null)
        #expect(try Self.arcs(json).map(\.kind) == ["margin", "class2", "margin", "class1"])
        let table = try Binary.run(["boundaries"] + flags).stdout
        #expect(table.contains("but not at W2 (30°): the norm ratio ‖W1‖/‖W2‖ = 10"), "\(table)")
        #expect(table.contains("class 2's region does not hold W2"))
    }

    /// CosFace at 30° with m = 0.52 > 2 sin 15° = 0.5176: no region for either class, and the table says so and
    /// blames the margin; the JSON has one margin arc round the whole circle.
    @Test func aMarginTooLargeLeavesNoRegion() throws {
        let flags = ["--loss", "cosface", "--m", "0.52", "--angle", "30"]
        let json = try Binary.run(["boundaries", "--json"] + flags).json()
        let arcs = try Self.arcs(json)
        #expect(arcs.count == 1 && arcs[0].kind == "margin" && arcs[0].from == 0 && arcs[0].to == 360)
        let table = try Binary.run(["boundaries"] + flags).stdout
        #expect(table.contains("Class 1 has no region") && table.contains("Class 2 has no region"))
        #expect(table.contains("the margin is too large for W2 at 30°"))
    }

    @Test func helpSaysWhatNullMeans() throws {
        let help = try Binary.run(["boundaries", "--help"]).stdout
        #expect(help.contains("null in JSON") && help.contains("regions") && help.contains("softmax_boundaries_deg"))
        let psi = try Binary.run(["psi", "--help"]).stdout
        #expect(psi.contains("no fallback"))
    }

    /// insightface's combined margin cos(m1 theta + m2) - m3 with no fallback: at 180° with (1.35, 0, 0),
    /// cos(1.35 pi) = -0.4539904997395468 (the old fallback printed -1.3138).
    @Test func psiOfTheCombinedMarginHasNoFallback() throws {
        let run = try Binary.run(["psi", "--loss", "combined", "--m1", "1.35", "--m2", "0", "--m3", "0", "--points", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == 3)
        #expect(abs(rows[2][1] - cos(1.35 * .pi)) < 1e-15 && abs(rows[2][1] - -0.4539904997395468) < 1e-15)
        #expect(abs(rows[1][1] - cos(1.35 * .pi / 2)) < 1e-15)
    }

    static func evalLoss(_ request: String) throws -> JSONValue {
        let run = try Binary.run(["eval"], input: request)
        #expect(run.status == 0, "\(run.stderr)")
        return try run.json()
    }

    /// Two logits 40 apart: L = log1p(e^-40) = e^-40 = 4.248354255291589e-18 (x^2/2 is below half an ulp), and
    /// dL/dx = (-e^-40, e^-40) / (1 + e^-40); the old log-sum-exp printed 0 and a target gradient of 0.
    @Test func evalKeepsATinyLoss() throws {
        let json = try Self.evalLoss(#"{"loss": {"type": "softmax"}, "weights": [[1, 0], [0, 1]], "features": [[40, 0]], "labels": [0]}"#)
        #expect(json["loss"]?.double == 4.248354255291589e-18)
        #expect(json["losses"]?.numbers == [4.248354255291589e-18])
        #expect(json["probabilities"]?.matrix == [[1, 4.248354255291589e-18]])
        #expect(json["grad_features"]?.matrix == [[-4.248354255291589e-18, 4.248354255291589e-18]])
    }

    /// Softmax on features of 1e300: both logits 1e300, p = (1/2, 1/2), L = ln 2 = 0.6931471805599453 (the old
    /// f_max + log 2 - f_y lost ln 2 to 1e300 and printed 0).
    @Test func evalOfHugeEqualLogitsIsLnTwo() throws {
        let json = try Self.evalLoss(#"{"loss": {"type": "softmax"}, "weights": [[1, 0], [0, 1]], "features": [[1e300, 1e300]], "labels": [0]}"#)
        #expect(json["loss"]?.double == 0.6931471805599453)
        #expect(json["probabilities"]?.matrix == [[0.5, 0.5]])
    }
}
