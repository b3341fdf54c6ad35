import AssayColumns
import AssayMetrics

/// Passes when the table has exactly `value` rows.
public struct RowCountToEqual: TableShapeExpectation {
    public static let type = "expect_table_row_count_to_equal"
    public static let parameters = ["value"]

    let value: Int

    public init(_ arguments: Arguments) throws(ArgumentError) { value = try arguments.integer("value") }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        Evaluation(success: rowCount == value, result: Verdict.observed(.integer(Int64(rowCount))))
    }
}
