import AssayColumns
import AssayMetrics

/// Passes when the number of distinct non-missing values lies within the range. Exact.
public struct UniqueValueCountToBeBetween: DistinctValueExpectation {
    public static let type = "expect_column_unique_value_count_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation {
        Evaluation(success: range.contains(Double(counts.counts.count)), result: Verdict.observed(.integer(Int64(counts.counts.count))))
    }
}
