import Foundation
import Testing
import TextFormats
@testable import ArrayFiles

@Suite struct SafetensorsTests {
    @Test func torchStyleTensorsReadExactly() throws {
        let file = try SafetensorsFile(data: Fixture.data("torch_style.safetensors"), file: "t.safetensors")
        #expect(file.metadata == ["format": "pt"])
        // Data order as the Rust library writes it: 8-byte types first, then by name.
        #expect(file.tensorNames == ["labels", "precision", "embeddings", "head.weight", "head.weight_bf16", "small"])
        let embeddings = try file.array(named: "embeddings").matrix()
        #expect(embeddings.elementType == .float32 && embeddings.doubles() == Fixture.embeddings)
        #expect(try file.array(named: "labels").integers() == Fixture.modelLabels)
        let half = try file.array(named: "head.weight")
        #expect(half.elementType == .float16 && half.shape == [4, 3] && half.doubles() == Fixture.weights)
        let brain = try file.array(named: "head.weight_bf16")
        #expect(brain.elementType == .bfloat16 && brain.doubles() == Fixture.weights)
        #expect(try file.array(named: "precision").matrix().doubles() == Fixture.precision64)
        #expect(try file.array(named: "small").integers() == [-1, 0, 7])
        #expect(try file.array(named: "small").source == ArraySource(file: "t.safetensors", member: "small"))
    }

    @Test func namesFollowTheNPZRule() throws {
        #expect(try Fixture.read("single.safetensors").matrix().doubles() == Fixture.weights)
        let error = try #require(Fixture.error("torch_style.safetensors"))
        #expect(error.reason.contains("holds 6 arrays, 'labels', 'precision'"), "\(error.reason)")
        let missing = try #require(Fixture.error("torch_style.safetensors:head"))
        #expect(missing.reason.contains("no array 'head'"))
        #expect(try Fixture.read("torch_style.safetensors:head.weight").count == 12)
    }

    // MARK: files written by hand

    /// A safetensors file of `header` (JSON text) and `payload` bytes; `length` overrides the header length.
    static func file(_ header: String, payload: [UInt8] = [], length: UInt64? = nil) -> Data {
        var data = Data()
        data.appendLittleEndian(length ?? UInt64(header.utf8.count))
        return data + Data(header.utf8) + payload
    }

    static func error(_ data: Data, tensor: String? = nil) -> ArrayFileError? {
        do {
            let file = try SafetensorsFile(data: data, file: "x.safetensors")
            _ = try file.array(named: tensor ?? file.tensorNames.first)
            return nil
        } catch { return error }
    }

    static let eightBytes = [UInt8](repeating: 0, count: 8)

    @Test func aHandWrittenFileReads() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"a":"b"}}   "#
        let data = Self.file(header, payload: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
        let file = try SafetensorsFile(data: data, file: "x.safetensors")
        #expect(try file.array(named: "w").doubles() == [1, 2])
        #expect(file.metadata == ["a": "b"])
    }

    @Test(arguments: [
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "needs 8 bytes"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, "past the 8 bytes"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, "begin <= end"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, "not [begin, end]"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#, "from 0 up"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8.0]}}"#, "the number 8.0"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551616]}}"#, "18446744073709551616"),
        (#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, "more bytes than any file"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"v":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, "overlapping"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, "leaving a gap after the start"),
        (#"{"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, "data ends at 2, but 8 bytes"),
        (#"{"w":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, "'F33' is not a safetensors type"),
        (#"{"w":{"dtype":"BOOL","shape":[8],"data_offsets":[0,8]}}"#, "'BOOL' is not read"),
        (#"{"w":{"shape":[2],"data_offsets":[0,8]}}"#, "has no 'dtype'"),
        (#"{"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}}"#, "not an array"),
        (#"{"w":[1,2]}"#, "not {dtype, shape, data_offsets}"),
        (#"{"__metadata__":{"a":1}}"#, "not a string"),
        (#"[1]"#, "does not start with '{'"),
        (#"{"w":{"dtype":"F32","dtype":"F64"}}"#, "appears twice"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#, "expected ',' or '}'"),
        ("{\"w\":{\"dtype\":\"F32\u{01}\"}}", "control character"),
    ])
    func malformedHeadersGetMessages(header: String, fragment: String) throws {
        let error = try #require(Self.error(Self.file(header, payload: Self.eightBytes)))
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.file == "x.safetensors")
    }

    @Test func headerLengthsAreChecked() throws {
        let header = #"{"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#
        #expect(Self.error(Self.file(header, payload: Self.eightBytes)) == nil)
        let beyond = try #require(Self.error(Self.file(header, payload: Self.eightBytes, length: 1000)))
        #expect(beyond.message.contains("header length 1000 goes past the end of the file (69 bytes)"), "\(beyond.message)")
        #expect(beyond.offset == 0)
        let huge = try #require(Self.error(Self.file(header, length: .max)))
        #expect(huge.message.contains("18446744073709551615"))
        #expect(Self.error(Data([1, 2, 3]))?.reason.contains("too few") == true)
        var oversized = Data()
        oversized.appendLittleEndian(UInt64(100_000_001))
        oversized.append(Data(count: 100_000_001))
        let big = try #require(Self.error(oversized))
        #expect(big.reason.contains("limit of 100000000"), "\(big.reason)")
    }

    @Test func aJSONErrorPointsAtItsByte() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":nul}"#
        let error = try #require(Self.error(Self.file(header, payload: Self.eightBytes)))
        let column = try #require(header.range(of: "nul}")).lowerBound.utf16Offset(in: header)
        #expect(error.offset == 8 + column, "\(error.message)")  // the literal that is no value
    }

    /// Headers go through the program's one JSON reader with their own limits: 64 levels, a million values.
    @Test func headersAreReadWithTheirOwnLimits() throws {
        let deep = #"{"a":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        let tooDeep = try #require(Self.error(Self.file(deep, payload: [])))
        #expect(tooDeep.reason.contains("nested deeper than 64 levels"), "\(tooDeep.reason)")
        let many = #"{"__metadata__":{"a":"b"},"x":["# + String(repeating: "0,", count: 1_000_000) + "0]}"
        let tooMany = try #require(Self.error(Self.file(many, payload: [])))
        #expect(tooMany.reason.contains("more than 1000000 values"), "\(tooMany.reason)")
    }
}
