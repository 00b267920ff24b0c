import Foundation
import Geometry

/// The NumPy `.npy` format (numpy.lib.format): the magic `\x93NUMPY`, a major and minor version byte (1.0, 2.0 or
/// 3.0), the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), the header (a Python dict
/// literal, Latin-1 in 1.0 and 2.0, UTF-8 in 3.0, padded with spaces and a newline), then the elements.
public enum NPYFormat {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The longest header read: parsing keeps a few words per byte, so a hostile 4 GB header must not be parsed.
    static let maximumHeaderLength = 1_000_000

    /// What a header says.
    struct Header {
        var dtype: DType
        /// The descr as the header writes it, for messages.
        var descr: String
        var isFortranOrder: Bool
        var shape: [Int]
        /// Where the elements start.
        var dataOffset: Int
        /// The element count, the product of the shape (checked not to overflow).
        var count: Int
    }

    /// A descr: a numeric type this reader takes, text (the metadata members), or a type it refuses and why.
    enum DType: Equatable {
        case numeric(ElementType, ByteOrder)
        case unicode(characters: Int, ByteOrder)
        case refused(String)
    }

    /// The array in `data`, a whole .npy file (or .npz member). Numeric types only; anything malformed or refused
    /// throws a message naming `source`, the header key or byte offset, and what is wrong.
    public static func array(from data: Data, source: ArraySource) throws(ArrayFileError) -> NumericArray {
        let header = try self.header(of: data, source: source)
        guard case .numeric(let type, let order) = header.dtype else {
            if case .refused(let reason) = header.dtype { throw source.error(reason, key: "descr") }
            throw source.error("dtype \(quoted(header.descr)) holds text, not numbers", key: "descr")
        }
        let bytes = try elementBytes(of: header, size: type.byteCount, in: data, source: source)
        return NumericArray(source: source, shape: header.shape, isFortranOrder: header.isFortranOrder,
                            elements: EncodedElements(bytes: bytes, type: type, byteOrder: order))
    }

    /// The text of a 0-d (or one-element) NumPy unicode array, as `np.array("...")` saves a string.
    public static func text(from data: Data, source: ArraySource) throws(ArrayFileError) -> String {
        let header = try self.header(of: data, source: source)
        guard case .unicode(let characters, let order) = header.dtype else {
            throw source.error("dtype \(quoted(header.descr)) is not text (a NumPy unicode string, '<U')", key: "descr")
        }
        guard header.count == 1 else {
            throw source.error("shape \(NumericArray.shapeText(header.shape)) holds \(header.count) strings, not one",
                               key: "shape")
        }
        let bytes = ByteReader(try elementBytes(of: header, size: characters * 4, in: data, source: source))
        var text = ""
        for index in 0..<characters {
            guard let raw = bytes.uint32(at: index * 4) else { break }
            let code = order == .bigEndian ? raw.byteSwapped : raw
            if code == 0 { break }  // NumPy pads with NULs and drops them when reading
            guard let scalar = Unicode.Scalar(code) else {
                throw source.error("character \(index) of the text is U+\(String(code, radix: 16)), not a character",
                                   offset: header.dataOffset + index * 4)
            }
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    /// The element bytes the header's shape needs, exactly: a file with fewer (truncated) or more (several arrays
    /// saved into one file) names both counts.
    private static func elementBytes(of header: Header, size: Int, in data: Data, source: ArraySource)
        throws(ArrayFileError) -> Data {
        let available = data.count - header.dataOffset
        let (needed, overflow) = header.count.multipliedReportingOverflow(by: size)
        let typeText = quoted(header.descr)
        guard !overflow else {
            throw source.error("the shape \(NumericArray.shapeText(header.shape)) of \(typeText) needs more bytes than "
                + "any file has", key: "shape")
        }
        guard needed == available else {
            let shape = NumericArray.shapeText(header.shape)
            let hint = needed > available ? "the file is truncated" : "is it several arrays saved into one file?"
            throw source.error("the shape \(shape) of \(typeText) needs \(needed) bytes of data, the file has "
                + "\(available) after the header (\(hint))", offset: header.dataOffset)
        }
        return ByteReader(data).bytes(at: header.dataOffset, length: needed) ?? Data()
    }

    /// The header of `data`, checked: magic, version, length, the dict and its three keys.
    static func header(of data: Data, source: ArraySource) throws(ArrayFileError) -> Header {
        let reader = ByteReader(data)
        guard reader.count >= 10 else {
            throw source.error("\(reader.count) bytes are too few for a .npy file (its header alone takes at least 10)")
        }
        guard (0..<6).allSatisfy({ reader.uint8(at: $0) == magic[$0] }) else {
            throw source.error("not a .npy file: it does not start with \\x93NUMPY", offset: 0)
        }
        let major = Int(reader.uint8(at: 6) ?? 0), minor = Int(reader.uint8(at: 7) ?? 0)
        guard [1, 2, 3].contains(major) && minor == 0 else {
            throw source.error("format version \(major).\(minor) is not one this reader knows (1.0, 2.0, 3.0)", offset: 6)
        }
        let lengthSize = major == 1 ? 2 : 4
        guard let length = major == 1 ? reader.uint16(at: 8).map(Int.init) : reader.uint32(at: 8).map(Int.init) else {
            throw source.error("the file ends inside the header length", offset: 8)
        }
        let textStart = 8 + lengthSize
        guard length <= reader.count - textStart else {
            throw source.error("the header length \(length) goes past the end of the file (\(reader.count) bytes)",
                               offset: 8)
        }
        guard length <= maximumHeaderLength else {
            throw source.error("the header length \(length) is over \(maximumHeaderLength) bytes; a numeric array's "
                + "header takes about 128 (NumPy itself refuses headers over 10,000 bytes)", offset: 8)
        }
        let text = try headerText(reader.bytes(at: textStart, length: length) ?? Data(), utf8: major == 3,
                                  start: textStart, source: source)
        let literal: PythonLiteral
        do { literal = try PythonLiteralParser.parse(text.scalars) } catch {
            throw source.error("the header is not a Python literal: \(error.reason)",
                               offset: text.byteOffset(ofScalar: error.position))
        }
        return try interpret(literal, text: text, dataOffset: textStart + length, source: source)
    }

    /// The header's scalars and the byte offset of each in the file.
    struct HeaderText {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var end: Int

        func byteOffset(ofScalar index: Int) -> Int { index < offsets.count ? offsets[index] : end }

        func source(of literal: PythonLiteral) -> String {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[literal.range])
            return text
        }
    }

    private static func headerText(_ bytes: Data, utf8: Bool, start: Int, source: ArraySource)
        throws(ArrayFileError) -> HeaderText {
        var text = HeaderText(end: start + bytes.count)
        let raw = Array(bytes)
        guard utf8 else {
            for (index, byte) in raw.enumerated() {
                text.scalars.append(Unicode.Scalar(byte))
                text.offsets.append(start + index)
            }
            return text
        }
        var index = 0
        var decoder = UTF8()
        var iterator = raw.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.scalars.append(scalar)
                text.offsets.append(start + index)
                index += UTF8.width(scalar)
            case .emptyInput:
                return text
            case .error:
                throw source.error("the header (format 3.0) is not valid UTF-8", offset: start + index)
            }
        }
    }

    private static let keys = ["descr", "fortran_order", "shape"]

    private static func interpret(_ literal: PythonLiteral, text: HeaderText, dataOffset: Int, source: ArraySource)
        throws(ArrayFileError) -> Header {
        func failure(_ reason: String, _ node: PythonLiteral, key: String? = nil) -> ArrayFileError {
            source.error(reason, key: key, offset: text.byteOffset(ofScalar: node.range.lowerBound))
        }
        guard case .dict(let entries) = literal.value else {
            throw failure("the header is not a dict of descr, fortran_order and shape", literal)
        }
        var values: [String: PythonLiteral] = [:]
        for (key, value) in entries {
            guard case .string(let name) = key.value else {
                throw failure("the header's keys are strings, not \(quoted(text.source(of: key)))", key)
            }
            guard keys.contains(name) else {
                throw failure("unknown key; a header has descr, fortran_order and shape", key, key: name)
            }
            guard values[name] == nil else { throw failure("the key appears twice", key, key: name) }
            values[name] = value
        }
        if let missing = keys.first(where: { values[$0] == nil }) {
            throw failure("the header has no key \(quoted(missing))", literal, key: missing)
        }
        guard let descrNode = values["descr"], let orderNode = values["fortran_order"], let shapeNode = values["shape"]
        else { throw failure("the header lacks a key", literal) }
        let descr = text.source(of: descrNode)
        let dtype: DType
        switch descrNode.value {
        case .string(let typestr): dtype = Self.dtype(typestr)
        case .list: dtype = .refused("dtype \(quoted(descr)) is structured (named fields); save one plain numeric array")
        default: throw failure("descr is \(quoted(descr)), not a type string like '<f4'", descrNode, key: "descr")
        }
        guard case .boolean(let fortran) = orderNode.value else {
            throw failure("fortran_order is \(quoted(text.source(of: orderNode))), not True or False", orderNode,
                          key: "fortran_order")
        }
        let shape = try dimensions(shapeNode, failure: { failure($0, $1, key: "shape") }, text: text)
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw failure("the shape \(NumericArray.shapeText(shape)) has more elements than memory can hold",
                              shapeNode, key: "shape")
            }
            count = product
        }
        let descrText = if case .string(let typestr) = descrNode.value { typestr } else { descr }
        return Header(dtype: dtype, descr: descrText, isFortranOrder: fortran, shape: shape, dataOffset: dataOffset,
                      count: count)
    }

    private static func dimensions(_ node: PythonLiteral,
                                   failure: (String, PythonLiteral) -> ArrayFileError,
                                   text: HeaderText) throws(ArrayFileError) -> [Int] {
        guard case .tuple(let items) = node.value else {
            throw failure("shape is \(quoted(text.source(of: node))), not a tuple of whole numbers", node)
        }
        var shape: [Int] = []
        for item in items {
            guard case .integer(let digits) = item.value else {
                throw failure("shape holds \(quoted(text.source(of: item))), not a whole number", item)
            }
            guard let dimension = Int(digits) else {
                throw failure("the dimension \(digits) is beyond any array's size", item)
            }
            guard dimension >= 0 else { throw failure("the dimension \(dimension) is negative", item) }
            shape.append(dimension)
        }
        return shape
    }

    /// The type a NumPy type string stands for: `<f4`, `>i8`, `|u1`, `<U12`; `=` and `|` mean this machine's order.
    static func dtype(_ typestr: String) -> DType {
        var rest = Substring(typestr)
        var order = ByteOrder.native
        if let first = rest.first, "<>|=".contains(first) {
            if first == "<" { order = .littleEndian }
            if first == ">" { order = .bigEndian }
            rest = rest.dropFirst()
        }
        let named = quoted(typestr)
        let numeric: [String: ElementType] = [
            "f2": .float16, "f4": .float32, "f8": .float64,
            "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64,
        ]
        if let type = numeric[String(rest)] { return .numeric(type, order) }
        guard let kind = rest.first else { return .refused("dtype \(named) is empty") }
        let size = rest.dropFirst()
        switch kind {
        case "O":
            return .refused("dtype \(named) is an object array (Python objects, pickled); save numbers, "
                + "np.asarray(x, dtype=np.float32)")
        case "b", "?": return .refused("dtype \(named) holds booleans, not numbers")
        case "U":
            guard let characters = Int(size), characters >= 0, characters <= Int.max / 4 else {
                return .refused("dtype \(named) is not a valid unicode type")
            }
            return .unicode(characters: characters, order)
        case "S", "a": return .refused("dtype \(named) holds byte strings, not numbers")
        case "V": return .refused("dtype \(named) is raw bytes (void), not numbers")
        case "c": return .refused("dtype \(named) holds complex numbers; save the real part or the magnitude")
        case "M", "m": return .refused("dtype \(named) holds dates or times, not numbers")
        case "f": return .refused("dtype \(named) is a float of \(size) bytes; float16, float32 and float64 are read")
        case "i", "u": return .refused("dtype \(named) is an integer of \(size) bytes; 1, 2, 4 and 8 are read")
        default: return .refused("dtype \(named) is not a numeric type this reader knows")
        }
    }
}
