import Foundation

extension LogitRule {
    /// Statistics, logits, probabilities, cross-entropies and the analytic gradients of the mean loss for `batch`,
    /// with the statistics taken by the rules of `phase` (continuing from `previous` in training).
    ///
    /// dL/df_ij = (p_ij − [j = y_i]) / N and df_ij = S (σ_ij dc_ij + λ_ij da_i) with σ, λ the pieces' slopes,
    /// dc/dx = (ŵ − c x̂)/‖x‖, dc/dW = (x̂ − c ŵ)/‖W‖ (to the winning row), da/dx = x̂; the penalty adds
    /// (1/N) R'(a_i) x̂_i. Directions divide by max(‖v‖, `normFloor`) as `MarginLoss.evaluate` does (a zero vector
    /// divides by 1 when the floor is 0), so a zero feature has cosine 0 and a finite gradient.
    public func evaluate(_ batch: Batch, previous: LossStatistics? = nil, phase: LossPhase = .evaluation,
                         normFloor: Double = 0) throws(LossBatchProblem) -> LossEvaluation {
        let geometry = try BatchGeometry(batch, subCenters: subCenters, normFloor: normFloor)
        let input = StatisticsInput(cosines: geometry.classes.cosines, labels: batch.labels,
                                    lengths: geometry.featureNorms)
        return evaluate(geometry, statistics: statistics(for: input, previous: previous, phase: phase))
    }

    /// The same with `statistics` given and held fixed, as the backward pass holds them: what a finite-difference
    /// check perturbs, and how training replays a step.
    public func evaluate(_ batch: Batch, frozen statistics: LossStatistics, normFloor: Double = 0)
        throws(LossBatchProblem) -> LossEvaluation {
        guard statistics.fits(sampleCount: batch.labels.count) else {
            throw .statisticsDoNotFit(samples: batch.labels.count)
        }
        return evaluate(try BatchGeometry(batch, subCenters: subCenters, normFloor: normFloor), statistics: statistics)
    }

    private func evaluate(_ geometry: BatchGeometry, statistics: LossStatistics) -> LossEvaluation {
        let (n, k, d) = (geometry.n, geometry.classes.cosines.columns, geometry.d)
        let scale = scale(using: statistics, classes: k)
        var result = BatchEvaluation(
            cosines: geometry.classes.cosines, logits: Matrix(rows: n, columns: k),
            plainLogits: Matrix(rows: n, columns: k), probabilities: Matrix(rows: n, columns: k),
            losses: Array(repeating: 0, count: n), meanLoss: 0, predictions: Array(repeating: 0, count: n),
            featureGradient: Matrix(rows: n, columns: d), weightGradient: Matrix(rows: geometry.rows, columns: d))
        var penalties = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let pieces = logitPieces(sample: i, geometry: geometry, statistics: statistics)
            for j in 0..<k {
                result.logits[i, j] = scale * pieces[j].value
                result.plainLogits[i, j] = scale * result.cosines[i, j]
                if result.cosines[i, j] > result.cosines[i, result.predictions[i]] { result.predictions[i] = j }
            }
            let y = geometry.labels[i]
            let entropy = RowCrossEntropy(logits: result.logits.storage[i * k ..< (i + 1) * k], label: y)
            let penalty = lengthPenalty(length: geometry.featureNorms[i])
            penalties[i] = penalty.value
            result.losses[i] = entropy.loss + penalty.value
            for j in 0..<k {
                let p = entropy.exponentials[j] / entropy.total
                result.probabilities[i, j] = p
                // dL/df_j = p_j − [j = y]; for the target −(1 − p_y), summed from the other classes.
                let g = (j == y ? -entropy.complement : p) / Double(n)
                geometry.accumulate(g * scale, piece: pieces[j], sample: i, row: geometry.classes.winners[i][j],
                                    into: &result)
            }
            geometry.accumulateAlongFeature(penalty.slope / Double(n), sample: i, into: &result)
        }
        result.meanLoss = result.losses.reduce(0, +) / Double(n)
        return LossEvaluation(evaluation: result, statistics: statistics, scale: scale,
                              rowCosines: geometry.rowCosines, winners: geometry.classes.winners,
                              penalties: penalties)
    }

    /// Sample i's K unscaled logit pieces: the target rule in column y_i, the non-target rule elsewhere.
    private func logitPieces(sample i: Int, geometry: BatchGeometry, statistics: LossStatistics) -> [LogitPiece] {
        let y = geometry.labels[i]
        let cosines = geometry.classes.cosines
        let context = SampleContext(length: geometry.featureNorms[i], targetCosine: cosines[i, y], index: i,
                                    statistics: statistics)
        return (0..<cosines.columns).map { j in
            j == y ? targetLogit(cosine: cosines[i, j], context: context)
                : nonTargetLogit(cosine: cosines[i, j], context: context)
        }
    }
}

/// The directions of a batch: lengths, the divisors that make unit vectors, the cosines to every weight row and
/// their reduction to one cosine per class.
struct BatchGeometry {
    let n: Int, d: Int, rows: Int
    let labels: [Int]
    let x: [Double], w: [Double]
    /// ‖x_i‖, the raw lengths a_i.
    let featureNorms: [Double]
    /// max(‖x_i‖, floor), or 1 for a zero vector with floor 0.
    let featureLengths: [Double]
    /// The same for the weight rows.
    let weightLengths: [Double]
    /// N x rows cosines c = clamp(Σ (w/‖w‖)(x/‖x‖), −1, 1), of the unit vectors so that huge or tiny vectors
    /// neither overflow nor underflow.
    let rowCosines: Matrix
    /// The per-class best cosines and their rows.
    let classes: SubCenterCosines

    init(_ batch: Batch, subCenters k: Int, normFloor: Double) throws(LossBatchProblem) {
        (n, d, rows) = (batch.features.rows, batch.weights.columns, batch.weights.rows)
        if let problem = SubCenterLayout.problem(rows: rows, subCenters: k, labels: batch.labels) {
            throw .subCenters(problem)
        }
        labels = batch.labels
        (x, w) = (batch.features.storage, batch.weights.storage)
        func length(_ norm: Double) -> Double { norm > normFloor ? norm : normFloor > 0 ? normFloor : 1 }
        let (d, n, rows, x, w) = (d, n, rows, x, w)
        let featureNorms = (0..<n).map { norm(x, offset: $0 * d, count: d) }
        let featureLengths = featureNorms.map(length)
        let weightLengths = (0..<rows).map { length(norm(w, offset: $0 * d, count: d)) }
        var cosines = Matrix(rows: n, columns: rows)
        for i in 0..<n {
            for r in 0..<rows {
                let dot = (0..<d).reduce(0.0) {
                    $0 + (w[r * d + $1] / weightLengths[r]) * (x[i * d + $1] / featureLengths[i])
                }
                cosines[i, r] = min(max(dot, -1), 1)
            }
        }
        (self.featureNorms, self.featureLengths, self.weightLengths) = (featureNorms, featureLengths, weightLengths)
        rowCosines = cosines
        classes = SubCenterCosines(rowCosines: cosines, subCenters: k)
    }

    /// Adds G S (σ dc + λ da) for sample i and weight row r, with G S = `scaled`: to dL/dx_i
    /// G S σ (ŵ − c x̂)/‖x‖ + G S λ x̂, to dL/dW_r G S σ (x̂ − c ŵ)/‖W‖.
    func accumulate(_ scaled: Double, piece: LogitPiece, sample i: Int, row r: Int,
                    into result: inout BatchEvaluation) {
        let angular = scaled * piece.slope, radial = scaled * piece.lengthSlope
        let c = rowCosines[i, r]
        let (xLength, wLength) = (featureLengths[i], weightLengths[r])
        for a in 0..<d {
            let xHat = x[i * d + a] / xLength, wHat = w[r * d + a] / wLength
            result.featureGradient.storage[i * d + a] += angular * (wHat - c * xHat) / xLength + radial * xHat
            result.weightGradient.storage[r * d + a] += angular * (xHat - c * wHat) / wLength
        }
    }

    /// Adds `amount` x̂_i to dL/dx_i (a penalty's (1/N) R'(a) x̂).
    func accumulateAlongFeature(_ amount: Double, sample i: Int, into result: inout BatchEvaluation) {
        guard amount != 0 else { return }
        for a in 0..<d { result.featureGradient.storage[i * d + a] += amount * x[i * d + a] / featureLengths[i] }
    }
}
