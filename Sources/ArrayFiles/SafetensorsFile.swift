import Foundation
import Geometry
import TextFormats

/// A safetensors file (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON mapping
/// each tensor's name to `{"dtype": "F32", "shape": [K, d], "data_offsets": [begin, end]}` (plus an optional
/// `"__metadata__"` object of strings), then the data, little-endian, row-major. Checked as the reference library
/// checks it: the header at most 100,000,000 bytes, every tensor's byte count the product of its shape times its
/// element size, and the tensors tiling the data from 0 to its end without gaps or overlaps.
public struct SafetensorsFile: Sendable {
    /// One tensor's entry in the header.
    struct Tensor: Sendable {
        var name: String
        var dtype: String
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The file, as the user named it.
    public let file: String
    let data: Data
    /// Where the tensor data starts (8 + the header length).
    let dataStart: Int
    /// The tensors, in the order of their data.
    let tensors: [Tensor]
    /// The `__metadata__` strings (`{"format": "pt"}` from torch).
    public let metadata: [String: String]

    /// The tensors' names, in the order of their data.
    public var tensorNames: [String] { tensors.map(\.name) }

    static let maximumHeaderLength = 100_000_000

    /// What one header may cost: 64 levels deep, a million values (thousands of tensors hold a few hundred
    /// thousand, and each costs memory).
    static let headerLimits = JSONReader.Limits(maximumDepth: 64, maximumValues: 1_000_000)

    /// Element types by their safetensors names, with their sizes; nil type means known but not read.
    static let dtypes: [String: (type: ElementType?, size: Int?)] = [
        "F16": (.float16, 2), "BF16": (.bfloat16, 2), "F32": (.float32, 4), "F64": (.float64, 8),
        "I8": (.int8, 1), "I16": (.int16, 2), "I32": (.int32, 4), "I64": (.int64, 8),
        "U8": (.uint8, 1), "U16": (.uint16, 2), "U32": (.uint32, 4), "U64": (.uint64, 8),
        "BOOL": (nil, 1), "F8_E5M2": (nil, 1), "F8_E4M3": (nil, 1), "F8_E8M0": (nil, 1), "C64": (nil, 8),
        "F4": (nil, nil), "F6_E2M3": (nil, nil), "F6_E3M2": (nil, nil),
    ]

    /// The file in `data`; `file` names it in messages.
    public init(data: Data, file: String) throws(ArrayFileError) {
        self.file = file
        self.data = data
        let source = ArraySource(file: file)
        let reader = ByteReader(data)
        guard let rawLength = reader.uint64(at: 0) else {
            throw source.error("\(data.count) bytes are too few for a safetensors file (its header length alone "
                + "takes 8)")
        }
        guard let length = Int(fileValue: rawLength), length <= data.count - 8 else {
            throw source.error("the header length \(rawLength) goes past the end of the file (\(data.count) bytes)",
                               offset: 0)
        }
        guard length <= Self.maximumHeaderLength else {
            throw source.error("the header length \(length) is over the format's limit of "
                + "\(Self.maximumHeaderLength) bytes", offset: 0)
        }
        dataStart = 8 + length
        let header = Array(reader.bytes(at: 8, length: length) ?? Data())
        let json: JSONDocument
        do throws(JSONError) {
            guard header.first == UInt8(ascii: "{") else {
                throw JSONError(reason: "the header does not start with '{'", offset: 0, path: JSONPath())
            }
            json = try JSONReader.read(header, limits: Self.headerLimits)
        } catch {
            throw source.error("the header is not JSON: \(error.reason)", offset: 8 + error.offset)
        }
        let parsed = try HeaderReader(document: json, source: source).entries()
        metadata = parsed.metadata
        tensors = try Self.checkedLayout(parsed.tensors, dataLength: data.count - dataStart, source: source)
    }

    /// The tensors sorted by their data, checked to fit their shapes and to tile the data exactly.
    private static func checkedLayout(_ tensors: [Tensor], dataLength: Int, source: ArraySource)
        throws(ArrayFileError) -> [Tensor] {
        for tensor in tensors {
            let member = ArraySource(file: source.file, member: tensor.name)
            guard tensor.end <= dataLength else {
                throw member.error("its data_offsets end at \(tensor.end), past the \(dataLength) bytes of data",
                                   key: "data_offsets")
            }
            guard let size = dtypes[tensor.dtype]?.size else { continue }
            var needed = size
            for dimension in tensor.shape {
                let (product, overflow) = needed.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw member.error("the shape \(tensor.shape) of \(tensor.dtype) needs more bytes than any file has",
                                       key: "shape")
                }
                needed = product
            }
            guard needed == tensor.end - tensor.begin else {
                throw member.error("the shape \(tensor.shape) of \(tensor.dtype) needs \(needed) bytes, data_offsets "
                    + "[\(tensor.begin), \(tensor.end)] hold \(tensor.end - tensor.begin)", key: "data_offsets")
            }
        }
        let sorted = tensors.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var end = 0
        var previous: String?
        for tensor in sorted {
            guard tensor.begin == end else {
                let member = ArraySource(file: source.file, member: tensor.name)
                let after = previous.map { "the end of " + quoted($0) } ?? "the start of the data"
                let what = tensor.begin > end ? "leaving a gap after" : "overlapping"
                throw member.error("its data starts at \(tensor.begin), \(what) \(after) (\(end))", key: "data_offsets")
            }
            end = tensor.end
            previous = tensor.name
        }
        guard end == dataLength else {
            throw source.error("the tensors' data ends at \(end), but \(dataLength) bytes follow the header")
        }
        return sorted
    }

    /// The tensor `name`; nil takes the only tensor of a one-tensor file, or the tensor `preferred` names when
    /// there are several and one has that name.
    public func array(named name: String?, preferring preferred: String? = nil) throws(ArrayFileError) -> NumericArray {
        let index = try MemberChoice.choose(name, preferring: preferred, among: tensorNames, displayNames: tensorNames,
                                            file: file, matches: { $0 == $1 })
        let tensor = tensors[index]
        let source = ArraySource(file: file, member: tensor.name)
        guard let type = Self.dtypes[tensor.dtype]?.type else {
            throw source.error("dtype \(quoted(tensor.dtype)) is not read; save the tensor as F16, BF16, F32, F64 or "
                + "an integer type", key: "dtype")
        }
        let bytes = ByteReader(data).bytes(at: dataStart + tensor.begin, length: tensor.end - tensor.begin) ?? Data()
        return NumericArray(source: source, shape: tensor.shape,
                            elements: EncodedElements(bytes: bytes, type: type, byteOrder: .littleEndian))
    }
}

/// Reads the tensors' entries out of a safetensors header, every error at the byte of its value.
private struct HeaderReader {
    let document: JSONDocument
    let source: ArraySource

    /// What a value is, for messages: `an array`, `the number 2.5`.
    func summary(_ node: JSONNode) -> String { document.summary(of: node) }

    func entries() throws(ArrayFileError) -> (tensors: [SafetensorsFile.Tensor], metadata: [String: String]) {
        let json = document.root
        guard case .object(let members) = json.value else {
            throw source.error("the header is \(summary(json)), not an object of tensors", offset: 8)
        }
        var tensors: [SafetensorsFile.Tensor] = []
        var metadata: [String: String] = [:]
        for member in members {
            let (name, value) = (member.key, member.value)
            if name == "__metadata__" {
                metadata = try strings(value)
                continue
            }
            tensors.append(try tensor(name, value, source: ArraySource(file: source.file, member: name)))
        }
        return (tensors, metadata)
    }

    private func strings(_ value: JSONNode) throws(ArrayFileError) -> [String: String] {
        guard case .object(let members) = value.value else {
            throw source.error("__metadata__ is \(summary(value)), not an object of strings", key: "__metadata__",
                               offset: 8 + value.offset)
        }
        var result: [String: String] = [:]
        for member in members {
            let (key, item) = (member.key, member.value)
            guard case .string(let text) = item.value else {
                throw source.error("__metadata__ holds \(summary(item)), not a string", key: "__metadata__." + key,
                                   offset: 8 + item.offset)
            }
            result[key] = text
        }
        return result
    }

    private func tensor(_ name: String, _ value: JSONNode, source: ArraySource) throws(ArrayFileError)
        -> SafetensorsFile.Tensor {
        guard case .object(let members) = value.value else {
            throw source.error("its entry is \(summary(value)), not {dtype, shape, data_offsets}", offset: 8 + value.offset)
        }
        let fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func field(_ key: String) throws(ArrayFileError) -> JSONNode {
            guard let item = fields[key] else {
                throw source.error("its entry has no \(quoted(key))", key: key, offset: 8 + value.offset)
            }
            return item
        }
        func integers(_ key: String) throws(ArrayFileError) -> [Int] {
            let item = try field(key)
            guard case .array(let items) = item.value else {
                throw source.error("\(key) is \(summary(item)), not an array of whole numbers", key: key,
                                   offset: 8 + item.offset)
            }
            var numbers: [Int] = []
            for element in items {
                guard let number = document.integer(of: element), number >= 0 else {
                    throw source.error("\(key) holds \(summary(element)), not a whole number from 0 up", key: key,
                                       offset: 8 + element.offset)
                }
                numbers.append(number)
            }
            return numbers
        }
        let dtypeValue = try field("dtype")
        guard case .string(let dtype) = dtypeValue.value else {
            throw source.error("dtype is \(summary(dtypeValue)), not a string", key: "dtype", offset: 8 + dtypeValue.offset)
        }
        guard SafetensorsFile.dtypes[dtype] != nil else {
            throw source.error("dtype \(quoted(dtype)) is not a safetensors type", key: "dtype",
                               offset: 8 + dtypeValue.offset)
        }
        let shape = try integers("shape")
        let offsets = try integers("data_offsets")
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw source.error("data_offsets is \(offsets), not [begin, end] with begin <= end", key: "data_offsets",
                               offset: 8 + (fields["data_offsets"]?.offset ?? 0))
        }
        return SafetensorsFile.Tensor(name: source.member ?? "", dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }
}
