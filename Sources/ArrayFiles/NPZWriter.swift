import Foundation

/// Builds a NumPy `.npz` archive as `np.savez` does: one stored (uncompressed) `.npy` member per array, named
/// `NAME.npy`, so `np.load(path)["NAME"]` reads it. Members and their central directory records use ZIP64 fields
/// when a size or offset passes 4 GiB (or always, with `forceZIP64`, as numpy writes its local headers); the
/// timestamps are 1980-01-01 00:00, so the same arrays give the same bytes.
public struct NPZWriter: Sendable {
    private var members: [(name: String, contents: Data)] = []

    /// An empty archive.
    public init() {}

    /// The member names so far, in order (`embeddings.npy`).
    public var memberNames: [String] { members.map(\.name) }

    /// Adds `array` as `NAME.npy`; adding a name again replaces the earlier array in its place.
    public mutating func add(_ name: String, _ array: NumericArray) {
        add(member: name + ".npy", NPYFormat.encode(array))
    }

    /// Adds `text` as `NAME.npy`, a 0-d NumPy unicode array (`np.load(path)["NAME"].item()` gives the str).
    public mutating func add(_ name: String, text: String) {
        add(member: name + ".npy", NPYFormat.encode(text: text))
    }

    private mutating func add(member: String, _ contents: Data) {
        if let index = members.firstIndex(where: { $0.name == member }) {
            members[index].contents = contents
        } else {
            members.append((member, contents))
        }
    }

    /// The archive's bytes.
    public func archive(forceZIP64: Bool = false) -> Data {
        var data = Data()
        var directory = Data()
        for (name, contents) in members {
            let offset = data.count
            let zip64 = forceZIP64 || contents.count >= 0xFFFF_FFFF || offset >= 0xFFFF_FFFF
            let crc = Zlib.crc32(contents)
            let nameBytes = Array(name.utf8)
            let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800  // bit 11: the name is UTF-8
            let version: UInt16 = zip64 ? 45 : 20
            let size32 = zip64 ? 0xFFFF_FFFF : UInt32(contents.count)

            data.appendLittleEndian(UInt32(0x0403_4B50))
            for field: UInt16 in [version, flags, 0, 0, 0x21] { data.appendLittleEndian(field) }
            for field: UInt32 in [crc, size32, size32] { data.appendLittleEndian(field) }
            data.appendLittleEndian(UInt16(nameBytes.count))
            data.appendLittleEndian(UInt16(zip64 ? 20 : 0))
            data.append(contentsOf: nameBytes)
            if zip64 {
                for field: UInt16 in [1, 16] { data.appendLittleEndian(field) }
                for _ in 0..<2 { data.appendLittleEndian(UInt64(contents.count)) }
            }
            data.append(contents)

            directory.appendLittleEndian(UInt32(0x0201_4B50))
            for field: UInt16 in [3 << 8 | version, version, flags, 0, 0, 0x21] { directory.appendLittleEndian(field) }
            for field: UInt32 in [crc, size32, size32] { directory.appendLittleEndian(field) }
            for field: UInt16 in [UInt16(nameBytes.count), UInt16(zip64 ? 28 : 0), 0, 0, 0] {
                directory.appendLittleEndian(field)
            }
            directory.appendLittleEndian(UInt32(0o100644) << 16)  // a regular file, rw-r--r--
            directory.appendLittleEndian(zip64 ? 0xFFFF_FFFF : UInt32(offset))
            directory.append(contentsOf: nameBytes)
            if zip64 {
                for field: UInt16 in [1, 24] { directory.appendLittleEndian(field) }
                for field in [contents.count, contents.count, offset] { directory.appendLittleEndian(UInt64(field)) }
            }
        }
        appendEnd(to: &data, directory: directory, forceZIP64: forceZIP64)
        return data
    }

    private func appendEnd(to data: inout Data, directory: Data, forceZIP64: Bool) {
        let start = data.count
        data.append(directory)
        let count = members.count
        let zip64 = forceZIP64 || count >= 0xFFFF || start >= 0xFFFF_FFFF || directory.count >= 0xFFFF_FFFF
        if zip64 {
            let recordStart = data.count
            data.appendLittleEndian(UInt32(0x0606_4B50))
            data.appendLittleEndian(UInt64(44))
            for field: UInt16 in [3 << 8 | 45, 45] { data.appendLittleEndian(field) }
            for _ in 0..<2 { data.appendLittleEndian(UInt32(0)) }
            for field in [count, count, directory.count, start] { data.appendLittleEndian(UInt64(field)) }
            data.appendLittleEndian(UInt32(0x0706_4B50))
            data.appendLittleEndian(UInt32(0))
            data.appendLittleEndian(UInt64(recordStart))
            data.appendLittleEndian(UInt32(1))
        }
        data.appendLittleEndian(UInt32(0x0605_4B50))
        for _ in 0..<2 { data.appendLittleEndian(UInt16(0)) }
        for _ in 0..<2 { data.appendLittleEndian(zip64 ? 0xFFFF : UInt16(count)) }
        data.appendLittleEndian(zip64 ? 0xFFFF_FFFF : UInt32(directory.count))
        data.appendLittleEndian(zip64 ? 0xFFFF_FFFF : UInt32(start))
        data.appendLittleEndian(UInt16(0))
    }
}
