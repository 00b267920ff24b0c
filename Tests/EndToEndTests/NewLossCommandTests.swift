import Foundation
import Testing

/// Issue 10's losses through `eval`, `psi` and `boundaries`, end to end. Known answers are the reference's
/// ("Newer losses" in margin-losses.md) or derived next to each test.
@Suite struct NewLossCommandTests {
    /// The two-class class-1 ray (W2 at 90°, unit weights): MagFace (easy margin) at ‖x‖ = a is ArcFace's
    /// (90° − m(a))/2 with m(a) = 0.45 + 0.0035 (a − 10): a = 10 gives 32.108450°, a = 110 22.081688°;
    /// AdaFace at ‖x‖ = norm_mean has ẑ = 0, CosFace's c − m with m = 0.4: 45° − asin(0.4/√2) = 28.570060°;
    /// CurricularFace t = 0 is the reference's 38.525063°.
    static let rays: [([String], Double)] = [
        (["--loss", "magface", "--length", "10"], 32.108450),
        (["--loss", "magface", "--length", "110"], 22.081688),
        (["--loss", "adaface", "--norm-mean", "30", "--length", "30"], 28.570060),
        (["--loss", "curricularface"], 38.525063),
        (["--loss", "subcenter_arcface"], 30.676055),
    ]

    @Test(arguments: rays)
    func boundariesGiveTheKnownRay(flags: [String], class1: Double) throws {
        let run = try Binary.run(["boundaries", "--json"] + flags)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(abs(try #require(json["class1_boundary_deg"]?.double) - class1) < 1e-6, "\(flags)")
    }

    /// ElasticFace-Arc's band: the rays at m ∓ 2σ = 0.4 and 0.6 rad are ArcFace's (90° − m)/2 = 33.540844° and
    /// 27.811266°.
    @Test func elasticBandIsInTheJSON() throws {
        let run = try Binary.run(["boundaries", "--json", "--loss", "elastic_arcface"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let band = try #require(json["elastic_band"])
        let rays = try #require(band["class1_boundary_deg"]?.numbers)
        #expect(rays.count == 2 && abs(rays[0] - 33.540844) < 1e-6 && abs(rays[1] - 27.811266) < 1e-6)
        let margins = try #require(band["m"]?.numbers)
        #expect(abs(margins[0] - 0.4) < 1e-12 && abs(margins[1] - 0.6) < 1e-12)
    }

    /// psi of MagFace at ‖x‖ = 60 (m = 0.625) at 60° is the reference's −0.101228; AdaFace at ẑ = 0 is
    /// CosFace's c − m = 0.1 at 60°.
    @Test func psiAtALength() throws {
        let magFace = try Binary.run(["psi", "--loss", "magface", "--length", "60", "--points", "4", "--format", "json"])
        #expect(magFace.status == 0, "\(magFace.stderr)")
        let json = try magFace.json()
        #expect(json["feature_length"]?.double == 60)
        let values = try #require(json["target_logit"]?.numbers)
        #expect(abs(values[1] - -0.101228) < 1e-6)
        let adaFace = try Binary.run(["psi", "--loss", "adaface", "--points", "4"])
        #expect(adaFace.stdout.split(separator: "\n")[2] == "60,0.09999999999999998"
                || adaFace.stdout.split(separator: "\n")[2].hasPrefix("60,0.1"))
    }

    /// --length has no meaning where the logits ignore the length: refused, status 2, naming the loss.
    @Test func lengthIsRefusedWhereItHasNoMeaning() throws {
        let run = try Binary.run(["psi", "--loss", "cosface", "--length", "3"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--length has no meaning for cosface"))
    }

    /// eval names a key the loss does not take, and the loss; reports the statistics it used: AdaCos's fixed
    /// s for C = 10 is √2 ln 9 = 3.107345; AdaFace's batch mean of ‖x‖ for the lengths 3 and 5 is 4, the unbiased
    /// std √2.
    @Test func evalReportsStatisticsAndRefusesForeignKeys() throws {
        let foreign = try Binary.run(["eval"], input: """
            {"loss": {"type": "arcface", "t": 0.2}, "weights": [[1,0],[0,1]], "features": [[3,1]], "labels": [0]}
            """)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("loss.t") && foreign.stderr.contains("arcface does not take t"))
        let weights = (0..<10).map { "[\(cos(Double($0))), \(sin(Double($0)))]" }.joined(separator: ", ")
        let adaCos = try Binary.run(["eval"], input: """
            {"loss": {"type": "adacos"}, "weights": [\(weights)], "features": [[3,1]], "labels": [0]}
            """)
        #expect(adaCos.status == 0, "\(adaCos.stderr)")
        let adaCosJSON = try adaCos.json()
        let statistics = try #require(adaCosJSON["statistics"])
        #expect(abs(try #require(statistics["adacos_s"]?.double) - 3.107345) < 1e-6)
        let adaFace = try Binary.run(["eval"], input: """
            {"loss": {"type": "adaface"}, "weights": [[1,0],[0,1]], "features": [[3,0],[0,5]], "labels": [0, 1]}
            """)
        let adaFaceJSON = try adaFace.json()
        let norms = try #require(adaFaceJSON["statistics"])
        #expect(abs(try #require(norms["adaface_mean"]?.double) - 4) < 1e-12)
        #expect(abs(try #require(norms["adaface_std"]?.double) - 2.0.squareRoot()) < 1e-12)
        let function = try #require(adaFaceJSON["loss_function"])
        #expect(function["norm_mean"] == nil)
    }
}

/// `train` and `analyze` with issue 10's losses, end to end.
@Suite struct NewLossTrainAndAnalyzeTests {
    /// CurricularFace trains in `train`, and its log has curricular_t after the usual six columns, one value an
    /// epoch, inside [−1, 1].
    @Test func trainLogsTheRunningStatistic() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("losses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("log.csv").path
        let run = try Binary.run(["train", "--dataset", "blobs", "--loss", "curricularface", "--s", "16", "--epochs",
                                  "2", "--log", log])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("curricular_t"))
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let header = "epoch,loss,train_accuracy,test_accuracy,mean_intra_angle_deg,min_center_angle_deg,curricular_t"
        #expect(String(lines.first ?? "") == header)
        #expect(lines.count == 3)
        for line in lines.dropFirst() {
            let t = try #require(Double(line.split(separator: ",").last ?? ""))
            #expect(abs(t) <= 1 && t != 0)
        }
    }
}
