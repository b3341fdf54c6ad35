import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are ≤ the previous non-missing value
/// (< with `strictly`); the first value always passes. Numbers, dates and timestamps.
public struct ValuesToBeDecreasing: Expectation {
    public static let type = "expect_column_values_to_be_decreasing"
    public static let parameters = ["column", "strictly", "mostly", "parse_strings_as_datetimes"]

    let metric: MonotonicRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = MonotonicRowsMetric(column: try arguments.string("column"), decreasing: true,
                                     strictly: try arguments.bool("strictly", default: false))
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}
