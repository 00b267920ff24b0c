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
