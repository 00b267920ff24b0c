import Foundation
import Testing

/// `render --format svg|csv` from the command line: the figure on standard output or in `--output` (checked before
/// the work, written whole), and every bad request refused with one line and status 2.
@Suite struct RenderFormatTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("render-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func svgAndCSVGoToStandardOutput() throws {
        let svg = try Binary.run(["render", "--format", "svg", "--state", "view=plane loss=arcface m=0.5 s=64 angle=90"])
        #expect(svg.status == 0 && svg.stderr.isEmpty)
        #expect(svg.stdout.hasPrefix("<?xml") && svg.stdout.contains("<svg") && svg.stdout.hasSuffix("</svg>\n"))
        #expect(svg.stdout.contains("view=plane loss=arcface m=0.5 s=64 angle=90 ratio=1</mx:state>"))
        #expect(svg.stdout.contains("class=\"w2\"") && svg.stdout.contains("data-angle-deg=\"90\""))
        let csv = try Binary.run(["render", "--format", "csv", "--view", "psi", "--loss", "cosface"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("element,kind,role,class,part,run,point,x,y,angle_deg,radius,text,"))
        #expect(csv.stdout.contains("loss=cosface m=0.35 s=64"))
    }

    @Test func theTrainingViewIsAFigureToo() throws {
        let run = try Binary.run(["render", "--format", "svg", "--state", "view=training preset=single data=blobs"])
        #expect(run.status == 0 && run.stdout.contains("class=\"run weight\"") && run.stdout.contains("feature train"))
    }

    @Test func theSphereIsAFigureToo() throws {
        let svg = try Binary.run(["render", "--view", "sphere", "--format", "svg", "--state", "yaw=10 pitch=5"])
        #expect(svg.status == 0 && svg.stdout.contains("class=\"rim front\"") && svg.stdout.contains("yaw=10 pitch=5</mx:state>"))
        let csv = try Binary.run(["render", "--view", "sphere", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.contains(",band-arc front,"))
    }

    @Test func outputIsWrittenWholeAndCheckedFirst() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("figure.svg").path
        let written = try Binary.run(["render", "--format", "svg", "--view", "angles", "--output", file])
        #expect(written.status == 0 && written.stdout.isEmpty)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n"))
        let text80 = try Binary.run(["render", "--view", "psi", "--output", file])
        #expect(text80.status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("target logit"))
        let missing = try Binary.run(["render", "--format", "svg", "--output", directory.path + "/no/such/f.svg"])
        #expect(missing.status == 2 && missing.stderr.contains("--output") && missing.stderr.contains("does not exist"))
        let intoDirectory = try Binary.run(["render", "--format", "csv", "--output", directory.path])
        #expect(intoDirectory.status == 2 && intoDirectory.stderr.contains("it is a directory"))
    }

    @Test func badRequestsAreRefused() throws {
        let format = try Binary.run(["render", "--format", "png"])
        #expect(format.status == 2 && format.stderr.contains("--format 'png' is not a choice: text, svg or csv"))
        let compact = try Binary.run(["render", "--format", "csv", "--compact"])
        #expect(compact.status == 2 && compact.stderr.contains("--compact applies to --format svg only"))
        let small = try Binary.run(["render", "--format", "svg", "--compact", "--view", "angles"])
        let exact = try Binary.run(["render", "--format", "svg", "--view", "angles"])
        #expect(small.status == 0 && small.stdout.hasSuffix("</svg>\n") && small.stdout.utf8.count * 2 < exact.stdout.utf8.count)
        let unknown = try Binary.run(["render", "--format", "svg", "--state", "view=nosuch"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty && unknown.stderr.contains("view=nosuch is not a view"))
    }
}
