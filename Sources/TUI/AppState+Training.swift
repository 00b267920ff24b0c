import Geometry

extension AppState {
    /// True while something animates and the loop should wake every frame: training that plays.
    public var wantsTicks: Bool { view == .training && training?.playing == true }
}

extension AppState {
    /// Makes the training runs if the training view is shown and they do not exist yet (a `--state` start).
    public mutating func prepareTraining() {
        if view == .training { syncTraining(&self) }
    }
}

extension AppState {
    /// The losses `session` trains when the user chooses them: the compare view's for the compare preset, else
    /// the explorer's current loss.
    public func losses(toTrain session: TrainingSession) -> [MarginLoss] {
        session.preset == 1 ? compareKinds.map { losses[$0]! } : [loss]
    }
}
