import Foundation
import Geometry
import Testing
@testable import TUI

/// Whole frames of fixed states, compared cell by cell with the files in Snapshots/: the text (`NAME.txt`) and the
/// style of every cell (`NAME.styles.txt`, one letter per cell, the letters' styles listed first), so a colour
/// regression fails as a glyph would. To re-record after a deliberate change, run
/// `RECORD_SNAPSHOTS=1 swift test --filter FrameSnapshotTests` (the recording run fails, so it cannot pass for a
/// check) and read the diff.
@Suite struct FrameSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// The training cases stay at step 0 (the network as initialised), so their numbers do not hang on the last
    /// bits of the training kernels.
    static let cases: [(name: String, state: String, width: Int, height: Int)] = [
        ("training-blobs-80x24", "view=training preset=single data=blobs seed=1", 80, 24),
        ("training-spirals-glyphs-80x24", "view=training preset=single data=spirals seed=2 figure=glyphs", 80, 24),
        ("plane-ascii-80x24", "view=plane loss=cosface m=0.35 s=30 angle=90 ratio=1", 80, 24),
        ("plane-help-80x24", "view=plane loss=arcface", 80, 24),
        ("training-help-160x48", "view=training preset=single data=blobs", 160, 48),
        // The training view's keys take two pages at 80x24, every key whole: the second page (-help2-) too.
        ("training-help-80x24", "view=training preset=single data=blobs", 80, 24),
        ("training-help2-80x24", "view=training preset=single data=blobs", 80, 24),
        ("training-figure-160x48", "view=training preset=lsoftmax-figure", 160, 48),
        ("plane-80x24", "view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1", 80, 24),
        ("plane-lsoftmax-160x48", "view=plane loss=lsoftmax m=4 angle=90 ratio=2", 160, 48),
        ("psi-80x24", "view=psi loss=arcface m=0.5 s=64 angle=90 ratio=1", 80, 24),
        ("psi-sphereface-160x48", "view=psi loss=sphereface m=4 lambda=5 angle=90 ratio=1", 160, 48),
        ("angles-80x24", "view=angles loss=sphereface m=2 angle=90 ratio=1", 80, 24),
        ("angles-cosine-160x48", "view=angles loss=cosface m=0.35 s=64 angle=90 ratio=1 space=cosine", 160, 48),
        ("compare-80x24", "view=compare loss=arcface angle=90 ratio=1 compare=softmax,lsoftmax,cosface", 80, 24),
        ("compare-160x48", "view=compare loss=arcface angle=120 ratio=1 compare=softmax,lsoftmax,cosface,arcface", 160, 48),
        ("too-small-50x15", "view=plane", 50, 15),
        ("plane-softmax-ratio3-80x24", "view=plane loss=softmax angle=60 ratio=3", 80, 24),
        ("compare-ratio3-80x24", "view=compare loss=arcface angle=60 ratio=3 compare=softmax,lsoftmax,cosface", 80, 24),
        ("psi-combined-80x24", "view=psi loss=combined s=64 m1=1.35 m2=0 m3=0 angle=90 ratio=1", 80, 24),
        ("model-80x24", "view=model loss=arcface m=0.5 s=64 " + modelFiles, 80, 24),
        ("model-cosface-160x48", "view=model loss=cosface m=0.35 s=64 " + modelFiles, 160, 48),
        ("model-empty-80x24", "view=model loss=arcface", 80, 24),
        // Issue 10: MagFace's rays at the selected sample's length, AdaFace's ψ family by ẑ with the lengths named,
        // ElasticFace's band in the angle view.
        ("plane-magface-100x30", "view=plane loss=magface angle=90 ratio=1", 100, 30),
        ("psi-adaface-100x30", "view=psi loss=adaface norm_mean=20 norm_std=10 angle=90 ratio=1", 100, 30),
        ("angles-elastic-80x24", "view=angles loss=elastic_arcface sigma=0.1 angle=90 ratio=1", 80, 24),
        // Sub-center ArcFace's sub-centres and the regions they win (at 60° with k = 4 the sub-centre nearest the
        // other class wins nothing), ElasticFace's band as dotted rays, both in compare panels too.
        ("plane-subcenter-80x24", "view=plane loss=subcenter_arcface angle=90 ratio=1", 80, 24),
        ("plane-subcenter-k4-160x48", "view=plane loss=subcenter_arcface sub_centers=4 angle=60 ratio=1", 160, 48),
        ("plane-elastic-80x24", "view=plane loss=elastic_arcface sigma=0.1 angle=90 ratio=1", 80, 24),
        ("plane-elastic-cosface-120x40", "view=plane loss=elastic_cosface sigma=0.1 angle=60 ratio=1", 120, 40),
        ("compare-subcenter-elastic-100x30",
         "view=compare angle=90 ratio=1 compare=subcenter_arcface,elastic_cosface elastic_cosface.sigma=0.1", 100, 30),
        ("sphere-cosface-80x24", "view=sphere loss=cosface m=0.35 s=64 angle=90 ratio=1 yaw=30 pitch=20", 80, 24),
        ("sphere-sphereface-160x48", "view=sphere loss=sphereface m=4 angle=120 ratio=1 yaw=-20 pitch=35", 160, 48),
        ("sphere-monochrome-80x24", "view=sphere loss=arcface m=0.5 angle=90 yaw=60 pitch=-30", 80, 24),
        // The Fig. 4b legend at 80 columns names the pins by what differs between them.
        ("preset-arcface-fig4b-80x24", "preset=arcface-fig4b", 80, 24),
        ("sphere-run-160x48", "view=sphere preset=single data=blobs loss=cosface m=0.2 s=16 dim=3 yaw=30 pitch=20",
         160, 48),
    ] + FigurePreset.all.map { ("preset-\($0.id)-120x40", "preset=\($0.id)", 120, 40) }

    /// The committed NumPy-made model (Tests/AnalysisTests/Fixtures), read as the front end reads it.
    static let modelFiles = ModelTokens.tokens(ModelViewTests.files).joined(separator: " ")

    @Test(arguments: cases.map(\.name))
    func frameMatchesTheSnapshot(name: String) throws {
        let entry = try #require(Self.cases.first { $0.name == name })
        var state = try ModelViewTests.state(entry.state, width: entry.width, height: entry.height)
        state.ascii = name.contains("-ascii-")
        if name.contains("-monochrome-") { state.theme = .monochrome }
        state.showsHelp = name.contains("-help-") || name.contains("-help2-")
        if name.contains("-help2-") { state.helpPage = 1 }
        state.prepareTraining()
        let buffer = frame(state)
        try Snapshot.check(buffer, named: name, in: Self.directory)
    }

    /// The snapshot check itself: a colour change alone fails it, and every differing line is reported.
    @Test func aStyleChangeAloneFailsTheSnapshot() throws {
        var buffer = Buffer(width: 4, height: 2)
        buffer.write("ab", x: 0, y: 0, style: Style(Color(75), bold: true))
        let (text, styles) = Snapshot.files(buffer)
        var recoloured = buffer
        recoloured.write("ab", x: 0, y: 0, style: Style(Color(209), bold: true))
        let (sameText, otherStyles) = Snapshot.files(recoloured)
        #expect(sameText == text && otherStyles != styles)
        let report = Snapshot.differences(expected: "a\nb\nc", actual: "a\nx\ny")
        #expect(report.contains("line 2") && report.contains("line 3") && !report.contains("line 1"))
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

    static func text(_ state: String, width: Int = 80, height: Int = 24) throws -> String {
        var app = AppState(width: width, height: height)
        try StateString.apply(state, to: &app)
        return frame(app).lines.joined(separator: "\n")
    }

    /// The side panel reports the regions as they are (issue 7, item 1): with ‖W1‖ = 3‖W2‖ softmax class 2 owns
    /// 70.9° to 250.9° (3 cos phi = cos(phi - 60°)), not W2; every figure of the margins section is labelled.
    @Test func thePanelTellsWhereARegionIsWhenItMissesItsWeight() throws {
        let text = try Self.text("view=plane loss=softmax angle=60 ratio=3")
        for line in ["margin none", "rays 1: none  2: none", "softmax boundaries 70.9°,", "250.9°", "margin W2→W1 none",
                     "class 2 misses W2 (ratio)", "class 2: 70.9°–250.9°"] {
            #expect(text.contains(line), "\(line)")
        }
        #expect(!text.contains("no region"))
        let lsoftmax = try Self.text("view=plane loss=lsoftmax m=4 angle=30 ratio=10")
        #expect(lsoftmax.contains("rays 1: 21.1°  2: none") && lsoftmax.contains("class 2 misses W2 (ratio)"))
        #expect(lsoftmax.contains("class 2: 104.2°–233.8°"))
        let arcface = try Self.text("view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1")
        #expect(arcface.contains("softmax boundary 45.0°") && arcface.contains("margin W2→W1 28.6°"))
        #expect(!arcface.contains("misses") && !arcface.contains("no region"))
    }

    /// CosFace at 30° has a class-1 region iff m < 2 sin 15° = 0.5176 (see EmptyRegionTests): "no region" at
    /// m = 0.52 only, and at m = 0.51 the region exists but misses W1 (1 - 0.51 < cos 30°), the margin to blame.
    @Test func noRegionIsSaidOnlyWhenThereIsNone() throws {
        let none = try Self.text("view=plane loss=cosface m=0.52 angle=30")
        #expect(none.contains("class 1: no region (margin)") && none.contains("class 2: no region (margin)"))
        let misses = try Self.text("view=plane loss=cosface m=0.51 angle=30")
        #expect(misses.contains("class 1 misses W1 (margin)") && !misses.contains("no region"))
        let compare = try Self.text("view=compare loss=arcface angle=30 ratio=1 compare=softmax,cosface", width: 120, height: 40)
        #expect(compare.contains("margin none: class 1 misses W1"))
    }

    /// The inspector shows a tiny loss as a number (issue 7, item 3). ArcFace s = 64 on the first default sample
    /// (12° from W1, 78° from W2): Delta = 64 (cos(12° + 0.5 rad) - cos 78°) = 35.25, L = log1p(e^-Delta)
    /// = 4.9e-16, where the old log-sum-exp printed 0 and the push "none".
    @Test func theInspectorShowsTinyLossesAndPushes() throws {
        let text = try Self.text("view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1")
        let theta1 = Angle(degrees: 12).radians, theta2 = Angle(degrees: 78).radians
        let loss = log1p(exp(-64 * (cos(theta1 + 0.5) - cos(theta2))))
        #expect(loss > 4e-16 && loss < 5e-16)
        // Written out, not built by the formatter under test: 4.90e-16 in the loss row, 4.9e-16 as a probability.
        #expect(String(format: "%.2e", loss) == "4.90e-16")
        #expect(text.contains("loss  4.90e-16") && text.contains("p     1.000  4.9e-16"))
        #expect(text.contains("push  ↓ 5.68e-14") && !text.contains("push  none"))
    }

    /// Far into the tiny: ArcFace s = 256 with W2 at 180°, the same sample has Delta = 256 (cos(12° + 0.5 rad)
    /// + cos 12°) = 444.6, so L = e^-Delta = 7.9e-194 and the push about 1.9e-191, whose square underflows: the
    /// push is measured with hypot, not sqrt(x^2 + y^2).
    @Test func pushesBelowTheSquareRootOfTheSmallestDoubleAreShown() throws {
        let text = try Self.text("view=plane loss=arcface m=0.5 s=256 angle=180 ratio=1")
        let theta1 = Angle(degrees: 12).radians
        let loss = exp(-256 * (cos(theta1 + 0.5) + cos(theta1)))
        #expect(loss > 1e-194 && loss < 1e-193)
        #expect(String(format: "%.2e", loss) == "7.86e-194")
        #expect(text.contains("loss  7.86e-194"))
        #expect(text.contains("push  ↓ ") && text.contains("e-191"))
    }
}
