import Foundation
import Geometry
import Testing
@testable import ArrayFiles

/// Valid fixtures cut short at every length and corrupted at every byte (and at random, many bytes at once): every
/// read ends in an array or an `ArrayFileError` naming the file, never a trap. A trap would end the test process,
/// so passing is the proof; the counts check the damage was noticed where it must be.
@Suite struct FuzzTests {
    static let fixtures = ["f32_v1.npy", "f64_v2.npy", "f32_v3.npy", "f64_big_endian_fortran.npy", "f16.npy",
                           "labels_u8.npy", "model_stored.npz", "model_deflated.npz", "model_zip64_central.npz",
                           "long_deflated.npz", "single.npz", "torch_style.safetensors", "embeddings_bom_crlf.csv"]

    /// Reads every array `data` holds as `name` would be read, and uses it as analysis would.
    static func exercise(_ data: Data, as name: String) -> ArrayFileError? {
        do {
            let format = try ArrayFileReader.format(of: name, data: data)
            var names: [String?] = [nil]
            if format == .npz { names = try NPZArchive(data: data, file: name).arrayNames }
            if format == .safetensors { names = try SafetensorsFile(data: data, file: name).tensorNames }
            for member in names {
                let array = try ArrayFileReader.read(data, location: ArrayLocation(path: name, member: member))
                _ = array.doubles()
                if let matrix = try? array.matrix() {
                    var buffer: [Float] = []
                    for chunk in matrix.rowChunks(of: 3) { matrix.rows(chunk, into: &buffer) }
                }
                _ = try? array.integers()
            }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: fixtures)
    func everyTruncationIsCaught(name: String) throws {
        let data = try Fixture.data(name)
        #expect(Self.exercise(data, as: name) == nil)
        var caught = 0
        for length in 0..<data.count {
            guard let error = Self.exercise(Data(data.prefix(length)), as: name) else { continue }
            caught += 1
            #expect(error.file == name && !error.message.isEmpty)
        }
        // A CSV cut after a whole row is still a CSV; every binary file cut anywhere is broken.
        if name.hasSuffix(".csv") { #expect(caught > 0) } else { #expect(caught == data.count, "\(name)") }
    }

    @Test(arguments: fixtures)
    func everyCorruptedByteEndsInAnArrayOrAMessage(name: String) throws {
        let data = try Fixture.data(name)
        var caught = 0
        for offset in 0..<data.count {
            for value: UInt8 in [0x00, 0xFF, data[offset] ^ 0x01] {
                var corrupt = data
                corrupt[offset] = value
                if let error = Self.exercise(corrupt, as: name) {
                    caught += 1
                    #expect(error.file == name)
                }
            }
        }
        #expect(caught > 0)
    }

    @Test(arguments: fixtures)
    func randomDamageEndsInAnArrayOrAMessage(name: String) throws {
        let data = try Fixture.data(name)
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<300 {
            var corrupt = data
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let offset = Int.random(in: 0..<data.count, using: &generator)
                corrupt[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) {
                corrupt = Data(corrupt.prefix(Int.random(in: 0...data.count, using: &generator)))
            }
            if let error = Self.exercise(corrupt, as: name) { #expect(error.file == name) }
        }
    }

    @Test func theZIPCRCCatchesEveryDataByteOfAStoredMember() throws {
        // Bytes that change a stored member's array data leave the ZIP structure intact: only the CRC notices.
        let data = try Fixture.data("model_stored.npz")
        let archive = try NPZArchive(data: data, file: "m.npz")
        let entry = archive.zip.entries[0]
        let start = entry.localHeaderOffset + 30 + entry.name.utf8.count + 20 + 128
        for offset in start ..< start + 8 * 3 * 4 {
            var corrupt = data
            corrupt[offset] ^= 0x10
            let error = Self.exercise(corrupt, as: "m.npz")
            #expect(error?.reason.contains("CRC-32 mismatch") == true, "byte \(offset)")
        }
    }
}
