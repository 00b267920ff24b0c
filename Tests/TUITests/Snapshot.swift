import Foundation
import Testing
@testable import TUI

/// Snapshot files of a frame: its text, and its styles as one letter per cell with a legend of what each letter is.
enum Snapshot {
    /// The two files' contents: the frame's lines, and the styles (legend lines `# a = ...`, then one row of letters
    /// per line of the frame). Letters are given in the order styles first appear, row after row.
    static func files(_ buffer: Buffer) -> (text: String, styles: String) {
        var letters: [Style: Character] = [:]
        var legend: [String] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rows: [String] = []
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                if letters[style] == nil {
                    let letter = letters.count < alphabet.count ? alphabet[letters.count] : "?"
                    letters[style] = letter
                    legend.append("# \(letter) = \(describe(style))")
                }
                row.append(letters[style] ?? "?")
            }
            rows.append(row)
        }
        return (buffer.lines.joined(separator: "\n") + "\n", (legend + rows).joined(separator: "\n") + "\n")
    }

    /// A style in words: `fg 75 bold`, `bg 17`, `default`.
    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if !style.foreground.isDefault { parts.append("fg \(style.foreground.index)") }
        if !style.background.isDefault { parts.append("bg \(style.background.index)") }
        if style.bold { parts.append("bold") }
        if style.reverse { parts.append("reverse") }
        return parts.isEmpty ? "default" : parts.joined(separator: " ")
    }

    /// Every line where the two texts differ, numbered, the expected line above the actual one.
    static func differences(expected: String, actual: String) -> String {
        let (a, b) = (expected.components(separatedBy: "\n"), actual.components(separatedBy: "\n"))
        var report: [String] = []
        for index in 0 ..< max(a.count, b.count) {
            let (x, y) = (index < a.count ? a[index] : "<none>", index < b.count ? b[index] : "<none>")
            if x != y { report.append("line \(index + 1)\n  expected: \(x)\n  actual:   \(y)") }
        }
        return report.joined(separator: "\n")
    }

    /// Compares `buffer` with the snapshot files `name` in `directory`; with RECORD_SNAPSHOTS set, writes them and
    /// records an issue, so a recording run never passes as a check.
    static func check(_ buffer: Buffer, named name: String, in directory: URL,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (text, styles) = files(buffer)
        let textFile = directory.appendingPathComponent(name + ".txt")
        let stylesFile = directory.appendingPathComponent(name + ".styles.txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: textFile, atomically: true, encoding: .utf8)
            try styles.write(to: stylesFile, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name): run again without RECORD_SNAPSHOTS to check it", sourceLocation: sourceLocation)
            return
        }
        let expectedText = try String(contentsOf: textFile, encoding: .utf8)
        let expectedStyles = try String(contentsOf: stylesFile, encoding: .utf8)
        if expectedText != text {
            let report = "\(name): the text differs\n" + differences(expected: expectedText, actual: text)
            Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
        }
        if expectedStyles != styles {
            let report = "\(name): the styles differ\n" + differences(expected: expectedStyles, actual: styles)
            Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
        }
    }
}
