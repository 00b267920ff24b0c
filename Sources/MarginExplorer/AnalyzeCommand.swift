import Analysis
import ArgumentParser
import ArrayFiles
import Foundation
import Geometry

/// `margin-explorer analyze`: the angles and margins of a real model's embeddings against its class weights.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Angles, margins and m/s advice for your own model's embeddings, labels and class weights.",
        discussion: """
            Per sample: theta_target_deg (the angle to its own class weight), theta_nearest_deg and nearest_class \
            (the smallest angle to any other class weight, and that class), norm (‖x‖), meets_margin (its target \
            logit with the loss's margin beats every other logit, as eval computes them, to the last bit) and \
            predicted (the margin-free argmax, as eval's predictions). --per-sample writes them as CSV with the \
            columns index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted \
            (booleans 0/1); the path is checked before the work starts and the file written whole at the end.

            Summary: mean, median, p05, p95, min and max of theta_target_deg, theta_nearest_deg and norm \
            (percentiles as NumPy's default: linear between the two nearest ranks, position (n - 1) p / 100 of the \
            sorted values); the fractions meeting the margin and misclassified; min_weight_gap_deg (the smallest \
            angle between two class weights) and min_center_gap_deg (between two class centres, the directions of \
            the mean unit embedding of each class); histograms of both angles (5° bins); the closest pairs of \
            weights and centres; the classes with the most samples inside the margin; the advice of \
            `margin-explorer advise` for this K and d; and a warning when the margin does not fit between a class \
            weight and its nearest other one (a feature on its own class weight, theta_target = 0, could not meet \
            it: CosFace m >= 1 - cos(gap), ArcFace m >= gap).

            JSON keys (--json): samples, classes, dimension, loss_function, weights_layout, theta_target_deg, \
            theta_nearest_deg, norm (each {mean, median, p05, p95, min, max}), fraction_meeting_margin, \
            fraction_misclassified, min_weight_gap_deg, min_center_gap_deg (null when fewer than two classes have \
            samples), histogram_theta_target_deg and histogram_theta_nearest_deg ({bin_width_deg, counts}), \
            closest_weight_pairs and closest_center_pairs ([{classes, gap_deg}]), classes_most_inside_margin \
            ([{class, samples, inside_margin}]), advice (the keys of advise --json from probability on; its \
            warnings include the one from the measured gaps), with --sweep, sweeps ([{parameter, values, \
            fraction_meeting_margin}]), and for the newer losses statistics (scale and what the rule took from the samples: adacos_s, \
            adacos_rule, curricular_t, adaface_mean, adaface_std, adaface_z, magface_margin, elastic_margin, \
            sub_center_share).

            The embeddings are read a chunk of rows at a time (memory-mapped .npy, stored .npz members and \
            safetensors), so memory stays near the size of the files; the cosines come from OpenBLAS on every \
            core, and every reported number is recomputed in double precision.

            The newer losses are tested by their own rule, with the samples taken as one batch as eval takes it: \
            adacos at s = sqrt(2) ln(C - 1) (or --s; --dynamic: the batch's s); subcenter_arcface with weights of \
            K·k rows, class j's at rows j·k to j·k + k - 1 (the class's cosine and angles are its best \
            sub-centre's; other row counts are refused, status 2); curricularface with t as given; magface and \
            adaface at each sample's own ‖x‖ (adaface's mu and sigma as given, else the samples' mean and \
            unbiased std of the clipped norms); elastic_arcface and elastic_cosface with one margin drawn per \
            sample from --margin-seed, in sample order; circle by its classification-form logits. The text and \
            JSON (statistics) say what was used. --sweep re-tests the stored numbers, except sub_centers, \
            curricularface's m and dynamic adacos's s, which need a pass each (refused, status 2).
            """)

    @OptionGroup var model: ModelFlags
    @OptionGroup var lossOptions: LossOptions

    @Flag(help: "Print one JSON object instead of the text summary.")
    var json = false

    @Option(name: .customLong("per-sample"), help: ArgumentHelp("Write every sample's numbers to this CSV file.",
                                                               valueName: "file.csv"))
    var perSample: String?

    @Option(name: .customLong("sweep"), help: SweepOption.help)
    var sweeps: [SweepOption] = []

    @Option(name: .customLong("probability"), parsing: .unconditional, help: AdviseCommand.probabilityHelp)
    var probability: TypedNumber?

    mutating func run() throws {
        let loss = try lossOptions.makeLoss()
        let sweepLosses = try sweeps.map { sweep throws(UsageError) in try sweep.losses(from: loss) }
        for (sweep, losses) in zip(sweeps, sweepLosses) {
            if let problem = losses.lazy.compactMap({ ModelAnalysis.retestProblem(scannedFor: loss, under: $0) }).first {
                throw UsageError("--sweep \(escaped(sweep.text, limit: 60)) cannot be re-tested from one pass: " + problem)
            }
        }
        let p = try AdviseCommand.checkedProbability(probability)
        try model.check()
        Interruption.install()
        let outputs = try OutputFiles.prepare(perSample.map { [(flag: "--per-sample", path: $0)] } ?? [],
                                              inputs: model.inputs)
        defer { outputs.forEach { $0.discard() } }
        let input = try model.read()
        if let signal = Interruption.signal { throw Interruption.exit(signal, while: "while reading the files") }
        if let problem = ModelAnalysis.problem(with: input, loss: loss) {
            throw UsageError("\(loss.kind.rawValue): " + problem)
        }
        let analysis = ModelAnalysis(input, loss: loss)
        if let signal = Interruption.signal { throw Interruption.exit(signal, while: "while analysing") }
        let sweepResults = zip(sweeps, sweepLosses).map { sweep, losses in
            AnalysisReport.Sweep(parameter: sweep.parameter, values: sweep.values,
                                 fractions: losses.map { analysis.fractionMeetingMargin(under: $0) })
        }
        let report = AnalysisReport(analysis: analysis, layout: input.weightsLayout, probability: p,
                                    sweeps: sweepResults)
        let text = json ? try report.json() : report.text()
        if let file = outputs.first {
            try OutputFile.commit([(file, Array(try report.perSampleCSV().utf8))])
        }
        try StandardStream.output.write(text)
    }
}
