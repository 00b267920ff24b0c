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
            warnings include the one from the measured gaps), and with --sweep, sweeps ([{parameter, values, fraction_meeting_margin}]).

            The embeddings are read a chunk of rows at a time (memory-mapped .npy, stored .npz members and \
            safetensors), so memory stays near the size of the files; the cosines come from OpenBLAS on every \
            core, and every reported number is recomputed in double precision.
            Only the seven paper losses are taken: the losses of issue 10 (adacos, subcenter_arcface, \
            curricularface, magface, adaface, elastic_arcface, elastic_cosface, circle) are refused with the \
            reason (a batch-decided scale, K·k weight rows, length- or batch-dependent margins, drawn margins, or \
            non-target logits that are not the plain cosine), status 2.
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
        if let refusal = AnalysableLoss.refusal(for: loss) { throw UsageError(refusal) }
        try model.check()
        let sweepLosses = try sweeps.map { sweep throws(UsageError) in try sweep.losses(from: loss) }
        let p = try AdviseCommand.checkedProbability(probability)
        Interruption.install()
        let outputs = try OutputFiles.prepare(perSample.map { [(flag: "--per-sample", path: $0)] } ?? [],
                                              inputs: model.inputs)
        defer { outputs.forEach { $0.discard() } }
        let input = try model.read()
        if let signal = Interruption.signal { throw Interruption.exit(signal, while: "while reading the files") }
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
