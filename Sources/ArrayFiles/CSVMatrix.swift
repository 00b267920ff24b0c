import Foundation
import Geometry

/// Comma-separated numbers: one row a line, every row as many fields. A UTF-8 byte order mark and CRLF line ends
/// are fine, blank lines are skipped, and a first line none of whose fields is a number is a header (skipped).
/// Fields are decimal numbers as `Double` reads them and must be finite. One column reads as a vector `(N,)`
/// (labels), more as a matrix `(N, columns)`, stored as float64. Errors name the line and column.
public enum CSVMatrix {
    /// The numbers in `data`, the file's bytes.
    public static func array(from data: Data, source: ArraySource) throws(ArrayFileError) -> NumericArray {
        let parsed = data.withUnsafeBytes { raw in parse(raw.bindMemory(to: UInt8.self), source: source) }
        let table = try parsed.get()
        guard !table.rowLines.isEmpty else { throw source.error("no numbers: the file is empty or only a header") }
        let shape = table.columns == 1 ? [table.rowLines.count] : [table.rowLines.count, table.columns]
        return NumericArray(source: source, shape: shape,
                            elements: EncodedElements(values: table.values, type: .float64), rowLines: table.rowLines)
    }

    private struct Table {
        var values: [Double] = []
        var rowLines: [Int] = []
        var columns = 0
    }

    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: ArraySource) -> Result<Table, ArrayFileError> {
        var table = Table()
        var firstDataLine = 0
        var seenLine = false
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start <= bytes.count {
            lineNumber += 1
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let next = end + 1
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let fields = split(bytes[start..<end])
            start = next
            if fields.allSatisfy(\.isEmpty) { continue }
            if !seenLine {
                seenLine = true
                if fields.allSatisfy({ number($0) == nil && !isSeveralNumbers($0) }) { continue }  // a header
            }
            if table.columns == 0 {
                table.columns = fields.count
                firstDataLine = lineNumber
            }
            guard fields.count == table.columns else {
                return .failure(source.error("\(fields.count) field\(fields.count == 1 ? "" : "s"), but line "
                    + "\(firstDataLine) has \(table.columns)", line: lineNumber))
            }
            for (index, field) in fields.enumerated() {
                guard let value = number(field), value.isFinite else {
                    return .failure(source.error(reason(field), line: lineNumber, column: index + 1))
                }
                table.values.append(value)
            }
            table.rowLines.append(lineNumber)
        }
        return .success(table)
    }

    /// The fields of a line, spaces and tabs around each trimmed.
    private static func split(_ line: Bytes) -> [Bytes] {
        line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { field in
            var field = field
            while let first = field.first, first == 0x20 || first == 0x09 { field = field.dropFirst() }
            while let last = field.last, last == 0x20 || last == 0x09 { field = field.dropLast() }
            return field
        }
    }

    private static func number(_ field: Bytes) -> Double? {
        guard !field.isEmpty, field.count < 400 else { return nil }
        return Double(String(decoding: field, as: UTF8.self))
    }

    /// Whether the field is numbers separated by spaces, tabs or semicolons: a file with another separator.
    private static func isSeveralNumbers(_ field: Bytes) -> Bool {
        let words = String(decoding: field, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" })
        return words.count > 1 && words.allSatisfy { Double($0) != nil }
    }

    private static func reason(_ field: Bytes) -> String {
        let text = String(decoding: field, as: UTF8.self)
        if field.isEmpty { return "an empty field, not a number" }
        if let value = Double(text), !value.isFinite { return "\(quoted(text)) is not a finite number" }
        if isSeveralNumbers(field) {
            return "\(quoted(text, limit: 60)) is several numbers in one field; fields are separated by commas "
                + "(np.savetxt(path, x, delimiter=','))"
        }
        return "\(quoted(text, limit: 60)) is not a number"
    }
}
