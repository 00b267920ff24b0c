import Foundation
import Geometry

/// A NumPy `.npz` file: a ZIP archive whose members are `.npy` files named `NAME.npy` (`np.savez` stores them,
/// `np.savez_compressed` deflates them). Stored members are read in place, without a copy.
public struct NPZArchive: Sendable {
    /// The file, as the user named it.
    public let file: String
    let zip: ZIPArchive

    /// The archive in `data` (the whole file); `file` names it in messages.
    public init(data: Data, file: String) throws(ArrayFileError) {
        self.file = file
        do { zip = try ZIPArchive(data: data, file: file) } catch { throw Self.naming(error) }
    }

    /// `error` with its member named as NumPy names the array (`weights`, not `weights.npy`).
    private static func naming(_ error: ArrayFileError) -> ArrayFileError {
        var renamed = error
        renamed.member = error.member.map(arrayName)
        return renamed
    }

    /// The members as the archive names them: `embeddings.npy`.
    public var memberNames: [String] { zip.entries.map(\.name) }

    /// The arrays' names as `np.load(file).files` gives them: the member names without `.npy`.
    public var arrayNames: [String] { memberNames.map(Self.arrayName) }

    static func arrayName(_ member: String) -> String {
        member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
    }

    /// The array `name` (with or without `.npy`); nil takes the only array of a one-array archive, or the array
    /// `preferred` names when there are several and one has that name.
    public func array(named name: String?, preferring preferred: String? = nil) throws(ArrayFileError) -> NumericArray {
        let entry = try self.entry(named: name, preferring: preferred)
        let data: Data
        do { data = try zip.contents(of: entry) } catch { throw Self.naming(error) }
        return try NPYFormat.array(from: data, source: ArraySource(file: file, member: Self.arrayName(entry.name)))
    }

    /// The text of array `name`, a 0-d NumPy unicode array (`np.array("...")`), as `train --save` writes the loss.
    public func text(named name: String) throws(ArrayFileError) -> String {
        let entry = try self.entry(named: name)
        let data: Data
        do { data = try zip.contents(of: entry) } catch { throw Self.naming(error) }
        return try NPYFormat.text(from: data, source: ArraySource(file: file, member: Self.arrayName(entry.name)))
    }

    private func entry(named name: String?, preferring preferred: String? = nil) throws(ArrayFileError)
        -> ZIPArchive.Entry {
        let chosen = try MemberChoice.choose(name, preferring: preferred, among: memberNames, displayNames: arrayNames,
                                             file: file,
                                             matches: { member, wanted in member == wanted || member == wanted + ".npy" })
        return zip.entries[chosen]
    }
}

/// Which member of an archive a location names: the one given (how names match is the format's), or the only one.
enum MemberChoice {
    /// The index in `names` of the member `wanted`, or when `wanted` is nil of the only member, or of the one
    /// `preferred` matches; else a message that lists the members by their display names.
    static func choose(_ wanted: String?, preferring preferred: String? = nil, among names: [String],
                       displayNames: [String], file: String,
                       matches: (String, String) -> Bool) throws(ArrayFileError) -> Int {
        let listing = list(displayNames)
        guard let wanted else {
            if names.count > 1, let preferred, let index = names.firstIndex(where: { matches($0, preferred) }) {
                return index
            }
            guard names.count == 1 else {
                throw ArrayFileError(names.isEmpty ? "it holds no arrays"
                    : "it holds \(names.count) arrays, \(listing): name one as \(quoted(file + ":NAME"))", file: file)
            }
            return 0
        }
        guard !wanted.isEmpty else {
            throw ArrayFileError("the member name after ':' is empty; it holds \(listing)", file: file)
        }
        if let exact = names.firstIndex(of: wanted) { return exact }
        guard let index = names.firstIndex(where: { matches($0, wanted) }) else {
            throw ArrayFileError(names.isEmpty ? "no array \(quoted(wanted)): it holds none"
                : "no array \(quoted(wanted)); it holds \(listing)", file: file)
        }
        return index
    }

    /// Up to 20 names, quoted, then how many more.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(20).map { quoted($0) }.joined(separator: ", ")
        return names.count > 20 ? shown + " and \(names.count - 20) more" : shown
    }
}
