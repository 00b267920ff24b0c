import Geometry
import TextFormats

/// The request `eval` reads, and the shape `--load` reads a saved run in, built from the JSON tree of
/// `JSONReader`: unknown keys are errors (a misspelt key is never ignored), and every error names the key path,
/// line and column.
struct EvalRequest {
    var loss: MarginLoss
    var weights: [[Double]]
    var features: [[Double]]
    /// Class indices: whole numbers from 0 to K-1, K = the number of weight rows.
    var labels: [Int]

    static let keys = ["loss", "weights", "features", "labels"]

    /// The largest request read, 64 MiB (about 1.5 million 2-D samples): a bound on memory, so that `< /dev/zero`
    /// ends with a message.
    static let sizeLimit = 64 << 20

    /// The loss and the checked batch `bytes` hold; `document` ("the request", "the file") names the whole in
    /// messages.
    static func read(_ bytes: [UInt8], document: String) throws(UsageError) -> (MarginLoss, Batch) {
        let request: EvalRequest
        do { request = try EvalRequest(try JSONReader.read(bytes)) } catch {
            throw UsageError(error.message(document: document, in: bytes))
        }
        do {
            let batch = try Batch(weights: request.weights, features: request.features, labels: request.labels,
                                  for: request.loss)
            return (request.loss, batch)
        } catch {
            throw UsageError(error.message)
        }
    }

    /// The request in `document`.
    init(_ document: JSONDocument) throws(JSONError) {
        let root = document.root
        let members = try root.members(at: JSONPath(), keys: Self.keys, owner: "a request")
        func member(_ key: String) throws(JSONError) -> JSONNode {
            guard let node = members[key] else {
                throw JSONError(reason: "missing key \"\(key)\"", offset: root.offset, path: JSONPath())
            }
            return node
        }
        loss = try LossObject.loss(from: try member("loss"), at: JSONPath().appending(.key("loss")), in: document)
        weights = try Self.matrix(try member("weights"), at: JSONPath().appending(.key("weights")))
        features = try Self.matrix(try member("features"), at: JSONPath().appending(.key("features")))
        let classes = weights.count
        let labelsPath = JSONPath().appending(.key("labels"))
        labels = try member("labels").elements(at: labelsPath).enumerated().map {
            (i, node) throws(JSONError) in
            try Self.label(node, at: labelsPath.appending(.index(i)), classes: classes, in: document)
        }
    }

    /// An array of rows of numbers (the row lengths are the batch's to check).
    private static func matrix(_ node: JSONNode, at path: JSONPath) throws(JSONError) -> [[Double]] {
        try node.elements(at: path).enumerated().map { (i, row) throws(JSONError) in
            let rowPath = path.appending(.index(i))
            return try row.elements(at: rowPath).enumerated().map { (j, cell) throws(JSONError) in
                try cell.number(at: rowPath.appending(.index(j)))
            }
        }
    }

    /// A label: a whole number from 0 to `classes` - 1, shown as written when it is not.
    private static func label(_ node: JSONNode, at path: JSONPath, classes: Int,
                              in document: JSONDocument) throws(JSONError) -> Int {
        let value = try node.number(at: path)
        let text = document.literal(of: node)
        guard value == value.rounded() else {
            throw JSONError(reason: "\(text) is not a whole number: labels are class indices from 0 to K-1",
                            offset: node.offset, path: path)
        }
        guard let label = Int(exactly: value), label >= 0, label < max(classes, 1) else {
            throw JSONError(reason: "\(text) is not a class: labels run from 0 to \(max(classes - 1, 0))",
                            offset: node.offset, path: path)
        }
        return label
    }
}
