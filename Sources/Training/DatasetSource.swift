import Geometry

/// Where a data set comes from: the recipe, not the samples. `load(seed:testFraction:)` makes the samples.
public enum DatasetSource: Sendable, Hashable {
    /// Gaussian blobs with K classes in d dimensions.
    case blobs(classes: Int, dimension: Int)
    /// Concentric rings in the plane.
    case rings(classes: Int)
    /// Interleaved spiral arms in the plane.
    case spirals(classes: Int)
    /// The 8x8 hand-written digits.
    case digits
    /// A CSV file: feature columns, then an integer label.
    case csv(path: String)

    /// The names `--dataset` takes besides a file name.
    public static let builtInNames = ["blobs", "rings", "spirals", "digits"]

    /// A source from its command-line name: blobs, rings, spirals, digits, or a path to a .csv file (any other
    /// text with a slash or a .csv ending). `classes` and `dimension` apply to the synthetic sets.
    public init(name: String, classes: Int? = nil, dimension: Int? = nil) throws(InputError) {
        switch name.lowercased() {
        case "blobs": self = .blobs(classes: classes ?? 4, dimension: dimension ?? 2)
        case "rings": self = .rings(classes: classes ?? 3)
        case "spirals": self = .spirals(classes: classes ?? 3)
        case "digits": self = .digits
        default:
            guard name.lowercased().hasSuffix(".csv") || name.contains("/") else {
                throw InputError("\(quoted(name)) is not a data set: use \(Self.builtInNames.joined(separator: ", ")) "
                    + "or a .csv file (feature columns, then an integer label)", subject: .dataset)
            }
            self = .csv(path: name)
        }
        if classes != nil, !isSynthetic {
            throw InputError("the number of classes applies to blobs, rings and spirals only; \(quotedName) has its own",
                             subject: .setting(TrainingSetting.classes.rawValue))
        }
        let isBlobs = if case .blobs = self { true } else { false }
        if dimension != nil, !isBlobs {
            throw InputError("the input dimension applies to blobs only; \(quotedName) has its own",
                             subject: .setting(TrainingSetting.dimension.rawValue))
        }
    }

    /// True for blobs, rings and spirals.
    public var isSynthetic: Bool {
        switch self {
        case .blobs, .rings, .spirals: true
        case .digits, .csv: false
        }
    }

    /// A short name: "blobs", "digits", the file's path.
    public var name: String {
        switch self {
        case .blobs: "blobs"
        case .rings: "rings"
        case .spirals: "spirals"
        case .digits: "digits"
        case .csv(let path): path
        }
    }

    /// `name` for messages: a file's path through `quoted(_:)`, so control characters in it are shown escaped.
    var quotedName: String {
        if case .csv(let path) = self { quoted(path) } else { name }
    }

    /// The samples, shuffled and split by `seed`. A CSV file's bytes come from `read` (the front end reads files;
    /// Training never does): it gets the path and returns the bytes, or throws an error naming why not.
    public func load(seed: UInt64, testFraction: Double = 0.2,
                     reading read: (String) throws(InputError) -> [UInt8] = DatasetSource.noFiles) throws(InputError) -> Dataset {
        switch self {
        case .blobs(let classes, let dimension):
            try Dataset.blobs(classes: classes, dimension: dimension, testFraction: testFraction, seed: seed)
        case .rings(let classes): try Dataset.rings(classes: classes, testFraction: testFraction, seed: seed)
        case .spirals(let classes): try Dataset.spirals(classes: classes, testFraction: testFraction, seed: seed)
        case .digits: try Dataset.digits(testFraction: testFraction, seed: seed)
        case .csv(let path):
            try Dataset(csv: try read(path), name: Self.fileName(path), testFraction: testFraction, seed: seed)
        }
    }

    /// A reader for `load` that reads no file: every path is refused.
    public static func noFiles(_ path: String) throws(InputError) -> [UInt8] {
        throw InputError("no file is read here", subject: .dataset, file: path)
    }

    /// The last component of a path: what a CSV data set is called in messages and on screen.
    public static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}
