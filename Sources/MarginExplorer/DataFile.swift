import Geometry
import Training

/// The data files `train --dataset FILE.csv` and resumed runs read: at most 512 MiB (far more than a 2-D feature
/// plot can use; the digits are 0.2 MB), read by `InputFile`, whose refusals (a directory, a device, a missing file)
/// become errors about the data set.
enum DataFile {
    /// The most bytes a data file may hold.
    static let byteLimit = 512 << 20

    /// The bytes of the data file `path`, for `DatasetSource.load(reading:)`.
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        do { return try InputFile.read(path, limit: byteLimit) } catch {
            throw InputError("cannot read \(quoted(path)): \(error.reason)", subject: .dataset)
        }
    }
}
