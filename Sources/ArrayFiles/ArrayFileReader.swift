import Foundation
import Geometry

/// Reads an array from a file named on the command line: maps the file into memory (read-only, so a 200 MB file
/// costs no heap and the kernel can drop its pages), picks the format by the file's extension, or by its first
/// bytes when the extension is none of the known ones, and hands the bytes to the format's reader.
public enum ArrayFileReader {
    /// The array at `location`. Without a member name, an archive must hold one array, or one named `preferred`.
    public static func read(_ location: ArrayLocation, preferring preferred: String? = nil) throws(ArrayFileError)
        -> NumericArray {
        let data = try mapFile(location.path)
        return try read(data, location: location, preferring: preferred)
    }

    /// The array at `location` from the file's bytes (`data`), without touching the disk.
    public static func read(_ data: Data, location: ArrayLocation, preferring preferred: String? = nil)
        throws(ArrayFileError) -> NumericArray {
        let format = try self.format(of: location.path, data: data)
        let source = ArraySource(file: location.path)
        if let member = location.member, !format.holdsNamedArrays {
            throw source.error("a \(format.rawValue) file holds one array; \(quoted(":" + member)) names a member, "
                + "which only .npz and .safetensors files have")
        }
        switch format {
        case .npy: return try NPYFormat.array(from: data, source: source)
        case .npz:
            return try NPZArchive(data: data, file: location.path).array(named: location.member, preferring: preferred)
        case .safetensors:
            return try SafetensorsFile(data: data, file: location.path).array(named: location.member,
                                                                             preferring: preferred)
        case .csv: return try CSVMatrix.array(from: data, source: source)
        }
    }

    /// The format by extension, else by magic bytes: `\x93NUMPY`, `PK`, or an 8-byte length followed by `{`.
    static func format(of path: String, data: Data) throws(ArrayFileError) -> ArrayFileFormat {
        if let format = ArrayFileFormat(extensionOf: path) { return format }
        let head = [UInt8](data.prefix(9))
        if head.starts(with: NPYFormat.magic) { return .npy }
        if head.starts(with: [0x50, 0x4B]) { return .npz }
        if head.count == 9 && head[8] == UInt8(ascii: "{") { return .safetensors }
        throw ArrayFileError("not a format this program reads: name it .npy, .npz, .safetensors or .csv", file: path)
    }

    /// The file's bytes, memory-mapped read-only; a failure names the file and the system's reason.
    public static func mapFile(_ path: String) throws(ArrayFileError) -> Data {
        // Non-blocking, so a named pipe is refused below instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ArrayFileError(status.st_mode & S_IFMT == S_IFDIR ? "is a directory, not a file" : "is not a regular file",
                                 file: path)
        }
        let size = Int(status.st_size)
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw failure(path)
        }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in
            munmap(pointer, count)
        })
    }

    private static func failure(_ path: String) -> ArrayFileError {
        ArrayFileError("cannot read: \(String(cString: strerror(errno)))", file: path)
    }
}
