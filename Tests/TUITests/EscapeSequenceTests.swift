import Testing
@testable import TUI

/// What follows an ESC, decoded as the backend reads it: the bytes a terminal sends for each key (xterm's
/// control sequences, ECMA-48 CSI syntax) and the key they must become. Only a lone Esc is `.escape`, the key that quits.
@Suite struct EscapeSequenceTests {
    /// Decodes `text` (what follows the ESC) and reports how much of it was left for the next read.
    static func decode(_ text: String, then inputs: [EscapeSequence.Input] = []) -> (key: Key, unread: Int) {
        var queue = text.unicodeScalars.map(EscapeSequence.Input.character) + inputs
        let (key, unreadLast) = EscapeSequence.decode { queue.isEmpty ? nil : queue.removeFirst() }
        return (key, queue.count + (unreadLast ? 1 : 0))
    }

    @Test func aLoneEscapeIsEscapeAndNothingElseIs() {
        #expect(Self.decode("").key == .escape)
        #expect(Self.decode("\u{1B}").key == .escape)  // Esc twice quickly
        for text in ["x", "[99~", "OA", "Ox", "[", "O", "\u{01}", "[<0;10;5M", "[1;5A", "\u{1B}[A"] {
            #expect(Self.decode(text).key != .escape, "ESC \(text)")
        }
    }

    @Test func escapeAndACharacterIsAlt() {
        #expect(Self.decode("x") == (.alt(.character("x")), 0))
        #expect(Self.decode("X").key.label == "Alt+X")
        #expect(Self.decode("\u{01}").key.label == "Alt+^A")
        #expect(Self.decode("\r").key == .alt(.enter))
        #expect(Self.decode("[").key.label == "Alt+[")   // nothing after the [
        #expect(Self.decode("O").key.label == "Alt+O")
        #expect(Self.decode("", then: [.key(.up)]).key.label == "Alt+↑")
        #expect(Self.decode("\u{1B}[A").key.label == "Alt+↑")  // rxvt
    }

    /// xterm's cursor and editing keys, with and without modifiers (1 + Shift 1 + Alt 2 + Ctrl 4).
    @Test func controlSequencesForKnownKeys() {
        let expected: [(String, Key)] = [
            ("[A", .up), ("[B", .down), ("[C", .right), ("[D", .left), ("[H", .home), ("[F", .end),
            ("[1;2A", .shiftUp), ("[1;2D", .shiftLeft), ("[1;3B", .alt(.down)), ("[Z", .backTab),
            ("[1~", .home), ("[2~", .insert), ("[3~", .delete), ("[4~", .end), ("[5~", .pageUp), ("[6~", .pageDown),
            ("[15~", .function(5)), ("[24~", .function(12)), ("[3;3~", .alt(.delete)),
        ]
        for (text, key) in expected { #expect(Self.decode(text) == (key, 0), "ESC \(text)") }
        #expect(Self.decode("[1;5A").key.label == "Ctrl+↑")
        #expect(Self.decode("[5;6~").key.label == "Ctrl+Shift+PgUp")
    }

    /// The keypad in application mode (DECKPAM): ESC O p ... ESC O y are 0 ... 9, so keypad 3 opens view 3.
    @Test func singleShiftsForTheKeypadAndArrows() {
        for digit in 0...9 {
            let final = Unicode.Scalar(0x70 + UInt32(digit))!
            #expect(Self.decode("O" + String(final)).key == .character(Unicode.Scalar(0x30 + UInt32(digit))!))
        }
        let expected: [(String, Key)] = [("OA", .up), ("OD", .left), ("OH", .home), ("OF", .end), ("OM", .enter),
                                         ("Ok", .character("+")), ("Om", .character("-")), ("OP", .function(1)),
                                         ("OS", .function(4))]
        for (text, key) in expected { #expect(Self.decode(text).key == key, "ESC \(text)") }
    }

    /// Unknown sequences are read to their final byte (nothing of them is left to be taken for a key) and shown
    /// with the ESC escaped.
    @Test func unknownSequencesAreConsumedWholeAndShownEscaped() {
        #expect(Self.decode("[99~") == (.unnamed("\u{1B}[99~"), 0))
        #expect(Self.decode("[99~").key.label == "\\e[99~")
        #expect(Self.decode("[<0;10;5M").key.label == "\\e[<0;10;5M")
        #expect(Self.decode("[?1;2c").key.label == "\\e[?1;2c")  // a device attributes reply
        #expect(Self.decode("O~").key.label == "\\eO~")
        #expect(Self.decode("[M !!x") == (.unnamed("mouse report"), 1))  // the report's 3 bytes, then x
        let long = "[" + String(repeating: "1;", count: 100) + "q"
        let decoded = Self.decode(long)
        #expect(decoded.unread == 0 && decoded.key.label.hasPrefix("\\e[1;1;") && decoded.key.label.contains("…"))
    }

    /// A control character or a new ESC inside a sequence ends it and is read again as the next key.
    @Test func aControlCharacterEndsASequenceAndIsReadAgain() {
        #expect(Self.decode("[12\u{03}") == (.unnamed("\u{1B}[12"), 1))
        #expect(Self.decode("[\u{1B}") == (.alt(.character("[")), 1))
        #expect(Self.decode("O\u{03}") == (.alt(.character("O")), 1))
        #expect(Self.decode("", then: [.event]) == (.escape, 1))  // a resize right after Esc
        #expect(Self.decode("[1", then: [.event]) == (.unnamed("\u{1B}[1"), 1))
    }

    /// ncurses names the keys of xterm's terminfo extensions; the digit is xterm's modifier.
    @Test func extendedCursesKeyNames() {
        #expect(EscapeSequence.key(cursesName: "kUP3") == .alt(.up))
        #expect(EscapeSequence.key(cursesName: "kUP5")?.label == "Ctrl+↑")
        #expect(EscapeSequence.key(cursesName: "kLFT2") == .shiftLeft)
        #expect(EscapeSequence.key(cursesName: "kDC5")?.label == "Ctrl+Del")
        #expect(EscapeSequence.key(cursesName: "ka2") == .character("8"))
        #expect(EscapeSequence.key(cursesName: "kpADD") == .character("+"))
        #expect(EscapeSequence.key(cursesName: "kf1") == nil)
    }

    /// Labels never carry a raw control character to the status line.
    @Test func labelsEscapeControlCharacters() {
        #expect(Key.unnamed("\u{1B}]0;pwned\u{07}").label == "\\e]0;pwned\\x07")
        #expect(Key.character("\u{9B}").label == "\\x9B")
        #expect(Key.character("\u{202E}").label == "\\u{202E}")
        #expect(Key.character("é").label == "é")
        #expect(Key.alt(.character("\u{1A}")).label == "Alt+^Z")
    }
}
