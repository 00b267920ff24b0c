import Foundation
import Testing
@testable import ArrayFiles

@Suite struct ModelInputTests {
    static func location(_ spec: String) -> ArrayLocation {
        var location = ArrayLocation(spec)
        location.path = Fixture.path(location.path)
        return location
    }

    static func model(_ embeddings: String = "embeddings.npy", _ labels: String = "model_labels.npy",
                      weights: [String] = ["weights.npy"], layout: WeightsLayout = .auto)
        throws(ArrayFileError) -> ModelInput {
        try ModelInput.read(embeddings: location(embeddings), labels: location(labels),
                            weights: weights.map(location), layout: layout)
    }

    static func error(_ embeddings: String = "embeddings.npy", _ labels: String = "model_labels.npy",
                      weights: [String] = ["weights.npy"], layout: WeightsLayout = .auto) -> ArrayFileError? {
        do {
            _ = try model(embeddings, labels, weights: weights, layout: layout)
            return nil
        } catch { return error }
    }

    @Test func aModelOfThreeFilesAssembles() throws {
        let model = try Self.model()
        #expect(model.samples == 8 && model.dimension == 3 && model.classes == 4)
        #expect(model.weightsLayout == .classesByDims)
        #expect(model.embeddings.doubles() == Fixture.embeddings)
        #expect(model.labels == Fixture.modelLabels)
        #expect(model.weights.doubles() == Fixture.weights)
        #expect(model.weights.elementType == .float32)
    }

    @Test func oneArchiveServesAllThreeRoles() throws {
        for name in ["model_stored.npz", "model_deflated.npz", "model_zip64_central.npz"] {
            let model = try Self.model(name, name, weights: [name])
            #expect(model.embeddings.doubles() == Fixture.embeddings && model.weights.doubles() == Fixture.weights)
        }
        let torch = try Self.model("torch_style.safetensors:embeddings", "torch_style.safetensors:labels",
                                   weights: ["torch_style.safetensors:head.weight_bf16"])
        #expect(torch.weights.doubles() == Fixture.weights && torch.weights.elementType == .float32)
    }

    @Test func dimsByClassesIsTransposed() throws {
        let model = try Self.model(weights: ["weights_dxk.npy"])
        #expect(model.weightsLayout == .dimsByClasses)
        #expect(model.weights.rows == 4 && model.weights.columns == 3)
        #expect(model.weights.doubles() == Fixture.weights)
        let forced = try Self.model(weights: ["weights_dxk.npy"], layout: .dimsByClasses)
        #expect(forced.weights.doubles() == Fixture.weights)
        let wrong = try #require(Self.error(weights: ["weights_dxk.npy"], layout: .classesByDims))
        #expect(wrong.role == .weights && wrong.message.contains("is not K x 3 as --weights-layout classes-by-dims says"),
                "\(wrong.message)")
    }

    @Test func shardsStackInOrder() throws {
        let model = try Self.model(weights: ["weights_shard0.npy", "weights_shard1.npy"])
        #expect(model.classes == 4 && model.weights.doubles() == Fixture.weights)
        // The second shard is float64, so the stack is too.
        #expect(model.weights.elementType == .float64)
        let reversed = try Self.model(weights: ["weights_shard1.npy", "weights_shard0.npy"])
        #expect(reversed.weights.row(0) == Array(Fixture.weights[6..<9]))
    }

    @Test func anAmbiguousLayoutNamesTheFlag() throws {
        let error = try #require(Self.error(weights: ["weights_square.npy"]))
        #expect(error.role == .weights)
        #expect(error.message.contains("--weights-layout classes-by-dims") && error.message.contains("dims-by-classes"),
                "\(error.message)")
        let embeddings = try Fixture.read("embeddings.npy")
        let labels = NumericArray(int64: (0..<8).map { Int64($0 % 3) }, shape: [8])
        let square = try Fixture.read("weights_square.npy")
        let rows = try ModelInput(embeddings: embeddings, labels: labels, weights: [square], layout: .classesByDims)
        #expect(rows.classes == 3 && rows.weights.doubles() == Array(Fixture.weights[0..<9]))
        let columns = try ModelInput(embeddings: embeddings, labels: labels, weights: [square], layout: .dimsByClasses)
        #expect(columns.weights.row(0) == [Fixture.weights[0], Fixture.weights[3], Fixture.weights[6]])
    }

    @Test func anAmbiguousShardIsSettledByTheOthers() throws {
        // A 3 x 3 shard next to a 1 x 3 one: only classes-by-dims fits both.
        let square = NumericArray(float64: Array(Fixture.weights[0..<9]), shape: [3, 3])
        let row = NumericArray(float64: Array(Fixture.weights[9..<12]), shape: [1, 3])
        let embeddings = NumericArray(float64: Fixture.embeddings, shape: [8, 3])
        let labels = NumericArray(int64: Fixture.modelLabels.map(Int64.init), shape: [8])
        let model = try ModelInput(embeddings: embeddings, labels: labels, weights: [square, row])
        #expect(model.weightsLayout == .classesByDims && model.weights.doubles() == Fixture.weights)
    }

    @Test func mismatchesAreNamed() throws {
        let dimension = try #require(Self.error("f32_v1.npy", "labels_i8.npy"))
        #expect(dimension.role == .labels && dimension.reason.contains("7 labels, but the embeddings"), "\(dimension.message)")
        let columns = try #require(Self.error(weights: ["labels_column.npy"]))
        #expect(columns.role == .weights && columns.reason.contains("no side equal to the embedding dimension d = 3"),
                "\(columns.message)")
        let vector = try #require(Self.error("labels_i8.npy", "model_labels.npy"))
        #expect(vector.role == .embeddings && vector.reason.contains("is a vector"))
        let oneColumn = try #require(Self.error("labels_column.npy", "labels_i8.npy"))
        #expect(oneColumn.reason.contains("d >= 2"), "\(oneColumn.message)")
        let empty = try #require(Self.error("empty_rows.npy"))
        #expect(empty.reason.contains("no rows"), "\(empty.message)")
        let textLabels = try #require(Self.error("embeddings.npy", "unicode.npy"))
        #expect(textLabels.role == .labels && textLabels.message.hasPrefix("labels '"), "\(textLabels.message)")
    }

    static func arrays(embeddings: [Double] = Fixture.embeddings, labels: [Int] = Fixture.modelLabels,
                       weights: [Double] = Fixture.weights, classes: Int = 4) -> (NumericArray, NumericArray, [NumericArray]) {
        (NumericArray(float64: embeddings, shape: [embeddings.count / 3, 3]),
         NumericArray(int64: labels.map(Int64.init), shape: [labels.count], source: ArraySource(file: "y.npy")),
         [NumericArray(float64: weights, shape: [classes, 3], source: ArraySource(file: "w.npy"))])
    }

    static func error(_ inputs: (NumericArray, NumericArray, [NumericArray])) -> ArrayFileError? {
        do {
            _ = try ModelInput(embeddings: inputs.0, labels: inputs.1, weights: inputs.2)
            return nil
        } catch { return error }
    }

    @Test func labelsOutsideTheClassesAreNamedByRow() throws {
        var labels = Fixture.modelLabels
        labels[5] = 4
        let error = try #require(Self.error(Self.arrays(labels: labels)))
        #expect(error.role == .labels && error.row == 5 && error.reason.hasPrefix("label 4 is not a class of the weights (0 to 3)"))
        #expect(!error.reason.contains("1-based"))
        let oneBased = try #require(Self.error(Self.arrays(labels: Fixture.modelLabels.map { $0 + 1 })))
        #expect(oneBased.reason.contains("run from 1 to 4: subtract 1"), "\(oneBased.message)")
        let negative = try #require(Self.error(Self.arrays(labels: [-1] + Fixture.modelLabels.dropFirst())))
        #expect(negative.row == 0)
    }

    @Test func nonFiniteAndZeroRowsAreNamed() throws {
        var embeddings = Fixture.embeddings
        embeddings[3 * 6 + 2] = .nan
        let nan = try #require(Self.error(Self.arrays(embeddings: embeddings)))
        #expect(nan.role == .embeddings && nan.row == 6 && nan.reason == "column 2 is nan, not a finite number")
        embeddings = Fixture.embeddings
        for j in 0..<3 { embeddings[3 * 4 + j] = 0 }
        let zero = try #require(Self.error(Self.arrays(embeddings: embeddings)))
        #expect(zero.row == 4 && zero.reason.hasPrefix("all zeros"))
        var weights = Fixture.weights
        weights[3 * 2 + 1] = -.infinity
        let infinite = try #require(Self.error(Self.arrays(weights: weights)))
        #expect(infinite.role == .weights && infinite.file == "w.npy" && infinite.row == 2, "\(infinite.message)")
        #expect(infinite.reason == "class 2 (row 2 of this file): column 1 is -inf, not a finite number")
        for j in 0..<3 { weights[3 * 3 + j] = 0 }
        weights[3 * 2 + 1] = 0.25
        let zeroClass = try #require(Self.error(Self.arrays(weights: weights)))
        #expect(zeroClass.reason.hasPrefix("class 3 (row 3 of this file): all zeros"), "\(zeroClass.message)")
    }

    @Test func aBadClassInAShardIsNamedInItsFile() throws {
        var second = Array(Fixture.weights[6..<12])
        second[4] = .nan
        let embeddings = NumericArray(float64: Fixture.embeddings, shape: [8, 3])
        let labels = NumericArray(int64: Fixture.modelLabels.map(Int64.init), shape: [8])
        let shards = [NumericArray(float64: Array(Fixture.weights[0..<6]), shape: [2, 3], source: ArraySource(file: "a.npy")),
                      NumericArray(float64: second, shape: [2, 3], source: ArraySource(file: "b.npy"))]
        do {
            _ = try ModelInput(embeddings: embeddings, labels: labels, weights: shards)
            Issue.record("a nan weight passed")
        } catch {
            #expect(error.file == "b.npy" && error.row == 1 && error.reason.hasPrefix("class 3 (row 1 of this file)"),
                    "\(error.message)")
        }
        let transposed = NumericArray(float64: [1, 0, .nan, 0, 1, 1], shape: [3, 2], source: ArraySource(file: "t.npy"))
        do {
            _ = try ModelInput(embeddings: embeddings, labels: NumericArray(int64: Array(repeating: 0, count: 8), shape: [8]),
                               weights: [transposed], layout: .dimsByClasses)
            Issue.record("a nan weight passed")
        } catch {
            #expect(error.reason == "class 0 (column 0 of this d x K file): row 1 is nan, not a finite number",
                    "\(error.message)")
        }
    }

    @Test func oneClassIsNotEnough() throws {
        let error = try #require(Self.error(Self.arrays(labels: Array(repeating: 0, count: 8), weights: [1, 0, 0], classes: 1)))
        #expect(error.reason.contains("at least 2"))
    }

    @Test func csvInputsNameTheirLines() throws {
        let model = try Self.model("embeddings_bom_crlf.csv", "labels.csv")
        #expect(model.embeddings.doubles() == Fixture.embeddings && model.labels == Fixture.modelLabels)
        let text = "x,y\n1,0\n0,0\n"
        let embeddings = try CSVMatrix.array(from: Data(text.utf8), source: ArraySource(file: "e.csv"))
        let labels = NumericArray(int64: [0, 1], shape: [2])
        let weights = NumericArray(float64: [1, 0, 0, 1], shape: [2, 2])
        do {
            _ = try ModelInput(embeddings: embeddings, labels: labels, weights: [weights], layout: .classesByDims)
            Issue.record("a zero row passed")
        } catch {
            #expect(error.row == 1 && error.line == 3 && error.message.hasPrefix("embeddings 'e.csv', line 3, row 1: all zeros"),
                    "\(error.message)")
        }
    }
}
