import Foundation
import Geometry

extension Dataset {
    /// The valid numbers of classes for the synthetic sets.
    public static let syntheticClassRange = ParameterRange(lower: 2, upper: 20, isInteger: true, unit: "classes", step: 1)
    /// The valid input dimensions for blobs.
    public static let blobDimensionRange = ParameterRange(lower: 2, upper: 256, isInteger: true, unit: "dimensions", step: 1)
    /// The valid numbers of samples per class for the synthetic sets.
    public static let samplesPerClassRange = ParameterRange(lower: 2, upper: 10_000, isInteger: true, unit: "samples", step: 50)

    /// Gaussian blobs: K classes in `dimension` dimensions, unit spread around each centre. The centres' first two
    /// coordinates lie on a circle (turned by the seed) wide enough that neighbours are 6 spreads apart; the other
    /// coordinates are normal with standard deviation 3.
    public static func blobs(classes: Int = 4, dimension: Int = 2, samplesPerClass: Int = 200,
                             testFraction: Double = 0.2, seed: UInt64) throws(InputError) -> Dataset {
        try checkSynthetic(classes: classes, samplesPerClass: samplesPerClass)
        try TrainingSetting.dimension.check(Double(dimension), in: blobDimensionRange)
        var generator = SeededGenerator(seed: seed ^ 0xB10B_5000_0000_0003)
        let radius = 3 / sin(.pi / Double(classes))
        let turn = 2 * .pi * generator.nextUnit()
        var centers = Matrix(rows: classes, columns: dimension)
        for k in 0..<classes {
            let angle = turn + 2 * .pi * Double(k) / Double(classes)
            centers[k, 0] = radius * cos(angle)
            centers[k, 1] = radius * sin(angle)
            for a in 2..<dimension { centers[k, a] = 3 * generator.nextGaussian() }
        }
        return try synthetic(name: "blobs (\(classes) classes, \(dimension)-D)", classes: classes,
                             samplesPerClass: samplesPerClass, dimension: dimension, testFraction: testFraction,
                             seed: seed, generator: &generator) { k, generator in
            (0..<dimension).map { centers[k, $0] + generator.nextGaussian() }
        }
    }

    /// Concentric rings in the plane: class k at radius k + 1, radial noise with standard deviation 0.15. No
    /// direction separates them, so the network has to fold the plane.
    public static func rings(classes: Int = 3, samplesPerClass: Int = 200, testFraction: Double = 0.2,
                             seed: UInt64) throws(InputError) -> Dataset {
        try checkSynthetic(classes: classes, samplesPerClass: samplesPerClass)
        var generator = SeededGenerator(seed: seed ^ 0x0121_6500_0000_0004)
        return try synthetic(name: "rings (\(classes) classes)", classes: classes, samplesPerClass: samplesPerClass,
                             dimension: 2, testFraction: testFraction, seed: seed,
                             generator: &generator) { k, generator in
            let angle = 2 * .pi * generator.nextUnit()
            let r = Double(k + 1) + 0.15 * generator.nextGaussian()
            return [r * cos(angle), r * sin(angle)]
        }
    }

    /// Interleaved spiral arms in the plane (the CS231n set): arm k at radius t in [0, 1] and angle
    /// 4 (k + t) + noise with standard deviation 0.2.
    public static func spirals(classes: Int = 3, samplesPerClass: Int = 200, testFraction: Double = 0.2,
                               seed: UInt64) throws(InputError) -> Dataset {
        try checkSynthetic(classes: classes, samplesPerClass: samplesPerClass)
        var generator = SeededGenerator(seed: seed ^ 0x5B12_A100_0000_0005)
        return try synthetic(name: "spirals (\(classes) classes)", classes: classes, samplesPerClass: samplesPerClass,
                             dimension: 2, testFraction: testFraction, seed: seed,
                             generator: &generator) { k, generator in
            let t = generator.nextUnit()
            let angle = 4 * (Double(k) + t) + 0.2 * generator.nextGaussian()
            return [t * cos(angle), t * sin(angle)]
        }
    }

    private static func checkSynthetic(classes: Int, samplesPerClass: Int) throws(InputError) {
        try TrainingSetting.classes.check(Double(classes), in: syntheticClassRange)
        try TrainingSetting.samplesPerClass.check(Double(samplesPerClass), in: samplesPerClassRange)
    }

    /// `samplesPerClass` samples of every class from `sample(class, &generator)`, then the seeded split.
    private static func synthetic(name: String, classes: Int, samplesPerClass: Int, dimension: Int,
                                  testFraction: Double, seed: UInt64, generator: inout SeededGenerator,
                                  sample: (Int, inout SeededGenerator) -> [Double]) throws(InputError) -> Dataset {
        var inputs = Matrix(rows: classes * samplesPerClass, columns: dimension)
        var labels: [Int] = []
        for k in 0..<classes {
            for _ in 0..<samplesPerClass {
                let row = labels.count
                for (a, value) in sample(k, &generator).enumerated() { inputs[row, a] = value }
                labels.append(k)
            }
        }
        return try Dataset(name: name, classNames: (0..<classes).map(String.init), inputs: inputs,
                           labels: labels, testFraction: testFraction, seed: seed)
    }
}
