import Foundation

/// Little-endian integers and byte ranges read from `Data` by offset from its start, each read checked: a read past
/// the end gives nil, never a trap, whatever offset a hostile file claims.
struct ByteReader {
    let data: Data

    init(_ data: Data) { self.data = data }

    var count: Int { data.count }

    /// The `length` bytes from `offset`, sharing the storage (no copy), or nil when they are not all there.
    func bytes(at offset: Int, length: Int) -> Data? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        let start = data.startIndex + offset
        return data[start ..< start + length]
    }

    func uint8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return data[data.startIndex + offset]
    }

    func uint16(at offset: Int) -> UInt16? { integer(UInt16.self, at: offset) }
    func uint32(at offset: Int) -> UInt32? { integer(UInt32.self, at: offset) }
    func uint64(at offset: Int) -> UInt64? { integer(UInt64.self, at: offset) }

    private func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= count - size else { return nil }
        var value: T = 0
        for index in (0..<size).reversed() {
            value = value << 8 | T(data[data.startIndex + offset + index])
        }
        return value
    }
}

extension Int {
    /// A UInt64 from a file as an Int, or nil when it is beyond Int (no file here is that large).
    init?(fileValue value: UInt64) {
        guard value <= UInt64(Int.max) else { return nil }
        self = Int(value)
    }
}
