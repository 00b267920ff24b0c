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
