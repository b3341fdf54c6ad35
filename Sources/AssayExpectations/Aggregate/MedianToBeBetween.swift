import AssayColumns
import AssayMetrics

/// Passes when the median of the non-missing values (the mean of the two middle values for an
/// even count, as pandas) lies within the range. Exact: holds the column's values.
public struct MedianToBeBetween: Expectation {
    public static let type = "expect_column_median_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    var metric: OrderStatisticsMetric { OrderStatisticsMetric(column: column, rule: .middle) }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let statistics = try metrics.value(metric)
        var median: Double?
        let middle = metric.ranks(count: statistics.count)
        if middle.count == 2, let low = statistics.values[middle[0]], let high = statistics.values[middle[1]] {
            median = middle[0] == middle[1] ? low : (low + high) / 2
        }
        return Evaluation(success: range.contains(median), result: Verdict.observed(.number(median)))
    }
}
