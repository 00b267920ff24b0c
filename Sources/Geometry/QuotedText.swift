/// Text from the user (a file name, a CSV cell, a JSON key, a state string, a key) made safe to print in a message:
/// control characters and invisible format characters are written as escapes, so a crafted file name can neither
/// move the cursor, retitle the window nor hide what it says, and long text is cut after `limit` characters.
///
/// `escaped("a\u{1B}[2Jb")` is `a\e[2Jb`; `\n`, `\r`, `\t` keep their usual escapes, a backslash is doubled, other
/// C0 and C1 controls and DEL become `\x1B`-style escapes, and format characters (bidirectional overrides,
/// zero-width spaces) become `\u{202E}`.
public func escaped(_ text: some StringProtocol, limit: Int = 200) -> String {
    var result = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit {
            let rest = text.unicodeScalars.count - count
            return result + "… (\(rest) more character\(rest == 1 ? "" : "s"))"
        }
        count += 1
        switch scalar {
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{1B}": result += "\\e"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
            result += "\\x" + hex(scalar.value, digits: 2)
        case _ where scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .lineSeparator
            || scalar.properties.generalCategory == .paragraphSeparator:
            result += "\\u{" + hex(scalar.value, digits: 4) + "}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// `escaped(text)` in single quotes, the form messages use for anything the user typed or a file held:
/// `cannot read 'data\e]0;pwned\x07.csv'`.
public func quoted(_ text: some StringProtocol, limit: Int = 200) -> String {
    "'" + escaped(text, limit: limit) + "'"
}

private func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(digits - text.count, 0)) + text
}
