import Foundation

/// The one way a command reads a file whole (`--dataset`, `--load`): what the path names is checked first (stat),
/// then again on what was opened (fstat), and the bytes are read with a bound. A regular file or a pipe (a FIFO,
/// `<(...)`, `/dev/stdin` fed by a pipe or a file) is read until its writer closes it; a directory, a device
/// (`/dev/zero` would never end), a socket or a missing file is refused at once with the cause in words.
enum InputFile {
    /// Why a file cannot be read, in words without the file: "it is a directory", "No such file or directory".
    struct Failure: Error {
        var reason: String
    }

    /// The bytes of `path`, at most `limit` of them.
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        guard !path.isEmpty else { throw Failure(reason: "the file name is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(reason: Descriptor.reason(errno)) }
        try checkKind(info.st_mode)
        if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit { throw tooLarge(limit) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw Failure(reason: Descriptor.reason(errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw Failure(reason: Descriptor.reason(errno)) }
        try checkKind(info.st_mode)  // the path may have changed between stat and open
        do { return try Descriptor.readAll(descriptor, limit: limit) } catch {
            if error.code == EFBIG { throw tooLarge(limit) }
            throw Failure(reason: Descriptor.reason(error.code))
        }
    }

    /// Refuses a directory, a device or a socket, naming which.
    private static func checkKind(_ mode: mode_t) throws(Failure) {
        let kind: String
        switch mode & S_IFMT {
        case S_IFREG, S_IFIFO: return
        case S_IFDIR: kind = "a directory"
        case S_IFCHR: kind = "a character device (a terminal, /dev/zero, ...)"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "neither a regular file nor a pipe"
        }
        throw Failure(reason: "it is \(kind), not a file")
    }

    private static func tooLarge(_ limit: Int) -> Failure {
        Failure(reason: "it holds more than " + (limit >= 1 << 20 ? Descriptor.megabytes(limit) : "\(limit) bytes"))
    }
}
