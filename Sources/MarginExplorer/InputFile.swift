import Foundation

/// A file the command reads whole (`--load`): opened, checked to be something that ends (a regular file, a FIFO or
/// a character device such as /dev/stdin, not a directory), and read with a bound on its size.
enum InputFile {
    /// Why a file cannot be read, in words.
    struct Failure: Error {
        var message: String
    }

    /// The bytes of `path`, or a reason: "No such file or directory", "it is a directory", "it holds more than 64 MiB".
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        guard !path.isEmpty else { throw Failure(message: "the file name is empty") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw Failure(message: Descriptor.reason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(message: Descriptor.reason(errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw Failure(message: "it is a directory")
        case S_IFREG, S_IFIFO, S_IFCHR: break
        default: throw Failure(message: "it is not a regular file")
        }
        do { return try Descriptor.readAll(descriptor, limit: limit) } catch {
            if error.code == EFBIG { throw Failure(message: "it holds more than \(Descriptor.megabytes(limit))") }
            throw Failure(message: "cannot read it: \(Descriptor.reason(error.code))")
        }
    }
}
