import Foundation
import Geometry
import Testing
@testable import MarginExplorer
import Training

/// `--dataset` and `--load` name a path; what the path is decides the message before a byte is read. The one reader
/// behind both is `InputFile`; `DataFile` words its refusals as errors about the data set.
@Suite struct InputFileTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("margin-explorer-\(UUID().uuidString)-\(name)").path
    }

    /// The message `DataFile.read(path)` refuses `path` with, nil when it reads it.
    static func message(_ path: String) -> String? {
        do {
            _ = try DataFile.read(path)
            return nil
        } catch {
            #expect(error.subject == .dataset)
            return error.message
        }
    }

    @Test func aDirectoryIsNamedAsOne() throws {
        let path = Self.temporaryPath("folder.csv")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Self.message(path) == "cannot read '\(path)': it is a directory, not a file")
    }

    /// /dev/zero never ends: reading it first would fill the memory. It is refused from its kind.
    @Test func aDeviceIsRefusedBeforeReading() {
        #expect(Self.message("/dev/zero")
            == "cannot read '/dev/zero': it is a character device (a terminal, /dev/zero, ...), not a file")
    }

    @Test func aMissingOrUnreadableFileSaysWhy() throws {
        #expect(Self.message("/nonexistent/x.csv") == "cannot read '/nonexistent/x.csv': No such file or directory")
        let path = Self.temporaryPath("locked.csv")
        try Data("1,2,0\n3,4,1\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        chmod(path, 0)
        if getuid() != 0 {  // root reads anything
            #expect(Self.message(path) == "cannot read '\(path)': Permission denied")
        }
    }

    /// A named pipe (as `--dataset <(zcat data.csv.gz)` gives) is read until its writer closes it.
    @Test func aPipeIsReadToItsEnd() throws {
        let path = Self.temporaryPath("pipe.csv")
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let text = "x,y,label\n" + (0..<2000).map { "\($0 % 7),\($0 % 11),\($0 % 3)\n" }.joined()
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)
            text.utf8CString.withUnsafeBytes { _ = write(descriptor, $0.baseAddress!, $0.count - 1) }
            close(descriptor)
        }
        writer.start()
        let data = try Dataset(csv: try DataFile.read(path), name: "pipe.csv", seed: 1)
        #expect(data.trainInputs.rows + data.testInputs.rows == 2000)
        #expect(data.classNames == ["0", "1", "2"])
    }

    @Test func moreThanTheLimitIsRefused() throws {
        let path = Self.temporaryPath("big.csv")
        try Data(String(repeating: "1,2,0\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: (any Error).self) { try InputFile.read(path, limit: 599) }
        do { _ = try InputFile.read(path, limit: 599) } catch { #expect(error.reason == "it holds more than 599 bytes") }
        #expect(try InputFile.read(path, limit: 600).count == 600)
        #expect(DataFile.byteLimit == 512 << 20)
    }

    /// The file name in a message is escaped like any other user text.
    @Test func aFileNameWithControlCharactersIsEscaped() {
        #expect(Self.message("/nonexistent/\u{1B}]0;x\u{07}.csv")
            == #"cannot read '/nonexistent/\e]0;x\x07.csv': No such file or directory"#)
    }
}
