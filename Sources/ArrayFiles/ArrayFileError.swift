import Geometry

/// Which model input an array is: front ends name it by their flag (`--embeddings`), messages by this name.
public enum ArrayRole: String, Sendable, Hashable, CaseIterable {
    /// The samples' features (N x d), their classes (N), the class weights (K x d).
    case embeddings, labels, weights
}

/// What is wrong with an array file, and where: the program's one error shape (`InputError`), whose fields name the
/// file, the archive member, the header key, the byte offset, the CSV line and column and the matrix row, each as
/// data so a front end can name them its own way; the subject `.array(role)` says which model input it was read for.
///
/// `offset` counts bytes from the start of the file, or from the start of the member's (uncompressed) bytes when
/// `member` is set. `row` counts from 0, as NumPy indexes; `line` and `column` count from 1, as editors do.
public typealias ArrayFileError = InputError

extension InputError {
    /// An error about the model input `role`, with `reason` and whatever location is known.
    public init(_ reason: String, file: String? = nil, member: String? = nil, role: ArrayRole?, key: String? = nil,
                offset: Int? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.init(reason, subject: role.map { .array($0.rawValue) }, file: file, member: member, key: key,
                  offset: offset, line: line, column: column, row: row)
    }

    /// The model input the array was read for, when it was.
    public var role: ArrayRole? {
        get {
            if case .array(let name) = subject { return ArrayRole(rawValue: name) }
            return nil
        }
        set { subject = newValue.map { .array($0.rawValue) } }
    }

    /// The same error (kept for callers that converted an array error to the program's error).
    public var inputError: InputError { self }

    /// The error with `role` set (readers do not know what an array is for; the model input does).
    func about(_ role: ArrayRole) -> InputError {
        var copy = self
        copy.role = role
        return copy
    }
}
