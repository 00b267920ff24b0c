import Foundation
import Testing

/// Every example in README.md is run against the built binary and must print what the README says, so the
/// documentation cannot drift from the program. After a deliberate change, regenerate the outputs with
/// `UPDATE_README=1 swift test --filter ReadmeExamplesTests` and read the diff of README.md.
///
/// The README's conventions: a fenced block whose first line starts with `$ ` is an example; each `$ ` line is a
/// shell command (run with `sh` in a scratch folder, `margin-explorer` being the built binary), and the lines up to
/// the next `$ ` line are what it prints (standard output and error together). A block right after the comment
/// `<!-- file: NAME -->` is written to NAME in the scratch folder first; after `<!-- check: keys -->` the command is
/// run with `--dry-run` and only the JSON keys are compared (timings differ from run to run, and bench's dry run
/// prints the keys of its figure table without measuring), and update mode leaves the block alone. The scratch
/// folder also holds model.npz and weights_dxk.npy from Tests/AnalysisTests/Fixtures.
@Suite(.serialized) struct ReadmeExamplesTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// One `$ command` and the text the README says it prints.
    struct Example {
        var command: String
        var expected: String
        var keysOnly: Bool
        /// The README lines that hold `expected`, to rewrite them in update mode.
        var outputLines: Range<Int>
    }

    /// The examples and files of the README, in order.
    static func parse(_ lines: [String]) -> (examples: [Example], files: [(name: String, text: String)]) {
        var examples: [Example] = [], files: [(String, String)] = []
        var index = 0
        var directive: String?
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- ") && line.hasSuffix(" -->") {
                directive = String(line.dropFirst(5).dropLast(4))
                index += 1
                continue
            }
            guard line.hasPrefix("```") else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { directive = nil }
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count && !lines[end].hasPrefix("```") { end += 1 }
            let body = Array(lines[(index + 1) ..< min(end, lines.count)])
            if let directive, directive.hasPrefix("file: ") {
                files.append((String(directive.dropFirst(6)), body.joined(separator: "\n") + "\n"))
            } else if body.first?.hasPrefix("$ ") == true {
                var start = 0
                while start < body.count {
                    var next = start + 1
                    while next < body.count && !body[next].hasPrefix("$ ") { next += 1 }
                    examples.append(Example(command: String(body[start].dropFirst(2)),
                                            expected: body[(start + 1) ..< next].joined(separator: "\n"),
                                            keysOnly: directive == "check: keys",
                                            outputLines: (index + 2 + start) ..< (index + 1 + next)))
                    start = next
                }
            }
            directive = nil
            index = end + 1
        }
        return (examples, files)
    }

    /// Runs `command` with `sh -c` in `directory`, the binary's folder first on PATH; stdout and stderr together.
    static func run(_ command: String, in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>&1"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Binary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["NO_COLOR"] = nil
        environment["COLUMNS"] = "80"
        // OpenBLAS picks its kernels by CPU, and kernels with and without FMA round a training run apart within a
        // few steps; the README's training numbers were made with the Haswell kernels (which Zen also uses), so the
        // examples run with them on any x86-64 CPU that has AVX2, an Intel one with AVX-512 included.
        environment["OPENBLAS_CORETYPE"] = environment["OPENBLAS_CORETYPE"] ?? "Haswell"
        process.environment = environment
        let output = directory.appendingPathComponent(".output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        // Trailing spaces are not part of what a reader sees (frames pad every line to the width).
        let text = String(decoding: try Data(contentsOf: output), as: UTF8.self).components(separatedBy: "\n")
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The top-level keys of a JSON object, or nil when the text is not one.
    static func keys(_ text: String) -> Set<String>? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return Set(object.keys)
    }

    @Test func everyExampleInTheReadmePrintsWhatTheReadmeSays() throws {
        var lines = try String(contentsOf: Self.readme, encoding: .utf8).components(separatedBy: "\n")
        let (examples, files) = Self.parse(lines)
        #expect(examples.count >= 10, "the README's examples were not found")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in files { try file.text.write(to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8) }
        // The "Your own model" examples read the NumPy-made model of the analysis tests (make_fixtures.py there).
        let fixtures = Self.readme.deletingLastPathComponent().appendingPathComponent("Tests/AnalysisTests/Fixtures")
        for name in ["model.npz", "weights_dxk.npy"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        let updating = ProcessInfo.processInfo.environment["UPDATE_README"] != nil
        // Rewrite from the last example up, so earlier line numbers stay valid.
        var replacements: [(Range<Int>, [String])] = []
        for example in examples {
            if example.keysOnly {
                // Timings: the keys of the README's output must be the figures bench's table names for the same
                // flags (`--dry-run` prints them with null values and measures nothing, so the slow figures stay
                // out of the tests). Never rewritten: the README's timings are measured by hand on a release build.
                let actual = try Self.run(example.command + " --dry-run", in: directory)
                let (got, want) = (Self.keys(actual), Self.keys(example.expected))
                let same = got != nil && got == want
                #expect(same, "keys differ for `\(example.command)`: bench's figure table says\n\(actual)")
                continue
            }
            let actual = try Self.run(example.command, in: directory)
            if updating {
                if actual != example.expected { replacements.append((example.outputLines, actual.components(separatedBy: "\n"))) }
                continue
            }
            let same = actual == example.expected
            #expect(same, "`\(example.command)` prints otherwise:\n\(Self.diff(example.expected, actual))")
        }
        if updating && !replacements.isEmpty {
            for (range, replacement) in replacements.reversed() { lines.replaceSubrange(range, with: replacement) }
            try lines.joined(separator: "\n").write(to: Self.readme, atomically: true, encoding: .utf8)
            // A run that rewrote the README checked nothing: it fails, so it can never pass for a check.
            let note = "rewrote \(replacements.count) example(s) in README.md: read the diff, then run again without UPDATE_README"
            Issue.record(Comment(rawValue: note))
        }
    }

    /// Every line where two texts differ, with its number.
    static func diff(_ expected: String, _ actual: String) -> String {
        let (a, b) = (expected.components(separatedBy: "\n"), actual.components(separatedBy: "\n"))
        var report: [String] = []
        for index in 0 ..< max(a.count, b.count) {
            let (x, y) = (index < a.count ? a[index] : "<none>", index < b.count ? b[index] : "<none>")
            if x != y { report.append("line \(index + 1)\n  README: \(x)\n  binary: \(y)") }
        }
        return report.joined(separator: "\n")
    }

    /// The parser itself, on a README in miniature.
    @Test func theParserFindsCommandsOutputsAndFiles() {
        let text = ["<!-- file: a.json -->", "```", "{\"x\": 1}", "```", "text", "```", "$ echo hi", "hi",
                    "$ echo a; echo b", "a", "b", "```", "<!-- check: keys -->", "```", "$ bench", "{}", "```"]
        let (examples, files) = Self.parse(text)
        #expect(files.count == 1 && files[0].name == "a.json" && files[0].text == "{\"x\": 1}\n")
        #expect(examples.map(\.command) == ["echo hi", "echo a; echo b", "bench"])
        #expect(examples.map(\.expected) == ["hi", "a\nb", "{}"])
        #expect(examples.map(\.keysOnly) == [false, false, true])
        #expect(examples.map(\.outputLines) == [7 ..< 8, 9 ..< 11, 15 ..< 16])
    }
}
