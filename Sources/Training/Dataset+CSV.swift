import Foundation
import Geometry

extension Dataset {
    /// A data set from CSV text: one sample a row, the feature columns, then an integer label in the last column.
    ///
    /// What spreadsheets and NumPy write is read: lines end in LF, CRLF or CR; a UTF-8 byte order mark is skipped;
    /// blank lines and lines of only commas (anywhere, also at the end) are skipped; a field may be quoted
    /// (`"1.5"`, `"a, b"`, `""` inside quotes for one quote), and spaces around a field are ignored; a label may be
    /// written as a whole number in floating point (`3.0`, `3.000000000000000000e+00`). The first non-blank line is
    /// a header when none of its fields is a number. A quoted field cannot span lines, and a decimal comma is not a
    /// decimal point. The distinct labels, sorted, become classes 0..<K (`classNames` keeps them). Anything else
    /// malformed throws a message naming the line and column, with the file name and the cell quoted.
    public init(csv text: String, name: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        let file = quoted(name)
        var rows: [[Double]] = []
        var rawLabels: [Int] = []
        var columns = 0
        var firstDataLine = 0
        var seenLine = false
        let body = text.hasPrefix("\u{FEFF}") ? Substring(text.unicodeScalars.dropFirst()) : Substring(text)
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            guard let fields = Self.fields(of: line) else {
                throw InputError("\(file) line \(lineNumber): a quoted field has no closing quote (a quoted field "
                    + "must end on its line)")
            }
            if fields.allSatisfy(\.isEmpty) { continue }
            if !seenLine {
                seenLine = true
                if fields.allSatisfy({ Double($0) == nil }) { continue }  // a header
            }
            if columns == 0 {
                guard fields.count >= 2 else {
                    throw InputError("\(file) line \(lineNumber): \(fields.count) column; need at least one feature "
                        + "column and a label column")
                }
                columns = fields.count
                firstDataLine = lineNumber
            }
            guard fields.count == columns else {
                throw InputError("\(file) line \(lineNumber): \(fields.count) columns, expected \(columns) like line "
                    + "\(firstDataLine)")
            }
            var row: [Double] = []
            row.reserveCapacity(columns - 1)
            for (column, field) in fields.dropLast().enumerated() {
                guard let value = Double(field), value.isFinite else {
                    throw InputError("\(file) line \(lineNumber), column \(column + 1): \(quoted(field)) is not a "
                        + "finite number")
                }
                row.append(value)
            }
            rows.append(row)
            rawLabels.append(try Self.label(fields[columns - 1], where: "\(file) line \(lineNumber), column \(columns)"))
        }
        guard !rows.isEmpty else { throw InputError("\(file): no samples (the file is empty or only a header)") }
        let distinct = Array(Set(rawLabels)).sorted()
        guard distinct.count >= 2 else {
            throw InputError("\(file): every sample has label \(distinct[0]); need at least 2 classes")
        }
        let classOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        try self.init(name: name, classNames: distinct.map(String.init), inputs: Matrix(rows),
                      labels: rawLabels.map { classOf[$0]! }, testFraction: testFraction, seed: seed)
    }

    /// A data set from a CSV file (see `init(csv:name:testFraction:seed:)`), named by its last path component.
    /// The path must name a regular file or a pipe of at most `DataFile.byteLimit` bytes: a directory, a device, a
    /// socket or a missing file is refused with a message naming that cause.
    public init(contentsOfCSV path: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        let text = try DataFile.text(at: path)
        try self.init(csv: text, name: (path as NSString).lastPathComponent, testFraction: testFraction, seed: seed)
    }

    /// The fields of one line: split at commas outside double quotes, each trimmed of white space, quotes removed
    /// (`""` inside them is one quote). Nil when a quote opens and does not close on the line.
    static func fields(of line: Substring) -> [String]? {
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if inQuotes {
                guard character == "\"" else { field.append(character); continue }
                // A quote ends the quoted part unless another follows it.
                guard let next = characters.next() else { inQuotes = false; break }
                if next == "\"" { field.append("\""); continue }
                inQuotes = false
                if next == "," {
                    fields.append(field.trimmingCharacters(in: .whitespaces))
                    field = ""
                } else {
                    field.append(next)
                }
            } else if character == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else if character == "\"" && field.allSatisfy(\.isWhitespace) {
                field = ""
                inQuotes = true
            } else {
                field.append(character)
            }
        }
        guard !inQuotes else { return nil }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }

    /// A label field: a whole number, also in floating point (`3.0`, `3e0`) up to 2^53, where every whole number
    /// is exact. `place` names the cell in messages.
    static func label(_ field: String, where place: String) throws(InputError) -> Int {
        if let label = Int(field) { return label }
        guard let value = Double(field), value == value.rounded(.towardZero) else {
            throw InputError("\(place): the label \(quoted(field)) is not a whole number")
        }
        guard abs(value) <= 9_007_199_254_740_992 else {
            throw InputError("\(place): the label \(quoted(field)) is too large: labels are whole numbers of at most "
                + "2^53 = 9007199254740992 in size")
        }
        return Int(value)
    }

    /// Where the bundled digits are: in the resource folder SwiftPM puts beside the executable (or the test
    /// bundle), else in the source tree. Looked up by hand because `Bundle.module` stops the program with a
    /// fatal error when the folder is missing, as it is for a binary copied elsewhere.
    static var digitsResource: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("margin-explorer_Training.resources/digits.csv"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/digits.csv"),
        ]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// The 8x8 hand-written digits of scikit-learn (UCI optdigits test set): 1,797 images, 64 pixels from 0 to 16,
    /// 10 classes, shipped with the package as a resource.
    public static func digits(testFraction: Double = 0.2, seed: UInt64) throws(InputError) -> Dataset {
        guard let url = digitsResource else {
            throw InputError("the digits data set is missing: expected margin-explorer_Training.resources/digits.csv "
                + "beside the program (swift build puts it there)")
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read the digits resource at \(url.path): \(reason(error))")
        }
        var dataset = try Dataset(csv: text, name: "digits", testFraction: testFraction, seed: seed)
        dataset.name = "digits"
        return dataset
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
