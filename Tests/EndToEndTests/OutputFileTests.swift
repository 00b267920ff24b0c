import Foundation
import Synchronization
import Testing
@testable import MarginExplorer

/// Issue 7, item 11: output files are checked before the work starts, written whole and together, keep what the
/// user set up (mode, symbolic links, devices), never overwrite an input, and leave no temporary file behind that a
/// later run would not remove.
@Suite struct OutputFileTests {
    /// A fresh directory, removed by the caller.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    static func write(_ text: String, to path: String, flag: String = "--log") throws {
        let file = try OutputFile.prepare(path, flag: flag)
        try OutputFile.commit([(file, Array(text.utf8))])
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    static func refusal(_ path: String, flag: String = "--log") -> String? {
        do {
            let file = try OutputFile.prepare(path, flag: flag)
            file.discard()
            return nil
        } catch {
            return error.message
        }
    }

    @Test func replacesWholeFilesAndLeavesNoTemporaries() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.csv").path
        try Self.write("first\n", to: path)
        try Self.write("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try Self.contents(directory) == ["run.csv"])
        // The temporary file exists from the start, and discarding removes it.
        let pending = try OutputFile.prepare(path, flag: "--log")
        #expect(try Self.contents(directory).count == 2)
        pending.discard()
        #expect(try Self.contents(directory) == ["run.csv"])
    }

    @Test func theLongestLegalNamesAreWritten() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [248, 255] {
            let path = directory.appendingPathComponent(String(repeating: "a", count: length - 4) + ".csv").path
            try Self.write("x\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "x\n")
        }
        let tooLong = directory.appendingPathComponent(String(repeating: "b", count: 256)).path
        #expect(Self.refusal(tooLong)?.hasSuffix("the name is 256 bytes long; this file system allows at most 255") == true)
    }

    @Test func badPathsAreRefusedWithTheReason() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let deep = directory.path + String(repeating: "/d", count: 2100) + "/x.csv"
        let cases: [(String, String)] = [
            ("", "--log '': the file name is empty"),
            (directory.path, "--log '\(directory.path)': it is a directory"),
            (directory.path + "/", "--log '\(directory.path)/': it is a directory"),
            (directory.path + "/missing/x.csv",
             "--log '\(directory.path)/missing/x.csv': the directory '\(directory.path)/missing' does not exist"),
            (file + "/x.csv", "--log '\(file)/x.csv': Not a directory"),
            (deep, "File name too long"),
            ("/dev/loop-control-is-not-here/x", "does not exist"),
        ]
        for (path, message) in cases {
            let refusal = try #require(Self.refusal(path), "\(path.prefix(80)) was accepted")
            #expect(refusal.hasPrefix(message) || refusal.hasSuffix(message), "\(refusal.prefix(300))")
            #expect(refusal.count < 600, "a long path is cut: \(refusal.count) characters")
        }
        #expect(try Self.contents(directory) == ["file"])
    }

    @Test func anExistingFileKeepsItsMode() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secret.json").path
        for mode: mode_t in [0o600, 0o640, 0o604] {
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, mode)
            try Self.write("new\n", to: path, flag: "--save")
            #expect(Self.mode(path) == mode)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        }
        // A new file gets 0666 less the umask, like the shell's `>`.
        let mask = umask(0o027)
        defer { umask(mask) }
        let fresh = directory.appendingPathComponent("fresh.json").path
        try Self.write("x", to: fresh)
        #expect(Self.mode(fresh) == 0o640)
    }

    @Test func aSymbolicLinkIsWrittenThroughAndStays() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("real.csv").path
        let link = directory.appendingPathComponent("link.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o600)
        symlink("real.csv", link)
        try Self.write("new\n", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        #expect(Self.mode(target) == 0o600)
        // A chain of links, and a dangling one: the file is created where the last link points.
        let sub = directory.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        symlink("link.csv", directory.appendingPathComponent("chain.csv").path)
        try Self.write("chained\n", to: directory.appendingPathComponent("chain.csv").path)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "chained\n")
        let dangling = directory.appendingPathComponent("dangling.csv").path
        symlink("sub/made.csv", dangling)
        try Self.write("made\n", to: dangling)
        #expect(try String(contentsOfFile: sub.appendingPathComponent("made.csv").path, encoding: .utf8) == "made\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling) == "sub/made.csv")
        // A loop is refused.
        symlink("loop2", directory.appendingPathComponent("loop1").path)
        symlink("loop1", directory.appendingPathComponent("loop2").path)
        #expect(Self.refusal(directory.appendingPathComponent("loop1").path)?.contains("Too many levels") == true)
    }

    /// A link in `directory` to the device `path`: the tests reach devices only through links of their own, so a
    /// regression that renamed over its target would replace the link, never the machine's device.
    static func deviceLink(to path: String, in directory: URL) -> String {
        let link = directory.appendingPathComponent("link-" + (path as NSString).lastPathComponent).path
        symlink(path, link)
        return link
    }

    @Test func devicesAreWrittenStraightThroughAndOtherSpecialFilesRefused() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // /dev/null stays a device, and the link to it stays a link.
        let null = Self.deviceLink(to: "/dev/null", in: directory)
        try Self.write("nothing\n", to: null)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        #expect(lstat(null, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
        // A full device is an I/O error at the end, naming the file.
        let full = try OutputFile.prepare(Self.deviceLink(to: "/dev/full", in: directory), flag: "--log")
        #expect(throws: IOFailure.self) { try OutputFile.commit([(full, Array("x".utf8))]) }

        let fifo = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.refusal(fifo) == "--log '\(fifo)': it is a FIFO that no process is reading")
        // With a reader, the bytes go through the FIFO, which stays a FIFO.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try Self.write("through\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(count == 8 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through\n")
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        // A socket and a block device are refused.
        let socketPath = directory.appendingPathComponent("s").path
        let socket = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (i, byte) in socketPath.utf8.enumerated() where i < bytes.count - 1 { bytes[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(Self.refusal(socketPath)?.hasSuffix("it is a socket; give a regular file") == true)
        let candidates: [String] = ["/dev/loop0", "/dev/sda", "/dev/vda", "/dev/nvme0n1"]
        if let block = candidates.first(where: { (path: String) in
            stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFBLK
        }) {
            #expect(Self.refusal(Self.deviceLink(to: block, in: directory))?.hasSuffix("it is a block device; give a regular file") == true)
        }
    }

    @Test func standardOutputItselfIsWrittenThroughItsDescriptor() throws {
        // /dev/stdout is the test process's own standard output here: the file is a stream on descriptor 1.
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try OutputFile.prepare(Self.deviceLink(to: "/dev/stdout", in: directory), flag: "--log")
        defer { file.discard() }
        guard case .stream(let descriptor, let owned) = file.destination else {
            Issue.record("not a stream: \(file.destination)")
            return
        }
        #expect(descriptor == STDOUT_FILENO && !owned)
    }

    @Test func aFileThatIsAnInputOrTheOtherOutputIsRefused() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.csv").path
        try Data("0,0,0\n".utf8).write(to: URL(fileURLWithPath: data))
        let alias = directory.appendingPathComponent("alias.csv").path
        symlink("data.csv", alias)
        let hard = directory.appendingPathComponent("hard.csv").path
        link(data, hard)
        let inputs = [(flag: "--dataset", path: data)]
        for path in [data, alias, hard, directory.path + "/./data.csv"] {
            #expect(throws: UsageError.self) { _ = try OutputFiles.prepare([("--log", path)], inputs: inputs) }
        }
        let new = directory.appendingPathComponent("new.csv").path
        #expect(throws: UsageError.self) {
            _ = try OutputFiles.prepare([("--log", new), ("--save", directory.path + "/../" + directory.lastPathComponent + "/new.csv")],
                                        inputs: [])
        }
        // Refusals leave nothing behind; devices may be shared.
        #expect(try Self.contents(directory) == ["alias.csv", "data.csv", "hard.csv"])

        let null = Self.deviceLink(to: "/dev/null", in: directory)
        let shared = try OutputFiles.prepare([("--log", null), ("--save", null)], inputs: inputs)
        #expect(shared.count == 2)
        shared.forEach { $0.discard() }
    }

    @Test func aReadOnlyFileIsRefusedAsTheShellWould() throws {
        guard geteuid() != 0 else { return }  // root may write any file
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ro.csv").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o444)
        #expect(Self.refusal(path) == "--log '\(path)': Permission denied")
    }

    @Test func stalesTemporaryFilesOfEndedRunsAreRemovedAndLiveOnesKept() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A process id that has ended: a child that exited and was waited for.
        let child = try SpawnedProcess.start("/bin/true", [])
        _ = child.wait()
        child.removeDirectory()
        let stale = ".margin-explorer-\(child.pid)-abcDE1.tmp"
        let live = ".margin-explorer-1-abcDE2.tmp"           // pid 1 lives
        let locked = ".margin-explorer-\(child.pid)-abcDE3.tmp"  // its lock is held (another machine's run)
        let unrelated = ".margin-explorer-\(child.pid)-notours.tmp"
        for name in [stale, live, locked, unrelated] {
            try Data("partial".utf8).write(to: directory.appendingPathComponent(name))
        }
        let holder = open(directory.appendingPathComponent(locked).path, O_RDONLY)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        defer { close(holder) }
        try Self.write("done\n", to: directory.appendingPathComponent("run.csv").path)
        #expect(try Self.contents(directory) == [live, locked, unrelated, "run.csv"].sorted())
    }

    @Test func temporaryNamesAreShortAndRecognised() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let handle = open(directory.path, O_RDONLY | O_DIRECTORY)
        defer { close(handle) }
        let (name, descriptor) = try TemporaryFile.create(in: handle) { UsageError($0) }
        close(descriptor)
        #expect(name.utf8.count <= 35)
        #expect(TemporaryFile.processID(in: name) == getpid())
        for other in ["run.csv", ".margin-explorer-12-abc.tmp", ".margin-explorer-x-abcdef.tmp",
                      ".margin-explorer--1-abcdef.tmp", ".margin-explorer-12-abcdef.tmpx"] {
            #expect(TemporaryFile.processID(in: other) == nil, "\(other)")
        }
    }

    @Test func thePairIsRenamedWithEverySignalBlocked() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try OutputFile.prepare(directory.appendingPathComponent("log.csv").path, flag: "--log")
        let save = try OutputFile.prepare(directory.appendingPathComponent("run.json").path, flag: "--save")
        signal(SIGUSR1) { _ in OutputFileTests.received.add(1, ordering: .relaxed) }
        defer { signal(SIGUSR1, SIG_DFL) }
        // This thread takes SIGUSR1 (the test runner's threads may block it): raised here, it is handled at once.
        var usr1 = sigset_t()
        sigemptyset(&usr1)
        sigaddset(&usr1, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &usr1, nil)
        raise(SIGUSR1)
        let control = Self.received.load(ordering: .relaxed)
        // Raised between the two renames, it stays pending until both are done.
        var pendingBetween = false, handledBetween = -1, firstRenamed = false
        try OutputFile.commit([(log, Array("log\n".utf8)), (save, Array("save\n".utf8))]) {
            firstRenamed = FileManager.default.fileExists(atPath: directory.appendingPathComponent("log.csv").path)
            raise(SIGUSR1)
            var pending = sigset_t()
            sigpending(&pending)
            pendingBetween = sigismember(&pending, SIGUSR1) == 1
            handledBetween = OutputFileTests.received.load(ordering: .relaxed)
        }
        let handledAfter = Self.received.load(ordering: .relaxed)
        #expect(control == 1)
        #expect(firstRenamed && pendingBetween && handledBetween == 1)
        #expect(handledAfter == 2)
        #expect(try Self.contents(directory) == ["log.csv", "run.json"])
    }

    static let received = Atomic<Int>(0)
}
