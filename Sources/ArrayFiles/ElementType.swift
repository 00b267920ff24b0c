/// The numeric types an array file may store: IEEE floats of 16, 32 and 64 bits, bfloat16 (the upper half of a
/// float32), and signed and unsigned integers of 8 to 64 bits.
public enum ElementType: String, Sendable, Hashable, CaseIterable {
    /// Floats: IEEE binary16, bfloat16, binary32, binary64.
    case float16, bfloat16, float32, float64
    /// Signed two's-complement integers.
    case int8, int16, int32, int64
    /// Unsigned integers.
    case uint8, uint16, uint32, uint64

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .int8, .uint8: 1
        case .float16, .bfloat16, .int16, .uint16: 2
        case .float32, .int32, .uint32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    /// Whether the type is a float (else an integer).
    public var isFloatingPoint: Bool { [.float16, .bfloat16, .float32, .float64].contains(self) }

    /// Whether every value of the type is a Float exactly: the 16- and 32-bit floats and the integers of up to 16
    /// bits. The others (float64, larger integers) are read as Double to keep every digit.
    public var fitsFloat: Bool { [.float16, .bfloat16, .float32, .int8, .int16, .uint8, .uint16].contains(self) }
}

/// The order of an element's bytes in the file.
public enum ByteOrder: String, Sendable, Hashable {
    /// Least significant byte first (`<` in NumPy, every safetensors file) or most significant first (`>`).
    case littleEndian, bigEndian

    /// This machine's order.
    public static var native: ByteOrder {
        UInt16(littleEndian: 1) == 1 ? .littleEndian : .bigEndian
    }
}

/// Float from the bits of an IEEE 754 binary16 (half precision) value, exactly: every half is a Float.
/// Normal: (-1)^s · 2^(e-15) · (1 + f/1024); subnormal (e = 0): (-1)^s · 2^-14 · f/1024; e = 31: infinity or NaN.
func float(halfBits bits: UInt16) -> Float {
    let sign = UInt32(bits >> 15) << 31
    let exponent = UInt32(bits >> 10) & 0x1F
    let fraction = UInt32(bits) & 0x3FF
    switch exponent {
    case 0:
        let magnitude = Float(fraction) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    case 0x1F:
        return Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13))
    default:
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (fraction << 13))
    }
}

/// Float from the bits of a bfloat16: they are the upper 16 bits of a float32.
func float(bfloat16Bits bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
