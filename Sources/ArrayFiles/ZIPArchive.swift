import Foundation
import Geometry

/// A ZIP archive read from its central directory, the part of the format that is authoritative: numpy opens every
/// member with `force_zip64=True`, so its local headers say 0xFFFFFFFF for both sizes; sizes and offsets come from
/// the central directory and its ZIP64 extra fields (and the ZIP64 end record when the archive needs one).
/// Members are stored (method 0, returned as a slice of the archive's bytes: no copy) or deflated (method 8,
/// inflated by zlib); every CRC-32 is checked. Each offset and size is checked against the file before it is used,
/// so a hostile archive gives a message, never a trap.
struct ZIPArchive: Sendable {
    /// One member, as the central directory describes it.
    struct Entry: Sendable {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let file: String
    let data: Data
    let entries: [Entry]
    /// Where the central directory starts: no member's data reaches past it.
    let centralDirectoryOffset: Int

    private static let localSignature: UInt32 = 0x0403_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50

    /// The archive in `data`; `file` names it in messages.
    init(data: Data, file: String) throws(ArrayFileError) {
        self.file = file
        self.data = data
        let reader = ByteReader(data)
        let source = ArraySource(file: file)
        let end = try Self.endRecord(reader, source: source)
        guard end.directoryOffset <= end.recordStart, end.directorySize <= end.recordStart - end.directoryOffset else {
            throw source.error("the central directory (\(end.directorySize) bytes at byte \(end.directoryOffset)) "
                + "is not inside the archive before its end record (byte \(end.recordStart))")
        }
        centralDirectoryOffset = end.directoryOffset
        var entries: [Entry] = []
        var offset = end.directoryOffset
        let directoryEnd = end.directoryOffset + end.directorySize
        for index in 0..<min(end.entryCount, end.directorySize / 46 + 1) {
            let entry = try Self.entry(at: offset, index: index, limit: directoryEnd, reader, source: source)
            entries.append(entry.entry)
            offset = entry.next
        }
        guard entries.count == end.entryCount else {
            throw source.error("the end record counts \(end.entryCount) members, the central directory "
                + "(\(end.directorySize) bytes) has room for \(entries.count)", offset: end.recordStart)
        }
        self.entries = entries
    }

    /// The end of central directory record, with the ZIP64 record's values where the 32-bit fields are full.
    private struct EndRecord {
        var entryCount: Int
        var directorySize: Int
        var directoryOffset: Int
        /// Where the end record (or the ZIP64 end record, when there is one) starts.
        var recordStart: Int
    }

    private static func endRecord(_ reader: ByteReader, source: ArraySource) throws(ArrayFileError) -> EndRecord {
        guard reader.count >= 22 else {
            throw source.error("\(reader.count) bytes are too few for a ZIP archive (.npz); its end record alone "
                + "takes 22")
        }
        // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
        var position = reader.count - 22
        let lowest = max(0, reader.count - 22 - 0xFFFF)
        while position >= lowest {
            if reader.uint32(at: position) == endSignature,
               let comment = reader.uint16(at: position + 20), Int(comment) <= reader.count - position - 22 {
                break
            }
            position -= 1
        }
        guard position >= lowest else {
            throw source.error("not a ZIP archive (.npz): no end of central directory record in its last bytes")
        }
        let disk = reader.uint16(at: position + 4) ?? 0, directoryDisk = reader.uint16(at: position + 6) ?? 0
        var record = EndRecord(entryCount: Int(reader.uint16(at: position + 10) ?? 0),
                               directorySize: Int(reader.uint32(at: position + 12) ?? 0),
                               directoryOffset: Int(reader.uint32(at: position + 16) ?? 0),
                               recordStart: position)
        let locator = position - 20
        if locator >= 0, reader.uint32(at: locator) == zip64LocatorSignature {
            return try zip64EndRecord(reader, locator: locator, source: source)
        }
        guard disk == 0 && directoryDisk == 0 else {
            throw source.error("a ZIP archive split over several disks is not read", offset: position)
        }
        if record.entryCount == 0xFFFF || record.directorySize == 0xFFFF_FFFF || record.directoryOffset == 0xFFFF_FFFF {
            throw source.error("the end record's fields say ZIP64, but there is no ZIP64 end record locator",
                               offset: position)
        }
        record.recordStart = position
        return record
    }

    private static func zip64EndRecord(_ reader: ByteReader, locator: Int, source: ArraySource)
        throws(ArrayFileError) -> EndRecord {
        guard let raw = reader.uint64(at: locator + 8), let start = Int(fileValue: raw),
              start <= locator - 56, reader.uint32(at: start) == zip64EndSignature
        else {
            throw source.error("the ZIP64 locator points to no ZIP64 end record before it", offset: locator)
        }
        guard reader.uint32(at: start + 16) == 0, reader.uint32(at: start + 20) == 0 else {
            throw source.error("a ZIP archive split over several disks is not read", offset: start)
        }
        guard let count = reader.uint64(at: start + 32).flatMap(Int.init(fileValue:)),
              let size = reader.uint64(at: start + 40).flatMap(Int.init(fileValue:)),
              let offset = reader.uint64(at: start + 48).flatMap(Int.init(fileValue:))
        else {
            throw source.error("the ZIP64 end record's count, size or offset is beyond any file", offset: start)
        }
        return EndRecord(entryCount: count, directorySize: size, directoryOffset: offset, recordStart: start)
    }

    /// The central directory record at `offset` (index `index`, from 0), which must end by `limit`.
    private static func entry(at offset: Int, index: Int, limit: Int, _ reader: ByteReader, source: ArraySource)
        throws(ArrayFileError) -> (entry: Entry, next: Int) {
        let within = ByteReader(reader.bytes(at: 0, length: limit) ?? Data())
        guard within.uint32(at: offset) == centralSignature, let nameLength = within.uint16(at: offset + 28),
              let extraLength = within.uint16(at: offset + 30), let commentLength = within.uint16(at: offset + 32),
              let nameBytes = within.bytes(at: offset + 46, length: Int(nameLength)),
              let extra = within.bytes(at: offset + 46 + Int(nameLength), length: Int(extraLength)),
              within.bytes(at: offset + 46 + Int(nameLength) + Int(extraLength), length: Int(commentLength)) != nil
        else {
            throw source.error("central directory record \(index + 1) is missing or cut short", offset: offset)
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let memberSource = ArraySource(file: source.file, member: name)
        var entry = Entry(name: name, flags: within.uint16(at: offset + 8) ?? 0, method: within.uint16(at: offset + 10) ?? 0,
                          crc32: within.uint32(at: offset + 16) ?? 0,
                          compressedSize: Int(within.uint32(at: offset + 20) ?? 0),
                          uncompressedSize: Int(within.uint32(at: offset + 24) ?? 0),
                          localHeaderOffset: Int(within.uint32(at: offset + 42) ?? 0))
        let diskFull = within.uint16(at: offset + 34) == 0xFFFF
        try readZIP64Extra(ByteReader(extra), into: &entry, diskFull: diskFull, source: memberSource)
        return (entry, offset + 46 + Int(nameLength) + Int(extraLength) + Int(commentLength))
    }

    /// Replaces the 32-bit fields that say 0xFFFFFFFF with the 64-bit values of the ZIP64 extra field (id 1), which
    /// holds, in this order and only for the full fields: uncompressed size, compressed size, local header offset,
    /// disk number.
    private static func readZIP64Extra(_ extra: ByteReader, into entry: inout Entry, diskFull: Bool,
                                       source: ArraySource) throws(ArrayFileError) {
        let full = 0xFFFF_FFFF
        var needed: [WritableKeyPath<Entry, Int>] = []
        if entry.uncompressedSize == full { needed.append(\.uncompressedSize) }
        if entry.compressedSize == full { needed.append(\.compressedSize) }
        if entry.localHeaderOffset == full { needed.append(\.localHeaderOffset) }
        var position = 0
        while position < extra.count {
            guard let id = extra.uint16(at: position), let size = extra.uint16(at: position + 2),
                  let body = extra.bytes(at: position + 4, length: Int(size))
            else {
                throw source.error("the central directory record's extra field is cut short at its byte \(position)")
            }
            if id == 1 {
                let fields = ByteReader(body)
                let neededBytes = needed.count * 8 + (diskFull ? 4 : 0)
                guard fields.count >= neededBytes else {
                    throw source.error("the ZIP64 extra field holds \(fields.count) bytes, \(neededBytes) are needed "
                        + "for the fields the record marks 0xFFFFFFFF")
                }
                for (index, path) in needed.enumerated() {
                    guard let value = fields.uint64(at: index * 8).flatMap(Int.init(fileValue:)) else {
                        throw source.error("a ZIP64 size or offset is beyond any file")
                    }
                    entry[keyPath: path] = value
                }
                return
            }
            position += 4 + Int(size)
        }
        guard needed.isEmpty else {
            throw source.error("the central directory record says 0xFFFFFFFF but has no ZIP64 extra field")
        }
    }

    /// The member's uncompressed bytes: a slice of the archive when stored, inflated when deflated, CRC checked.
    func contents(of entry: Entry) throws(ArrayFileError) -> Data {
        let source = ArraySource(file: file, member: entry.name)
        let start = try dataStart(of: entry, source: source)
        guard entry.compressedSize <= centralDirectoryOffset - start, let stored = ByteReader(data).bytes(
            at: start, length: entry.compressedSize) else {
            throw source.error("its \(entry.compressedSize) bytes of data from byte \(start) of the archive run into "
                + "the central directory at byte \(centralDirectoryOffset)")
        }
        guard entry.flags & 1 == 0 else { throw source.error("the member is encrypted") }
        let contents: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw source.error("a stored member of \(entry.compressedSize) bytes claims \(entry.uncompressedSize) "
                    + "uncompressed")
            }
            contents = stored
        case 8:
            contents = try inflate(stored, entry: entry, source: source)
        default:
            throw source.error("compressed with method \(entry.method)\(Self.methodName(entry.method)); only stored "
                + "(np.savez) and deflated (np.savez_compressed) members are read")
        }
        let crc = Zlib.crc32(contents)
        guard crc == entry.crc32 else {
            throw source.error("CRC-32 mismatch: the data's is \(Self.hex(crc)), the central directory says "
                + "\(Self.hex(entry.crc32)) (the file is corrupt)")
        }
        return contents
    }

    /// Where the member's data starts: after its local header, whose name must match the central directory's.
    private func dataStart(of entry: Entry, source: ArraySource) throws(ArrayFileError) -> Int {
        let reader = ByteReader(data)
        let offset = entry.localHeaderOffset
        guard offset < centralDirectoryOffset, reader.uint32(at: offset) == Self.localSignature,
              let nameLength = reader.uint16(at: offset + 26), let extraLength = reader.uint16(at: offset + 28)
        else {
            throw source.error("no local header at byte \(offset) of the archive, where the central directory "
                + "puts it")
        }
        let localName = String(decoding: reader.bytes(at: offset + 30, length: Int(nameLength)) ?? Data(), as: UTF8.self)
        guard localName == entry.name else {
            throw source.error("the local header at byte \(offset) names \(quoted(localName)), not the central "
                + "directory's name")
        }
        return offset + 30 + Int(nameLength) + Int(extraLength)
    }

    private func inflate(_ compressed: Data, entry: Entry, source: ArraySource) throws(ArrayFileError) -> Data {
        // Deflate turns at most 258 bytes into 2 bits: a larger claim is a lie, and would ask for absurd memory.
        let (bound, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
        guard !overflow, entry.uncompressedSize <= bound + 1024 else {
            throw source.error("claims \(entry.uncompressedSize) bytes from \(entry.compressedSize) deflated ones, "
                + "more than deflate can produce")
        }
        let memory = ProcessInfo.processInfo.physicalMemory
        guard UInt64(entry.uncompressedSize) <= memory else {
            throw source.error("inflates to \(entry.uncompressedSize) bytes, more than this machine's memory "
                + "(\(memory) bytes)")
        }
        do {
            return try Zlib.inflate(compressed, size: entry.uncompressedSize)
        } catch {
            switch error {
            case .corrupt(let reason): throw source.error("corrupt deflate data (\(reason))")
            case .truncated: throw source.error("the deflate data ends before the member does (the file is cut short "
                + "or corrupt)")
            case .tooLong: throw source.error("inflates to more than the \(entry.uncompressedSize) bytes the central "
                + "directory says")
            case .tooShort(let count): throw source.error("inflates to \(count) bytes, the central directory says "
                + "\(entry.uncompressedSize)")
            }
        }
    }

    private static func methodName(_ method: UInt16) -> String {
        switch method {
        case 12: " (bzip2)"
        case 14: " (LZMA)"
        case 93: " (Zstandard)"
        case 9: " (deflate64)"
        default: ""
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
