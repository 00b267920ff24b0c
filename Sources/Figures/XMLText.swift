import Geometry
/// Text made safe for XML 1.0, in element content and in double-quoted attribute values alike.
public enum XMLText {
    /// The character written where XML cannot hold one: U+FFFD, the replacement character.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// `text` with `&`, `<`, `>`, `"` and `'` as entities; tab, line feed and carriage return as character
    /// references (`&#9;`, `&#10;`, `&#13;`), so a parser reads them back exactly, even in an attribute; every
    /// other character that XML 1.0 does not allow (the C0 controls, U+FFFE and U+FFFF) and the C1 controls
    /// (allowed but discouraged, and terminal commands) as U+FFFD.
    public static func escaped(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(isAllowed(scalar) ? scalar : replacement)
            }
        }
        return result
    }

    /// True for a character XML 1.0 allows and this writer keeps: #x9, #xA, #xD, #x20-#x7E, #xA0-#xD7FF,
    /// #xE000-#xFFFD, #x10000-#x10FFFF (#x7F-#x9F, allowed but discouraged, are left out).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `word` as a class word or an attribute-name part: ASCII letters, digits, `-` and `_` kept, anything else
    /// (white space, quotes, `<`, non-ASCII) turned into `-`; an empty word stays empty.
    static func token(_ word: String, lowercased: Bool) -> String {
        String(String.UnicodeScalarView(word.unicodeScalars.map { scalar -> Unicode.Scalar in
            let keep = (scalar.value < 0x80) && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_")
            guard keep else { return "-" }
            return lowercased ? Unicode.Scalar(String(scalar).lowercased())! : scalar
        }))
    }
}

/// A number written so that it reads back as the same Double: the shortest such decimal, integers without a
/// fraction (`800`, not `800.0`), zero without a sign; `1e-05` style exponents, which SVG, CSV and JSON read.
/// (NumberText.exact, the one rule for exact numbers, under the name the writers use.)
func exactText(_ value: Double) -> String { NumberText.exact(value) }
