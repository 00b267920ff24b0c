import Foundation

/// Elements as a file stores them: bytes (often a slice of a memory-mapped file, so nothing is copied until a row
/// is asked for), their type and byte order. Element `n` is the bytes `n * size ..< (n + 1) * size`, read unaligned.
struct EncodedElements: Sendable {
    let bytes: Data
    let type: ElementType
    let byteOrder: ByteOrder

    /// Elements whose byte count the caller has checked is a multiple of the element size.
    init(bytes: Data, type: ElementType, byteOrder: ByteOrder) {
        self.bytes = bytes
        self.type = type
        self.byteOrder = byteOrder
    }

    /// The native bytes of `values`.
    init<Element>(values: [Element], type: ElementType) {
        bytes = values.withUnsafeBytes { Data($0) }
        self.type = type
        byteOrder = .native
    }

    var count: Int { bytes.count / type.byteCount }

    /// Writes elements `start ..< start + count` converted to `S` to `destination[0]`, `destination[stride]`, ...
    /// Floats convert with rounding to nearest where `S` is narrower, integers exactly up to 2^24 (Float) or 2^53.
    func decode<S: BinaryFloatingPoint>(_ start: Int, count: Int, into destination: UnsafeMutablePointer<S>,
                                        stride: Int) {
        guard count > 0 else { return }
        let swapped = byteOrder != .native
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let origin = raw.baseAddress else { return }
            let base = origin + start * type.byteCount
            if !swapped && stride == 1 && (type == .float32 && S.self == Float.self || type == .float64 && S.self == Double.self) {
                UnsafeMutableRawPointer(destination).copyMemory(from: base, byteCount: count * type.byteCount)
                return
            }
            switch type {
            case .float16:
                for n in 0..<count { destination[n * stride] = S(float(halfBits: load(UInt16.self, base, n, swapped))) }
            case .bfloat16:
                for n in 0..<count { destination[n * stride] = S(float(bfloat16Bits: load(UInt16.self, base, n, swapped))) }
            case .float32:
                for n in 0..<count { destination[n * stride] = S(Float(bitPattern: load(UInt32.self, base, n, swapped))) }
            case .float64:
                for n in 0..<count { destination[n * stride] = S(Double(bitPattern: load(UInt64.self, base, n, swapped))) }
            case .int8: for n in 0..<count { destination[n * stride] = S(Int8(bitPattern: load(UInt8.self, base, n, false))) }
            case .int16: for n in 0..<count { destination[n * stride] = S(Int16(bitPattern: load(UInt16.self, base, n, swapped))) }
            case .int32: for n in 0..<count { destination[n * stride] = S(Int32(bitPattern: load(UInt32.self, base, n, swapped))) }
            case .int64: for n in 0..<count { destination[n * stride] = S(Int64(bitPattern: load(UInt64.self, base, n, swapped))) }
            case .uint8: for n in 0..<count { destination[n * stride] = S(load(UInt8.self, base, n, false)) }
            case .uint16: for n in 0..<count { destination[n * stride] = S(load(UInt16.self, base, n, swapped)) }
            case .uint32: for n in 0..<count { destination[n * stride] = S(load(UInt32.self, base, n, swapped)) }
            case .uint64: for n in 0..<count { destination[n * stride] = S(load(UInt64.self, base, n, swapped)) }
            }
        }
    }

    /// Element `index` as a whole number, when it is one that fits an Int.
    func integer(at index: Int) -> WholeNumber {
        let swapped = byteOrder != .native
        return bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> WholeNumber in
            guard let base = raw.baseAddress else { return .tooLarge("nothing") }
            switch type {
            case .int8: return .whole(Int(Int8(bitPattern: load(UInt8.self, base, index, false))))
            case .int16: return .whole(Int(Int16(bitPattern: load(UInt16.self, base, index, swapped))))
            case .int32: return .whole(Int(Int32(bitPattern: load(UInt32.self, base, index, swapped))))
            case .int64: return .whole(Int(Int64(bitPattern: load(UInt64.self, base, index, swapped))))
            case .uint8: return .whole(Int(load(UInt8.self, base, index, false)))
            case .uint16: return .whole(Int(load(UInt16.self, base, index, swapped)))
            case .uint32: return .whole(Int(load(UInt32.self, base, index, swapped)))
            case .uint64:
                let value = load(UInt64.self, base, index, swapped)
                return value <= UInt64(Int.max) ? .whole(Int(value)) : .tooLarge("\(value)")
            case .float16, .bfloat16, .float32, .float64:
                var value = 0.0
                decode(index, count: 1, into: &value, stride: 1)
                guard value.isFinite, value == value.rounded() else { return .notWhole(value) }
                // Doubles from -2^63 up to, not including, 2^63 are Ints.
                guard value >= -0x1p63 && value < 0x1p63 else { return .tooLarge("\(value)") }
                return .whole(Int(value))
            }
        }
    }

    /// What `integer(at:)` finds.
    enum WholeNumber: Equatable {
        case whole(Int), notWhole(Double), tooLarge(String)
    }
}

@inline(__always)
private func load<T: FixedWidthInteger>(_: T.Type, _ base: UnsafeRawPointer, _ index: Int, _ swapped: Bool) -> T {
    let value = base.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
    return swapped ? value.byteSwapped : value
}
