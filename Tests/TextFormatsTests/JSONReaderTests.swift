import Testing
@testable import TextFormats

/// The strict JSON reader behind `eval` and `--load` (issue 7, item 13; issue 8's "errors travel as text").
@Suite struct JSONReaderTests {
    static func read(_ text: String) throws(JSONError) -> JSONNode { try JSONReader.read(Array(text.utf8)).root }

    /// The error `text` gives, as `eval` words it.
    static func message(_ text: String) -> String? {
        do {
            _ = try JSONReader.read(Array(text.utf8))
            return nil
        } catch {
            return error.message(document: "the request", in: Array(text.utf8))
        }
    }

    static func number(_ text: String) throws -> Double {
        guard case .number(let value, _) = try read(text).value else { throw JSONError(reason: "", offset: 0, path: JSONPath()) }
        return value
    }

    /// Literals whose nearest Double is known by its bits (IEEE 754 binary64, round half to even).
    static let exactNumbers: [(String, UInt64)] = [
        ("0.1", 0x3FB9_9999_9999_999A),
        ("0.30000000000000004", 0x3FD3_3333_3333_3334),
        ("9007199254740993", 0x4340_0000_0000_0000),  // 2^53 + 1 rounds to even, 2^53
        ("9007199254740995", 0x4340_0000_0000_0002),  // 2^53 + 3 rounds to even, 2^53 + 4
        ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),  // the largest finite
        ("2.2250738585072014e-308", 0x0010_0000_0000_0000),  // the smallest normal
        ("2.2250738585072011e-308", 0x000F_FFFF_FFFF_FFFF),  // the largest subnormal
        ("4.9406564584124654e-324", 0x0000_0000_0000_0001),  // the smallest subnormal
        ("2.4703282292062328e-324", 0x0000_0000_0000_0001),  // just above half of it: rounds up
        ("2.4703282292062327e-324", 0x0000_0000_0000_0000),  // just below half of it: rounds to 0
        ("1e-400", 0x0000_0000_0000_0000),  // underflows to 0, its nearest Double
        ("-1e-400", 0x8000_0000_0000_0000),
        ("1E+2", 0x4059_0000_0000_0000),
        ("-0", 0x8000_0000_0000_0000),
    ]

    @Test(arguments: exactNumbers)
    func numbersAreReadCorrectlyRounded(literal: String, bits: UInt64) throws {
        #expect(try Self.number(literal).bitPattern == bits)
        // Inside an array, after other text, the same bits.
        guard case .array(let items) = try Self.read("[0, \(literal)]").value, case .number(let inner, _) = items[1].value else {
            Issue.record("not an array of numbers")
            return
        }
        #expect(inner.bitPattern == bits)
    }

    @Test func numbersTooLargeAreRefusedNamingTheirKey() {
        #expect(Self.message(#"{"features": [[1, 2], [3, -1e309]]}"#)
            == "features[1][1]: -1e309 is too large for a 64-bit float (at most 1.7976931348623157e308) (line 1, column 27)")
        let long = "1" + String(repeating: "0", count: 400)
        #expect(Self.message("[\(long)]")?.hasPrefix("[0]: 1000000000000000000000000000000000000000… (361 more characters)") == true)
    }

    @Test func aKeyGivenTwiceIsRefusedWithBothPlaces() {
        #expect(Self.message("{\"loss\": {\"m\": 1,\n \"s\": 2, \"m\": 3}}")
            == "loss.m: the key appears twice in one object, first at line 1, column 11 (line 2, column 10)")
        #expect(Self.message(#"{"a": 1, "b": {"a": 2}}"#) == nil)  // the same key in two objects is fine
    }

    /// (text, the message, or its start when it ends with "…").
    static let syntaxErrors: [(String, String)] = [
        ("[1, 2,]", "the request is not valid JSON at [2] (line 1, column 7): expected a value, found ']'"),
        ("{\"a\": 1,}", "the request is not valid JSON (line 1, column 9): expected a key in double quotes, found '}'"),
        ("[01]", "the request is not valid JSON at [0] (line 1, column 2): a number cannot start with 0 followed by more digits"),
        ("[+1]", "the request is not valid JSON at [0] (line 1, column 2): expected a value, found '+1]'"),
        ("[.5]", "the request is not valid JSON at [0] (line 1, column 2): expected a value, found '.5]'"),
        ("[1.]", "the request is not valid JSON at [0] (line 1, column 4): expected a digit after the decimal point, found ']'"),
        ("[1e]", "the request is not valid JSON at [0] (line 1, column 4): expected a digit in the exponent, found ']'"),
        ("{\"x\": [NaN]}", "the request is not valid JSON at x[0] (line 1, column 8): NaN is not a JSON number: every number must be finite"),
        ("[-Infinity]", "the request is not valid JSON at [0] (line 1, column 2): -Infinity is not a JSON number: every number must be finite"),
        ("[1] [2]", "the request is not valid JSON (line 1, column 5): unexpected '[2]' after the end of the JSON value"),
        ("{\"a\" 1}", "the request is not valid JSON at a (line 1, column 6): expected ':' after the key, found '1}'"),
        ("[1 2]", "the request is not valid JSON at [0] (line 1, column 4): expected ',' or ']' after a value in an array, found '2]'"),
        ("[tru]", "the request is not valid JSON at [0] (line 1, column 2): expected a value, found 'tru]'"),
        ("// comment\n[1]", "the request is not valid JSON (line 1, column 1): expected a value, found '//'"),
        ("[\"a\u{1B}]0;x\u{07}\"]", "the request is not valid JSON at [0] (line 1, column 4): a control character in a string: write it as \\u001B"),
        ("[\"\\x\"]", "the request is not valid JSON at [0] (line 1, column 3): '\\\\x' is not a JSON escape"),
        ("[\"\\uD800\"]", "the request is not valid JSON at [0] (line 1, column 3): a lone surrogate escape"),
        ("[\"\\uDC00x\"]", "the request is not valid JSON at [0] (line 1, column 3): a lone surrogate escape"),
        ("[\"\\u12G4\"]", "the request is not valid JSON at [0] (line 1, column 3): \\u must be followed by four hex digits"),
        ("{\"a\": [1,\n  2", "the request is not valid JSON at a[1] (line 2, column 4): expected ',' or ']' after a value in an array, found the end of the input"),
        ("\"abc", "the request is not valid JSON (line 1, column 1): the input ends inside a string"),
        ("", "the request is not valid JSON (line 1, column 1): expected a value, found the end of the input"),
        ("{\"é€\": x}", "the request is not valid JSON at 'é€' (line 1, column 8): expected a value, found 'x}'"),
    ]

    @Test(arguments: syntaxErrors)
    func textThatIsNotJSONIsRefusedWithItsPlace(text: String, message: String) {
        #expect(Self.message(text) == message)
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array("[\"a".utf8) + [0xFF, 0xFE] + Array("\"]".utf8)
        do {
            _ = try JSONReader.read(bytes)
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.message(document: "the request", in: bytes)
                == "the request is not valid JSON at [0] (line 1, column 2): the string is not valid UTF-8")
        }
    }

    @Test func stringsAreDecoded() throws {
        guard case .array(let items) = try Self.read(#"["a\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "é"]"#).value else {
            Issue.record("not an array")
            return
        }
        let strings = items.compactMap { item -> String? in if case .string(let s) = item.value { s } else { nil } }
        #expect(strings == ["a\"\\/\u{08}\u{0C}\n\r\t", "é😀", "é"])
    }

    @Test func nestingIsBoundedAndNeverExhaustsTheStack() {
        let deepest = String(repeating: "[", count: JSONReader.Limits.requests.maximumDepth) + String(repeating: "]", count: JSONReader.Limits.requests.maximumDepth)
        #expect(Self.message(deepest) == nil)
        let deeper = "[" + deepest + "]"
        #expect(Self.message(deeper)?.hasSuffix("nested deeper than 512 levels") == true)
        #expect(Self.message(String(repeating: "[", count: 200_000))?.hasSuffix("nested deeper than 512 levels") == true)
        #expect(Self.message(String(repeating: "{\"a\":", count: 100_000))?.hasSuffix("nested deeper than 512 levels") == true)
    }

    @Test func aByteOrderMarkIsSkippedAndPositionsAreKept() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\": [true, false, null]}".utf8)
        let document = try JSONReader.read(bytes)
        guard case .object(let members) = document.root.value, members.count == 1,
              case .array(let items) = members[0].value.value else {
            Issue.record("wrong shape")
            return
        }
        #expect(members[0].keyOffset == 4 && members[0].value.offset == 9)
        #expect(items.map(\.kindName) == ["true or false", "true or false", "null"])
    }

    @Test func keyPathsQuoteKeysThatAreNotIdentifiers() {
        let path = JSONPath(components: [.key("loss"), .key("\u{1B}]0;x\u{07}"), .index(3), .key("a b")])
        #expect(path.description == "loss.'\\e]0;x\\x07'[3].'a b'")
        #expect(JSONPath().appending(.key("features")).appending(.index(1)).appending(.index(0)).description == "features[1][0]")
    }

    @Test func linesAndColumnsCountCharacters() {
        let bytes = Array("ab\ncé€x".utf8)
        #expect(JSONError.lineAndColumn(of: 0, in: bytes) == (1, 1))
        #expect(JSONError.lineAndColumn(of: 3, in: bytes) == (2, 1))
        #expect(JSONError.lineAndColumn(of: bytes.count - 1, in: bytes) == (2, 4))  // x: after c, é, €
    }
}
