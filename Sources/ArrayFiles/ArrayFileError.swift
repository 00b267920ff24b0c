import Geometry

/// Which model input an array is: front ends name it by their flag (`--embeddings`), messages by this name.
public enum ArrayRole: String, Sendable, Hashable, CaseIterable {
    /// The samples' features (N x d), their classes (N), the class weights (K x d).
    case embeddings, labels, weights
}

/// What is wrong with an array file, and where: the file, the archive member, the header key, the byte offset, the
/// CSV line and column, the matrix row, each as data so a front end can name them its own way, and `message`, one
/// line naming all of them for standard error.
///
/// `offset` counts bytes from the start of the file, or from the start of the member's (uncompressed) bytes when
/// `member` is set. `row` counts from 0, as NumPy indexes; `line` and `column` count from 1, as editors do.
public struct ArrayFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String?
    /// The member of an .npz archive or the tensor of a safetensors file.
    public var member: String?
    /// The model input the array was read for, when it was.
    public var role: ArrayRole?
    /// The header key (`shape`, `descr`, a JSON key) the problem is in.
    public var key: String?
    /// The byte where the problem is (see the type's note on what it counts from).
    public var offset: Int?
    /// The CSV line (from 1).
    public var line: Int?
    /// The CSV column (from 1).
    public var column: Int?
    /// The matrix row or vector element (from 0).
    public var row: Int?
    /// What is wrong, without the location: "the shape (3, 4) of float32 needs 48 bytes, the file has 44".
    public var reason: String

    /// An error with `reason` and whatever location is known.
    public init(_ reason: String, file: String? = nil, member: String? = nil, role: ArrayRole? = nil,
                key: String? = nil, offset: Int? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.reason = reason
        self.file = file
        self.member = member
        self.role = role
        self.key = key
        self.offset = offset
        self.line = line
        self.column = column
        self.row = row
    }

    /// The location and the reason in one line, user text quoted:
    /// `embeddings 'emb.npz' member 'x', row 17, column 3: nan is not a finite number`.
    public var message: String {
        var place: [String] = []
        var head = role.map { $0.rawValue + " " } ?? ""
        if let file { head += quoted(file) }
        if let member { head += (file == nil ? "member " : " member ") + quoted(member) }
        if !head.isEmpty { place.append(head.trimmingTrailingSpace) }
        if let line { place.append("line \(line)") }
        if let row { place.append("row \(row)") }
        if let column { place.append("column \(column)") }
        if let key { place.append("key " + quoted(key)) }
        if let offset { place.append("byte \(offset)") }
        return place.isEmpty ? reason : place.joined(separator: ", ") + ": " + reason
    }

    public var description: String { message }

    /// The same error as the `InputError` the rest of the program prints.
    public var inputError: InputError { InputError(message) }

    /// The error with `role` set (readers do not know what an array is for; the model input does).
    func about(_ role: ArrayRole) -> ArrayFileError {
        var copy = self
        copy.role = role
        return copy
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
