import Foundation
import Geometry

/// A file the command writes (`train --log`, `--save`): checked and opened when the command starts, before any long
/// work, and written whole at the end or not at all. What the path names decides how:
///
/// - Nothing yet, or a regular file: a temporary file in the same directory is created at the start (a short name,
///   `.margin-explorer-PID-XXXXXX.tmp`, so any legal name can be written), filled and flushed to disk at the end,
///   and renamed over the name. A symbolic link is followed, so its target is replaced and the link stays. An
///   existing file keeps its permission bits (and its owner where the system allows); a new one gets 0666 less the
///   umask. A file the user may not write is refused, as the shell's `>` would refuse it.
/// - Standard output or standard error themselves (`/dev/stdout`, or the file either is redirected to), a character
///   device (`/dev/null`, a terminal) or a FIFO that a reader has open: written straight through at the end, as `>`
///   would write them (no file to replace, so not atomic).
/// - A directory, a block device, a socket, a FIFO that nobody reads: refused at the start.
///
/// A run killed with SIGKILL cannot remove its temporary file; the next run that writes into that directory
/// removes every such file whose process has ended (its lock, held while the process lives, is free).
final class OutputFile {
    /// Where the bytes go.
    enum Destination {
        /// `temporary` (open as `descriptor`) in `directory` is renamed over `name` at the end.
        case replace(directory: Int32, name: String, temporary: String, descriptor: Int32)
        /// Straight through `descriptor`; `owned` when this file opened it (and closes it).
        case stream(descriptor: Int32, owned: Bool)
        /// Written, or discarded.
        case closed
    }

    /// The flag that named the file, for messages: "--log".
    let flag: String
    /// The path as given.
    let path: String
    /// What the path names: an existing file, or a name in a directory; nil for streams.
    let identity: FileIdentity?
    private(set) var destination: Destination

    /// `--log 'run.csv'`, safe to print.
    var shown: String { "\(flag) \(quoted(path))" }

    private init(flag: String, path: String, identity: FileIdentity?, destination: Destination) {
        self.flag = flag
        self.path = path
        self.identity = identity
        self.destination = destination
    }

    /// Checks `path` and opens what will be written (the temporary file, or the stream), or throws a message that
    /// names the flag, the path and the reason.
    static func prepare(_ path: String, flag: String) throws(UsageError) -> OutputFile {
        func refused(_ reason: String) -> UsageError { UsageError("\(flag) \(quoted(path)): \(reason)") }
        guard !path.isEmpty else { throw refused("the file name is empty") }
        var status = stat()
        guard stat(path, &status) == 0 else {
            // A new file, a symbolic link to one, or a name too long (which the directory's limit words precisely).
            guard errno == ENOENT || errno == ENAMETOOLONG else { throw refused(Descriptor.reason(errno)) }
            return try replacing(path, flag: flag)
        }
        for standard in [STDOUT_FILENO, STDERR_FILENO] {
            if let identity = FileIdentity(descriptor: standard), identity == FileIdentity(status) {
                return OutputFile(flag: flag, path: path, identity: nil,
                                  destination: .stream(descriptor: standard, owned: false))
            }
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return try replacing(path, flag: flag)
        case S_IFCHR: return try streaming(path, flag: flag, nonBlocking: false)
        case S_IFIFO: return try streaming(path, flag: flag, nonBlocking: true)
        case S_IFDIR: throw refused("it is a directory")
        case S_IFBLK: throw refused("it is a block device; give a regular file")
        case S_IFSOCK: throw refused("it is a socket; give a regular file")
        default: throw refused("it is not a regular file")
        }
    }

    /// A character device or FIFO, opened now for writing. A FIFO is opened without waiting: when no process
    /// reads it, it is refused rather than left to block the run's end.
    private static func streaming(_ path: String, flag: String, nonBlocking: Bool) throws(UsageError) -> OutputFile {
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0))
        guard descriptor >= 0 else {
            let reason = errno == ENXIO && nonBlocking ? "it is a FIFO that no process is reading"
                : Descriptor.reason(errno)
            throw UsageError("\(flag) \(quoted(path)): \(reason)")
        }
        if nonBlocking { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) }
        return OutputFile(flag: flag, path: path, identity: nil, destination: .stream(descriptor: descriptor, owned: true))
    }

    /// A regular file or a new one: the symbolic links followed, the name checked, stale temporary files of ended
    /// runs removed, and this run's temporary file created.
    private static func replacing(_ path: String, flag: String) throws(UsageError) -> OutputFile {
        func refused(_ reason: String) -> UsageError { UsageError("\(flag) \(quoted(path)): \(reason)") }
        let (directory, name) = try OutputPath.resolve(path, refused: refused)
        var kept = false
        defer { if !kept { close(directory) } }
        let limit = fpathconf(directory, Int32(_PC_NAME_MAX))
        if limit > 0 && name.utf8.count > limit {
            throw refused("the name is \(name.utf8.count) bytes long; this file system allows at most \(limit)")
        }
        var status = stat()
        let identity: FileIdentity
        if fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else { throw refused("it is not a regular file") }
            guard faccessat(directory, name, W_OK, AT_EACCESS) == 0 else { throw refused(Descriptor.reason(errno)) }
            identity = FileIdentity(status)
        } else {
            guard errno == ENOENT, let directoryIdentity = FileIdentity(descriptor: directory) else {
                throw refused(Descriptor.reason(errno))
            }
            identity = .entry(directory: directoryIdentity, name: name)
        }
        TemporaryFile.removeStale(in: directory)
        let (temporary, descriptor) = try TemporaryFile.create(in: directory, refused: refused)
        kept = true
        return OutputFile(flag: flag, path: path, identity: identity,
                          destination: .replace(directory: directory, name: name, temporary: temporary,
                                                descriptor: descriptor))
    }

    /// Removes the temporary file or closes the stream, writing nothing (for every way out before `commit`).
    func discard() {
        switch destination {
        case .replace(let directory, _, let temporary, let descriptor):
            unlinkat(directory, temporary, 0)
            close(descriptor)
            close(directory)
        case .stream(let descriptor, let owned):
            if owned { close(descriptor) }
        case .closed: break
        }
        destination = .closed
    }

    /// Writes each file's bytes and makes the files appear together. The straight-through ones are written first;
    /// then each temporary file is filled, given the mode the file will have and flushed to disk; then all are
    /// renamed with every signal blocked, so that no signal (SIGKILL aside) can end the program between two
    /// renames and leave a log and a save from different runs. A failure removes the temporary files not yet
    /// renamed and throws naming the file. `betweenRenames` runs after each rename but the last (for tests).
    static func commit(_ files: [(OutputFile, [UInt8])], betweenRenames: () -> Void = {}) throws(IOFailure) {
        defer { files.forEach { $0.0.discard() } }
        for (file, bytes) in files {
            guard case .stream(let descriptor, _) = file.destination else { continue }
            do { try Descriptor.write(bytes, to: descriptor) } catch { throw file.failure(error.code) }
        }
        for (file, bytes) in files {
            guard case .replace(let directory, let name, _, let descriptor) = file.destination else { continue }
            do { try Descriptor.write(bytes, to: descriptor) } catch { throw file.failure(error.code) }
            keepMode(of: name, in: directory, on: descriptor)
            guard fsync(descriptor) == 0 else { throw file.failure(errno) }
        }
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let renamed = files.map(\.0).filter { if case .replace = $0.destination { true } else { false } }
        for (index, file) in renamed.enumerated() {
            guard case .replace(let directory, let name, let temporary, let descriptor) = file.destination else {
                continue
            }
            guard renameat(directory, temporary, directory, name) == 0 else { throw file.failure(errno) }
            _ = fsync(directory)  // the new name on disk too; a file system that cannot is no reason to fail
            close(descriptor)
            close(directory)
            file.destination = .closed
            if index < renamed.count - 1 { betweenRenames() }
        }
    }

    /// Gives the temporary file the permission bits of the file it replaces (and its owner, where allowed), or
    /// 0666 less the umask for a new file. Set-user-ID and set-group-ID bits are not copied: writing a file clears
    /// them too.
    private static func keepMode(of name: String, in directory: Int32, on descriptor: Int32) {
        var status = stat()
        if fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG {
            if status.st_uid != geteuid() || status.st_gid != getegid() {
                _ = fchown(descriptor, status.st_uid, status.st_gid)
            }
            _ = fchmod(descriptor, status.st_mode & 0o777)
        } else {
            let mask = umask(0)
            umask(mask)
            _ = fchmod(descriptor, 0o666 & ~mask)
        }
    }

    private func failure(_ code: Int32) -> IOFailure { IOFailure("cannot write \(shown)", code: code) }
}

/// What a path names, to tell whether two paths are one file: an existing file (device and inode, so hard links and
/// symbolic links compare equal), or a name not yet taken in a directory.
indirect enum FileIdentity: Hashable {
    case file(device: UInt64, inode: UInt64)
    case entry(directory: FileIdentity, name: String)

    init(_ status: stat) { self = .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) }

    /// The file open as `descriptor`, or nil when it is not open.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The existing file at `path` (symbolic links followed), or nil.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }
}

/// The output files of one command, checked together: none may be one of the command's input files, and no two may
/// be the same file (straight-through streams such as /dev/null may be shared).
enum OutputFiles {
    /// Prepares every `(flag, path)` of `outputs`; `inputs` are the `(flag, path)` of the files the command reads.
    /// On any refusal the files already prepared are discarded.
    static func prepare(_ outputs: [(flag: String, path: String)],
                        inputs: [(flag: String, path: String)]) throws(UsageError) -> [OutputFile] {
        var prepared: [OutputFile] = []
        do throws(UsageError) {
            for (flag, path) in outputs { prepared.append(try OutputFile.prepare(path, flag: flag)) }
            for input in inputs {
                guard let identity = FileIdentity(path: input.path) else { continue }
                if let file = prepared.first(where: { $0.identity == identity }) {
                    throw UsageError("\(file.shown) is the file \(input.flag) \(quoted(input.path)) reads: "
                        + "writing it would destroy the input; give another name")
                }
            }
            for (index, file) in prepared.enumerated() {
                if let other = prepared[..<index].first(where: { $0.identity != nil && $0.identity == file.identity }) {
                    throw UsageError("\(other.shown) and \(file.shown) are the same file; give two names")
                }
            }
        } catch {
            prepared.forEach { $0.discard() }
            throw error
        }
        return prepared
    }
}
