import Foundation

/// ElasticFace (Boutros et al., CVPRW 2022) as fdbtrs/ElasticFace `utils/losses.py:25-88` computes it: one margin
/// m_i ~ N(m, σ) drawn per sample (not per class, not clamped, so m_i < 0 is possible for large σ), then
///   arc: f_y = s cos(acos(c) + m_i), with no fallback and no easy margin (it rises again past θ = π − m_i);
///   cos: f_y = s (c − m_i);   f_j = s c_j.
/// m_i is a constant in the backward pass. Draws: m_i = m + σ · g.nextGaussian() in sample order, with g the
/// project's `SeededGenerator(seed: seed)` in eval and continued across steps in training, so a seed gives the same
/// margins on every machine. The views draw the band of the curves at m ± 2σ and the curve at m.
public struct ElasticFace: LogitRule {
    /// Which margin the drawn m_i is.
    public enum Variant: String, Sendable, Hashable, CaseIterable {
        /// elastic_arcface: cos(θ + m_i), m_i in radians.
        case arc
        /// elastic_cosface: c − m_i, m_i in cosine units.
        case cos
    }

    /// arc or cos.
    public var variant: Variant
    /// The mean margin m (radians for arc, cosine units for cos).
    public var m: Double
    /// The scale s.
    public var s: Double
    /// σ, the standard deviation of the drawn margins (config.py: 0.05).
    public var sigma: Double
    /// The seed of the draws.
    public var seed: UInt64

    /// ElasticFace-`variant` with the official settings: m 0.5 (arc) or 0.35 (cos), s 64, σ 0.05; seed 1, the
    /// project's default.
    public init(_ variant: Variant, m: Double? = nil, s: Double = 64, sigma: Double = 0.05, seed: UInt64 = 1) {
        self.variant = variant
        self.m = m ?? Self.defaultMargin(variant)
        self.s = s
        self.sigma = sigma
        self.seed = seed
    }

    /// The official mean margin: 0.5 rad for arc, 0.35 for cos.
    public static func defaultMargin(_ variant: Variant) -> Double { variant == .arc ? 0.5 : 0.35 }

    /// "elastic_arcface" or "elastic_cosface".
    public var name: String { variant == .arc ? "elastic_arcface" : "elastic_cosface" }

    /// `count` margins m_i = m + σ z_i, z_i = generator.nextGaussian(), in sample order (losses.py:43 and :77 draw
    /// torch.normal(m, std) once per sample).
    public func drawMargins(count: Int, using generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in m + sigma * generator.nextGaussian() }
    }

    /// The band the views draw: the mean margins m − 2σ, m, m + 2σ.
    public var band: (lower: Double, mean: Double, upper: Double) { (m - 2 * sigma, m, m + 2 * sigma) }

    /// This loss with every margin fixed at `margin` (σ = 0): one curve of the band.
    public func fixed(at margin: Double) -> ElasticFace {
        var copy = self
        copy.m = margin
        copy.sigma = 0
        return copy
    }

    /// The expected target before scaling over the draws, which is not the curve at the mean margin for arc:
    /// E[cos(θ + m_i)] = e^{−σ²/2} cos(θ + m) (0.99875 cos(θ + m) at σ = 0.05); E[c − m_i] = c − m.
    public func expectedTarget(cosine c: Double) -> Double {
        switch variant {
        case .arc: exp(-sigma * sigma / 2) * Foundation.cos(acos(min(max(c, -1), 1)) + m)
        case .cos: c - m
        }
    }

    /// Eval: N draws from `SeededGenerator(seed: seed)`. Training: N draws continuing the previous step's generator
    /// (from the seed on the first step).
    public func statistics(for input: StatisticsInput, previous: LossStatistics?, phase: LossPhase)
        -> LossStatistics {
        var generator = (phase == .training ? previous?.elastic?.generator : nil) ?? SeededGenerator(seed: seed)
        let margins = drawMargins(count: input.labels.count, using: &generator)
        return LossStatistics(elastic: ElasticDraws(margins: margins, generator: generator))
    }

    /// S = s.
    public func scale(using statistics: LossStatistics, classes: Int) -> Double { s }

    /// The sample's drawn m_i, or m for a direction that is no sample.
    public func margin(in context: SampleContext) -> Double {
        if let i = context.index, let margins = context.statistics.elastic?.margins, margins.indices.contains(i) {
            return margins[i]
        }
        return m
    }

    /// arc: cos(acos(c) + m_i), slope cos m_i + c sin m_i / sin θ (= sin(θ + m_i)/sin θ, sin θ floored at 1e-8);
    /// cos: c − m_i, slope 1.
    public func targetLogit(cosine c: Double, context: SampleContext) -> LogitPiece {
        Self.target(variant, cosine: c, margin: margin(in: context))
    }

    /// The target rule for a given margin: see `targetLogit(cosine:context:)`.
    public static func target(_ variant: Variant, cosine c: Double, margin: Double) -> LogitPiece {
        let c = min(max(c, -1), 1)
        switch variant {
        case .arc:
            let sine = (1 - c * c).squareRoot()
            return LogitPiece(value: Foundation.cos(acos(c) + margin),
                              slope: Foundation.cos(margin) + c * sin(margin) / max(sine, 1e-8))
        case .cos:
            return LogitPiece(value: c - margin, slope: 1)
        }
    }

    /// m 0–1.5 rad (arc) or 0–1 (cos), s 1–256, sigma 0–0.5.
    public var parameterSpecs: [LossParameterSpec] {
        let margin = variant == .arc
            ? LossParameterSpec("m", default: .value(0.5), lower: 0, upper: 1.5, unit: "radians", step: .add(0.05),
                                reason: "the house's ArcFace range")
            : LossParameterSpec("m", default: .value(0.35), lower: 0, upper: 1, unit: "cosine units",
                                step: .add(0.05), reason: "the house's CosFace range")
        return [
            margin,
            LossParameterSpec("s", default: .value(64), lower: 1, upper: 256, unit: "scale", step: .add(1),
                              reason: "the house's scale range"),
            LossParameterSpec("sigma", default: .value(0.05), lower: 0, upper: 0.5,
                              unit: variant == .arc ? "radians" : "cosine units", step: .add(0.01),
                              reason: "0 is the fixed-margin loss; at 0.5 the band m ± 2σ spans 2 units, wider than "
                                  + "any margin, and the draws are not clamped"),
        ]
    }

    /// m, s, sigma (the seed is a whole number of 64 bits, kept apart).
    public func value(of key: String) -> Double? {
        switch key {
        case "m": m
        case "s": s
        case "sigma": sigma
        default: nil
        }
    }
}

/// The margins ElasticFace drew for a batch.
public struct ElasticDraws: Sendable, Hashable {
    /// m_i for each sample, in batch order.
    public var margins: [Double]
    /// The generator after the draws, which the next training step continues.
    public var generator: SeededGenerator

    /// Draws `margins`, leaving `generator` where the next draw starts.
    public init(margins: [Double], generator: SeededGenerator) {
        self.margins = margins
        self.generator = generator
    }
}
