import Foundation

extension NPYFormat {
    /// `array` as a .npy file, as `np.save` writes it: format 1.0 (2.0 when the header passes 65,535 bytes), the
    /// header `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces to a multiple of 64
    /// bytes and ending in a newline, then the elements in the array's own type, byte order and memory order.
    /// NumPy has no bfloat16: such an array is written as float32, which holds it exactly.
    public static func encode(_ array: NumericArray) -> Data {
        if array.elementType == .bfloat16 {
            return encode(NumericArray(float32: array.doubles().map(Float.init), shape: array.shape, source: array.source))
        }
        let type = array.elementType
        let order = type.byteCount == 1 ? "|" : array.byteOrder == .littleEndian ? "<" : ">"
        let kind = type.isFloatingPoint ? "f" : type.rawValue.hasPrefix("u") ? "u" : "i"
        var data = header(descr: order + kind + String(type.byteCount), fortranOrder: array.isFortranOrder,
                          shape: array.shape)
        data.append(array.elements.bytes)
        return data
    }

    /// `text` as a 0-d NumPy unicode array (`np.array(text)`, dtype `<U` and the length in characters): UTF-32
    /// little-endian, which `np.load` reads back as a str without `allow_pickle`.
    public static func encode(text: String) -> Data {
        let scalars = Array(text.unicodeScalars)
        var data = header(descr: "<U\(max(scalars.count, 1))", fortranOrder: false, shape: [])
        for scalar in scalars { data.appendLittleEndian(scalar.value) }
        if scalars.isEmpty { data.appendLittleEndian(UInt32(0)) }
        return data
    }

    private static func header(descr: String, fortranOrder: Bool, shape: [Int]) -> Data {
        let dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), "
            + "'shape': \(NumericArray.shapeText(shape)), }"
        let text = Array(dict.utf8)
        func length(prefix: Int) -> Int { text.count + 1 + (64 - (prefix + text.count + 1) % 64) % 64 }
        let lengthSize = length(prefix: 10) <= 65_535 ? 2 : 4
        let length = length(prefix: 8 + lengthSize)
        let padding = length - text.count - 1
        var data = Data(magic)
        data.append(contentsOf: [lengthSize == 2 ? 1 : 2, 0])
        if lengthSize == 2 { data.appendLittleEndian(UInt16(length)) } else { data.appendLittleEndian(UInt32(length)) }
        data.append(contentsOf: text)
        data.append(contentsOf: [UInt8](repeating: 0x20, count: padding))
        data.append(0x0A)
        return data
    }
}

extension Data {
    /// Appends `value`'s bytes, least significant first.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }
}
