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

    public func plan(_ plan: inout MetricPlan) { plan.add(NumericValuesMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let sorted = try metrics.value(NumericValuesMetric(column: column))
        var median: Double?
        if !sorted.isEmpty {
            let middle = sorted.count / 2
            median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        return Evaluation(success: range.contains(median), result: Verdict.observed(.number(median)))
    }
}
