import Foundation
import Geometry

/// Reads a data file whole, after checking what the path names: a regular file of at most `byteLimit` bytes, or a
/// pipe (a FIFO, `<(...)` process substitution, `/dev/stdin` fed by a pipe or a file), which is read until its
/// writer closes it and refused past the same limit. A directory, a device (`/dev/zero` would never end), a socket
/// or a missing file gets a message naming that cause; every path is shown through `quoted(_:)`.
enum DataFile {
    /// The most bytes a data file may hold: 512 MiB, far more than a 2-D feature plot can use (the digits are 0.2 MB).
    static let byteLimit = 512 << 20

    /// The file's bytes as UTF-8 text (a byte that is not UTF-8 reads as U+FFFD, so a Latin-1 header still reads
    /// and a bad number is named in the CSV message). More than `limit` bytes are refused.
    static func text(at path: String, limit: Int = byteLimit) throws(InputError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path) }
        try checkKind(info.st_mode, path)
        if isRegular(info.st_mode), Int(info.st_size) > limit { throw tooLarge(path, limit) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        // The path may have changed between stat and open: check what was opened.
        guard fstat(descriptor, &info) == 0 else { throw failure(path) }
        try checkKind(info.st_mode, path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else { throw tooLarge(path, limit) }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Refuses a directory, a device or a socket, naming which.
    private static func checkKind(_ mode: mode_t, _ path: String) throws(InputError) {
        let kind: String
        switch mode & S_IFMT {
        case S_IFREG, S_IFIFO: return
        case S_IFDIR: kind = "a directory"
        case S_IFCHR: kind = "a character device (a terminal, /dev/zero, ...)"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "neither a regular file nor a pipe"
        }
        throw InputError("cannot read \(quoted(path)): it is \(kind), not a CSV file")
    }

    private static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }

    private static func tooLarge(_ path: String, _ limit: Int) -> InputError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        return InputError("cannot read \(quoted(path)): it holds more than \(size), the most a data file may hold")
    }

    /// "cannot read 'PATH': reason" from errno.
    private static func failure(_ path: String) -> InputError {
        InputError("cannot read \(quoted(path)): \(String(cString: strerror(errno)))")
    }
}
