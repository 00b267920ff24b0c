import Foundation
import Geometry

/// Where an output path finally leads: its directory, open (so that the file is created and renamed relative to
/// it, and a path longer than the system allows is found now), and the name in it, with symbolic links on the last
/// component followed as `>` follows them (a dangling link names the file to create at its target).
enum OutputPath {
    /// The open directory and the name; `refused` words a reason as a message about the path.
    static func resolve(_ path: String, refused: (String) -> UsageError) throws(UsageError) -> (Int32, String) {
        var (directoryPath, name) = split(path)
        var directory = open(directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw refused(directoryProblem(directoryPath, errno)) }
        for _ in 0..<40 {
            guard !name.isEmpty, name != ".", name != ".." else {
                close(directory)
                throw refused("it names a directory; give a file name")
            }
            var status = stat()
            guard fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFLNK else {
                return (directory, name)
            }
            guard let target = linkTarget(name, in: directory) else {
                close(directory)
                throw refused(Descriptor.reason(errno))
            }
            let next: Int32
            (directoryPath, name) = split(target)
            next = target.hasPrefix("/") ? open(directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                : openat(directory, directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let code = errno
            close(directory)
            guard next >= 0 else { throw refused("its link leads to " + directoryProblem(directoryPath, code)) }
            directory = next
        }
        close(directory)
        throw refused(Descriptor.reason(ELOOP))
    }

    /// "a/b/c" is ("a/b", "c"), "c" is (".", "c"), "/c" is ("/", "c"), "a/" is ("a", "").
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Why the directory `path` cannot hold the file, in words.
    private static func directoryProblem(_ path: String, _ code: Int32) -> String {
        switch code {
        case ENOENT: "the directory \(quoted(path)) does not exist"
        case ENOTDIR: "\(quoted(path)) is not a directory"
        default: "the directory \(quoted(path)): \(Descriptor.reason(code))"
        }
    }

    /// The text of the symbolic link `name` in `directory`, or nil (errno set).
    private static func linkTarget(_ name: String, in directory: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBytes { bytes in
            readlinkat(directory, name, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard count >= 0 else { return nil }
        guard count < buffer.count else {
            errno = ENAMETOOLONG
            return nil
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

/// The temporary files output files are written to before the rename: `.margin-explorer-PID-XXXXXX.tmp` in the
/// target's directory (35 bytes at most, so any legal target name fits beside it), locked with flock(2) while
/// their process lives. A run that ended without removing its file (SIGKILL, a crash) leaves the lock free and its
/// process id dead; the next run writing into the directory removes such files.
enum TemporaryFile {
    static let prefix = ".margin-explorer-"
    static let suffix = ".tmp"

    /// Creates and locks a new temporary file in `directory`, mode 0600 until the commit sets the final one.
    static func create(in directory: Int32, refused: (String) -> UsageError) throws(UsageError) -> (String, Int32) {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<100 {
            let random = String((0..<6).map { _ in letters.randomElement()! })
            let name = "\(prefix)\(getpid())-\(random)\(suffix)"
            let descriptor = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if descriptor >= 0 {
                _ = flock(descriptor, LOCK_EX)
                return (name, descriptor)
            }
            guard errno == EEXIST else {
                throw refused("cannot create a file in its directory: \(Descriptor.reason(errno))")
            }
        }
        throw refused("cannot create a file in its directory: \(Descriptor.reason(EEXIST))")
    }

    /// The process id in a temporary file's name, or nil when `name` is not one.
    static func processID(in name: String) -> pid_t? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 6, parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              parts[0].allSatisfy(\.isASCII), let id = pid_t(parts[0]), id > 0 else { return nil }
        return id
    }

    /// Removes, in `directory`, this user's temporary files whose process has ended and whose lock is free (both,
    /// so that a reused process id or a run on another machine sharing the directory keeps its file).
    static func removeStale(in directory: Int32) {
        let copy = dup(directory)
        guard copy >= 0 else { return }
        guard let listing = fdopendir(copy) else {
            close(copy)
            return
        }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let id = processID(in: name), id != getpid(), kill(id, 0) == -1, errno == ESRCH { names.append(name) }
        }
        for name in names {
            let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
                  flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            unlinkat(directory, name, 0)
        }
    }
}
