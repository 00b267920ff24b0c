import ArgumentParser
import Foundation

/// `margin-explorer`: with no subcommand, the interactive explorer; the subcommands are its headless twins.
struct MarginExplorer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin-explorer",
        abstract: "See what margin-based softmax losses (L-Softmax, SphereFace, CosFace, ArcFace, ...) do.",
        discussion: """
            With no subcommand, opens the interactive explorer in the terminal. The subcommands compute the same \
            things without a terminal, for scripts and tests. Angles on the command line are degrees unless a \
            flag says radians; bad values exit with status 2.
            """,
        subcommands: [Explore.self, EvalCommand.self, BoundariesCommand.self, PsiCommand.self, Render.self, Bench.self,
                      Train.self],
        defaultSubcommand: Explore.self)
}

/// Runs the command line: usage errors print one line on standard error and exit with status 2.
@main
enum Main {
    static func main() {
        do {
            var command = try MarginExplorer.parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            fail(error.message)
        } catch {
            let code = MarginExplorer.exitCode(for: error)
            if code == .success || error is CleanExit {
                MarginExplorer.exit(withError: error)
            }
            let message = MarginExplorer.fullMessage(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            MarginExplorer.exit(withError: error)
        }
    }
}

/// Prints `margin-explorer: message` on standard error and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("margin-explorer: \(message)\n".utf8))
    exit(2)
}
