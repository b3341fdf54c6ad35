import AssayColumns
import AssayMetrics

/// Passes when distinct values ÷ non-missing values lies within the range (undefined, so failing,
/// for a column without values).
public struct ProportionOfUniqueValuesToBeBetween: DistinctValueExpectation {
    public static let type = "expect_column_proportion_of_unique_values_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation {
        let present = counts.elementCount - counts.missingCount
        let proportion: Double? = present > 0 ? Double(counts.counts.count) / Double(present) : nil
        return Evaluation(success: range.contains(proportion), result: Verdict.observed(.number(proportion)))
    }
}
