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
            ([Double(epoch), loss, trainAccuracy, testAccuracy, meanIntraAngleDegrees, minCenterAngleDegrees]
                .map(NumberText.exact)).joined(separator: ",")
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
        guard lines.first == header else { throw InputError("expected the header \(header)", line: 1) }
        var rows: [Row] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6, let epoch = Int(fields[0]) else {
                throw InputError("expected 6 fields starting with a whole epoch", line: index + 1)
            }
            var numbers: [Double] = []
            for field in fields.dropFirst() {
                guard let value = Double(field) else {
                    throw InputError("\(quoted(field)) is not a number", line: index + 1)
                }
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
