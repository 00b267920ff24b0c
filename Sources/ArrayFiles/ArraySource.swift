import Foundation

/// Where an array was read from: a file as the user named it and, in an .npz or safetensors file, the member.
public struct ArraySource: Sendable, Hashable {
    /// The file, as the user named it.
    public var file: String
    /// The archive member or tensor name, as the archive spells it (`weights.npy`, `head.weight`).
    public var member: String?

    /// A source.
    public init(file: String, member: String? = nil) {
        self.file = file
        self.member = member
    }

    /// An error about this source.
    func error(_ reason: String, key: String? = nil, offset: Int? = nil, line: Int? = nil, column: Int? = nil,
               row: Int? = nil) -> ArrayFileError {
        ArrayFileError(reason, file: file, member: member, key: key, offset: offset, line: line, column: column,
                       row: row)
    }
}

/// The formats the readers know.
public enum ArrayFileFormat: String, Sendable, Hashable, CaseIterable {
    /// A NumPy `.npy` file: one array.
    case npy
    /// A NumPy `.npz` file: a ZIP archive of `.npy` members.
    case npz
    /// A safetensors file: named tensors after a JSON header.
    case safetensors
    /// Comma-separated numbers, one row a line.
    case csv

    /// Whether a file of this format holds several named arrays (`FILE:NAME` picks one).
    public var holdsNamedArrays: Bool { self == .npz || self == .safetensors }

    /// The format a file name's extension stands for (`.npy`, `.npz`, `.safetensors`, `.csv`, `.txt`; any case).
    public init?(extensionOf path: String) {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".npy") { self = .npy }
        else if lowered.hasSuffix(".npz") { self = .npz }
        else if lowered.hasSuffix(".safetensors") { self = .safetensors }
        else if lowered.hasSuffix(".csv") || lowered.hasSuffix(".txt") { self = .csv }
        else { return nil }
    }
}

/// An array as the command line names it: `emb.npy`, `run.npz:embeddings`, `model.safetensors:head.weight`.
///
/// `FILE.npz:NAME` and `FILE.safetensors:NAME` name a member; the text is cut at the first `.npz:` or
/// `.safetensors:` (any case), so member names may hold colons and the file's path may not hold either sequence.
/// Anything else is a path as it stands.
public struct ArrayLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The member, when one was named.
    public var member: String?

    /// A location from its parts.
    public init(path: String, member: String? = nil) {
        self.path = path
        self.member = member
    }

    /// A location from its command-line form.
    public init(_ text: String) {
        let cuts = [".npz:", ".safetensors:"].compactMap { text.range(of: $0, options: .caseInsensitive) }
        if let first = cuts.min(by: { $0.lowerBound < $1.lowerBound }) {
            path = String(text[..<text.index(before: first.upperBound)])
            member = String(text[first.upperBound...])
            return
        }
        path = text
        member = nil
    }

    /// The command-line form: `path` or `path:member`.
    public var description: String { member.map { path + ":" + $0 } ?? path }
}
