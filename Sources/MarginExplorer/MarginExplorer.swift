import ArgumentParser
import Foundation
import Geometry

/// `margin-explorer`: with no subcommand, the interactive explorer; the subcommands are its headless twins.
struct MarginExplorer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin-explorer",
        abstract: "See what margin-based softmax losses (L-Softmax, SphereFace, CosFace, ArcFace, ...) do.",
        discussion: """
            With no subcommand, opens the interactive explorer in the terminal. The subcommands compute the same \
            things without a terminal, for scripts and tests. Angles on the command line are degrees unless a \
            flag says radians. Exit status: 0 done; 1 a training run diverged; 2 bad input (a flag, a request, a \
            file), with one line on standard error; 74 an I/O error (a full disk, a closed descriptor, a pipe \
            closed while SIGPIPE is ignored), with one line on standard error; 128 + n stopped by signal n \
            (train: 130 for ^C).
            """,
        version: MarginExplorer.version,
        subcommands: [Explore.self, EvalCommand.self, BoundariesCommand.self, PsiCommand.self, Render.self, Bench.self,
                      Train.self,
                      AnalyzeCommand.self,
                      AdviseCommand.self],
        defaultSubcommand: Explore.self)

    /// The version `margin-explorer --version` prints (also in README.md).
    static let version = "0.8.0"
}

/// Runs the command line. Every way out is a status and at most one message on standard error (see
/// `MarginExplorer.configuration`); when standard error itself cannot be written, only the status.
@main
enum Main {
    static func main() {
        StandardStream.reserveClosedDescriptors()
        exit(run())
    }

    /// The exit status of the command the arguments name.
    static func run() -> Int32 {
        do {
            var command = try MarginExplorer.parseAsRoot()
            try command.run()
            // Nothing writes through stdio; should anything still have, its errors count too.
            if fflush(nil) != 0 { throw IOFailure("cannot write standard output", code: errno) }
            return 0
        } catch let error as UsageError {
            report(error.message)
            return 2
        } catch let error as IOFailure {
            report(error.message)
            return IOFailure.status
        } catch let error as CommandExit {
            if let message = error.message { report(message) }
            return error.status
        } catch {
            return argumentParserExit(error)
        }
    }

    /// Help, ArgumentParser's own errors, and `ExitCode`: help goes to standard output (status 0, or 74 when it
    /// cannot be written); errors to standard error with the user's text escaped, status 2.
    static func argumentParserExit(_ error: any Error) -> Int32 {
        let code = MarginExplorer.exitCode(for: error)
        let text = MarginExplorer.fullMessage(for: error)
        if code == .success {
            guard !text.isEmpty else { return 0 }
            do { try StandardStream.output.write(text + "\n") } catch {
                report(error.message)
                return IOFailure.status
            }
            return 0
        }
        if !text.isEmpty {
            try? StandardStream.error.write(Self.sanitized(text, arguments: CommandLine.arguments) + "\n")
        }
        return code == .validationFailure ? 2 : code.rawValue
    }

    /// ArgumentParser's message with every argument it quotes (`Unknown option '--x'`) shown through `escaped(_:)`
    /// (control characters escaped, long text cut); control characters anywhere else are escaped too.
    static func sanitized(_ text: String, arguments: [String]) -> String {
        var result = text
        let pieces = arguments.dropFirst().flatMap { argument in
            [argument] + (argument.firstIndex(of: "=").map { [String(argument[argument.index(after: $0)...])] } ?? [])
        }
        for piece in Set(pieces).sorted(by: { $0.count > $1.count }) where !piece.isEmpty && escaped(piece) != piece {
            result = result.replacingOccurrences(of: piece, with: escaped(piece))
        }
        return result.split(separator: "\n", omittingEmptySubsequences: false).map { oneLine(String($0)) }
            .joined(separator: "\n")
    }
}
