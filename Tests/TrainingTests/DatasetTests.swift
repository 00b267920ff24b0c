import Foundation
import Geometry
import Testing
@testable import Training

@Suite struct DatasetTests {
    @Test func digitsLoadFromTheBundledResource() throws {
        let digits = try Dataset.digits(seed: 1)
        #expect(digits.trainInputs.rows + digits.testInputs.rows == 1797)
        #expect(digits.trainInputs.rows == 1438)
        #expect(digits.inputDimension == 64)
        #expect(digits.classNames == (0...9).map(String.init))
        #expect(digits.trainInputs.storage.allSatisfy { (0...16).contains($0) })
        #expect(Set(digits.trainLabels) == Set(0..<10))
    }

    @Test func theSeedFixesTheSplit() throws {
        let a = try Dataset.spirals(seed: 5), b = try Dataset.spirals(seed: 5), c = try Dataset.spirals(seed: 6)
        #expect(a == b)
        #expect(a.trainInputs != c.trainInputs)
        #expect(a.trainInputs.rows == 480 && a.testInputs.rows == 120)
    }

    @Test func blobsHaveTheAskedShape() throws {
        let blobs = try Dataset.blobs(classes: 6, dimension: 9, samplesPerClass: 10, seed: 1)
        #expect(blobs.classes == 6 && blobs.inputDimension == 9)
        #expect(blobs.trainInputs.rows == 48)
        #expect(throws: InputError.self) { try Dataset.blobs(classes: 1, seed: 1) }
        #expect(throws: InputError.self) { try Dataset.rings(classes: 3, samplesPerClass: 1, seed: 1) }
    }

    @Test func csvLabelsBecomeClassesInOrder() throws {
        let text = "x,y,label\n0.5, 1, 7\n\n2,3,-1\n4,5,7\n1,1,-1\n"
        let data = try Dataset(csv: text, name: "mine.csv", testFraction: 0.25, seed: 1)
        #expect(data.classNames == ["-1", "7"])
        #expect(data.trainInputs.rows == 3 && data.testInputs.rows == 1)
        let all = zip(data.trainInputs.rowArrays + data.testInputs.rowArrays, data.trainLabels + data.testLabels)
        #expect(Set(all.map { "\($0.0)->\($0.1)" }) == ["[0.5, 1.0]->1", "[2.0, 3.0]->0", "[4.0, 5.0]->1", "[1.0, 1.0]->0"])
    }

    /// Every malformed file names the file, the line and the column; the CSV reader's own refusals (fields,
    /// numbers, quotes) and the data set's (labels, classes, samples) read alike.
    @Test(arguments: [
        ("1,2,0\n3,4\n", "'bad.csv', line 2: 2 fields, but line 1 has 3"),
        ("1,2,0\n3,x,1\n", "'bad.csv', line 2, column 2: 'x' is not a number"),
        ("a,b,c\n1,2,0\n3,4,5,1\n", "'bad.csv', line 3: 4 fields, but line 2 has 3"),
        ("1,2,0\n3,4,1.5\n", "'bad.csv', line 2, column 3: the label 1.5 is not a whole number"),
        ("1,2,0\n3,4,0\n", "'bad.csv': every sample has label 0; need at least 2 classes"),
        ("x,y,label\n", "'bad.csv': no samples (the file is empty or only a header)"),
        ("5\n6\n", "'bad.csv', line 1: 1 column; need at least one feature column and a label column"),
        ("1,inf,0\n2,3,1\n", "'bad.csv', line 1, column 2: 'inf' is not a finite number"),
        ("1,2,0\r\n3,\"4,1\r\n", "'bad.csv', line 2: a quoted field has no closing quote (a quoted field must end on its line)"),
        ("1,2,0\n3,4,1e300\n", "'bad.csv', line 2, column 3: the label 1e+300 is too large: labels are whole numbers of at most 2^53 = 9007199254740992 in size"),
        ("1,2,0\n3,\"1,5\",1\n", "'bad.csv', line 2, column 2: '1,5' is not a number"),
    ])
    func malformedCSVNamesTheLine(text: String, message: String) {
        do {
            _ = try Dataset(csv: text, name: "bad.csv", seed: 1)
            Issue.record("\(text) must be refused")
        } catch {
            #expect(error.message == message)
            #expect(error.subject == .dataset && error.file == "bad.csv")
        }
    }

    /// Every sample of a data set, as "features->class name", whatever the split.
    static func samples(_ data: Dataset) -> Set<String> {
        let rows = data.trainInputs.rowArrays + data.testInputs.rowArrays
        let labels = data.trainLabels + data.testLabels
        return Set(zip(rows, labels).map { "\($0.0)->\(data.classNames[$0.1])" })
    }

    /// What spreadsheets and NumPy write: CRLF or CR line ends, a byte order mark, a header, quoted fields, blank
    /// and all-comma lines at the end, labels in floating point. Each reads as the plain file does.
    @Test(arguments: [
        "x,y,label\r\n0.5,1,7\r\n2,3,-1\r\n4,5,7\r\n1,1,-1\r\n",
        "x,y,label\r0.5,1,7\r2,3,-1\r4,5,7\r1,1,-1\r",
        "\u{FEFF}x,y,label\n0.5,1,7\n2,3,-1\n4,5,7\n1,1,-1\n",
        "\u{FEFF}0.5,1,7\r\n2,3,-1\r\n4,5,7\r\n1,1,-1",
        "\"x\",\"y\",\"label\"\r\n\"0.5\",\"1\",\"7\"\r\n 2 , \"3\" ,-1\r\n4,5,7\r\n1,1,\"-1\"\r\n",
        "\"the \"\"x\"\", in cm\",y,label\n0.5,1,7\n2,3,-1\n4,5,7\n1,1,-1\n",
        "x,y,label\n0.5,1,7\n2,3,-1\n4,5,7\n1,1,-1\n,,\n\n   \r\n\n",
        "0.5,1,7.0\n2,3,-1.000000000000000000e+00\n4,5,7e0\n1,1,-1\n",
    ])
    func spreadsheetCSVReadsLikeThePlainFile(text: String) throws {
        let plain = try Dataset(csv: "0.5,1,7\n2,3,-1\n4,5,7\n1,1,-1\n", name: "plain.csv", testFraction: 0.25, seed: 1)
        let data = try Dataset(csv: text, name: "sheet.csv", testFraction: 0.25, seed: 1)
        #expect(data.classNames == ["-1", "7"])
        #expect(data.trainInputs.rows == 3 && data.testInputs.rows == 1)
        #expect(Self.samples(data) == Self.samples(plain))
        #expect(Self.samples(data) == ["[0.5, 1.0]->7", "[2.0, 3.0]->-1", "[4.0, 5.0]->7", "[1.0, 1.0]->-1"])
    }

    /// A crafted cell or file name cannot move the cursor or retitle the window: its control characters are escaped.
    @Test func cellsAndFileNamesInMessagesAreEscaped() {
        let cell = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        do {
            _ = try Dataset(csv: "1,2,0\n3,\(cell),1\n", name: "data\u{1B}[31m.csv", seed: 1)
            Issue.record("a bad cell must be refused")
        } catch {
            #expect(error.message == #"'data\e[31m.csv', line 2, column 2: '\e]0;pwned\x07\e[2J' is not a number"#)
            #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 })
        }
        #expect(throws: InputError(#"'a\tb\e' is not a data set: use blobs, rings, spirals, digits or a .csv file (feature columns, then an integer label)"#, subject: .dataset)) {
            try DatasetSource(name: "a\tb\u{1B}")
        }
    }

    @Test func sourcesParseTheirNames() throws {
        #expect(try DatasetSource(name: "digits") == .digits)
        #expect(try DatasetSource(name: "blobs", classes: 5, dimension: 3) == .blobs(classes: 5, dimension: 3))
        #expect(try DatasetSource(name: "data/points.CSV") == .csv(path: "data/points.CSV"))
        #expect(throws: InputError.self) { try DatasetSource(name: "mnist") }
        #expect(throws: InputError.self) { try DatasetSource(name: "rings", dimension: 3) }
        #expect(throws: InputError.self) { try DatasetSource(name: "digits", classes: 3) }
        // Training reads no file: the front end gives `load` the bytes (here a reader that has them).
        let bytes = Array("1,2,0\n3,4,1\n5,6,0\n7,8,1\n".utf8)
        let file = try DatasetSource(name: "/data/x.csv").load(seed: 1) { path throws(InputError) in
            #expect(path == "/data/x.csv")
            return bytes
        }
        #expect(file.name == "x.csv" && file.classes == 2)
        #expect(throws: InputError("no file is read here", subject: .dataset, file: "/data/x.csv")) {
            try DatasetSource(name: "/data/x.csv").load(seed: 1)
        }
    }
}
