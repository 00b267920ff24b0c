import Foundation
import Geometry
import Testing
@testable import TUI

/// Whole frames of fixed states, compared line by line with the files in Snapshots/. To re-record after a
/// deliberate change, run `RECORD_SNAPSHOTS=1 swift test --filter FrameSnapshotTests` and read the diff.
@Suite struct FrameSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static let cases: [(name: String, state: String, width: Int, height: Int)] = [
        ("plane-80x24", "view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1", 80, 24),
        ("plane-lsoftmax-160x48", "view=plane loss=lsoftmax m=4 angle=90 ratio=2", 160, 48),
        ("psi-80x24", "view=psi loss=arcface m=0.5 s=64 angle=90 ratio=1", 80, 24),
        ("psi-sphereface-160x48", "view=psi loss=sphereface m=4 lambda=5 angle=90 ratio=1", 160, 48),
        ("angles-80x24", "view=angles loss=sphereface m=2 angle=90 ratio=1", 80, 24),
        ("angles-cosine-160x48", "view=angles loss=cosface m=0.35 s=64 angle=90 ratio=1 space=cosine", 160, 48),
        ("compare-80x24", "view=compare loss=arcface angle=90 ratio=1 compare=softmax,lsoftmax,cosface", 80, 24),
        ("compare-160x48", "view=compare loss=arcface angle=120 ratio=1 compare=softmax,lsoftmax,cosface,arcface", 160, 48),
        ("too-small-50x15", "view=plane", 50, 15),
    ]

    @Test(arguments: cases.map(\.name))
    func frameMatchesTheSnapshot(name: String) throws {
        let entry = Self.cases.first { $0.name == name }!
        var state = AppState(width: entry.width, height: entry.height)
        try StateString.apply(entry.state, to: &state)
        let lines = frame(state).lines
        let file = Self.directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
        #expect(lines.count == expected.count, "\(name): \(lines.count) lines, snapshot has \(expected.count)")
        for (index, (actual, wanted)) in zip(lines, expected).enumerated() where actual != wanted {
            Issue.record("\(name) line \(index + 1) differs\n  expected: \(wanted)\n  actual:   \(actual)")
            break
        }
    }

    /// Every cell holds a glyph one column wide (no control characters, combining marks or wide characters),
    /// so what the buffer says is where the terminal draws it.
    @Test func everyCellIsOneColumnWide() throws {
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                                          0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF]
        for entry in Self.cases {
            var state = AppState(width: entry.width, height: entry.height)
            try StateString.apply(entry.state, to: &state)
            for scalar in frame(state).lines.joined().unicodeScalars {
                let category = scalar.properties.generalCategory
                #expect(![.control, .nonspacingMark, .enclosingMark, .spacingMark, .format].contains(category)
                        && !wide.contains { $0.contains(scalar.value) }, "\(entry.name): U+\(String(scalar.value, radix: 16))")
            }
        }
    }

    @Test func asciiFramesArePureASCII() throws {
        for view in ViewKind.allCases {
            var state = AppState(width: 100, height: 30)
            state.view = view
            state.ascii = true
            state.showsHelp = view == .psi
            state.prepareTraining()
            for line in frame(state).lines { #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(view): \(line)") }
        }
    }

    @Test func theMinimumSizeDrawsThePicture() {
        let small = frame(AppState(width: 59, height: 18)).lines.joined()
        #expect(small.contains("Terminal too small: 59x18"))
        let fits = frame(AppState(width: 60, height: 18)).lines.joined()
        #expect(!fits.contains("too small") && fits.contains("margin 28.6°"))
    }
}
