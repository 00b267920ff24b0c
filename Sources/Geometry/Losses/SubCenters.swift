/// The class cosines of a loss with k sub-centres per class: class j owns weight rows j·k … j·k + k − 1
/// (pytorch-metric-learning's `view(-1, C, k)`, the same order as insightface's reshape), and its cosine is the
/// best of them, c̃_ij = max_r c_{i, jk+r}. On ties the first maximum wins (lowest r), as torch.max over a dimension
/// returns; the gradient goes to the winning row only.
public struct SubCenterCosines: Sendable, Hashable {
    /// N x K best cosines c̃_ij.
    public var cosines: Matrix
    /// N x K winning rows: winners[i][j] = j·k + r*_ij.
    public var winners: [[Int]]

    /// The per-class maxima of `rowCosines` (N x K·k, one column per weight row) over groups of `subCenters`
    /// columns. `rowCosines.columns` must be a multiple of `subCenters` (`SubCenterLayout` checks it).
    public init(rowCosines: Matrix, subCenters k: Int) {
        let (n, classes) = (rowCosines.rows, rowCosines.columns / k)
        cosines = Matrix(rows: n, columns: classes)
        winners = Array(repeating: Array(repeating: 0, count: classes), count: n)
        for i in 0..<n {
            for j in 0..<classes {
                let (row, value) = Self.best(of: rowCosines, sample: i, rows: j * k ..< (j + 1) * k)
                cosines[i, j] = value
                winners[i][j] = row
            }
        }
    }

    /// The first row of `rows` with the largest cosine for sample `i`, and that cosine: argmax_r, first on ties.
    public static func best(of rowCosines: Matrix, sample i: Int, rows: Range<Int>) -> (row: Int, cosine: Double) {
        var best = rows.lowerBound
        for row in rows.dropFirst() where rowCosines[i, row] > rowCosines[i, best] { best = row }
        return (best, rowCosines[i, best])
    }
}

/// Whether a weight matrix and labels fit k sub-centres per class, as data: the first problem, or nil.
public enum SubCenterLayout: Error, Sendable, Hashable {
    /// The weight rows are not a multiple of k.
    case rowsNotAMultiple(rows: Int, subCenters: Int)
    /// Fewer than 2 classes: rows / k < 2, and a softmax needs two.
    case tooFewClasses(classes: Int, subCenters: Int)
    /// labels[index] = label is not below the class count rows / k.
    case labelNotAClass(index: Int, label: Int, classes: Int)

    /// The first problem of `rows` weight rows with k = `subCenters` and `labels`, or nil when they fit.
    public static func problem(rows: Int, subCenters k: Int, labels: [Int]) -> SubCenterLayout? {
        guard k >= 1, rows % k == 0 else { return .rowsNotAMultiple(rows: rows, subCenters: k) }
        let classes = rows / k
        guard classes >= 2 else { return .tooFewClasses(classes: classes, subCenters: k) }
        if let i = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
            return .labelNotAClass(index: i, label: labels[i], classes: classes)
        }
        return nil
    }

    /// One line for a user, naming the keys: "weights has 7 rows: with sub_centers = 3 it needs a multiple of 3".
    public var message: String {
        switch self {
        case .rowsNotAMultiple(let rows, let k):
            "weights has \(counted(rows, "row", "rows")): with sub_centers = \(k) it needs a multiple of \(k) "
                + "(class j's sub-centres are rows j·\(k) to j·\(k) + \(k - 1))"
        case .tooFewClasses(let classes, let k):
            "weights holds \(counted(classes, "class", "classes")) of \(k) sub-centres: a softmax needs at least 2"
        case .labelNotAClass(let index, let label, let classes):
            "labels[\(index)] = \(label) is not a class: with these sub-centres labels run from 0 to \(classes - 1)"
        }
    }
}
