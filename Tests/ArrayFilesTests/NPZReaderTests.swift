import Foundation
import Testing
@testable import ArrayFiles

@Suite struct NPZReaderTests {
    @Test(arguments: ["model_stored.npz", "model_zip64_central.npz"])
    func float32ModelArchivesRead(name: String) throws {
        let embeddings = try Fixture.read(name + ":embeddings").matrix()
        #expect(embeddings.elementType == .float32)
        #expect(embeddings.doubles() == Fixture.embeddings)
        #expect(try Fixture.read(name + ":labels.npy").integers() == Fixture.modelLabels)
        #expect(try Fixture.read(name + ":weights").matrix().doubles() == Fixture.weights)
        #expect(try Fixture.read(name + ":embeddings").source == ArraySource(file: Fixture.path(name), member: "embeddings"))
    }

    @Test func numpyWritesZIP64LocalHeadersWithFullSizes() throws {
        // The premise of reading from the central directory: the local header's sizes (bytes 18..<26) say nothing.
        let data = try Fixture.data("model_stored.npz")
        #expect(Array(data[18..<26]) == Array(repeating: 0xFF, count: 8))
        #expect(try Fixture.data("model_deflated.npz")[8] == 8)  // method: deflate
    }

    @Test func deflatedMembersInflate() throws {
        let embeddings = try Fixture.read("model_deflated.npz:embeddings").matrix()
        #expect(embeddings.elementType == .float64)
        #expect(embeddings.doubles() == Fixture.embeddings)
        #expect(try Fixture.read("model_deflated.npz:labels").integers() == Fixture.modelLabels)
        let long = try Fixture.read("long_deflated.npz:values")
        #expect(long.doubles() == (0..<600).map { Double($0) / 8 })
    }

    @Test func aSingleArrayNeedsNoName() throws {
        #expect(try Fixture.read("single.npz").matrix().floats() == Fixture.precision32)
        #expect(try Fixture.read("single.npz:arr_0").matrix().floats() == Fixture.precision32)
    }

    @Test func severalArraysWithoutANameAreListed() throws {
        let error = try #require(Fixture.error("model_stored.npz"))
        #expect(error.reason.contains("holds 3 arrays, 'embeddings', 'labels', 'weights'"), "\(error.reason)")
        #expect(error.reason.contains(":NAME"))
        let missing = try #require(Fixture.error("model_stored.npz:emb"))
        #expect(missing.message.contains("no array 'emb'; it holds 'embeddings', 'labels', 'weights'"), "\(missing.message)")
        #expect(Fixture.error("model_stored.npz:")?.reason.contains("empty") == true)
    }

    @Test func aRoleNamePicksItsArray() throws {
        #expect(try Fixture.read("model_stored.npz", preferring: "weights").matrix().doubles() == Fixture.weights)
        #expect(try Fixture.read("single.npz", preferring: "weights").matrix().floats() == Fixture.precision32)
        #expect(throws: ArrayFileError.self) { try Fixture.read("model_stored.npz", preferring: "features") }
    }

    @Test func otherMembersAndMethodsAreNamed() throws {
        #expect(try Fixture.read("mixed.npz:values").matrix().floats() == Fixture.precision32)
        let notes = try #require(Fixture.error("mixed.npz:notes.txt"))
        #expect(notes.member == "notes.txt" && notes.reason.contains("not a .npy file"), "\(notes.message)")
        let bzip2 = try #require(Fixture.error("bzip2.npz:values"))
        #expect(bzip2.reason.contains("method 12 (bzip2)"), "\(bzip2.message)")
        #expect(bzip2.member == "values")
    }

    @Test func aWrongCRCIsCaught() throws {
        let error = try #require(Fixture.error("bad_crc.npz:embeddings"))
        #expect(error.reason.contains("CRC-32 mismatch"), "\(error.message)")
        #expect(error.member == "embeddings")
        #expect(try Fixture.read("bad_crc.npz:labels").integers() == Fixture.modelLabels)
    }

    @Test func storedMembersAreNotCopied() throws {
        // A stored member is a slice of the memory-mapped file: its bytes lie inside the map.
        let file = try ArrayFileReader.mapFile(Fixture.path("model_stored.npz"))
        let array = try NPZArchive(data: file, file: "model_stored.npz").array(named: "embeddings")
        let fileRange = file.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) ..< UInt(bitPattern: $0.baseAddress) + UInt($0.count) }
        let arrayStart = array.elements.bytes.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(fileRange.contains(arrayStart))
    }

    // MARK: archives written by hand

    /// One stored member `name` holding `contents`, with the central directory's sizes and offset as given (nil:
    /// the true ones) and the ZIP64 extra field `extra` in the central directory.
    static func archive(_ name: String = "a.npy", contents: Data, compressedSize: UInt32? = nil,
                        uncompressedSize: UInt32? = nil, offset: UInt32? = nil, extra: Data = Data(),
                        entryCount: UInt16 = 1, directoryOffset: UInt32? = nil) -> Data {
        var data = Data()
        let crc = Zlib.crc32(contents)
        data.appendLittleEndian(UInt32(0x0403_4B50))
        for field: UInt16 in [45, 0, 0, 0, 0x21] { data.appendLittleEndian(field) }
        for field: UInt32 in [crc, 0xFFFF_FFFF, 0xFFFF_FFFF] { data.appendLittleEndian(field) }
        data.appendLittleEndian(UInt16(name.utf8.count))
        data.appendLittleEndian(UInt16(0))
        data.append(contentsOf: Array(name.utf8))
        data.append(contents)
        let start = data.count
        data.appendLittleEndian(UInt32(0x0201_4B50))
        for field: UInt16 in [45, 45, 0, 0, 0, 0x21] { data.appendLittleEndian(field) }
        data.appendLittleEndian(crc)
        data.appendLittleEndian(compressedSize ?? UInt32(contents.count))
        data.appendLittleEndian(uncompressedSize ?? UInt32(contents.count))
        for field: UInt16 in [UInt16(name.utf8.count), UInt16(extra.count), 0, 0, 0] { data.appendLittleEndian(field) }
        data.appendLittleEndian(UInt32(0))
        data.appendLittleEndian(offset ?? 0)
        data.append(contentsOf: Array(name.utf8))
        data.append(extra)
        let size = data.count - start
        data.appendLittleEndian(UInt32(0x0605_4B50))
        for field: UInt16 in [0, 0, entryCount, entryCount] { data.appendLittleEndian(field) }
        data.appendLittleEndian(UInt32(size))
        data.appendLittleEndian(directoryOffset ?? UInt32(start))
        data.appendLittleEndian(UInt16(0))
        return data
    }

    static func zip64Extra(_ values: [UInt64], declaredSize: UInt16? = nil) -> Data {
        var extra = Data()
        extra.appendLittleEndian(UInt16(1))
        extra.appendLittleEndian(declaredSize ?? UInt16(values.count * 8))
        for value in values { extra.appendLittleEndian(value) }
        return extra
    }

    static func error(_ archive: Data) -> ArrayFileError? {
        do {
            _ = try NPZArchive(data: archive, file: "h.npz").array(named: nil)
            return nil
        } catch { return error }
    }

    static let member = NPYFormat.encode(NumericArray(float32: Fixture.precision32, shape: [3, 4]))

    @Test func theHandWrittenArchiveReads() throws {
        let array = try NPZArchive(data: Self.archive(contents: Self.member), file: "h.npz").array(named: "a")
        #expect(array.doubles() == Fixture.precision32.map(Double.init))
        let viaZIP64 = Self.archive(contents: Self.member, compressedSize: 0xFFFF_FFFF, uncompressedSize: 0xFFFF_FFFF,
                                    extra: Self.zip64Extra([UInt64(Self.member.count), UInt64(Self.member.count)]))
        #expect(try NPZArchive(data: viaZIP64, file: "h.npz").array(named: "a").count == 12)
    }

    /// The archives that made ZIPFoundation 0.9.20 trap ("Not enough bits to represent the passed value") and the
    /// ones it read as short members without a word: each gets a message here.
    @Test(arguments: [
        (UInt64.max, UInt64.max, "beyond any file"),
        (UInt64(1) << 63 + 5, UInt64(1) << 63 + 5, "beyond any file"),
        (1_000_000_000, 1_000_000_000, "run into the central directory"),
        (176, 175, "claims"),
    ])
    func hostileZIP64SizesGetMessages(uncompressed: UInt64, compressed: UInt64, fragment: String) throws {
        let data = Self.archive(contents: Self.member, compressedSize: 0xFFFF_FFFF, uncompressedSize: 0xFFFF_FFFF,
                                extra: Self.zip64Extra([uncompressed, compressed]))
        let error = try #require(Self.error(data))
        #expect(error.reason.contains(fragment), "\(error.message)")
        #expect(error.member == "a" && error.file == "h.npz")
    }

    @Test func hostileOffsetsAndCountsGetMessages() throws {
        let hugeOffset = Self.archive(contents: Self.member, offset: 0xFFFF_FFFF,
                                      extra: Self.zip64Extra([UInt64.max - 9]))
        #expect(Self.error(hugeOffset)?.reason.contains("beyond any file") == true)
        let pastEnd = Self.archive(contents: Self.member, offset: 0xFFFF_FFFF, extra: Self.zip64Extra([1 << 40]))
        #expect(Self.error(pastEnd)?.reason.contains("no local header") == true)
        let shortExtra = Self.archive(contents: Self.member, compressedSize: 0xFFFF_FFFF, uncompressedSize: 0xFFFF_FFFF,
                                      extra: Self.zip64Extra([5]))
        #expect(Self.error(shortExtra)?.reason.contains("8 bytes, 16 are needed") == true)
        let lyingExtra = Self.archive(contents: Self.member, compressedSize: 0xFFFF_FFFF, uncompressedSize: 0xFFFF_FFFF,
                                      extra: Self.zip64Extra([], declaredSize: 200))
        #expect(Self.error(lyingExtra)?.reason.contains("extra field is cut short") == true)
        let noExtra = Self.archive(contents: Self.member, compressedSize: 0xFFFF_FFFF, uncompressedSize: 0xFFFF_FFFF)
        #expect(Self.error(noExtra)?.reason.contains("no ZIP64 extra field") == true)
        let manyEntries = Self.archive(contents: Self.member, entryCount: 5000)
        #expect(Self.error(manyEntries)?.reason.contains("central directory record 2 is missing") == true)
        let directoryBeyond = Self.archive(contents: Self.member, directoryOffset: 0x7FFF_FFFF)
        #expect(Self.error(directoryBeyond)?.reason.contains("is not inside the archive") == true)
        let wrongLocalName = Self.archive("b.npy", contents: Self.member).replacing(Data("b.npy".utf8), with: Data("c.npy".utf8), maxReplacements: 1)
        #expect(Self.error(wrongLocalName)?.reason.contains("names 'c.npy'") == true)
        #expect(Self.error(Data("PK".utf8))?.reason.contains("too few") == true)
        #expect(Self.error(Data(repeating: 0, count: 100))?.reason.contains("no end of central directory") == true)
    }

    @Test func corruptDeflateDataGetsAMessage() throws {
        var data = try Fixture.data("model_deflated.npz")
        // The first member's deflate stream starts after its 30-byte header, the name and the 20-byte extra.
        let start = 30 + "embeddings.npy".utf8.count + 20
        for offset in start ..< start + 8 { data[offset] = 0xFF }
        let archive = try NPZArchive(data: data, file: "h.npz")
        #expect(throws: ArrayFileError.self) { try archive.array(named: "embeddings") }
        let error: ArrayFileError
        do {
            _ = try archive.array(named: "embeddings")
            return
        } catch let caught { error = caught }
        #expect(error.member == "embeddings")
        #expect(error.reason.contains("deflate") || error.reason.contains("CRC"), "\(error.message)")
    }
}
