import Foundation
import Geometry

extension Dataset {
    /// A data set from CSV text: one sample a row, the feature columns, then an integer label in the last column.
    /// Blank lines are skipped; a first non-blank line none of whose fields is a number is taken as a header. The distinct
    /// labels, sorted, become classes 0..<K (`classNames` keeps them as written). Anything else malformed throws a
    /// message naming the line.
    public init(csv text: String, name: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        var rows: [[Double]] = []
        var rawLabels: [Int] = []
        var columns = 0
        var firstDataLine = 0
        var seenLine = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.allSatisfy(\.isEmpty) { continue }
            if !seenLine {
                seenLine = true
                if fields.allSatisfy({ Double($0) == nil }) { continue }  // a header
            }
            if columns == 0 {
                guard fields.count >= 2 else {
                    throw InputError("\(name) line \(lineNumber): \(fields.count) column; need at least one feature "
                        + "column and a label column")
                }
                columns = fields.count
                firstDataLine = lineNumber
            }
            guard fields.count == columns else {
                throw InputError("\(name) line \(lineNumber): \(fields.count) columns, expected \(columns) like line "
                    + "\(firstDataLine)")
            }
            var row: [Double] = []
            row.reserveCapacity(columns - 1)
            for (column, field) in fields.dropLast().enumerated() {
                guard let value = Double(field), value.isFinite else {
                    throw InputError("\(name) line \(lineNumber), column \(column + 1): '\(field)' is not a finite number")
                }
                row.append(value)
            }
            guard let label = Int(fields[columns - 1]) else {
                throw InputError("\(name) line \(lineNumber), column \(columns): the label '\(fields[columns - 1])' "
                    + "is not a whole number")
            }
            rows.append(row)
            rawLabels.append(label)
        }
        guard !rows.isEmpty else { throw InputError("\(name): no samples (the file is empty or only a header)") }
        let distinct = Array(Set(rawLabels)).sorted()
        guard distinct.count >= 2 else {
            throw InputError("\(name): every sample has label \(distinct[0]); need at least 2 classes")
        }
        let classOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        try self.init(name: name, classNames: distinct.map(String.init), inputs: Matrix(rows),
                      labels: rawLabels.map { classOf[$0]! }, testFraction: testFraction, seed: seed)
    }

    /// A data set from a CSV file (see `init(csv:name:testFraction:seed:)`).
    public init(contentsOfCSV path: String, testFraction: Double = 0.2, seed: UInt64) throws(InputError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError("cannot read \(path): \(Self.reason(error))")
        }
        try self.init(csv: text, name: (path as NSString).lastPathComponent, testFraction: testFraction, seed: seed)
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
