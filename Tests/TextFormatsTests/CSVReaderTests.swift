import Geometry
import Testing
@testable import TextFormats

/// The one CSV reader: fields split at commas outside quotes, the line ends spreadsheets and NumPy write, headers and
/// blank lines skipped, and every refusal at its line and column.
@Suite struct CSVReaderTests {
    static func table(_ text: String) throws -> CSVReader.Table { try CSVReader.table(Array(text.utf8)) }

    static func fields(_ line: String) -> [String]? {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            CSVReader.fields(buffer[...])?.map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func fieldsSplitAtCommasOutsideQuotes() {
        #expect(Self.fields(#"1, "a, b" ,"say ""hi""",,"""#) == ["1", "a, b", #"say "hi""#, "", ""])
        #expect(Self.fields("1,2") == ["1", "2"])
        #expect(Self.fields(" 1 ,\t2\t") == ["1", "2"])
        #expect(Self.fields(#"1,"2"#) == nil)
    }

    /// LF, CRLF and CR line ends, a byte order mark, a quoted header, blank lines and lines of commas anywhere.
    @Test(arguments: ["x,y\n1,2\n3,4\n", "x,y\r\n1,2\r\n3,4\r\n", "x,y\r1,2\r3,4\r", "\u{FEFF}\"x\",\"y\"\n1,2\n3,4",
                      "\n,\n1,2\n\n3,4\n,,\n\n", "\"1\",\"2\"\n3,4\n"])
    func everyWayOfWritingTheSameTableReadsAlike(text: String) throws {
        let table = try Self.table(text)
        #expect(table.values == [1, 2, 3, 4] && table.columns == 2 && table.rows == 2, "\(text.debugDescription)")
    }

    @Test func rowsKeepTheirLines() throws {
        let table = try Self.table("a,b\n\n1,2\r\n3,4\r5,6")
        #expect(table.rowLines == [3, 4, 5])
        #expect(Array(table.row(1)) == [3, 4])
    }

    @Test(arguments: [
        ("1,2\n3\n", 2, nil, "1 field, but line 1 has 2"),
        ("1,2\n3,x\n", 2, 2, "'x' is not a number"),
        ("1,2\n3,\n", 2, 2, "an empty field, not a number"),
        ("1,nan\n", 1, 2, "'nan' is not a finite number"),
        ("1 2 3\n", 1, 1, "'1 2 3' is several numbers in one field; fields are separated by commas (np.savetxt(path, x, delimiter=','))"),
        ("1,\"2\n", 1, nil, "a quoted field has no closing quote (a quoted field must end on its line)"),
    ] as [(String, Int, Int?, String)])
    func refusalsNameTheLineAndColumn(text: String, line: Int, column: Int?, reason: String) {
        do {
            _ = try CSVReader.table(Array(text.utf8))
            Issue.record("\(text.debugDescription) must be refused")
        } catch {
            #expect(error.line == line && error.column == column && error.reason == reason, "\(error.message)")
        }
    }
}
