/// What the terminal sent after an ESC, as a key. A lone Esc is ESC alone; Alt+x is ESC x; keys terminfo does not
/// name arrive as CSI (ESC [ parameters final-byte) or SS3 (ESC O x). Curses hands over the ESC of a sequence it
/// does not know and leaves the rest unread; this reads the rest, so that no part of it is taken for a key of its
/// own and only a real Esc quits.
enum EscapeSequence {
    /// One unit of input after the ESC.
    enum Input: Sendable, Hashable {
        /// A character code.
        case character(Unicode.Scalar)
        /// A key curses decoded itself (an arrow, F1).
        case key(Key)
        /// A curses event that is no key (a resize, the mouse): it ends a sequence and is read again.
        case event
    }

    /// The key that an ESC and what follows it make. `next()` returns the next input that arrives within a few
    /// milliseconds, or nil. When `unreadLast` is true the last input read belongs to the next key: the caller
    /// pushes it back.
    static func decode(next: () -> Input?) -> (key: Key, unreadLast: Bool) {
        guard let first = next() else { return (.escape, false) }
        switch first {
        case .event: return (.escape, true)
        case .key(let key): return (.alt(key), false)
        case .character("\u{1B}"):
            // ESC ESC: Esc pressed twice, or Alt with a sequence (rxvt sends Alt+↑ as ESC ESC [ A).
            let (inner, unread) = decode(next: next)
            return (inner == .escape ? .escape : .alt(inner), unread)
        case .character("["): return controlSequence(next: next)
        case .character("O"): return singleShift(next: next)
        case .character(let scalar): return (.alt(Key(code: scalar)), false)
        }
    }

    /// After ESC [: parameter and intermediate bytes (0x20-0x3F), then a final byte (0x40-0x7E).
    private static func controlSequence(next: () -> Input?) -> (key: Key, unreadLast: Bool) {
        var body = ""
        var length = 0
        while let input = next() {
            guard case .character(let scalar) = input, scalar.value < 0x7F else {
                return (body.isEmpty ? .alt(.character("[")) : .unnamed("\u{1B}[" + body), true)
            }
            switch scalar.value {
            case 0x20...0x3F:
                length += 1
                if length <= 32 { body.unicodeScalars.append(scalar) }  // read all of it, keep enough to show
            case 0x4D where body.isEmpty:  // ESC [ M and three bytes: an X10 mouse report curses did not take
                var left = 3
                while left > 0, next() != nil { left -= 1 }
                return (.unnamed("mouse report"), false)
            case 0x40...0x7E:
                return (controlKey(body, final: scalar) ?? .unnamed("\u{1B}[" + body + String(scalar)), false)
            default:  // a control character is not part of the sequence: it is the next key (^C, a new ESC)
                return (body.isEmpty ? .alt(.character("[")) : .unnamed("\u{1B}[" + body), true)
            }
        }
        return (body.isEmpty ? .alt(.character("[")) : .unnamed("\u{1B}[" + body), false)  // Alt+[ or cut short
    }

    /// The key a complete CSI sequence names (xterm's and the VT220's), or nil.
    static func controlKey(_ body: String, final: Unicode.Scalar) -> Key? {
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let modifier = parameters.count > 1 ? parameters[1] : nil
        guard parameters.allSatisfy({ $0 != nil }) || body.isEmpty else { return nil }
        let base: Key
        switch final {
        case "A": base = .up
        case "B": base = .down
        case "C": base = .right
        case "D": base = .left
        case "H": base = .home
        case "F": base = .end
        case "P", "Q", "R", "S": base = .function(Int(final.value - 0x50 + 1))
        case "Z" where body.isEmpty: return .backTab
        case "~":
            let tilde: [Int: Key] = [1: .home, 2: .insert, 3: .delete, 4: .end, 5: .pageUp, 6: .pageDown, 7: .home,
                                     8: .end, 11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4),
                                     15: .function(5), 17: .function(6), 18: .function(7), 19: .function(8),
                                     20: .function(9), 21: .function(10), 23: .function(11), 24: .function(12)]
            guard let number = parameters.first ?? nil, let key = tilde[number] else { return nil }
            base = key
        default: return nil
        }
        if final != "~", let first = parameters.first ?? nil, first != 1 { return nil }  // ESC [ 2 A is no key
        return modified(base, by: modifier ?? nil)
    }

    /// After ESC O: one byte. Keypad keys in application mode (ESC O p ... ESC O y are 0 ... 9), arrows, F1-F4.
    private static func singleShift(next: () -> Input?) -> (key: Key, unreadLast: Bool) {
        guard let input = next() else { return (.alt(.character("O")), false) }
        guard case .character(let scalar) = input else { return (.alt(.character("O")), true) }
        let keys: [Unicode.Scalar: Key] = [
            "A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end, "M": .enter,
            "P": .function(1), "Q": .function(2), "R": .function(3), "S": .function(4),
            "j": .character("*"), "k": .character("+"), "l": .character(","), "m": .character("-"),
            "n": .character("."), "o": .character("/"), "X": .character("="),
        ]
        if let key = keys[scalar] { return (key, false) }
        if ("p"..."y").contains(scalar) { return (.character(Unicode.Scalar(scalar.value - 0x70 + 0x30)!), false) }
        if scalar.value < 0x20 || scalar.value == 0x7F { return (.alt(.character("O")), true) }
        return (.unnamed("\u{1B}O" + String(scalar)), false)
    }

    /// `key` with xterm's modifier parameter (1 + Shift 1 + Alt 2 + Ctrl 4 + Meta 8): Shift+arrow and Alt+key
    /// have names here, other combinations are shown as `Ctrl+Shift+↑`.
    static func modified(_ key: Key, by modifier: Int?) -> Key {
        guard let modifier, modifier > 1 else { return key }
        let shifted: [Key: Key] = [.up: .shiftUp, .down: .shiftDown, .left: .shiftLeft, .right: .shiftRight]
        if modifier == 2, let shift = shifted[key] { return shift }
        if modifier == 3 { return .alt(key) }
        let bits = modifier - 1
        let names = [(4, "Ctrl"), (2, "Alt"), (1, "Shift"), (8, "Meta")].filter { bits & $0.0 != 0 }.map(\.1)
        return .unnamed((names + [key.label]).joined(separator: "+"))
    }

    /// The key of one of ncurses's extended key names: `kUP5` is Ctrl+↑ (the digit is xterm's modifier), `ka2`
    /// and `kpADD` are the keypad's 8 and + (xterm's terminfo names every keypad key).
    static func key(cursesName name: String) -> Key? {
        let keypad: [String: Unicode.Scalar] = ["ka2": "8", "kb1": "4", "kb3": "6", "kc2": "2", "kp5": "5",
                                                "kpZRO": "0", "kpADD": "+", "kpSUB": "-", "kpMUL": "*",
                                                "kpDIV": "/", "kpDOT": ".", "kpCMA": ","]
        if let scalar = keypad[name] { return .character(scalar) }
        let bases: [(String, Key)] = [("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right),
                                      ("kHOM", .home), ("kEND", .end), ("kNXT", .pageDown), ("kPRV", .pageUp),
                                      ("kDC", .delete), ("kIC", .insert)]
        for (prefix, base) in bases where name.hasPrefix(prefix) {
            guard let modifier = Int(name.dropFirst(prefix.count)) else { return nil }
            return modified(base, by: modifier)
        }
        return nil
    }
}
