import Foundation
import Testing
@testable import ArrayFiles

@Suite struct ElementTypeTests {
    #if !(os(macOS) && arch(x86_64))
    /// Every one of the 65,536 half-precision bit patterns converts as Swift's own Float16 does (an independent
    /// implementation: the compiler's, the CPU's). NaNs become NaNs with the same payload; the hardware sets the
    /// quiet bit of a signalling NaN, this conversion keeps the bits as NumPy's npy_halfbits_to_floatbits does.
    @Test func everyHalfConvertsAsFloat16Does() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = float(halfBits: bits)
            if expected.isNaN {
                let quiet: UInt32 = 0x0040_0000
                #expect(actual.isNaN && actual.bitPattern | quiet == expected.bitPattern | quiet, "bits \(bits)")
            } else {
                #expect(actual.bitPattern == expected.bitPattern, "bits \(bits)")
            }
        }
    }
    #endif

    @Test func halfsOfKnownValues() {
        #expect(float(halfBits: 0x3C00) == 1)
        #expect(float(halfBits: 0xC000) == -2)
        #expect(float(halfBits: 0x7BFF) == 65504)
        #expect(float(halfBits: 0x0001) == 0x1p-24)
        #expect(float(halfBits: 0x0400) == 0x1p-14)
        #expect(float(halfBits: 0x7C00) == .infinity)
        #expect(float(halfBits: 0x8000).sign == .minus && float(halfBits: 0x8000) == 0)
    }

    @Test func bfloat16IsTheTopHalfOfAFloat() {
        #expect(float(bfloat16Bits: 0x3F80) == 1)
        #expect(float(bfloat16Bits: 0xC2F7) == -123.5)
        #expect(float(bfloat16Bits: 0x7F80) == .infinity)
    }

    @Test func integersDecodeExactlyInBothOrders() {
        let little = EncodedElements(bytes: Data([0xFE, 0xFF, 0x01, 0x00]), type: .int16, byteOrder: .littleEndian)
        #expect(little.integer(at: 0) == .whole(-2) && little.integer(at: 1) == .whole(1))
        let big = EncodedElements(bytes: Data([0xFF, 0xFE, 0x00, 0x01]), type: .int16, byteOrder: .bigEndian)
        var values = [Double](repeating: 0, count: 2)
        values.withUnsafeMutableBufferPointer { big.decode(0, count: 2, into: $0.baseAddress!, stride: 1) }
        #expect(values == [-2, 1])
        let huge = EncodedElements(bytes: Data(repeating: 0xFF, count: 8), type: .uint64, byteOrder: .littleEndian)
        #expect(huge.integer(at: 0) == .tooLarge("18446744073709551615"))
        let float = EncodedElements(values: [Float(2), 2.5, 1e30], type: .float32)
        #expect(float.integer(at: 0) == .whole(2) && float.integer(at: 1) == .notWhole(2.5))
        #expect(float.integer(at: 2) == .tooLarge("\(Double(Float(1e30)))"))
    }

    @Test func unalignedElementsRead() throws {
        // Stored .npz members start wherever the archive puts them: this float64 starts at an odd byte.
        var bytes = Data([0x00])
        bytes.appendLittleEndian((0.1).bitPattern)
        let elements = EncodedElements(bytes: bytes.dropFirst(), type: .float64, byteOrder: .littleEndian)
        var value = 0.0
        elements.decode(0, count: 1, into: &value, stride: 1)
        #expect(value == 0.1)
    }
}

@Suite struct ArrayLocationTests {
    @Test(arguments: [
        ("emb.npy", "emb.npy", nil),
        ("run.npz:embeddings", "run.npz", "embeddings"),
        ("run.NPZ:weights.npy", "run.NPZ", "weights.npy"),
        ("m.safetensors:head.weight", "m.safetensors", "head.weight"),
        ("m.safetensors:a:b", "m.safetensors", "a:b"),
        ("dir.npz:x/run.npz:w", "dir.npz", "x/run.npz:w"),
        ("c:/data/emb.csv", "c:/data/emb.csv", nil),
        ("run.npz:", "run.npz", ""),
    ] as [(String, String, String?)])
    func locationsSplitAtTheArchiveSuffix(text: String, path: String, member: String?) {
        let location = ArrayLocation(text)
        #expect(location.path == path && location.member == member)
        #expect(location.description == text)
    }

    @Test func aMemberOfAPlainFileIsRefused() throws {
        let error = try #require(Fixture.error("f32_v1.npy:x"))
        #expect(error.message.contains("a npy file holds one array") || error.message.contains("cannot read"), "\(error.message)")
        let data = try Fixture.data("f32_v1.npy")
        #expect(throws: ArrayFileError.self) {
            try ArrayFileReader.read(data, location: ArrayLocation(path: "f32_v1.npy", member: "x"))
        }
    }

    @Test func formatsAreSniffedWithoutAKnownExtension() throws {
        for (name, format) in [("f32_v1.npy", ArrayFileFormat.npy), ("model_stored.npz", .npz),
                               ("torch_style.safetensors", .safetensors)] {
            #expect(try ArrayFileReader.format(of: "file.bin", data: Fixture.data(name)) == format)
        }
        #expect(throws: ArrayFileError.self) { try ArrayFileReader.format(of: "file.bin", data: Data("1,2\n".utf8)) }
    }

    @Test func fileSystemErrorsAreOneLine() throws {
        let missing = try #require(Fixture.error("no_such_file.npy"))
        #expect(missing.reason == "cannot read: No such file or directory")
        let directory = try #require(Fixture.error("."))
        #expect(directory.reason.contains("directory"))
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("array-files-\(getpid()).npy").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Refused at once: waiting for a writer would hang.
        #expect(throws: ArrayFileError("is not a regular file", file: fifo)) { try ArrayFileReader.mapFile(fifo) }
        let hostile = ArrayFileError("cannot read", file: "a\u{1B}]0;pwned\u{7}.npy", member: "m\nx")
        #expect(hostile.message == "'a\\e]0;pwned\\x07.npy' member 'm\\nx': cannot read")
    }

    @Test func messagesNameEveryPartInOneOrder() {
        let error = ArrayFileError("bad", file: "f.npz", member: "w", role: .weights, key: "shape", offset: 12, row: 3)
        #expect(error.message == "weights 'f.npz' member 'w', row 3, key 'shape', byte 12: bad")
        #expect(ArrayFileError("bad").message == "bad")
        #expect(ArrayFileError("bad", role: .labels).message == "labels: bad")
        #expect(ArrayFileError("bad", file: "x.csv", line: 4, column: 2).inputError.message == "'x.csv', line 4, column 2: bad")
    }
}
