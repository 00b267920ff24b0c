import Foundation
import Testing
@testable import ArrayFiles

@Suite struct NPYReaderTests {
    @Test(arguments: ["f32_v1.npy", "f32_v3.npy", "f32_big_endian.npy", "f32_fortran.npy", "f32_align16.npy",
                      "f32_long_shape.npy"])
    func float32FilesReadAsTheFormula(name: String) throws {
        let matrix = try Fixture.read(name).matrix()
        #expect(matrix.rows == 3 && matrix.columns == 4)
        #expect(matrix.elementType == .float32 && matrix.fitsFloat)
        #expect(matrix.floats() == Fixture.precision32)
        #expect(matrix.doubles() == Fixture.precision32.map(Double.init))
    }

    @Test func orderAndEndiannessAreRecorded() throws {
        #expect(try Fixture.read("f32_big_endian.npy").byteOrder == .bigEndian)
        #expect(try Fixture.read("f32_v1.npy").byteOrder == .littleEndian)
        #expect(try Fixture.read("f32_fortran.npy").isFortranOrder)
        #expect(try !Fixture.read("f32_v1.npy").isFortranOrder)
    }

    @Test(arguments: ["f64_v2.npy", "f64_big_endian_fortran.npy"])
    func float64FilesKeepEveryDigit(name: String) throws {
        let array = try Fixture.read(name)
        #expect(array.elementType == .float64)
        let matrix = try array.matrix()
        #expect(!matrix.fitsFloat)
        #expect(matrix.doubles() == Fixture.precision64)
        #expect(array.doubles() == Fixture.precision64)
        #expect(matrix.row(2) == Array(Fixture.precision64[8..<12]))
    }

    @Test func fortranRowsComeOutRowMajorInAnyChunk() throws {
        let matrix = try Fixture.read("f64_big_endian_fortran.npy").matrix()
        var buffer: [Double] = []
        for chunk in [0..<1, 1..<3, 0..<3, 2..<3] {
            matrix.rows(chunk, into: &buffer)
            #expect(buffer == Array(Fixture.precision64[chunk.lowerBound * 4 ..< chunk.upperBound * 4]))
        }
        #expect(matrix.rowChunks(of: 2) == [0..<2, 2..<3])
    }

    @Test func float16ReadsExactly() throws {
        let matrix = try Fixture.read("f16.npy").matrix()
        #expect(matrix.elementType == .float16)
        #expect(matrix.doubles() == Fixture.quarters)
        let specials = try Fixture.read("f16_specials.npy").doubles()
        let expected: [Double] = [0, -0.0, 1, -2.5, 65504, 0x1p-14, 0x1p-24, 3 * 0x1p-24, .infinity, -.infinity]
        #expect(specials == expected)
        #expect(specials[1].sign == .minus)
    }

    @Test(arguments: ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "i4_big_endian", "f64"])
    func labelsOfEveryIntegerTypeRead(kind: String) throws {
        let array = try Fixture.read("labels_\(kind).npy")
        #expect(try array.integers() == Fixture.labels)
        #expect(array.shape == [7])
    }

    @Test func labelsAsAColumnRead() throws {
        let array = try Fixture.read("labels_column.npy")
        #expect(array.shape == [7, 1])
        #expect(try array.integers() == Fixture.labels)
    }

    @Test func aLabelBeyondIntIsNamedByIndex() throws {
        let array = try Fixture.read("labels_u8_huge.npy")
        #expect(throws: ArrayFileError.self) { try array.integers() }
        do { _ = try array.integers() } catch {
            #expect(error.row == 1)
            #expect(error.reason.contains("9223372036854775809"))
        }
    }

    @Test func fractionalLabelsAreRefused() throws {
        let array = NumericArray(float64: [0, 1.5, 2], shape: [3])
        do {
            _ = try array.integers()
            Issue.record("1.5 read as a label")
        } catch {
            #expect(error.row == 1 && error.reason == "1.5 is not a whole number")
        }
    }

    @Test(arguments: [
        ("object.npy", "'|O' is an object array"),
        ("bool.npy", "'|b1' holds booleans"),
        ("unicode.npy", "'<U3' holds text"),
        ("bytes.npy", "'|S3' holds byte strings"),
        ("complex.npy", "'<c8' holds complex numbers"),
        ("structured_v3.npy", "is structured"),
    ])
    func nonNumericTypesAreRefusedByName(name: String, fragment: String) throws {
        let error = try #require(Fixture.error(name))
        #expect(error.key == "descr")
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.file == Fixture.path(name))
    }

    @Test func structuredUTF8HeaderNamesItsFields() throws {
        let error = try #require(Fixture.error("structured_v3.npy"))
        #expect(error.message.contains("α"))
    }

    @Test func otherShapesSayWhatTheyAre() throws {
        let threeD = try Fixture.read("f32_3d.npy")
        #expect(threeD.shape == [2, 2, 2])
        #expect(threeD.doubles() == (0..<8).map(Double.init))
        #expect(throws: ArrayFileError.self) { try threeD.matrix() }
        do { _ = try threeD.matrix() } catch { #expect(error.reason.contains("3 dimensions")) }
        let scalar = try Fixture.read("scalar.npy")
        #expect(scalar.shape == [] && scalar.doubles() == [2.5])
        do { _ = try scalar.matrix() } catch { #expect(error.reason.contains("a single number")) }
        do { _ = try Fixture.read("labels_i8.npy").matrix() } catch { #expect(error.reason.contains("(7,) is a vector")) }
        do { _ = try Fixture.read("f32_v1.npy").integers() } catch { #expect(error.reason.contains("(3, 4)")) }
        let empty = try Fixture.read("empty_rows.npy").matrix()
        #expect(empty.rows == 0 && empty.columns == 3 && empty.floats().isEmpty)
    }

    @Test func truncatedDataNamesBothByteCounts() throws {
        let error = try #require(Fixture.error("truncated.npy"))
        #expect(error.reason.contains("needs 48 bytes") && error.reason.contains("has 44"), "\(error.reason)")
        #expect(error.offset == 128)
        let twice = try #require(Fixture.error("twice.npy"))
        #expect(twice.reason.contains("needs 48 bytes") && twice.reason.contains("several arrays"), "\(twice.reason)")
    }

    // MARK: headers written by hand

    /// A .npy file with `header` (padded to 64) and `payload`.
    static func npy(_ header: String, payload: [UInt8] = [], version: UInt8 = 1) -> Data {
        var text = Array(header.utf8)
        let prefix = version == 1 ? 10 : 12
        while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var data = Data(NPYFormat.magic + [version, 0])
        if version == 1 { data.appendLittleEndian(UInt16(text.count)) } else { data.appendLittleEndian(UInt32(text.count)) }
        return data + text + payload
    }

    static func readError(_ data: Data) -> ArrayFileError? {
        do {
            _ = try NPYFormat.array(from: data, source: ArraySource(file: "x.npy"))
            return nil
        } catch { return error }
    }

    @Test func handWrittenHeadersWithNumpysSpacingRead() throws {
        let payload: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]  // 1.0, 2.0 as <f4
        for header in ["{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                       "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,)}",
                       "  {'shape': (2,), 'fortran_order': False, 'descr': '<f4'}",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (2,),}",
                       "{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }",
                       "{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }",
                       "{'descr': 'f4', 'fortran_order': True, 'shape': (2,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': ((2,)), }",
                       "{'descr': '\\x3cf4', 'fortran_order': False, 'shape': (2,), }"] {
            let array = try NPYFormat.array(from: Self.npy(header, payload: payload), source: ArraySource(file: "x.npy"))
            #expect(array.doubles() == [1, 2], "\(header)")
        }
        let bytes = try NPYFormat.array(from: Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1), }",
                                                       payload: [7, 255]), source: .memory)
        #expect(bytes.elementType == .uint8)
        #expect(try bytes.integers() == [7, 255])
        let big = try NPYFormat.array(from: Self.npy("{'descr': '>u2', 'fortran_order': False, 'shape': (1,), }",
                                                     payload: [1, 2]), source: .memory)
        #expect(try big.integers() == [258])
        let four = try NPYFormat.array(from: Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                                                      payload: payload, version: 2), source: ArraySource(file: "x.npy"))
        #expect(four.doubles() == [1, 2])
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'fortran_order': False}", "no key 'shape'", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unknown key", "extra"),
        ("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", "appears twice", "descr"),
        ("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "not True or False", "fortran_order"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", "not a tuple", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "not a tuple", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "negative", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "beyond", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", "more elements", "shape"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2305843009213693952,)}", "more bytes", "shape"),
        ("{'descr': '<f16', 'fortran_order': False, 'shape': (2,)}", "float of 16 bytes", "descr"),
        ("{'descr': 4, 'fortran_order': False, 'shape': (2,)}", "not a type string", "descr"),
    ])
    func badHeaderKeysAreNamed(header: String, fragment: String, key: String) throws {
        let error = try #require(Self.readError(Self.npy(header, payload: Array(repeating: 0, count: 8))))
        #expect(error.key == key, "\(error.message)")
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.file == "x.npy")
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", "after the literal"),
        ("{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", "expected ','"),
        ("{'descr' '<f4', 'fortran_order': False, 'shape': (2,)}", "expected ':'"),
        ("{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}", "'false' is not a literal"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}", "only whole numbers"),
        ("{'descr': '\\q', 'fortran_order': False, 'shape': (2,)}", "unknown escape"),
        ("['a', ", "ends where a value should be"),
        ("(2,)", "not a dict"),
        (String(repeating: "[", count: 5000), "nested more than 32"),
    ])
    func malformedLiteralsNameTheByte(header: String, fragment: String) throws {
        let error = try #require(Self.readError(Self.npy(header)))
        #expect(error.message.contains(fragment), "\(error.message)")
        let offset = try #require(error.offset)
        #expect(offset >= 10 && offset <= 10 + header.utf8.count + 64)
    }

    @Test func aLiteralErrorPointsAtTheOffendingByte() throws {
        let header = "{'descr': '<f4', 'fortran_order': Nope, 'shape': (2,)}"
        let error = try #require(Self.readError(Self.npy(header)))
        let column = try #require(header.range(of: "Nope")).lowerBound.utf16Offset(in: header)
        #expect(error.offset == 10 + column, "\(error.message)")
    }

    @Test func theMagicVersionAndHeaderLengthAreChecked() throws {
        let good = Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }")
        #expect(Self.readError(good) == nil)
        var notNumpy = good
        notNumpy[1] = UInt8(ascii: "X")
        #expect(Self.readError(notNumpy)?.message.contains("does not start with \\x93NUMPY") == true)
        var version = good
        version[6] = 4
        #expect(Self.readError(version)?.message.contains("version 4.0") == true)
        var minor = good
        minor[7] = 1
        #expect(Self.readError(minor)?.offset == 6)
        var length = good
        length[8] = 0xFF
        length[9] = 0xFF
        let error = try #require(Self.readError(length))
        #expect(error.message.contains("header length 65535 goes past the end of the file (128 bytes)"), "\(error.message)")
        #expect(Self.readError(Data(good.prefix(9)))?.message.contains("too few") == true)
        #expect(Self.readError(Data())?.message.contains("0 bytes are too few") == true)
    }

    @Test func aHugeHeaderIsRefusedBeforeParsing() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }" + String(repeating: " ", count: 1_000_000)
        let error = try #require(Self.readError(Self.npy(header, version: 2)))
        #expect(error.offset == 8 && error.reason.contains("is over 1000000 bytes"), "\(error.message)")
    }

    @Test func version3HeadersMustBeUTF8() throws {
        var data = Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), 'x': '\u{E9}'}", version: 3)
        let accent = try #require(data.firstRange(of: Data([0xC3, 0xA9])))
        data[accent.lowerBound] = 0xFF
        let error = try #require(Self.readError(data))
        #expect(error.message.contains("not valid UTF-8") && error.offset == accent.lowerBound, "\(error.message)")
    }

    @Test func textArraysRead() throws {
        let data = NPYFormat.encode(text: "{\"type\": \"arcface\"} αβ 🎉")
        #expect(try NPYFormat.text(from: data, source: .memory) == "{\"type\": \"arcface\"} αβ 🎉")
        #expect(try NPYFormat.text(from: NPYFormat.encode(text: ""), source: .memory) == "")
        #expect(throws: ArrayFileError.self) { try NPYFormat.text(from: Fixture.data("f32_v1.npy"), source: .memory) }
        #expect(throws: ArrayFileError.self) { try NPYFormat.text(from: Fixture.data("unicode.npy"), source: .memory) }
    }
}
