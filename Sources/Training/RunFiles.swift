import Geometry

/// The per-epoch metrics of a run as CSV, columns exactly
/// `epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg`, then the loss's running
/// statistics where it has them (`adacos_s`, `curricular_t`, `adaface_mean,adaface_std`); numbers are written in
/// the shortest form that reads back to the same Double.
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
        /// The names of the running statistics after the usual columns (`LossStatistics.columns`).
        public var runningNames: [String] = []
        /// Their values, in the same order.
        public var runningValues: [Double] = []

        /// The row of `metrics`.
        public init(_ metrics: TrainingMetrics) {
            epoch = metrics.epoch
            loss = metrics.loss
            trainAccuracy = metrics.trainAccuracy
            testAccuracy = metrics.testAccuracy
            meanIntraAngleDegrees = metrics.meanIntraClassAngle.degrees
            minCenterAngleDegrees = metrics.minimumCenterAngle.degrees
            runningNames = metrics.runningStatistics.columns.map(\.name)
            runningValues = metrics.runningStatistics.columns.map(\.value)
        }

        /// The row as a CSV line (no newline).
        public var line: String {
            ([Double(epoch), loss, trainAccuracy, testAccuracy, meanIntraAngleDegrees, minCenterAngleDegrees]
                + runningValues).map(NumberText.exact).joined(separator: ",")
        }
    }

    /// The running statistics' column names a log may carry after `header`.
    public static let runningColumns = ["adacos_s", "curricular_t", "adaface_mean", "adaface_std"]

    /// The whole file: the header (with the first row's running columns) and one line per row, each ending in a
    /// newline.
    public static func csv(_ rows: [Row]) -> String {
        let names = rows.first?.runningNames ?? []
        return ([([header] + names).joined(separator: ",")] + rows.map(\.line)).map { $0 + "\n" }.joined()
    }

    /// Reads a log back; a line that does not fit throws a message naming it.
    public static func parse(_ text: String) throws(InputError) -> [Row] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let first = lines.first ?? ""
        let names = first.hasPrefix(header + ",")
            ? first.dropFirst(header.count + 1).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            : []
        guard first == header || (!names.isEmpty && names.allSatisfy(runningColumns.contains)) else {
            throw InputError("expected the header \(header), then any of \(runningColumns.joined(separator: ", "))",
                             line: 1)
        }
        var rows: [Row] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6 + names.count, let epoch = Int(fields[0]) else {
                throw InputError("expected \(6 + names.count) fields starting with a whole epoch", line: index + 1)
            }
            var numbers: [Double] = []
            for field in fields.dropFirst() {
                guard let value = Double(field) else {
                    throw InputError("\(quoted(field)) is not a number", line: index + 1)
                }
                numbers.append(value)
            }
            var row = Row(epoch: epoch, numbers: numbers)
            (row.runningNames, row.runningValues) = (names, Array(numbers.dropFirst(5)))
            rows.append(row)
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
