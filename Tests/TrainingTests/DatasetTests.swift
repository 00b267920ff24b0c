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

    @Test(arguments: [
        ("1,2,0\n3,4\n", "bad.csv line 2: 2 columns, expected 3 like line 1"),
        ("1,2,0\n3,x,1\n", "bad.csv line 2, column 2: 'x' is not a finite number"),
        ("a,b,c\n1,2,0\n3,4,5,1\n", "bad.csv line 3: 4 columns, expected 3 like line 2"),
        ("1,2,0\n3,4,1.5\n", "bad.csv line 2, column 3: the label '1.5' is not a whole number"),
        ("1,2,0\n3,4,0\n", "bad.csv: every sample has label 0; need at least 2 classes"),
        ("x,y,label\n", "bad.csv: no samples (the file is empty or only a header)"),
        ("5\n6\n", "bad.csv line 1: 1 column; need at least one feature column and a label column"),
        ("1,inf,0\n2,3,1\n", "bad.csv line 1, column 2: 'inf' is not a finite number"),
    ])
    func malformedCSVNamesTheLine(text: String, message: String) {
        #expect(throws: InputError(message)) { try Dataset(csv: text, name: "bad.csv", seed: 1) }
    }

    @Test func sourcesParseTheirNames() throws {
        #expect(try DatasetSource(name: "digits") == .digits)
        #expect(try DatasetSource(name: "blobs", classes: 5, dimension: 3) == .blobs(classes: 5, dimension: 3))
        #expect(try DatasetSource(name: "data/points.CSV") == .csv(path: "data/points.CSV"))
        #expect(throws: InputError.self) { try DatasetSource(name: "mnist") }
        #expect(throws: InputError.self) { try DatasetSource(name: "rings", dimension: 3) }
        #expect(throws: InputError.self) { try DatasetSource(name: "digits", classes: 3) }
        #expect(throws: InputError("cannot read /nonexistent/x.csv: The file doesn’t exist.")) {
            try DatasetSource(name: "/nonexistent/x.csv").load(seed: 1)
        }
    }
}
