import Foundation
import Testing

/// bench's figure table drives its JSON, --only and --help; --dry-run measures nothing (so these run in a debug
/// build in a moment).
@Suite struct BenchCommandTests {
    static let defaultKeys: Set<String> = ["render_ms", "frame_size", "key_to_frame_ms", "eval_10000x10_ms",
                                           "train_epoch_ms", "train_refresh_ms", "train_tick_4_runs_ms"]
    static let slowKeys = ["analyze_samples_100000x512_10000_ms", "analyze_100000x512_10000_ms"]

    static func keys(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theDefaultFiguresLeaveTheSlowOnesOut() throws {
        let result = try Binary.run(["bench", "--dry-run", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.keys(result.stdout)
        #expect(Set(object.keys) == Self.defaultKeys)
        #expect(object["train_epoch_ms"] is NSNull)
    }

    @Test func onlyPicksFiguresAndEveryKeyIsInTheHelp() throws {
        let result = try Binary.run(["bench", "--dry-run", "--json", "--only", Self.slowKeys.joined(separator: ",")])
        #expect(Set(try Self.keys(result.stdout).keys) == Set(Self.slowKeys))
        let help = try Binary.run(["bench", "--help"]).stdout
        for key in Self.defaultKeys.subtracting(["frame_size"]).union(Self.slowKeys) {
            #expect(help.contains(key + ":") || help.contains(key + " (only with --only):"), "\(key)")
        }
    }

    @Test(arguments: [(["--only", "nope"], "--only 'nope' is not a figure: use render_ms, "),
                      (["--repeats", "2"], "--repeats 2 is out of range"),
                      (["--width", "59.5"], "--width 59.5 is out of range")])
    func badFlagsAreRefused(flags: [String], message: String) throws {
        let result = try Binary.run(["bench", "--dry-run"] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
