import AssayMetrics

/// Passes when at least `mostly` of the non-missing values have a z-score (against the column's
/// mean and sample standard deviation) below `threshold`, or an absolute z-score below it when
/// `double_sided`.
public struct ValueZScoresToBeLessThan: Expectation {
    public static let type = "expect_column_value_z_scores_to_be_less_than"
    public static let parameters = ["column", "threshold", "double_sided", "mostly"]

    let metric: ZScoreRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = ZScoreRowsMetric(column: try arguments.string("column"), threshold: try arguments.number("threshold"),
                                  doubleSided: try arguments.bool("double_sided", default: false))
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}
