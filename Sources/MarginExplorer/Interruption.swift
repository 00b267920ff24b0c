import Foundation
import Synchronization

/// ^C and the other signals that ask a headless run to stop (SIGINT, SIGQUIT, SIGTERM, SIGHUP): the handler only
/// records which one came; `train` looks between steps, removes its temporary files, says where it stopped and
/// exits with status 128 + the signal's number (130 for ^C). While the output files are being written the request
/// is ignored, so that they are written whole.
enum Interruption {
    /// The signals routed to the flag.
    static let signals = [SIGINT, SIGQUIT, SIGTERM, SIGHUP]

    private static let received = Atomic<Int32>(0)

    /// The signal that asked to stop, or nil.
    static var signal: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Routes `signals` to the flag (async-signal-safe: the handler stores one number).
    static func install() {
        for number in signals {
            Foundation.signal(number) { received in Interruption.received.store(received, ordering: .relaxed) }
        }
    }

    /// The way out after `signal` arrived: the message names the signal and where the run stood.
    static func exit(_ signal: Int32, while doing: String) -> CommandExit {
        CommandExit(message: "interrupted by \(name(of: signal)) \(doing); nothing written", status: 128 + signal)
    }

    /// "SIGINT (^C)", "SIGQUIT", ...
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT (^C)"
        case SIGQUIT: "SIGQUIT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}
