extension Int {
    /// `value` rounded towards zero and held within ±2^53 (NaN gives 0): a conversion that cannot trap, for
    /// counts and cell positions worked out from data that may be huge or not a number.
    init(saturating value: Double) {
        let limit = 9_007_199_254_740_992.0  // 2^53: every whole Double up to here is exact, far past any screen
        self = value.isNaN ? 0 : Int(Swift.min(Swift.max(value, -limit), limit))
    }
}
