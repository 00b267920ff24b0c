import Geometry
import Testing

/// `MarginLoss(fields:)` and `applying(_:)`: the one rule behind the loss flags, JSON loss objects and state strings.
@Suite struct LossFieldsTests {
    typealias Fields = [(key: String, value: MarginLoss.Field)]

    static func error(_ fields: Fields) -> InputError? {
        do {
            _ = try MarginLoss(fields: fields)
            return nil
        } catch {
            return error
        }
    }

    @Test func sphereFaceTakesSOnlyWithNormalizedFeaturesInAnyOrder() throws {
        let switchFirst: Fields = [("type", .text("sphereface")), ("normalize_features", .flag(true)), ("s", .number(30))]
        let scaleFirst: Fields = [("s", .number(30)), ("type", .text("asoftmax")), ("normalize_features", .flag(true))]
        let expected = try MarginLoss(fields: switchFirst)
        #expect(expected.normalizesFeatures && expected.s == 30 && expected.kind == .sphereface)
        #expect(try MarginLoss(fields: scaleFirst) == expected)
        #expect(Self.error([("type", .text("sphereface")), ("s", .number(30))]) == InputError(.lossField("s"), .notTaken(kind: .sphereface, takes: ["m", "lambda", "normalize_features"],
                                         onlyWith: "normalize_features")))
        #expect(Self.error([("type", .text("sphereface")), ("s", .number(30)), ("normalize_features", .flag(false))])?.lossField == "s")
    }

    @Test func everyStrictnessRuleNamesTheKey() {
        let cases: [(Fields, InputError)] = [
            ([], InputError(.lossField("type"), .missing)),
            ([("type", .number(1))], InputError(.lossField("type"), .wrongType(expected: .text))),
            ([("type", .text("nope"))], InputError(.lossField("type"), .notALoss("nope"))),
            ([("type", .text("cosface")), ("margin", .number(1))], InputError(.lossField("margin"), .unknownKey)),
            ([("type", .text("cosface")), ("m", .text("0.3"))], InputError(.lossField("m"), .wrongType(expected: .number))),
            ([("type", .text("cosface")), ("easy_margin", .number(1))],
             InputError(.lossField("easy_margin"), .wrongType(expected: .flag))),
            ([("type", .text("cosface")), ("lambda", .number(1))],
             InputError(.lossField("lambda"), .notTaken(kind: .cosface, takes: ["m", "s"], onlyWith: nil))),
            ([("type", .text("cosface")), ("easy_margin", .flag(false))],
             InputError(.lossField("easy_margin"), .notTaken(kind: .cosface, takes: ["m", "s"], onlyWith: nil))),
            ([("type", .text("arcface")), ("normalize_features", .flag(true))],
             InputError(.lossField("normalize_features"), .notTaken(kind: .arcface, takes: ["m", "s", "easy_margin"], onlyWith: nil))),
            ([("type", .text("lsoftmax")), ("m", .number(2.5))],
             InputError(.lossField("m"), .outOfRange(value: 2.5, range: MarginLoss(.lsoftmax).range(of: .m)!, loss: .lsoftmax))),
            ([("type", .text("arcface")), ("s", .number(256.00000000001))],
             InputError(.lossField("s"), .outOfRange(value: 256.00000000001, range: MarginLoss(.arcface).range(of: .s)!, loss: .arcface))),
            ([("type", .text("arcface")), ("m", .number(.nan))],
             InputError(.lossField("m"), .outOfRange(value: .nan, range: MarginLoss(.arcface).range(of: .m)!, loss: .arcface))),
        ]
        for (fields, expected) in cases {
            let error = Self.error(fields)
            // NaN is never equal to itself: compare its case by hand.
            if case .outOfRange(let value, _, _)? = error?.problem, value.isNaN {
                #expect(error?.lossField == expected.lossField)
            } else {
                #expect(error == expected, "\(fields)")
            }
        }
    }

    @Test func appliedFieldsKeepTheBaseAndTheRestOfTheLoss() throws {
        var base = MarginLoss(.combined)
        base.m1 = 2
        let loss = try base.applying([("m3", .number(0.2)), ("easy_margin", .flag(true))])
        #expect(loss.m1 == 2 && loss.m3 == 0.2 && loss.easyMargin && loss.m2 == 0.5)
        #expect(throws: InputError(.lossField("type"), .unknownKey)) { try base.applying([("type", .text("combined"))]) }
        // The encoder's fields read back as the same loss, for every loss.
        for kind in LossKind.allCases {
            var full = MarginLoss(kind)
            if kind == .sphereface { full.normalizesFeatures = true; full.s = 20 }
            if full.takesEasyMargin { full.easyMargin = true }
            #expect(try MarginLoss(fields: full.fields) == full)
        }
    }
}
