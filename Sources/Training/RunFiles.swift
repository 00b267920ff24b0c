import Foundation
import Geometry

/// The per-epoch metrics of a run as CSV, columns exactly
/// `epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg`; numbers are written in the
/// shortest form that reads back to the same Double.
public enum MetricsLog {
    /// The header line.
    public static let header = "epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg"

    /// One row of the log.
    public struct Row: Sendable, Hashable {
        public var epoch: Int
        public var loss: Double
        public var trainAccuracy: Double
        public var testAccuracy: Double
        public var meanIntraAngleDegrees: Double
        public var minCenterAngleDegrees: Double

        /// The row of `metrics`.
        public init(_ metrics: TrainingMetrics) {
            epoch = metrics.epoch
            loss = metrics.loss
            trainAccuracy = metrics.trainAccuracy
            testAccuracy = metrics.testAccuracy
            meanIntraAngleDegrees = metrics.meanIntraClassAngle.degrees
            minCenterAngleDegrees = metrics.minimumCenterAngle.degrees
        }

        /// The row as a CSV line (no newline).
        public var line: String {
            [String(epoch), "\(loss)", "\(trainAccuracy)", "\(testAccuracy)", "\(meanIntraAngleDegrees)",
             "\(minCenterAngleDegrees)"].joined(separator: ",")
        }
    }

    /// The whole file: the header and one line per row, each ending in a newline.
    public static func csv(_ rows: [Row]) -> String {
        ([header] + rows.map(\.line)).map { $0 + "\n" }.joined()
    }

    /// Reads a log back; a line that does not fit throws a message naming it.
    public static func parse(_ text: String) throws(InputError) -> [Row] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == header else { throw InputError("line 1: expected the header \(header)") }
        var rows: [Row] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6, let epoch = Int(fields[0]) else {
                throw InputError("line \(index + 1): expected 6 fields starting with a whole epoch")
            }
            var numbers: [Double] = []
            for field in fields.dropFirst() {
                guard let value = Double(field) else { throw InputError("line \(index + 1): '\(field)' is not a number") }
                numbers.append(value)
            }
            rows.append(Row(epoch: epoch, numbers: numbers))
        }
        return rows
    }
}

extension MetricsLog.Row {
    fileprivate init(epoch: Int, numbers: [Double]) {
        self.epoch = epoch
        (loss, trainAccuracy, testAccuracy) = (numbers[0], numbers[1], numbers[2])
        (meanIntraAngleDegrees, minCenterAngleDegrees) = (numbers[3], numbers[4])
    }
}

/// Writes whole files or nothing: the bytes go to a temporary file in the same directory, which is flushed to disk
/// and then renamed over the target. An interrupted or failed write leaves the old file (or none), never half of one.
public enum AtomicFile {
    /// Writes `data` to `path` atomically; a failure throws a message naming the path and the reason.
    public static func write(_ data: Data, to path: String) throws(InputError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do throws(InputError) {
            defer { if !closed { close(descriptor) } }
            let mask = umask(0)
            umask(mask)
            guard fchmod(descriptor, 0o666 & ~mask) == 0 else { throw failure(path) }
            let complete = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno != EINTR { return false }
                    offset += max(written, 0)
                }
                return true
            }
            guard complete else { throw failure(path) }
            guard fsync(descriptor) == 0 else { throw failure(path) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(path) }
            guard rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// "cannot write PATH: reason" from errno.
    private static func failure(_ path: String) -> InputError {
        InputError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
