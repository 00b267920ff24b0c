/// What an element says about itself in the SVG and the CSV besides its geometry: the words of its `class`
/// attribute (`w1`, `class1-boundary outer`) and its `data-*` attributes (`angle-deg` for `data-angle-deg`).
public struct Tags: Sendable, Hashable {
    /// Class words in order. A word must not hold white space; the SVG writer turns any it finds into `-`.
    public var classes: [String]
    /// Data attributes without the `data-` prefix. Keys should be lower case letters, digits and `-`; the writer
    /// replaces other characters with `-`. Written sorted by key, so the output never depends on hashing.
    public var data: [String: String]

    /// Tags with `classes` and `data`.
    public init(classes: [String] = [], data: [String: String] = [:]) {
        self.classes = classes; self.data = data
    }

    /// No classes, no data.
    public static let none = Tags()

    /// These tags inside a group tagged `outer`: the group's classes first, then these; data from both, these
    /// winning where a key is in both.
    public func inside(_ outer: Tags) -> Tags {
        Tags(classes: outer.classes + classes, data: outer.data.merging(data) { _, own in own })
    }
}
