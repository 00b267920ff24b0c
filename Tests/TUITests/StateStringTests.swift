import Geometry
import Testing
import TUI

/// State strings read loss keys by the rule the command line and JSON share (issue 7, item 13), and show the
/// user's text escaped (item 10).
@Suite struct StateStringRuleTests {
    static func apply(_ text: String) -> (AppState, String?) {
        var state = AppState()
        do {
            try StateString.apply(text, to: &state)
            return (state, nil)
        } catch {
            return (state, error.message)
        }
    }

    @Test func sphereFaceScaleNeedsNormalizedFeaturesWhateverTheOrder() {
        #expect(Self.apply("loss=sphereface s=30").1 == "state: s does not apply to sphereface without normalize_features=1")
        #expect(Self.apply("s=30 loss=sphereface").1 == "state: s does not apply to sphereface without normalize_features=1")
        #expect(Self.apply("sphereface.s=30").1 == "state: s does not apply to sphereface without normalize_features=1")
        for text in ["loss=sphereface normalize_features=1 s=30", "loss=sphereface s=30 normalize_features=1",
                     "s=30 normalize_features=1 loss=sphereface", "sphereface.s=30 sphereface.normalize_features=1"] {
            let (state, error) = Self.apply(text)
            #expect(error == nil, "\(text): \(error ?? "")")
            #expect(state.losses[.sphereface].s == 30 && state.losses[.sphereface].normalizesFeatures, "\(text)")
        }
    }

    @Test func aSwitchALossDoesNotTakeIsRefusedAsTheFlagsRefuseIt() {
        #expect(Self.apply("loss=cosface easy_margin=1").1 == "state: easy_margin does not apply to cosface")
        #expect(Self.apply("loss=arcface normalize_features=1").1 == "state: normalize_features does not apply to arcface")
        #expect(Self.apply("loss=arcface easy_margin=maybe").1 == "state: easy_margin=maybe must be 1 or 0")
    }

    @Test func rangeMessagesShowTheValueAsWritten() {
        #expect(Self.apply("loss=arcface s=256.00000000001").1
            == "state: s=256.00000000001 is out of range: it must be 1 to 256 (scale)")
        #expect(Self.apply("cosface.m=-0.5").1 == "state: cosface.m=-0.5 is out of range: it must be 0 to 1 (cosine units)")
    }

    @Test func userTextIsEscapedAndCut() {
        let cases: [(String, String)] = [
            ("view=\u{1B}]0;pwned\u{07}", "state: view=\\e]0;pwned\\x07 is not a view"),
            ("loss=\u{1B}[2J", "state: loss=\\e[2J is not a loss"),
            ("\u{1B}[31m", "state: '\\e[31m' is not key=value"),
            ("m=\u{9B}2J", "state: m=\\x9B2J is not a number"),
            ("x\u{202E}y=1", "state: 'x\\u{202E}y' is not a key"),
            ("compare=arcface,\u{1B}c", "state: compare has '\\ec', which is not a loss"),
            ("nope\u{1B}.m=1", "state: nope\\e.m names no loss: 'nope\\e' is not a loss"),
        ]
        for (text, start) in cases {
            let message = Self.apply(text).1 ?? ""
            #expect(message.hasPrefix(start), "\(message)")
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(message)")
        }
        let long = Self.apply("view=" + String(repeating: "x", count: 5000)).1 ?? ""
        #expect(long.count < 400 && long.contains("(4800 more characters)"), "\(long.count)")
    }
}
