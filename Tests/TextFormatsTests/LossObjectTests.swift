import Geometry
import Testing
@testable import TextFormats

/// The loss object of JSON: written from `MarginLoss.fields` and read by `MarginLoss(fields:)`, so it round-trips,
/// and every refusal names its key path.
@Suite struct LossObjectTests {
    @Test(arguments: LossKind.allCases)
    func roundTripsThroughJSON(kind: LossKind) throws {
        var loss = MarginLoss(kind)
        if kind == .arcface { loss.easyMargin = true; loss.m = 0.3 }
        if kind == .sphereface { loss.normalizesFeatures = true; loss.s = 30; loss.lambda = 5 }
        #expect(try LossObject.loss(fromJSON: Array(LossObject.json(loss).utf8)) == loss)
    }

    @Test func theObjectListsTheFieldsInOrder() {
        #expect(LossObject.json(MarginLoss(.arcface)) == #"{"type": "arcface", "m": 0.5, "s": 64, "easy_margin": false}"#)
        #expect(LossObject.json(MarginLoss(.softmax)) == #"{"type": "softmax"}"#)
    }

    @Test func strictReadingNamesTheKey() {
        let cases = [
            (#"{"type": "cosface", "margin": 0.3}"#, "margin: unknown key; a loss object takes type, m, s"),
            (#"{"type": "cosface", "lambda": 1}"#, "lambda: cosface does not take lambda; it takes m, s"),
            (#"{"type": "arcface", "m": 3}"#, "m: 3 is out of range for arcface: it must be 0 to 1.5 (radians)"),
            (#"{"type": "nope"}"#, "type: 'nope' is not a loss"),
            (#"{"type": "arcface", "m": "0.3"}"#, "m: expected a number, found a string"),
            (#"{"m": 0.3}"#, "the loss: missing key \"type\""),
        ]
        for (json, start) in cases {
            let bytes = Array(json.utf8)
            do {
                _ = try LossObject.loss(fromJSON: bytes)
                Issue.record("accepted \(json)")
            } catch {
                let message = error.message(document: "the loss", in: bytes)
                #expect(message.hasPrefix(start), "\(message)")
            }
        }
    }
}
