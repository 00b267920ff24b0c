import Geometry
import Training

/// How the training view draws its runs: which samples, in which style, on which scale.
public struct TrainingFigure: Sendable, Hashable {
    /// How samples are drawn.
    public enum Style: String, CaseIterable, Sendable, Hashable {
        /// Braille dots in the class's colour, over faint sectors (grey, alternating) where each class wins.
        case dots
        /// One glyph per cell, of the class most of the cell's samples belong to: a shape and a colour per class
        /// (`ClassMarks`), filled for training samples, hollow where the cell holds test samples only; no sectors.
        case glyphs
    }

    /// Which samples are drawn.
    public enum Samples: String, CaseIterable, Sendable, Hashable {
        case train, test, both

        /// The next choice of `v`.
        var next: Samples { self == .train ? .test : self == .test ? .both : .train }
    }

    /// The style chosen with `g`, or nil for the default: glyphs from `glyphClasses` classes on (ten digits read
    /// better as shapes than as ten colours of dots), dots below.
    public var style: Style?
    /// The samples drawn (`v`): both by default, the test samples told apart.
    public var samples: Samples = .both
    /// Features drawn on the unit circle, their directions only (`u`).
    public var normalized = false

    /// The default style changes to glyphs at this many classes.
    public static let glyphClasses = 6

    /// A figure with the defaults.
    public init() {}

    /// The style for a run of `classes` classes.
    public func style(classes: Int) -> Style { style ?? (classes >= Self.glyphClasses ? .glyphs : .dots) }

    /// The features the picture shows, which its extent is measured on.
    func extentFeatures(of run: Trainer) -> Matrix {
        switch samples {
        case .train: run.trainFeatures
        case .test: run.testFeatures
        case .both: Matrix(rows: run.trainFeatures.rows + run.testFeatures.rows, columns: run.trainFeatures.columns,
                           storage: run.trainFeatures.storage + run.testFeatures.storage)
        }
    }
}

/// The mark of each class in training pictures: a colour and a shape, combined so that up to 50 classes differ
/// in one of the two (class k: hue k mod 10, shape (k + k div 10) mod 5), and readable without colour. Training
/// samples are filled shapes, test samples hollow.
public enum ClassMarks {
    /// Filled shapes, one per shape index.
    static let filled: [Unicode.Scalar] = ["●", "■", "▲", "◆", "★"]
    /// The same shapes hollow.
    static let hollow: [Unicode.Scalar] = ["○", "□", "△", "◇", "☆"]

    /// The glyph of class `index`, hollow for test samples.
    public static func glyph(_ index: Int, test: Bool) -> Unicode.Scalar {
        let shape = (index + index / 10) % filled.count
        return test ? hollow[shape] : filled[shape]
    }
}
