import AssayColumns
import AssayMetrics

/// Passes when the number of distinct non-missing values lies within the range. Exact.
public struct UniqueValueCountToBeBetween: Expectation {
    public static let type = "expect_column_unique_value_count_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(DistinctCountMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let distinct = try metrics.value(DistinctCountMetric(column: column)).distinctCount
        return Evaluation(success: range.contains(Double(distinct)), result: Verdict.observed(.integer(Int64(distinct))))
    }
}
