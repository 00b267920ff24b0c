import Foundation

/// What one run of the built `margin-explorer` printed, and how it ended.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard output parsed as JSON.
    func json() throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(stdout.utf8)) }
}

/// Finds and runs the `margin-explorer` executable that `swift test` builds next to the test bundle.
enum Binary {
    /// The executable: `$MARGIN_EXPLORER_BINARY` if set, else `margin-explorer` in the directory of this test
    /// process (the build products folder, e.g. .build/debug) or of `CommandLine.arguments[0]`.
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["MARGIN_EXPLORER_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = [
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map(URL.init(fileURLWithPath:)),
            CommandLine.arguments.first.map(URL.init(fileURLWithPath:)),
            Bundle.main.executableURL,
        ]
        for case let start? in candidates {
            // The test executable may sit inside a bundle (…/debug/X.xctest/Contents/MacOS/X): walk up.
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let file = directory.appendingPathComponent("margin-explorer")
                if FileManager.default.isExecutableFile(atPath: file.path) { return file }
                directory = directory.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: "margin-explorer-not-found")
    }()

    /// Runs the binary with `arguments`, feeding `input` on standard input (files, not pipes, so large outputs
    /// cannot deadlock).
    static func run(_ arguments: [String], input: String = "") throws -> RunResult {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("margin-explorer-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (inFile, outFile, errFile) = (directory.appendingPathComponent("in"),
                                          directory.appendingPathComponent("out"),
                                          directory.appendingPathComponent("err"))
        try Data(input.utf8).write(to: inFile)
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: inFile)
        let stdout = try FileHandle(forWritingTo: outFile)
        let stderr = try FileHandle(forWritingTo: errFile)
        defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outFile), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errFile), as: UTF8.self))
    }
}

/// Any JSON value, to look at responses without trusting their shape.
enum JSONValue: Decodable, Equatable {
    case number(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var keys: Set<String> {
        if case .object(let members) = self { return Set(members.keys) }
        return []
    }

    var double: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var numbers: [Double]? {
        if case .array(let values) = self { return values.compactMap(\.double) }
        return nil
    }

    /// Rows of numbers, for N x K matrices.
    var matrix: [[Double]]? {
        if case .array(let rows) = self { return rows.compactMap(\.numbers) }
        return nil
    }
}

/// A process started with posix_spawn, every signal at its default disposition and none blocked (whatever the
/// test runner ignores), standard output and error going to files in its own directory.
struct SpawnedProcess {
    let pid: pid_t
    let directory: URL

    /// How a process ended: its exit status, or the signal that ended it.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Starts `executable` with `arguments` in a new temporary directory (its working directory is unchanged);
    /// `environment` entries are added to this process's environment.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                      stdin: String = "/dev/null") throws -> SpawnedProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("margin-explorer-spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory.appendingPathComponent("out").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, directory.appendingPathComponent("err").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let words = [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
        return SpawnedProcess(pid: pid, directory: directory)
    }

    /// Waits at most `seconds` for the process to end; past that it is killed and the answer is nil.
    func wait(seconds: Double) -> Ending? {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(pid, SIGKILL)
        _ = wait()
        return nil
    }

    /// Waits for the process to end.
    func wait() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }

    var stdout: String { (try? String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)) ?? "" }

    /// Polls standard output until it contains `text` (at most `seconds`).
    func waitForOutput(_ text: String, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stdout.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func removeDirectory() { try? FileManager.default.removeItem(at: directory) }
}

extension Binary {
    /// Runs `script` with /bin/sh, `$BIN` naming the binary, signals at their defaults; the result is the shell's
    /// exit status and what it wrote. The scripts redirect the binary's streams as a user's shell would.
    static func shell(_ script: String) throws -> RunResult {
        let process = try SpawnedProcess.start("/bin/sh", ["-c", script], environment: ["BIN": url.path])
        defer { process.removeDirectory() }
        let status: Int32 = switch process.wait() {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        }
        return RunResult(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}
