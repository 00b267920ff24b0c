import Foundation
import Testing

/// Drives the built `margin-explorer` binary as a script would: `eval`, `boundaries`, `psi`, and their errors.
/// Expected numbers are the reference's (/work/shared/reference/margin-losses.md).
@Suite struct CLITests {
    /// The reference's small batch: W rows (1,0) and (0,1) (or `weights`), four labelled features.
    static func request(_ loss: String, weights: String = "[[1, 0], [0, 1]]") -> String {
        """
        {"loss": \(loss), "weights": \(weights),
         "features": [[3, 1], [1, 2], [-2, 0.3], [0.2, -1.5]], "labels": [0, 1, 0, 0]}
        """
    }

    static let responseKeys: Set = ["loss", "losses", "logits", "probabilities", "predictions", "grad_features",
                                    "grad_weights", "loss_function"]

    @Test func evalReproducesTheReferenceBatchForCosFace() throws {
        let run = try Binary.run(["eval"], input: Self.request(#"{"type": "cosface", "m": 0.35, "s": 4}"#))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let json = try run.json()
        #expect(json.keys == Self.responseKeys)
        #expect(abs(try #require(json["loss"]?.double) - 1.6983819163) < 1e-9)
        let losses = try #require(json["losses"]?.numbers)
        for (got, want) in zip(losses, [0.2799704543, 0.5175030605, 5.9517119958, 0.0443421545]) {
            #expect(abs(got - want) < 1e-9)
        }
        // Shapes: N = 4 samples, K = 2 classes, d = 2.
        #expect(losses.count == 4)
        for key in ["logits", "probabilities", "grad_features", "grad_weights"] {
            let rows = try #require(json[key]?.matrix, "\(key)")
            #expect(rows.count == (key == "grad_weights" ? 2 : 4), "\(key)")
            #expect(rows.allSatisfy { $0.count == 2 }, "\(key)")
        }
        for row in try #require(json["probabilities"]?.matrix) { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        #expect(json["predictions"]?.numbers == [0, 1, 1, 0])  // argmax of the margin-free logits
        // CosFace logit of x0's own class: s (cos theta - m) = 4 (3/sqrt(10) - 0.35).
        let logits = try #require(json["logits"]?.matrix)
        #expect(abs(logits[0][0] - 4 * (3 / 10.0.squareRoot() - 0.35)) < 1e-12)
        #expect(json["loss_function"] == .object(["type": .string("cosface"), "m": .number(0.35), "s": .number(4)]))
    }

    @Test func evalArcFaceTakesItsFallbackAndEchoesDefaults() throws {
        let run = try Binary.run(["eval"], input: Self.request(#"{"type": "arcface", "s": 4}"#))
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let losses = try #require(json["losses"]?.numbers)
        #expect(losses.count == 4)
        for (got, want) in zip(losses, [0.2090474773, 0.4766277205, 5.5120044803, 0.0767951850]) {
            #expect(abs(got - want) < 1e-9)
        }
        #expect(abs(try #require(json["loss"]?.double) - 1.5686187158) < 1e-9)
        #expect(json["loss_function"] == .object(["type": .string("arcface"), "m": .number(0.5), "s": .number(4),
                                                  "easy_margin": .bool(false)]))
    }

    /// (loss object, weights, canonical type, mean loss from the reference).
    static let aliasCases: [(String, String, String, Double)] = [
        (#"{"type": "asoftmax", "m": 2}"#, "[[1, 0], [0, 1]]", "sphereface", 1.9216070298),
        (#"{"type": "SphereFace", "m": 4}"#, "[[1, 0], [0, 1]]", "sphereface", 4.8888627128),
        (#"{"type": "lsoftmax"}"#, "[[2, 0], [0, 1]]", "lsoftmax", 9.5394871228),
        (#"{"type": "lsoftmax", "m": 4, "lambda": 5}"#, "[[2, 0], [0, 1]]", "lsoftmax", 2.4257543083),
        (#"{"type": "amsoftmax", "s": 4}"#, "[[1, 0], [0, 1]]", "cosface", 1.6983819163),
    ]

    @Test(arguments: aliasCases)
    func evalAcceptsAliasesAndFillsDefaults(loss: String, weights: String, type: String, mean: Double) throws {
        let run = try Binary.run(["eval"], input: Self.request(loss, weights: weights))
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(abs(try #require(json["loss"]?.double) - mean) < 1e-9)
        let echoed = try #require(json["loss_function"])
        #expect(echoed["type"] == .string(type))
        let expectedKeys: Set = switch type {
        case "sphereface": ["type", "m", "lambda", "normalize_features"]
        case "lsoftmax": ["type", "m", "lambda"]
        default: ["type", "m", "s"]
        }
        #expect(echoed.keys == expectedKeys)
    }

    static let weights = #""weights": [[1, 0], [0, 1]]"#

    /// Bad requests, and a fragment the one-line message must contain (the key or row at fault).
    static let badRequests: [(String, String)] = [
        ("{\"loss\": {\"type\": \"cosface\"}, \(weights), \"features\": [[1, 0]], ", "the request is not valid JSON"),
        ("", "standard input is empty"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[3, 1], [1, "x"]], "labels": [0, 1]}"#,
         "features[1][1]: expected a number"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[3, 1], [1]], "labels": [0, 1]}"#, "features[1]"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [], "labels": []}"#, "features is empty"),
        (#"{"loss": {"type": "cosface"}, "weights": [[1, 0, 0], [0, 1, 0]], "features": [[1, 2]], "labels": [0]}"#,
         "features[0] has 2 numbers, expected 3"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[1, 2]], "labels": [2]}"#, "labels[0]: 2 is not a class"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[1, 2]], "labels": [0.5]}"#, "labels[0]"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[1, 2], [NaN, 1]], "labels": [0, 1]}"#,
         "features[1][0]"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[1, 2], [1e999, 1]], "labels": [0, 1]}"#,
         "features[1][0]"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[0, 0]], "labels": [0]}"#,
         "features[0] is the zero vector"),
        (#"{"loss": {"type": "cosface", "lambda": 1}, \#(weights), "features": [[1, 2]], "labels": [0]}"#,
         "loss.lambda"),
        (#"{"loss": {"type": "cosface", "margin": 1}, \#(weights), "features": [[1, 2]], "labels": [0]}"#,
         "loss.margin: unknown key"),
        (#"{"loss": {"type": "lsoftmax", "m": 2.5}, \#(weights), "features": [[1, 2]], "labels": [0]}"#,
         "a whole number from 1 to 10"),
        (#"{"loss": {"type": "nope"}, \#(weights), "features": [[1, 2]], "labels": [0]}"#, "loss.type"),
        (#"{"loss": {"type": "cosface"}, \#(weights), "features": [[1, 2]], "labels": [0], "extra": 1}"#,
         "extra: unknown key"),
        (#"{"loss": {"type": "softmax"}, "weights": [[1e300, 0], [0, 1]], "features": [[1e300, 0]], "labels": [0]}"#,
         "logits[0][0]"),
    ]

    @Test(arguments: badRequests)
    func evalRefusesBadInputWithOneLine(request: String, fragment: String) throws {
        let run = try Binary.run(["eval"], input: request)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("margin-explorer: "))
        #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(fragment), "\(run.stderr)")
    }

    @Test func boundariesTableSaysTheMarginInWords() throws {
        let run = try Binary.run(["boundaries", "--loss", "arcface", "--norm-ratio", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("margin 28.6479° (0.5000 rad)"))  // ArcFace's margin is m = 0.5 rad
        #expect(run.stdout.contains("no effect"))  // ArcFace normalises the weights
        #expect(run.stdout.contains("inner") && run.stdout.contains("outer"))
    }

    /// psi(theta) for m = 1...4 at 30, 60, 90, 135, 180 degrees (the reference's psi table).
    static let psiTable: [(Int, [Double])] = [
        (1, [0.866025, 0.5, 0, -0.707107, -1]), (2, [0.5, -0.5, -1, -2, -3]), (3, [0, -1, -2, -3.292893, -5]),
        (4, [-0.5, -1.5, -3, -5, -7]),
    ]

    @Test(arguments: psiTable)
    func psiCSVMatchesTheReferenceTable(m: Int, expected: [Double]) throws {
        let run = try Binary.run(["psi", "--loss", "sphereface", "--m", "\(m)"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "theta_deg,target_logit")
        #expect(lines.count == 182)
        let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { line in
            let cells = line.split(separator: ",").map { Double($0)! }
            return (cells[0], cells[1])
        })
        for (theta, want) in zip([30.0, 60, 90, 135, 180], expected) {
            #expect(abs(try #require(rows[theta]) - want) < 1e-6, "theta \(theta)")
        }
    }

    @Test func psiJSONHasTheAnglesAndTheLoss() throws {
        let run = try Binary.run(["psi", "--loss", "cosface", "--points", "3", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json.keys == ["loss_function", "theta_deg", "target_logit"])
        #expect(json["theta_deg"]?.numbers == [0, 90, 180])
        let values = try #require(json["target_logit"]?.numbers)
        #expect(values.count == 3)
        for (got, want) in zip(values, [0.65, -0.35, -1.35]) { #expect(abs(got - want) < 1e-12) }
    }

    /// Out-of-range and malformed flags: status 2, nothing on standard output, a message with the valid range.
    static let badFlags: [([String], String)] = [
        (["boundaries", "--loss", "lsoftmax", "--m", "2.5"], "a whole number from 1 to 10"),
        (["boundaries", "--angle", "0"], "1 to 180"),
        (["boundaries", "--norm-ratio", "20"], "0.1 to 10"),
        (["psi", "--points", "1"], "2 to 100000"),
        (["psi", "--loss", "nope"], "arcface"),
        (["psi", "--loss", "cosface", "--m", "abc"], "0 to 1"),
        (["psi", "--loss", "cosface", "--lambda", "1"], "does not apply"),
        (["psi", "--format", "xml"], "csv"),
    ]

    @Test(arguments: badFlags)
    func flagsOutOfRangeExitWithStatusTwo(arguments: [String], fragment: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(fragment), "\(run.stderr)")
    }

    @Test func everySubcommandHasReadableHelp() throws {
        for command in ["eval", "boundaries", "psi"] {
            let run = try Binary.run([command, "--help"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE: margin-explorer \(command)"))
        }
        let boundaries = try Binary.run(["boundaries", "--help"]).stdout
        #expect(boundaries.contains("1 to 180 (degrees)") && boundaries.contains("0.1 to 10"))
        #expect(try Binary.run(["psi", "--help"]).stdout.contains("2 to 100000"))
        #expect(try Binary.run(["eval", "--help"]).stdout.contains("loss_function"))
    }
}
