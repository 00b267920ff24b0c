import Geometry

/// Numbers in comma-separated text, read as spreadsheets and NumPy write them: the program's one CSV reader, for data
/// sets (`--dataset`, the digits) and for arrays (`analyze`'s .csv inputs).
///
/// - Lines end in LF, CRLF or CR; a UTF-8 byte order mark at the start is skipped.
/// - Fields are split at commas outside double quotes; a field may be quoted (`"1.5"`, `""` inside quotes is one
///   quote); spaces and tabs around a field are ignored.
/// - Blank lines and lines of only commas are skipped, anywhere (also at the end).
/// - The first line that is not skipped is a header when none of its fields is a number (and none is several
///   numbers in one field, which is a file with another separator).
/// - Every other field must be a finite decimal number as `Double` reads it (correctly rounded), and every row
///   must have as many fields as the first.
///
/// Not read: a quoted field that spans lines, and a decimal comma (`"1,5"` is not a number). Errors are
/// `InputError`s with the line and column (from 1); the caller adds the file.
public enum CSVReader {
    /// The numbers of a CSV text, row after row.
    public struct Table: Sendable, Hashable {
        /// Every number, row-major.
        public var values: [Double] = []
        /// Fields per row.
        public var columns = 0
        /// The line (from 1) each row came from.
        public var rowLines: [Int] = []

        /// Rows read.
        public var rows: Int { rowLines.count }

        /// Row `index` as an array.
        public func row(_ index: Int) -> ArraySlice<Double> { values[index * columns ..< (index + 1) * columns] }
    }

    /// The table `bytes` hold (UTF-8 text).
    public static func table(_ bytes: [UInt8]) throws(InputError) -> Table {
        try bytes.withUnsafeBufferPointer { buffer throws(InputError) in try table(buffer) }
    }

    /// The table `bytes` hold (UTF-8 text), read in place.
    public static func table(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) -> Table {
        var table = Table()
        var firstDataLine = 0
        var seenLine = false
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count || (start == bytes.count && lineNumber == 0) {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            let next = end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A
                ? end + 2 : end + 1
            defer { start = next }
            guard let fields = Self.fields(bytes[start..<end]) else {
                throw InputError("a quoted field has no closing quote (a quoted field must end on its line)",
                                 line: lineNumber)
            }
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
                throw InputError("\(fields.count) field\(fields.count == 1 ? "" : "s"), but line \(firstDataLine) has "
                    + "\(table.columns)", line: lineNumber)
            }
            for (index, field) in fields.enumerated() {
                guard let value = number(field), value.isFinite else {
                    throw InputError(reason(field), line: lineNumber, column: index + 1)
                }
                table.values.append(value)
            }
            table.rowLines.append(lineNumber)
        }
        return table
    }

    /// The fields of one line: split at commas outside double quotes, each trimmed of spaces and tabs, quotes
    /// removed (`""` inside them is one quote). Nil when a quote opens and does not close on the line.
    static func fields(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> [[UInt8]]? {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var index = line.startIndex
        func finish() {
            if !wasQuoted { while let last = field.last, last == 0x20 || last == 0x09 { field.removeLast() } }
            fields.append(field)
            field = []
            wasQuoted = false
        }
        while index < line.endIndex {
            let byte = line[index]
            index += 1
            if quoted {
                guard byte == 0x22 else { field.append(byte); continue }
                if index < line.endIndex && line[index] == 0x22 { field.append(0x22); index += 1; continue }
                quoted = false
            } else if byte == 0x2C {
                finish()
            } else if byte == 0x22 && field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !wasQuoted {
                field = []
                quoted = true
                wasQuoted = true
            } else if !(field.isEmpty && !wasQuoted && (byte == 0x20 || byte == 0x09)) {
                if wasQuoted && (byte == 0x20 || byte == 0x09) { continue }  // spaces after the closing quote
                field.append(byte)
            }
        }
        guard !quoted else { return nil }
        finish()
        return fields
    }

    /// The number a field holds, if it is one (fields of 400 bytes or more are not).
    static func number(_ field: [UInt8]) -> Double? {
        guard !field.isEmpty, field.count < 400 else { return nil }
        return Double(String(decoding: field, as: UTF8.self))
    }

    /// Whether the field is numbers separated by spaces, tabs or semicolons: a file with another separator.
    static func isSeveralNumbers(_ field: [UInt8]) -> Bool {
        let words = String(decoding: field, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" })
        return words.count > 1 && words.allSatisfy { Double($0) != nil }
    }

    /// Why a field is not a number, its text quoted.
    static func reason(_ field: [UInt8]) -> String {
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
