extension AppState { /// True while something animates and the loop should wake every frame.
    public var wantsTicks: Bool { false } }
