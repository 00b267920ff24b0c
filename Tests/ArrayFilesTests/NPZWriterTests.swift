import Foundation
import Geometry
import Testing
@testable import ArrayFiles

@Suite struct NPZWriterTests {
    @Test(arguments: [false, true])
    func writtenArchivesReadBack(forceZIP64: Bool) throws {
        var writer = NPZWriter()
        writer.add("f32", NumericArray(float32: Fixture.precision32, shape: [3, 4]))
        writer.add("f64", NumericArray(float64: Fixture.precision64, shape: [3, 4]))
        writer.add("labels", NumericArray(int64: Fixture.labels.map(Int64.init), shape: [7]))
        writer.add("note", text: "ünïcødé 🎉")
        writer.add("labels", NumericArray(int64: Fixture.modelLabels.map(Int64.init), shape: [8]))  // replaces
        #expect(writer.memberNames == ["f32.npy", "f64.npy", "labels.npy", "note.npy"])
        let data = writer.archive(forceZIP64: forceZIP64)
        let archive = try NPZArchive(data: data, file: "w.npz")
        #expect(archive.arrayNames == ["f32", "f64", "labels", "note"])
        #expect(try archive.array(named: "f32").matrix().floats() == Fixture.precision32)
        #expect(try archive.array(named: "f64").matrix().doubles() == Fixture.precision64)
        #expect(try archive.array(named: "labels").integers() == Fixture.modelLabels)
        #expect(try archive.text(named: "note") == "ünïcødé 🎉")
        #expect(writer.archive(forceZIP64: forceZIP64) == data)  // deterministic
        // ZIP64 shows in the local header's sizes, as numpy writes them.
        #expect((Array(data[18..<26]) == Array(repeating: 0xFF, count: 8)) == forceZIP64)
    }

    @Test func npyHeadersAreAlignedAsNumpyWritesThem() throws {
        let data = NPYFormat.encode(NumericArray(float32: Fixture.precision32, shape: [3, 4]))
        #expect(try data == Fixture.data("f32_v1.npy"))
        let text = NPYFormat.encode(text: "abc")
        #expect(text.count == 128 + 12 && text[127] == 0x0A)
        let header = String(decoding: text[10..<127], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<U3', 'fortran_order': False, 'shape': (), }"))
    }

    @Test func storedArraysKeepTheirOrderAndEndianness() throws {
        let source = try Fixture.read("f64_big_endian_fortran.npy")
        let copy = try NPYFormat.array(from: NPYFormat.encode(source), source: .memory)
        #expect(copy.isFortranOrder && copy.byteOrder == .bigEndian && copy.doubles() == Fixture.precision64)
        #expect(try NPYFormat.encode(Fixture.read("f32_big_endian.npy")) == Fixture.data("f32_big_endian.npy"))
        let brain = try Fixture.read("torch_style.safetensors:head.weight_bf16")
        let widened = try NPYFormat.array(from: NPYFormat.encode(brain), source: .memory)
        #expect(widened.elementType == .float32 && widened.doubles() == Fixture.weights)
    }

    @Test func aTrainedRunSavesItsArraysAndLoss() throws {
        var loss = MarginLoss(.arcface)
        loss.s = 30
        loss.easyMargin = true
        let embeddings = Matrix([[0.1, -2e-300], [3, 4], [1e300, 0.3]])
        let weights = Matrix([[1, 0], [0, 1]])
        let data = try TrainedRunArchive.npz(embeddings: embeddings, labels: [0, 1, 1], weights: weights, loss: loss)
        let archive = try NPZArchive(data: data, file: "run.npz")
        #expect(archive.arrayNames == TrainedRunArchive.memberNames)
        let saved = try archive.array(named: "embeddings")
        #expect(saved.elementType == .float64 && saved.doubles() == embeddings.storage)
        #expect(try archive.array(named: "labels").elementType == .int64)
        #expect(try TrainedRunArchive.loss(in: archive) == loss)
        let json = try archive.text(named: "loss")
        #expect(json == #"{"type": "arcface", "m": 0.5, "s": 30, "easy_margin": true}"#, "\(json)")
        let model = try ModelInput(embeddings: saved, labels: archive.array(named: "labels"),
                                   weights: [archive.array(named: "weights")], layout: .classesByDims)
        #expect(model.labels == [0, 1, 1] && model.weights.doubles() == [1, 0, 0, 1])
    }

    @Test func aBadLossMemberIsNamed() throws {
        var writer = NPZWriter()
        writer.add("loss", text: #"{"type":"arcface","q":1}"#)
        let archive = try NPZArchive(data: writer.archive(), file: "run.npz")
        do {
            _ = try TrainedRunArchive.loss(in: archive)
            Issue.record("an unknown key passed")
        } catch {
            #expect(error.member == "loss" && error.reason.contains("loss.q: unknown key"), "\(error.message)")
        }
    }
}
