import AssayColumns
import AssayMetrics

/// Passes when distinct values ÷ non-missing values lies within the range (undefined, so failing,
/// for a column without values).
public struct ProportionOfUniqueValuesToBeBetween: Expectation {
    public static let type = "expect_column_proportion_of_unique_values_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(DistinctCountMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let counts = try metrics.value(DistinctCountMetric(column: column))
        let present = counts.elementCount - counts.missingCount
        let proportion: Double? = present > 0 ? Double(counts.distinctCount) / Double(present) : nil
        return Evaluation(success: range.contains(proportion), result: Verdict.observed(.number(proportion)))
    }
}
