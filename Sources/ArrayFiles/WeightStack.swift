import Geometry

/// Class-weight shards stacked into one K x d matrix: shard after shard, each read as `layout` says (a d x K shard
/// is transposed), so insightface's per-GPU shards of the head and pytorch-metric-learning's single d x K `W` both
/// come out with class k in row k.
struct WeightStack {
    let matrix: NumericMatrix
    let layout: WeightsLayout
    /// The shards and the first class of each, for messages.
    private let shards: [(matrix: NumericMatrix, firstClass: Int)]

    init(_ arrays: [NumericArray], dimension: Int, layout requested: WeightsLayout) throws(ArrayFileError) {
        guard !arrays.isEmpty else { throw ArrayFileError("no weight file given", role: .weights) }
        var matrices: [NumericMatrix] = []
        for array in arrays {
            do { matrices.append(try array.matrix()) } catch { throw error.about(.weights) }
        }
        let layout = try Self.resolve(requested, matrices, dimension: dimension)
        var shards: [(matrix: NumericMatrix, firstClass: Int)] = []
        var classes = 0
        for matrix in matrices {
            shards.append((matrix, classes))
            classes += layout == .classesByDims ? matrix.rows : matrix.columns
        }
        let source = arrays.count == 1 ? arrays[0].source : ArraySource(file: arrays[0].source.file)
        if matrices.allSatisfy(\.fitsFloat) {
            let values: [Float] = Self.stack(matrices, layout: layout, dimension: dimension)
            matrix = NumericMatrix(rows: classes, columns: dimension, float32: values, source: source)
        } else {
            let values: [Double] = Self.stack(matrices, layout: layout, dimension: dimension)
            matrix = NumericMatrix(rows: classes, columns: dimension, float64: values, source: source)
        }
        self.layout = layout
        self.shards = shards
    }

    /// The layout every shard allows: the requested one if each allows it, else (auto) the only one all allow.
    private static func resolve(_ requested: WeightsLayout, _ matrices: [NumericMatrix], dimension: Int)
        throws(ArrayFileError) -> WeightsLayout {
        var common: Set<WeightsLayout> = [.classesByDims, .dimsByClasses]
        for matrix in matrices {
            let allowed = WeightsLayout.candidates(rows: matrix.rows, columns: matrix.columns, dimension: dimension)
            let shape = "\(matrix.rows) x \(matrix.columns)"
            guard !allowed.isEmpty else {
                throw matrix.source.error("shape \(shape) has no side equal to the embedding dimension d = "
                    + "\(dimension); the weights are K x d or d x K", key: "shape").about(.weights)
            }
            if requested != .auto && !allowed.contains(requested) {
                let expected = requested == .classesByDims ? "K x \(dimension)" : "\(dimension) x K"
                throw matrix.source.error("shape \(shape) is not \(expected) as \(WeightsLayout.flag) "
                    + "\(requested.rawValue) says; the other layout fits", key: "shape").about(.weights)
            }
            common.formIntersection(allowed)
            guard !common.isEmpty else {
                throw matrix.source.error("shape \(shape) fits only the layout the other weight shards do not; "
                    + "give the shards in one layout", key: "shape").about(.weights)
            }
        }
        if requested != .auto { return requested }
        guard common.count == 1, let layout = common.first else {
            let shapes = matrices.map { "\($0.rows) x \($0.columns)" }.joined(separator: ", ")
            throw ArrayFileError("weights of shape \(shapes) read both as classes x dims and dims x classes for "
                + "d = \(dimension); say which with \(WeightsLayout.flag) classes-by-dims (K x d: insightface, "
                + "nn.Linear) or \(WeightsLayout.flag) dims-by-classes (d x K: pytorch-metric-learning)",
                file: matrices[0].source.file, member: matrices[0].source.member, role: .weights)
        }
        return layout
    }

    private static func stack<S: BinaryFloatingPoint>(_ matrices: [NumericMatrix], layout: WeightsLayout,
                                                      dimension: Int) -> [S] {
        var values: [S] = []
        var buffer: [S] = []
        for matrix in matrices {
            matrix.decodeRows(0..<matrix.rows, into: &buffer)
            guard layout == .dimsByClasses else {
                values.append(contentsOf: buffer)
                continue
            }
            let classes = matrix.columns
            for k in 0..<classes {
                for j in 0..<dimension { values.append(buffer[j * classes + k]) }
            }
        }
        return values
    }

    /// Every class row finite and not all zeros; a bad one is named by its shard's file and its place there.
    func checkRows() throws(ArrayFileError) {
        let problem: RowProblem? = matrix.fitsFloat
            ? RowProblem.first(in: matrix.floats(), columns: matrix.columns)
            : RowProblem.first(in: matrix.doubles(), columns: matrix.columns)
        guard let problem else { return }
        let shard = shards.last { $0.firstClass <= problem.row } ?? shards[0]
        let local = problem.row - shard.firstClass
        let place = layout == .classesByDims ? "row \(local) of this file" : "column \(local) of this d x K file"
        let element = layout == .classesByDims ? "column" : "row"
        var error = shard.matrix.source.error("class \(problem.row) (\(place)): \(problem.reason(elementWord: element))")
        if layout == .classesByDims { error.row = local }
        throw error.about(.weights)
    }
}
