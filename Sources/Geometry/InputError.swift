/// Bad input, as data: what is wrong (`problem`), what it is about (`subject`: a loss field, a training setting, the
/// data set, a model input) and where it stands (a file, an archive member, a key or key path, a byte, a line, a
/// column, a row). Every module throws this one shape; each front end names the subject its own way (`--lr`,
/// `loss.m`, `state: m=`) from the data, never from the words. `message` is the generic wording: the place, then
/// the reason.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// `value` lies outside `range`, the interval `loss` (when the subject is a loss field) allows.
        case outOfRange(value: Double, range: ParameterRange, loss: LossKind?)
        /// The loss `kind` does not take the field; it takes `takes` (keys other than "type"). `onlyWith` names the
        /// switch that would make it take the field (SphereFace's s with normalize_features), if there is one.
        case notTaken(kind: LossKind, takes: [String], onlyWith: String?)
        /// No loss takes this key.
        case unknownKey
        /// A required key is absent.
        case missing
        /// The value is not of the type the key holds.
        case wrongType(expected: MarginLoss.FieldType)
        /// "type" names no loss.
        case notALoss(String)
        /// Anything else, in words, without the subject or the place: "is a directory, not a file".
        case invalid(String)
    }

    /// What the input is about, for the front end to name.
    public enum Subject: Sendable, Hashable {
        /// A field of the loss: "type", "m", "s", "lambda", "m1", "m2", "m3", "easy_margin", "normalize_features".
        case lossField(String)
        /// A training setting, by `TrainingSetting`'s raw value ("learning_rate"); Training names them.
        case setting(String)
        /// The data set: its name or its file.
        case dataset
        /// A model input by name (ArrayFiles' roles: "embeddings", "labels", "weights").
        case array(String)
        /// A part of a batch by name and index: `weights`, `features[3]`, `labels[2]`, `features[1][0]`.
        case element(String, indices: [Int])
    }

    /// What is wrong.
    public var problem: Problem
    /// What it is about, when known.
    public var subject: Subject?
    /// The file as the user named it.
    public var file: String?
    /// The member of an archive, the tensor of a safetensors file.
    public var member: String?
    /// A header key (`shape`, `descr`) or a JSON key path (`loss.m`, `features[3][1]`).
    public var key: String?
    /// The byte where the problem is (from the start of the file, or of the member's bytes when `member` is set).
    public var offset: Int?
    /// The line, from 1.
    public var line: Int?
    /// The column, from 1 (characters, not bytes).
    public var column: Int?
    /// The matrix row or vector element, from 0 as NumPy indexes.
    public var row: Int?

    /// An error with a structured `problem`.
    public init(_ problem: Problem, subject: Subject? = nil, file: String? = nil, member: String? = nil,
                key: String? = nil, offset: Int? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.problem = problem
        self.subject = subject
        self.file = file
        self.member = member
        self.key = key
        self.offset = offset
        self.line = line
        self.column = column
        self.row = row
    }

    /// An error described in words (`reason`), with whatever is known of its subject and place.
    public init(_ reason: String, subject: Subject? = nil, file: String? = nil, member: String? = nil,
                key: String? = nil, offset: Int? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.init(.invalid(reason), subject: subject, file: file, member: member, key: key, offset: offset,
                  line: line, column: column, row: row)
    }

    /// An error about `subject` with a structured `problem`.
    public init(_ subject: Subject, _ problem: Problem) { self.init(problem, subject: subject) }

    /// An error about `subject`, described in words.
    public init(_ subject: Subject, _ reason: String) { self.init(.invalid(reason), subject: subject) }

    /// The loss field this is about, if it is about one.
    public var lossField: String? {
        if case .lossField(let name) = subject { return name }
        return nil
    }

    /// The training setting this is about (`TrainingSetting`'s raw value), if it is about one.
    public var setting: String? {
        if case .setting(let name) = subject { return name }
        return nil
    }

    /// What is wrong in generic words, without the place: "is out of range: it must be 1 to 256 (scale)".
    public var reason: String {
        switch problem {
        case .invalid(let words): words
        case .outOfRange(let value, let range, let loss):
            "\(NumberText.exact(value)) is out of range\(loss.map { " for \($0.rawValue)" } ?? ""): it must be "
                + range.description
        case .notTaken(let kind, let takes, let onlyWith):
            "\(kind.rawValue) does not take it; "
                + (takes.isEmpty ? "it takes no parameters" : "it takes " + takes.joined(separator: ", "))
                + (onlyWith.map { " (only with \($0))" } ?? "")
        case .unknownKey: "unknown key"
        case .missing: "missing"
        case .wrongType(let expected): "expected \(expected.words)"
        case .notALoss(let name):
            "\(quoted(name)) is not a loss: use one of \(LossKind.acceptedNames.joined(separator: ", "))"
        }
    }

    /// The place in words, user text quoted: `embeddings 'emb.npz' member 'x', line 4, row 17, column 3, key 'shape',
    /// byte 12`; empty when nothing is known.
    public var place: String {
        var parts: [String] = []
        var head = ""
        switch subject {
        case .array(let name): head = name + " "
        case .lossField(let name): head = "loss." + name + " "
        case .setting(let name): head = name.replacingOccurrences(of: "_", with: " ") + " "
        case .element(let name, let indices): head = name + indices.map { "[\($0)]" }.joined() + " "
        case .dataset, nil: break
        }
        if let file { head += quoted(file) }
        if let member { head += (file == nil ? "member " : " member ") + quoted(member) }
        while head.last == " " { head.removeLast() }
        if !head.isEmpty { parts.append(head) }
        if let line { parts.append("line \(line)") }
        if let row { parts.append("row \(row)") }
        if let column { parts.append("column \(column)") }
        if let key { parts.append("key " + quoted(key)) }
        if let offset { parts.append("byte \(offset)") }
        return parts.joined(separator: ", ")
    }

    /// One line for standard error: the place, then the reason (a part of a batch reads as a sentence:
    /// `features[1] has 3 numbers, expected 2 like weights[0]`).
    public var message: String {
        let place = place
        if case .element = subject { return place + " " + reason }
        return place.isEmpty ? reason : place + ": " + reason
    }

    public var description: String { message }
}

extension MarginLoss.FieldType {
    /// What a value of this type is called in messages: "a string", "a number", "true or false".
    public var words: String {
        switch self {
        case .text: "a string"
        case .number: "a number"
        case .flag: "true or false"
        }
    }
}
