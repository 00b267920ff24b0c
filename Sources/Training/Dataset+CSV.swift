import Geometry
import TextFormats

extension Dataset {
    /// A data set from CSV text: one sample a row, the feature columns, then an integer label in the last column.
    /// The text is read by the program's one CSV reader (`CSVReader`: LF, CRLF or CR line ends, a byte order mark,
    /// quoted fields, a header line, blank lines and lines of only commas skipped). A label may be written as a whole
    /// number in floating point (`3.0`, `3.000000000000000000e+00`) of at most 2^53 in size, where every whole
    /// number is exact. The distinct labels, sorted, become classes 0..<K (`classNames` keeps them). Anything
    /// malformed throws an error about the data set naming `name` (the file), the line and the column.
    public init(csv bytes: [UInt8], name: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        let table: CSVReader.Table
        do { table = try CSVReader.table(bytes) } catch { throw Self.located(error, in: name) }
        try self.init(table: table, name: name, testFraction: testFraction, seed: seed)
    }

    /// A data set from CSV text (see `init(csv:name:testFraction:seed:)` for bytes).
    public init(csv text: String, name: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        try self.init(csv: Array(text.utf8), name: name, testFraction: testFraction, seed: seed)
    }

    /// A data set from a table of numbers whose last column holds the labels.
    init(table: CSVReader.Table, name: String, testFraction: Double, seed: UInt64) throws(InputError) {
        guard table.rows > 0 else {
            throw InputError("no samples (the file is empty or only a header)", subject: .dataset, file: name)
        }
        guard table.columns >= 2 else {
            throw InputError("1 column; need at least one feature column and a label column", subject: .dataset,
                             file: name, line: table.rowLines[0])
        }
        let features = table.columns - 1
        var inputs = Matrix(rows: table.rows, columns: features)
        var rawLabels: [Int] = []
        rawLabels.reserveCapacity(table.rows)
        for row in 0..<table.rows {
            let values = table.row(row)
            for column in 0..<features { inputs[row, column] = values[values.startIndex + column] }
            let cell = values[values.startIndex + features]
            guard let label = Self.label(cell) else {
                let reason = abs(cell) > Self.largestLabel
                    ? "the label \(NumberText.exact(cell)) is too large: labels are whole numbers of at most 2^53 = "
                        + "9007199254740992 in size"
                    : "the label \(NumberText.exact(cell)) is not a whole number"
                throw InputError(reason, subject: .dataset, file: name, line: table.rowLines[row], column: table.columns)
            }
            rawLabels.append(label)
        }
        let distinct = Array(Set(rawLabels)).sorted()
        guard distinct.count >= 2 else {
            throw InputError("every sample has label \(distinct[0]); need at least 2 classes", subject: .dataset,
                             file: name)
        }
        let classOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        try self.init(name: name, classNames: distinct.map(String.init), inputs: inputs,
                      labels: rawLabels.map { classOf[$0] ?? 0 }, testFraction: testFraction, seed: seed)
    }

    /// 2^53: every whole number up to here is exact in a Double.
    static let largestLabel = 9_007_199_254_740_992.0

    /// A label cell as a whole number, or nil when it is not one or is larger than 2^53.
    static func label(_ value: Double) -> Int? {
        guard value == value.rounded(.towardZero), abs(value) <= largestLabel else { return nil }
        return Int(value)
    }

    /// `error` (from the CSV reader, which knows lines and columns) about the data set in the file `name`.
    static func located(_ error: InputError, in name: String) -> InputError {
        var located = error
        located.subject = .dataset
        located.file = name
        return located
    }

    /// The digits, read once from the text compiled into the program (`digitsCSV`) and kept.
    private static let digitsTable: Result<CSVReader.Table, InputError> = Result { () throws(InputError) in
        try CSVReader.table(Array(digitsCSV.utf8))
    }

    /// The 8x8 hand-written digits of scikit-learn (UCI optdigits test set): 1,797 images, 64 pixels from 0 to 16,
    /// 10 classes, split by `seed`. Parsed once per process; no file is read.
    public static func digits(testFraction: Double = 0.2, seed: UInt64) throws(InputError) -> Dataset {
        let table: CSVReader.Table
        switch digitsTable {
        case .success(let parsed): table = parsed
        case .failure(let error): throw located(error, in: "digits")
        }
        return try Dataset(table: table, name: "digits", testFraction: testFraction, seed: seed)
    }
}
