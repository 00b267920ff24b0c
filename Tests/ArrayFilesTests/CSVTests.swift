import Foundation
import Testing
@testable import ArrayFiles

@Suite struct CSVTests {
    static func read(_ text: String) throws(ArrayFileError) -> NumericArray {
        try CSVMatrix.array(from: Data(text.utf8), source: ArraySource(file: "x.csv"))
    }

    static func error(_ text: String) -> ArrayFileError? {
        do {
            _ = try read(text)
            return nil
        } catch { return error }
    }

    @Test func aHeaderABOMAndCRLFAreHandled() throws {
        let matrix = try Fixture.read("embeddings_bom_crlf.csv").matrix()
        #expect(matrix.rows == 8 && matrix.columns == 3)
        #expect(matrix.elementType == .float64)
        #expect(matrix.doubles() == Fixture.embeddings)
        #expect(matrix.line(ofRow: 0) == 2 && matrix.line(ofRow: 7) == 9)
    }

    @Test func seventeenDigitsReadBackExactly() throws {
        #expect(try Fixture.read("precision.csv").matrix().doubles() == Fixture.precision64)
    }

    @Test func oneColumnIsAVectorOfLabels() throws {
        let labels = try Fixture.read("labels.csv")
        #expect(labels.shape == [8])
        #expect(try labels.integers() == Fixture.modelLabels)
    }

    @Test func raggedRowsAreNamedByLine() throws {
        let error = try #require(Fixture.error("ragged.csv"))
        #expect(error.line == 3 && error.reason == "2 fields, but line 1 has 3", "\(error.message)")
        #expect(error.message.hasSuffix("line 3: 2 fields, but line 1 has 3"))
    }

    @Test func aFieldThatIsNotANumberIsNamedByLineAndColumn() throws {
        let error = try #require(Fixture.error("not_a_number.csv"))
        #expect(error.line == 3 && error.column == 2 && error.reason == "'x4' is not a number", "\(error.message)")
        let spaces = try #require(Fixture.error("space_separated.csv"))
        #expect(spaces.line == 1 && spaces.reason.contains("separated by commas"), "\(spaces.message)")
    }

    @Test func nonFiniteAndEmptyFieldsAreRefused() throws {
        #expect(Self.error("1,2\n3,nan\n")?.reason == "'nan' is not a finite number")
        #expect(Self.error("1,2\n3,inf\n")?.column == 2)
        #expect(Self.error("1,2\n3,\n")?.reason == "an empty field, not a number")
        #expect(Self.error("x,y\n")?.reason.contains("no numbers") == true)
        #expect(Self.error("")?.reason.contains("no numbers") == true)
        #expect(Self.error("1,2\n\u{1B}[2J,3\n")?.message.contains("'\\e[2J'") == true)
    }

    @Test func blankLinesAndSpacesAreSkipped() throws {
        let array = try Self.read("\n a , b \n\n 1 , 2 \n\n3,\t4\n\n")
        #expect(array.shape == [2, 2] && array.doubles() == [1, 2, 3, 4])
        #expect(try array.matrix().line(ofRow: 1) == 6)
        #expect(try Self.read("5").doubles() == [5])
    }

    @Test func aMixedFirstLineIsDataNotAHeader() throws {
        let error = try #require(Self.error("a,1\n2,3\n"))
        #expect(error.line == 1 && error.column == 1)
    }

    @Test func labelErrorsNameTheLine() throws {
        let labels = try Self.read("label\n1\n2.5\n")
        do {
            _ = try labels.integers()
            Issue.record("2.5 read as a label")
        } catch {
            #expect(error.line == 3 && error.row == 1, "\(error.message)")
        }
    }
}
