/// A distribution given by its quantiles at p = i / (k − 1), as profiles keep it, read as a
/// function linear between them: shared by compare, merge, drift checks and the profile page.
public enum QuantileFunction {
    /// The share of the distribution at or below x.
    public static func cdf(_ quantiles: [Double], _ x: Double) -> Double {
        guard let first = quantiles.first, let last = quantiles.last else { return 0 }
        if x < first { return 0 }
        if x >= last { return 1 }
        var low = 0, high = quantiles.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if quantiles[middle] <= x { low = middle } else { high = middle }
        }
        let span = quantiles[high] - quantiles[low]
        return (Double(low) + (span > 0 ? (x - quantiles[low]) / span : 1)) / Double(quantiles.count - 1)
    }

    /// The standard deviation of the quantiles themselves: the distribution's spread where a
    /// profile keeps no moments (dates, timestamps).
    public static func spread(_ quantiles: [Double]) -> Double? {
        guard quantiles.count >= 2 else { return nil }
        let mean = quantiles.reduce(0, +) / Double(quantiles.count)
        return (quantiles.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(quantiles.count - 1)).squareRoot()
    }
}
