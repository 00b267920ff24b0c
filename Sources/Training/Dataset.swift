import Geometry

/// Labelled samples split into a training and a test set. Inputs are kept as given; the trainer scales each input
/// column to [0, 1] with the training set's minimum and maximum.
public struct Dataset: Sendable, Hashable {
    /// A short name: "digits", "blobs (4 classes, 2-D)", a file name.
    public var name: String
    /// One name per class, in label order: class j is `classNames[j]`.
    public var classNames: [String]
    /// Training inputs, one row per sample.
    public var trainInputs: Matrix
    /// Training labels in 0..<classes.
    public var trainLabels: [Int]
    /// Test inputs, one row per sample, same columns.
    public var testInputs: Matrix
    /// Test labels in 0..<classes.
    public var testLabels: [Int]

    /// Number of classes K.
    public var classes: Int { classNames.count }
    /// Number of input columns d.
    public var inputDimension: Int { trainInputs.columns }

    /// The valid fractions of samples held out for testing.
    public static let testFractionRange = ParameterRange(lower: 0.05, upper: 0.5, isInteger: false, unit: "fraction", step: 0.05)

    /// A data set from an explicit split, checked: at least 2 classes, at least one sample on each side, equal
    /// columns, finite inputs, labels in 0..<classes.
    public init(name: String, classNames: [String], trainInputs: Matrix, trainLabels: [Int],
                testInputs: Matrix, testLabels: [Int]) throws(InputError) {
        guard classNames.count >= 2 else {
            throw InputError("\(classNames.count) class; need at least 2", subject: .dataset, file: name)
        }
        guard trainInputs.rows > 0, testInputs.rows > 0 else {
            throw InputError("the training and the test set each need at least one sample", subject: .dataset, file: name)
        }
        guard trainInputs.columns >= 1, trainInputs.columns == testInputs.columns else {
            throw InputError("training inputs have \(trainInputs.columns) columns, test inputs \(testInputs.columns)", subject: .dataset, file: name)
        }
        guard trainLabels.count == trainInputs.rows, testLabels.count == testInputs.rows else {
            throw InputError("one label per sample is needed", subject: .dataset, file: name)
        }
        for (set, inputs, labels) in [("training", trainInputs, trainLabels), ("test", testInputs, testLabels)] {
            if let i = labels.firstIndex(where: { !(0..<classNames.count).contains($0) }) {
                throw InputError("\(set) label \(labels[i]) of sample \(i) is not in 0..<\(classNames.count)", subject: .dataset, file: name)
            }
            if let index = inputs.storage.firstIndex(where: { !$0.isFinite }) {
                throw InputError("\(set) sample \(index / inputs.columns) has a value that is not a finite number", subject: .dataset, file: name)
            }
        }
        self.name = name
        self.classNames = classNames
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
    }

    /// Shuffles the samples with `seed` and holds out `testFraction` of them (rounded, at least one on each side)
    /// for testing.
    public init(name: String, classNames: [String], inputs: Matrix, labels: [Int], testFraction: Double,
                seed: UInt64) throws(InputError) {
        try TrainingSetting.testFraction.check(testFraction, in: Self.testFractionRange)
        guard inputs.rows >= 2 else {
            throw InputError("\(inputs.rows) sample; need at least 2 to split", subject: .dataset, file: name)
        }
        var order = Array(0..<inputs.rows)
        var generator = SeededGenerator(seed: seed ^ 0x5B11_7000_0000_0002)
        shuffle(&order, using: &generator)
        let trainCount = min(max(Int((Double(inputs.rows) * (1 - testFraction)).rounded()), 1), inputs.rows - 1)
        func rows(_ indices: ArraySlice<Int>) -> Matrix {
            var result = Matrix(rows: indices.count, columns: inputs.columns)
            for (row, index) in indices.enumerated() {
                for column in 0..<inputs.columns { result[row, column] = inputs[index, column] }
            }
            return result
        }
        try self.init(name: name, classNames: classNames,
                      trainInputs: rows(order[..<trainCount]), trainLabels: order[..<trainCount].map { labels[$0] },
                      testInputs: rows(order[trainCount...]), testLabels: order[trainCount...].map { labels[$0] })
    }
}

extension Dataset {
    /// The same split restricted to classes 0..<count (a smaller problem: the digits 0 to 3, say).
    public func keepingClasses(_ count: Int) throws(InputError) -> Dataset {
        guard (2...classes).contains(count) else {
            throw InputError("has classes 0 to \(classes - 1): keep 2 to \(classes) of them, not \(count)",
                             subject: .dataset, file: name)
        }
        func keep(_ inputs: Matrix, _ labels: [Int]) -> (Matrix, [Int]) {
            let rows = labels.indices.filter { labels[$0] < count }
            var kept = Matrix(rows: rows.count, columns: inputs.columns)
            kept.storage = rows.flatMap(inputs.row)
            return (kept, rows.map { labels[$0] })
        }
        let (train, trainLabels) = keep(trainInputs, self.trainLabels)
        let (test, testLabels) = keep(testInputs, self.testLabels)
        return try Dataset(name: "\(name) (classes 0-\(count - 1))", classNames: Array(classNames.prefix(count)),
                           trainInputs: train, trainLabels: trainLabels, testInputs: test, testLabels: testLabels)
    }
}

/// Fisher-Yates with the project's own generator, so a seed gives the same order on every toolchain (the standard
/// library's `shuffle(using:)` does not promise its algorithm).
func shuffle<T>(_ values: inout [T], using generator: inout SeededGenerator) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
        let j = Int(generator.next() % UInt64(i + 1))
        values.swapAt(i, j)
    }
}
