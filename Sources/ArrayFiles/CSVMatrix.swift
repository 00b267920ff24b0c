import Foundation
import Geometry
import TextFormats

/// Comma-separated numbers, read by the program's one CSV reader (`CSVReader`: one row a line, every row as many
/// fields, LF, CRLF or CR line ends, a byte order mark, quoted fields, a header line, blank lines skipped). One column
/// reads as a vector `(N,)` (labels), more as a matrix `(N, columns)`, stored as float64. Errors name the line and
/// column.
public enum CSVMatrix {
    /// The numbers in `data`, the file's bytes.
    public static func array(from data: Data, source: ArraySource) throws(ArrayFileError) -> NumericArray {
        let parsed = data.withUnsafeBytes { raw in
            Result { () throws(InputError) in try CSVReader.table(raw.bindMemory(to: UInt8.self)) }
        }
        let table: CSVReader.Table
        switch parsed {
        case .success(let read): table = read
        case .failure(let error): throw source.error(error.reason, line: error.line, column: error.column)
        }
        guard !table.rowLines.isEmpty else { throw source.error("no numbers: the file is empty or only a header") }
        let shape = table.columns == 1 ? [table.rowLines.count] : [table.rowLines.count, table.columns]
        return NumericArray(source: source, shape: shape,
                            elements: EncodedElements(values: table.values, type: .float64), rowLines: table.rowLines)
    }
}
