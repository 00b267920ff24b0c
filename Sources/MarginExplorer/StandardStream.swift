import Foundation
import Geometry

/// Standard input, output and error, read and written with read(2) and write(2) only: every write of the program
/// goes through here (no `print`, no FileHandle, which traps on a full disk or a closed descriptor), and every
/// failure is an `IOFailure` naming the stream and the reason. With SIGPIPE at its default a write to a closed pipe
/// ends the program quietly, as for any Unix filter; with SIGPIPE ignored it is an `IOFailure` ("Broken pipe").
struct StandardStream: Sendable {
    /// The descriptor: 0, 1 or 2.
    let descriptor: Int32
    /// "standard output", for messages.
    let name: String

    static let input = StandardStream(descriptor: STDIN_FILENO, name: "standard input")
    static let output = StandardStream(descriptor: STDOUT_FILENO, name: "standard output")
    static let error = StandardStream(descriptor: STDERR_FILENO, name: "standard error")

    /// Writes all of `text`, or throws naming this stream.
    func write(_ text: String) throws(IOFailure) {
        do { try Descriptor.write(Array(text.utf8), to: descriptor) } catch {
            throw IOFailure("cannot write \(name)", code: error.code)
        }
    }

    /// Reads to the end, or throws naming this stream; nil when it holds more than `limit` bytes, which are not
    /// read on (`< /dev/zero` would otherwise fill the memory).
    func readAll(limit: Int) throws(IOFailure) -> [UInt8]? {
        do { return try Descriptor.readAll(descriptor, limit: limit) } catch {
            if error.code == EFBIG { return nil }
            throw IOFailure("cannot read \(name)", code: error.code)
        }
    }

    /// A descriptor 0, 1 or 2 that is closed when the program starts would be handed to the first file it opens,
    /// so that "standard output" would write into a `--save` file. Each closed one is filled with /dev/null opened
    /// the wrong way round (read-only for 1 and 2, write-only for 0): its reads and writes then fail with EBADF,
    /// as they would on the closed descriptor, and are reported.
    static func reserveClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", descriptor == STDIN_FILENO ? O_WRONLY : O_RDONLY)
            if opened >= 0 && opened != descriptor { close(opened) }  // a lower one was closed too and is filled
        }
    }
}

/// An I/O error on a stream or file: one line (`cannot write standard output: No space left on device`) and exit
/// status 74 (EX_IOERR of sysexits.h).
struct IOFailure: Error, CustomStringConvertible {
    /// What failed, without the reason.
    var what: String
    /// errno, when there is one.
    var code: Int32?

    init(_ what: String, code: Int32?) {
        self.what = what
        self.code = code
    }

    /// The exit status of an I/O error.
    static let status: Int32 = 74

    /// The line for standard error.
    var message: String { what + (code.map { ": " + Descriptor.reason($0) } ?? "") }
    var description: String { message }
}

/// The system calls behind the streams and output files, with EINTR retried and errno kept.
enum Descriptor {
    /// errno of a failed call.
    struct Failure: Error {
        var code: Int32
    }

    /// Writes every byte of `bytes` to `descriptor`: short writes continue, EINTR retries.
    static func write(_ bytes: [UInt8], to descriptor: Int32) throws(Failure) {
        var offset = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw Failure(code: failure) }
    }

    /// Reads `descriptor` to its end; more than `limit` bytes throws EFBIG.
    static func readAll(_ descriptor: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw Failure(code: EFBIG) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// `strerror`'s words for `code`: "No space left on device".
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// "64 MiB".
    static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }
}

/// The end of a command that did not succeed: the line for standard error (none when `message` is nil) and the
/// exit status.
struct CommandExit: Error {
    var message: String?
    var status: Int32
}

/// Writes `margin-explorer: message` on standard error, or nothing when standard error cannot be written. Control
/// characters that reached the message are escaped here too, so that it stays one line and cannot drive the terminal.
func report(_ message: String) {
    try? StandardStream.error.write("margin-explorer: \(oneLine(message))\n")
}

/// `text` with every control character written as an escape (`\x1B`), backslashes left alone: the last guard on a
/// message whose user text `quoted(_:)` has already escaped.
func oneLine(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            result += escaped(String(scalar))
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
