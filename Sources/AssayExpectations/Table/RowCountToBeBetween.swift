import AssayColumns
import AssayMetrics

/// Passes when the number of rows lies within [`min_value`, `max_value`] (null: unbounded).
public struct RowCountToBeBetween: TableShapeExpectation {
    public static let type = "expect_table_row_count_to_be_between"
    public static let parameters = NumericRange.parameters

    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        range = try NumericRange(arguments)
        for key in ["min_value", "max_value"] where arguments[key] != nil { _ = try arguments.integer(key) }
    }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        Evaluation(success: range.contains(Double(rowCount)), result: Verdict.observed(.integer(Int64(rowCount))))
    }
}
