import Testing
@testable import Geometry

/// User text in messages: escapes that a terminal would act on are written out, long text is cut.
@Suite struct QuotedTextTests {
    @Test func controlCharactersAreEscaped() {
        #expect(escaped("a\u{1B}]0;pwned\u{07}b") == "a\\e]0;pwned\\x07b")
        #expect(escaped("line\nnext\r\ttab\\") == "line\\nnext\\r\\ttab\\\\")
        #expect(escaped("del\u{7F} c1\u{9B}2J") == "del\\x7F c1\\x9B2J")
        #expect(escaped("rtl\u{202E}txt.csv zero\u{200B}width") == "rtl\\u{202E}txt.csv zero\\u{200B}width")
        #expect(quoted("digits.csv") == "'digits.csv'")
        #expect(escaped("θ ψ ‖W‖ 漢字") == "θ ψ ‖W‖ 漢字")
    }

    @Test func longTextIsCut() {
        let long = String(repeating: "x", count: 250)
        #expect(escaped(long) == String(repeating: "x", count: 200) + "… (50 more characters)")
        #expect(escaped(String(repeating: "y", count: 201)) == String(repeating: "y", count: 200) + "… (1 more character)")
        #expect(escaped(String(repeating: "z", count: 200)) == String(repeating: "z", count: 200))
        #expect(escaped("\u{1B}\u{1B}\u{1B}", limit: 2) == "\\e\\e… (1 more character)")
    }
}
