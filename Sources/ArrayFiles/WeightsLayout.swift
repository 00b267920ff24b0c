/// How a class-weight matrix is laid out: one row per class (`K x d`: insightface's arcface_torch, most `nn.Linear`
/// heads), one column per class (`d x K`: pytorch-metric-learning's `W`), or `auto`, which decides from the
/// embedding dimension d and refuses when both readings fit.
public enum WeightsLayout: String, Sendable, Hashable, CaseIterable {
    /// Decide from the embedding dimension; refuse when both layouts fit.
    case auto
    /// K x d: class k is row k.
    case classesByDims = "classes-by-dims"
    /// d x K: class k is column k.
    case dimsByClasses = "dims-by-classes"

    /// The command-line flag that chooses it.
    public static let flag = "--weights-layout"

    /// The layouts a `rows x columns` shard allows for dimension `dimension`: classes-by-dims when its columns are
    /// d, dims-by-classes when its rows are.
    static func candidates(rows: Int, columns: Int, dimension: Int) -> Set<WeightsLayout> {
        var layouts: Set<WeightsLayout> = []
        if columns == dimension { layouts.insert(.classesByDims) }
        if rows == dimension { layouts.insert(.dimsByClasses) }
        return layouts
    }
}
